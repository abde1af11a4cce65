package io.aetherfs.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.aetherfs.core.error.AfsException;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * Checks one JSON scalar against the proto field it fills (spec §2, proto3 JSON mapping), so a value of
 * the wrong type is INVALID_ARGUMENT naming the field instead of being coerced ({@code 1} or {@code true}
 * into a string) or failing later in the parser with its own words: strings must be JSON strings of
 * valid Unicode (no unpaired surrogate); booleans must be {@code true} or {@code false}; integers are
 * numbers or decimal strings, integral and within the field's range; floats are numbers, numeric strings,
 * {@code "NaN"} or {@code "±Infinity"}; bytes are base64 (standard or URL-safe alphabet). Integers and
 * bytes are returned in one canonical form, so the proto3 JSON parser meets nothing it reads differently.
 */
final class JsonScalars {
    private static final BigDecimal INT32_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT32_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal UINT32_MAX = BigDecimal.valueOf(0xffff_ffffL);
    private static final BigDecimal INT64_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal INT64_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal UINT64_MAX = new BigDecimal("18446744073709551615");
    /** Longer strings cannot be an integer in any field's range (they would only cost parse time). */
    private static final int MAX_NUMBER_TEXT = 64;

    private JsonScalars() {}

    /** Returns the checked (and for integers and bytes, normalized) value of scalar field {@code f}. */
    static JsonNode value(FieldDescriptor f, JsonNode v, String at) {
        return switch (f.getJavaType()) {
            case STRING -> string(v, at);
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw wrongType(at, "true or false", v);
                }
                yield v;
            }
            case INT, LONG -> integer(f.getType(), v, at);
            case FLOAT, DOUBLE -> floating(v, at);
            case BYTE_STRING -> bytes(v, at);
            case ENUM, MESSAGE -> throw new IllegalArgumentException(f.getFullName() + " is not a scalar");
        };
    }

    /** Returns {@code v} if it is a JSON string of valid Unicode. */
    static JsonNode string(JsonNode v, String at) {
        if (!v.isTextual()) {
            throw wrongType(at, "a string", v);
        }
        String s = v.textValue();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw AfsException.invalid("\"" + at + "\" is not valid Unicode: it has an unpaired surrogate \\u"
                            + Integer.toHexString(c) + " at character " + i);
                }
            }
        }
        return v;
    }

    private static JsonNode integer(FieldDescriptor.Type type, JsonNode v, String at) {
        BigDecimal min;
        BigDecimal max;
        String name;
        switch (type) {
            case UINT32, FIXED32 -> {
                min = BigDecimal.ZERO;
                max = UINT32_MAX;
                name = "a uint32";
            }
            case INT64, SINT64, SFIXED64 -> {
                min = INT64_MIN;
                max = INT64_MAX;
                name = "an int64";
            }
            case UINT64, FIXED64 -> {
                min = BigDecimal.ZERO;
                max = UINT64_MAX;
                name = "a uint64";
            }
            default -> {
                min = INT32_MIN;
                max = INT32_MAX;
                name = "an int32";
            }
        }
        String expected = name + " (an integer from " + min.toPlainString() + " to " + max.toPlainString()
                + ", as a number or a string)";
        BigDecimal d = decimal(v);
        if (d == null || !isIntegral(d) || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw wrongType(at, expected, v);
        }
        // within range now, so toBigIntegerExact cannot be asked for a huge exponent
        String digits = d.toBigIntegerExact().toString();
        if (max.compareTo(INT32_MAX) == 0) {
            return IntNode.valueOf(Integer.parseInt(digits));
        }
        return max.compareTo(UINT32_MAX) == 0 ? LongNode.valueOf(Long.parseLong(digits)) : TextNode.valueOf(digits);
    }

    private static JsonNode floating(JsonNode v, String at) {
        if (v.isNumber()) {
            return v;
        }
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity") || decimal(v) != null) {
                return v;
            }
        }
        throw wrongType(at, "a number (or \"NaN\", \"Infinity\", \"-Infinity\")", v);
    }

    private static JsonNode bytes(JsonNode v, String at) {
        if (!v.isTextual()) {
            throw wrongType(at, "a base64 string", v);
        }
        String s = v.textValue();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(s);
            if (s.length() % 4 == 0) {
                return v; // canonical: standard alphabet, padded
            }
        } catch (IllegalArgumentException notStandard) {
            try {
                decoded = Base64.getUrlDecoder().decode(s);
            } catch (IllegalArgumentException notUrlSafe) {
                throw AfsException.invalid(
                        "\"" + at + "\" is not base64 (standard or URL-safe alphabet, with or " + "without padding)");
            }
        }
        return TextNode.valueOf(Base64.getEncoder().encodeToString(decoded));
    }

    /** Returns the number a JSON number or numeric string holds, or null. */
    private static BigDecimal decimal(JsonNode v) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > MAX_NUMBER_TEXT) {
            return null;
        }
        String s = v.textValue();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return null; // BigDecimal would also take other scripts' digits
            }
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isIntegral(BigDecimal d) {
        return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static AfsException wrongType(String at, String expected, JsonNode v) {
        return AfsException.invalid("\"" + at + "\" must be " + expected + ", not " + describe(v));
    }

    /** Returns how a value looks, for messages: its JSON type, and short scalars themselves. */
    static String describe(JsonNode v) {
        String kind =
                switch (v.getNodeType()) {
                    case ARRAY -> "an array";
                    case OBJECT, POJO -> "an object";
                    case STRING -> "the string";
                    case NUMBER -> "the number";
                    case BOOLEAN -> v.booleanValue() ? "true" : "false";
                    case NULL, MISSING -> "null";
                    case BINARY -> "binary data";
                };
        if (!v.isTextual() && !v.isNumber()) {
            return kind;
        }
        String text = v.isTextual() ? TextNode.valueOf(v.textValue()).toString() : v.toString();
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
