package io.aetherfs.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.aetherfs.core.error.AfsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a request's JSON tree against the request message before the proto3 JSON parser sees it, for
 * the rules of spec §2 that the parser does not apply itself: every unknown field is INVALID_ARGUMENT
 * naming the field and where it is; enum values may omit their type prefix ({@code ACTIVE} for
 * {@code SESSION_STATUS_ACTIVE}) or be numbers, and are rewritten to their full names; numbers and
 * names that are not values of the enum are INVALID_ARGUMENT listing the accepted names; an array
 * where one value belongs is INVALID_ARGUMENT (the parser would take a one-element array as its
 * element). Well-known types ({@code google.protobuf.*}: Timestamp, Struct, FieldMask, wrappers) are
 * left to the parser.
 */
final class JsonShape {
    private static final int MAX_LISTED = 16;

    private JsonShape() {}

    /** Checks and normalizes {@code obj} in place as a {@code type} message at {@code where} ("" = top). */
    static void check(ObjectNode obj, Descriptor type, String where) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(obj.properties());
        for (Map.Entry<String, JsonNode> e : fields) {
            String name = e.getKey();
            FieldDescriptor f = field(type, name);
            if (f == null) {
                throw AfsException.invalid("unknown field \"" + name + "\" in "
                        + (where.isEmpty() ? "the request" : "\"" + where + "\"") + " (" + type.getFullName() + ")");
            }
            String at = where.isEmpty() ? name : where + "." + name;
            JsonNode v = e.getValue();
            if (f.isMapField() && v.isObject()) {
                FieldDescriptor valueField = f.getMessageType().findFieldByName("value");
                ObjectNode map = (ObjectNode) v;
                for (Map.Entry<String, JsonNode> me : new ArrayList<>(map.properties())) {
                    map.set(me.getKey(), value(valueField, me.getValue(), at + "." + me.getKey()));
                }
            } else if (f.isRepeated() && v.isArray()) {
                ArrayNode arr = (ArrayNode) v;
                for (int i = 0; i < arr.size(); i++) {
                    arr.set(i, value(f, arr.get(i), at + "[" + i + "]"));
                }
            } else {
                obj.set(name, value(f, v, at));
            }
        }
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
        if (v == null || v.isNull()) {
            return v;
        }
        if (v.isArray()
                && !(f.getType() == FieldDescriptor.Type.MESSAGE
                        && f.getMessageType().getFullName().startsWith("google.protobuf."))) {
            // the proto3 JSON parser would silently take a one-element array as that element
            throw AfsException.invalid("\"" + at + "\" takes a single value, not an array");
        }
        if (f.getType() == FieldDescriptor.Type.ENUM) {
            return enumValue(f.getEnumType(), v, at);
        }
        if (f.getType() == FieldDescriptor.Type.MESSAGE
                && v.isObject()
                && !f.getMessageType().getFullName().startsWith("google.protobuf.")) {
            check((ObjectNode) v, f.getMessageType(), at);
        }
        return v;
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
                found = type.findValueByNumber(Integer.parseInt(s));
            }
        }
        if (found == null) {
            throw AfsException.invalid("invalid value " + v + " for \"" + at + "\" (" + type.getFullName()
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
