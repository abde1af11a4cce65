package io.aetherfs.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import io.aetherfs.core.error.AfsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a request's JSON tree against the request message before the proto3 JSON parser sees it, for
 * the rules of spec §2 that the parser does not apply itself: every unknown field is INVALID_ARGUMENT
 * naming the field and where it is, and so is a field given twice (by its JSON and its proto name) or
 * two members of one oneof; every value must have the JSON type of its field ({@link JsonScalars}: no
 * number or boolean for a string, no string for a boolean, integers integral and in range); an array
 * is only taken by a repeated field and an object only by a message or map field; enum values may omit
 * their type prefix ({@code ACTIVE} for {@code SESSION_STATUS_ACTIVE}) or be numbers, and are rewritten
 * to their full names; numbers and names that are not values of the enum are INVALID_ARGUMENT listing
 * the accepted names. {@code null} is a field's default, as in proto3 JSON, but not an element of a list.
 */
final class JsonShape {
    private static final int MAX_LISTED = 16;

    private JsonShape() {}

    /** Checks and normalizes {@code obj} in place as a {@code type} message at {@code where} ("" = top). */
    static void check(ObjectNode obj, Descriptor type, String where) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(obj.properties());
        Map<FieldDescriptor, String> given = new HashMap<>();
        Map<OneofDescriptor, String> chosen = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : fields) {
            String name = e.getKey();
            FieldDescriptor f = field(type, name);
            if (f == null) {
                throw AfsException.invalid("unknown field \"" + name + "\" in "
                        + (where.isEmpty() ? "the request" : "\"" + where + "\"") + " (" + type.getFullName() + ")");
            }
            String at = where.isEmpty() ? name : where + "." + name;
            String twice = given.put(f, name);
            if (twice != null) {
                throw AfsException.invalid("\"" + at + "\" is given twice (as \"" + twice + "\" and \"" + name + "\")");
            }
            JsonNode v = e.getValue();
            OneofDescriptor oneof = f.getRealContainingOneof();
            if (oneof != null && v != null && !v.isNull()) {
                String other = chosen.put(oneof, name);
                if (other != null) {
                    throw AfsException.invalid("\"" + other + "\" and \"" + name + "\" exclude each other (one of \""
                            + oneof.getName() + "\"); give one");
                }
            }
            if (v == null || v.isNull()) {
                continue; // proto3 JSON: null is the field's default
            }
            if (f.isMapField()) {
                if (!v.isObject()) {
                    throw AfsException.invalid(
                            "\"" + at + "\" must be an object of key/value pairs, not " + JsonScalars.describe(v));
                }
                FieldDescriptor keyField = f.getMessageType().findFieldByName("key");
                FieldDescriptor valueField = f.getMessageType().findFieldByName("value");
                ObjectNode map = (ObjectNode) v;
                for (Map.Entry<String, JsonNode> me : new ArrayList<>(map.properties())) {
                    String entryAt = at + "." + me.getKey();
                    if (keyField.getJavaType() == FieldDescriptor.JavaType.STRING) {
                        JsonScalars.string(TextNode.valueOf(me.getKey()), at + " (a key)");
                    }
                    map.set(me.getKey(), element(valueField, me.getValue(), entryAt));
                }
            } else if (f.isRepeated()) {
                if (!v.isArray()) {
                    throw AfsException.invalid("\"" + at + "\" must be an array, not " + JsonScalars.describe(v));
                }
                ArrayNode arr = (ArrayNode) v;
                for (int i = 0; i < arr.size(); i++) {
                    arr.set(i, element(f, arr.get(i), at + "[" + i + "]"));
                }
            } else {
                obj.set(name, value(f, v, at));
            }
        }
    }

    /** Returns a checked element of a repeated or map field; elements cannot be null. */
    private static JsonNode element(FieldDescriptor f, JsonNode v, String at) {
        if (v == null || v.isNull()) {
            if (isMessage(f, "google.protobuf.Value")) {
                return v;
            }
            throw AfsException.invalid("\"" + at + "\" must not be null");
        }
        return value(f, v, at);
    }

    /** Returns the field named {@code name} by its JSON (lowerCamelCase) or proto (snake_case) name. */
    static FieldDescriptor field(Descriptor type, String name) {
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJsonName().equals(name) || f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static JsonNode value(FieldDescriptor f, JsonNode v, String at) {
        if (f.getJavaType() == FieldDescriptor.JavaType.ENUM) {
            if (v.isArray() || v.isObject()) {
                throw AfsException.invalid("\"" + at + "\" takes a single value, not " + JsonScalars.describe(v));
            }
            return enumValue(f.getEnumType(), v, at);
        }
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            return JsonScalars.value(f, v, at);
        }
        Descriptor type = f.getMessageType();
        switch (type.getFullName()) {
            case "google.protobuf.Value" -> {
                return v;
            }
            case "google.protobuf.ListValue" -> {
                return require(v.isArray(), v, at, "an array");
            }
            case "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask" -> {
                return JsonScalars.string(v, at);
            }
            case "google.protobuf.Struct", "google.protobuf.Empty", "google.protobuf.Any" -> {
                return require(v.isObject(), v, at, "an object");
            }
            default -> {}
        }
        if (type.getFullName().startsWith("google.protobuf.")
                && type.getFullName().endsWith("Value")) {
            return JsonScalars.value(type.findFieldByName("value"), v, at); // wrappers: Int64Value, …
        }
        require(v.isObject(), v, at, "an object");
        check((ObjectNode) v, type, at);
        return v;
    }

    private static JsonNode require(boolean ok, JsonNode v, String at, String expected) {
        if (!ok) {
            throw AfsException.invalid("\"" + at + "\" must be " + expected + ", not " + JsonScalars.describe(v));
        }
        return v;
    }

    private static boolean isMessage(FieldDescriptor f, String fullName) {
        return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && f.getMessageType().getFullName().equals(fullName);
    }

    private static JsonNode enumValue(EnumDescriptor type, JsonNode v, String at) {
        if (type.getFullName().equals("google.protobuf.NullValue")) {
            return v;
        }
        EnumValueDescriptor found = null;
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            found = type.findValueByNumber(v.intValue());
        } else if (v.isTextual()) {
            String s = v.textValue();
            found = type.findValueByName(s);
            if (found == null) {
                found = type.findValueByName(prefix(type) + s);
            }
            if (found == null && s.matches("-?\\d{1,10}")) {
                long n = Long.parseLong(s); // ten digits may be past an int
                found = n == (int) n ? type.findValueByNumber((int) n) : null;
            }
        }
        if (found == null) {
            throw AfsException.invalid("invalid value " + JsonScalars.describe(v) + " for \"" + at + "\" ("
                    + type.getFullName()
                    + "); expected one of "
                    + type.getValues().stream()
                            .map(EnumValueDescriptor::getName)
                            .collect(Collectors.joining(", ")));
        }
        return TextNode.valueOf(found.getName());
    }

    /** Returns the prefix shared by an enum's value names: its zero value's name without UNSPECIFIED. */
    static String prefix(EnumDescriptor type) {
        EnumValueDescriptor zero = type.findValueByNumber(0);
        if (zero != null && zero.getName().endsWith("_UNSPECIFIED")) {
            return zero.getName().substring(0, zero.getName().length() - "UNSPECIFIED".length());
        }
        String common = type.getValues().getFirst().getName();
        for (EnumValueDescriptor ev : type.getValues()) {
            while (!ev.getName().startsWith(common)) {
                common = common.substring(0, common.length() - 1);
            }
        }
        int cut = common.lastIndexOf('_');
        return cut < 0 ? "" : common.substring(0, cut + 1);
    }
}
