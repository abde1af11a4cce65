package io.aetherfs.service.bus;

import io.aetherfs.core.error.AfsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bus topics and the patterns that select them (spec §8.11). A topic is 1 to 256 characters from
 * {@code [A-Za-z0-9._:/-]}. A pattern is a topic (exact match) or a prefix of one followed by {@code *}
 * ({@code tests:*}); {@code *} alone, like an empty pattern list, matches every topic.
 */
final class TopicFilter {
    static final int MAX_TOPIC_CHARS = 256;
    /** The most patterns one subscription may give (our choice; it bounds the per-message matching work). */
    static final int MAX_PATTERNS = 100;

    private final boolean all;
    private final Set<String> exact;
    private final List<String> prefixes;

    private TopicFilter(boolean all, Set<String> exact, List<String> prefixes) {
        this.all = all;
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /** Returns the filter of {@code patterns}; INVALID_ARGUMENT naming the first bad one. */
    static TopicFilter parse(List<String> patterns) {
        if (patterns.size() > MAX_PATTERNS) {
            throw AfsException.invalid(
                    "at most " + MAX_PATTERNS + " topic patterns may be given, got " + patterns.size());
        }
        boolean all = patterns.isEmpty();
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String p : patterns) {
            if (p.endsWith("*")) {
                String prefix = p.substring(0, p.length() - 1);
                if (!prefix.isEmpty()) {
                    checkChars(prefix, p);
                }
                if (p.length() > MAX_TOPIC_CHARS) {
                    throw badPattern(p);
                }
                all |= prefix.isEmpty();
                prefixes.add(prefix);
            } else {
                checkChars(p, p);
                exact.add(p);
            }
        }
        return new TopicFilter(all, Set.copyOf(exact), List.copyOf(prefixes));
    }

    /** Returns whether {@code topic} is selected. */
    boolean matches(String topic) {
        if (all || exact.contains(topic)) {
            return true;
        }
        for (String p : prefixes) {
            if (topic.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Returns {@code topic} when it is a valid topic name, else throws INVALID_ARGUMENT. */
    static String checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw AfsException.invalid(
                    "topic is required (1-" + MAX_TOPIC_CHARS + " characters of A-Z a-z 0-9 . _ : / -)");
        }
        checkChars(topic, null);
        return topic;
    }

    private static void checkChars(String name, String pattern) {
        boolean ok = !name.isEmpty() && name.length() <= MAX_TOPIC_CHARS;
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '/'
                    || c == '-';
        }
        if (!ok) {
            throw pattern == null
                    ? AfsException.invalid("topic " + printable(name) + " is invalid: use 1-" + MAX_TOPIC_CHARS
                            + " characters of A-Z a-z 0-9 . _ : / -")
                    : badPattern(pattern);
        }
    }

    private static AfsException badPattern(String pattern) {
        return AfsException.invalid("topic pattern " + printable(pattern) + " is invalid: use a topic name "
                + "(1-" + MAX_TOPIC_CHARS + " characters of A-Z a-z 0-9 . _ : / -), a prefix of one followed by *, "
                + "or * alone");
    }

    private static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return "\"" + t.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}
