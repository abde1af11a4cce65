package io.aetherfs.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.aetherfs.core.error.AfsException;

/**
 * Says what is wrong with a request body the JSON parser refused, in the API's words: where (line and
 * column) and what (an unclosed object, a trailing token, a bare word, a comment, NaN, a control
 * character, a nesting too deep, …). The parser's own messages name its classes and feature flags
 * ({@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS}, {@code StreamReadConstraints}), which mean
 * nothing to a client and must not leave the server (issue 8, item 7).
 */
final class JsonSyntaxErrors {
    private JsonSyntaxErrors() {}

    /** Returns the INVALID_ARGUMENT error of a body the parser refused. */
    static AfsException of(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1
                ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return AfsException.invalid("request body is not valid JSON" + where + ": " + reason(e));
    }

    private static String reason(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (m.contains("nesting depth")) {
                return "objects and arrays are nested deeper than " + JsonBinder.MAX_NESTING + " levels";
            }
            if (m.contains("Number")) {
                return "a number has more than 1000 digits";
            }
            return "a name, string or number is too long";
        }
        if (e instanceof JsonEOFException || m.contains("end-of-input")) {
            return "the body ends before the JSON is complete (an object, array or string is not closed)";
        }
        if (m.startsWith("Trailing token")) {
            return "more follows the JSON object; the body must hold exactly one object";
        }
        if (m.startsWith("Duplicate field '")) {
            return "field " + quoted(m, "Duplicate field '") + " is given twice";
        }
        if (m.contains("Invalid UTF-8") || m.contains("Invalid UTF-32") || m.contains("Invalid UTF-16")) {
            return "the body is not valid UTF-8";
        }
        if (m.contains("Illegal unquoted character")) {
            return "a control character (U+0000 to U+001F) in a string must be escaped";
        }
        if (m.contains("Unrecognized character escape")) {
            return "a string has an invalid escape (after '\\' only \" \\ / b f n r t and uXXXX are allowed)";
        }
        if (m.contains("Non-standard token") || m.contains("NaN") || m.contains("Infinity")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (m.contains("comment")) {
            return "comments are not allowed in JSON";
        }
        if (m.contains("numeric value") || m.contains("Leading zeroes") || m.contains("Invalid number")) {
            return "a number is malformed (a leading zero, a missing digit or a stray character)";
        }
        if (m.startsWith("Unrecognized token '")) {
            return "unexpected word " + quoted(m, "Unrecognized token '")
                    + " (strings need double quotes; the literals are true, false and null)";
        }
        if (m.startsWith("Unexpected character (")) {
            String hint = m.contains("double-quote to start field name")
                    ? "field names need double quotes"
                    : m.contains("comma to separate Object")
                            ? "expected ',' or '}'"
                            : m.contains("comma to separate Array")
                                    ? "expected ',' or ']'"
                                    : m.contains("colon to separate")
                                            ? "expected ':' after a field name"
                                            : "expected a value";
            return "unexpected character " + character(m) + " (" + hint + ")";
        }
        return "malformed JSON";
    }

    /** Returns the name Jackson quoted after {@code prefix} (up to the next quote), shortened and quoted. */
    private static String quoted(String m, String prefix) {
        int end = m.indexOf('\'', prefix.length());
        String name = end < 0 ? "" : m.substring(prefix.length(), end);
        return "\"" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "\"";
    }

    /** Returns the character of an "Unexpected character ('x' (code 120))" message, printably. */
    private static String character(String m) {
        int code = m.indexOf("code ");
        int end = code < 0 ? -1 : m.indexOf(')', code);
        if (end < 0) {
            return "";
        }
        try {
            int c = Integer.parseInt(m.substring(code + 5, end).trim().split(" ")[0]);
            return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
