package io.aetherfs.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route path of the HTTP API, written as in the proto {@code google.api.http} bindings
 * ({@code /v1/sessions/{session_id}:merge}). A variable matches one non-empty path segment up to the next
 * {@code /} or {@code :}, which is how custom verbs ({@code :merge}, {@code :setXattr}) are told apart
 * from ids: spec §2 guarantees that ids never contain either character. Matching compares literals and
 * scans variables in one pass without regular expressions, since every request tries many routes.
 *
 * @param source the template as written
 * @param label the template with camelCase variable names, as the spec writes it; used as the metrics and
 *     log route, never the raw path
 * @param literals the literal parts: {@code literals[i]} precedes variable {@code i}, the last one ends the path
 * @param variables the variable names (proto field names, snake_case), in order
 */
record PathTemplate(String source, String label, List<String> literals, List<String> variables) {
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    /** Returns the template of {@code template}; throws IllegalArgumentException for unsupported syntax. */
    static PathTemplate parse(String template) {
        if (!template.startsWith("/") || template.contains("=") || template.contains("*")) {
            throw new IllegalArgumentException("unsupported path template: " + template);
        }
        StringBuilder label = new StringBuilder();
        List<String> literals = new ArrayList<>();
        List<String> vars = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            String literal = template.substring(last, m.start());
            if (!vars.isEmpty() && (literal.isEmpty() || literal.charAt(0) != '/' && literal.charAt(0) != ':')) {
                throw new IllegalArgumentException("a variable must be followed by '/', ':' or the end: " + template);
            }
            literals.add(literal);
            label.append(literal).append('{').append(camel(m.group(1))).append('}');
            vars.add(m.group(1));
            last = m.end();
        }
        String tail = template.substring(last);
        if (!vars.isEmpty() && !tail.isEmpty() && tail.charAt(0) != '/' && tail.charAt(0) != ':') {
            throw new IllegalArgumentException("a variable must be followed by '/', ':' or the end: " + template);
        }
        literals.add(tail);
        label.append(tail);
        return new PathTemplate(template, label.toString(), List.copyOf(literals), List.copyOf(vars));
    }

    /** Returns the percent-decoded variables of {@code path} (keyed by proto field name) if it matches. */
    Optional<Map<String, String>> match(String path) {
        int pos = 0;
        String[] values = new String[variables.size()];
        for (int i = 0; i < values.length; i++) {
            String literal = literals.get(i);
            if (!path.startsWith(literal, pos)) {
                return Optional.empty();
            }
            int start = pos + literal.length();
            int end = start;
            while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != ':') {
                end++;
            }
            if (end == start) {
                return Optional.empty();
            }
            values[i] = path.substring(start, end);
            pos = end;
        }
        String tail = literals.getLast();
        if (path.length() - pos != tail.length() || !path.startsWith(tail, pos)) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put(variables.get(i), decode(values[i]));
        }
        return Optional.of(out);
    }

    /** Returns the lowerCamelCase JSON name of a snake_case proto field name. */
    static String camel(String snake) {
        StringBuilder b = new StringBuilder(snake.length());
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static String decode(String segment) {
        return UrlDecoding.segment(segment);
    }
}
