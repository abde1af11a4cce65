package io.aetherfs.server.http;

import com.linecorp.armeria.common.QueryParams;
import io.aetherfs.core.error.AfsException;
import java.util.Set;

/**
 * The query parameters of an HTTP-native route: only the listed names are accepted (anything else is
 * INVALID_ARGUMENT, as unknown JSON fields are), each at most once. A {@code mode} is octal when it has a
 * leading 0 ({@code 0644}) and decimal otherwise ({@code 420}), like a JSON mode number.
 */
final class Query {
    private final QueryParams params;

    Query(QueryParams params, String... allowed) {
        Set<String> names = Set.of(allowed);
        for (String n : params.names()) {
            if (!names.contains(n)) {
                throw AfsException.invalid(
                        "unknown query parameter \"" + n + "\"; this route takes " + String.join(", ", allowed));
            }
            if (params.getAll(n).size() > 1) {
                throw AfsException.invalid("query parameter \"" + n + "\" is given more than once");
            }
        }
        this.params = params;
    }

    /** Returns the value of a required parameter. */
    String required(String name) {
        String v = params.get(name);
        if (v == null) {
            throw AfsException.invalid("query parameter \"" + name + "\" is required");
        }
        return v;
    }

    /** Returns the value of a parameter, or null. */
    String optional(String name) {
        return params.get(name);
    }

    /** Returns a boolean parameter: absent is false; present empty, "true" or "1" is true. */
    boolean bool(String name) {
        String v = params.get(name);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw AfsException.invalid("query parameter \"" + name + "\" must be true or false");
        };
    }

    /** Returns a permission mode (octal with a leading 0, else decimal), or null when absent. */
    Integer mode(String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            int m = v.length() > 1 && v.startsWith("0") ? Integer.parseInt(v.substring(1), 8) : Integer.parseInt(v);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw AfsException.invalid("query parameter \"" + name + "\" must be a mode between 0 and 07777 (octal "
                    + "with a leading 0, e.g. 0644, or decimal, e.g. 420)");
        }
    }
}
