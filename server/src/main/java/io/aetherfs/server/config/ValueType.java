package io.aetherfs.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one configuration key's value is read: from the text of an environment variable or flag, and
 * from a TOML value. Both throw IllegalArgumentException with a message saying what was expected.
 */
public interface ValueType<T> {
    /** Parses the text form used by environment variables and flags. */
    T parse(String text);

    /** Converts a TOML value; by default a TOML string parsed like the text form. */
    default T fromToml(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("expected " + describe() + " as a TOML string, got " + tomlKind(node));
        }
        return parse(node.textValue());
    }

    /** Returns what a valid value looks like, for messages. */
    String describe();

    /** Returns the TOML kind of a value, for messages. */
    static String tomlKind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        } else if (node.isBoolean()) {
            return "a boolean";
        } else if (node.isIntegralNumber()) {
            return "an integer";
        } else if (node.isNumber()) {
            return "a float";
        } else if (node.isArray()) {
            return "an array";
        } else if (node.isObject()) {
            return "a table";
        }
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
