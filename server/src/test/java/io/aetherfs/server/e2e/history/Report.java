package io.aetherfs.server.e2e.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the checker concluded about one history: the findings, and counts of what it checked, so a
 * green run says how much it proved (calls by outcome, events replayed, reads and merges checked,
 * conditional-write rounds and their most winners).
 */
public final class Report {
    private final HistoryConfig config;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();

    Report(HistoryConfig config) {
        this.config = config;
    }

    void add(Finding f) {
        findings.add(f);
    }

    void count(String what) {
        count(what, 1);
    }

    void count(String what, long n) {
        counts.merge(what, n, Long::sum);
    }

    void max(String what, long n) {
        counts.merge(what, n, Math::max);
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public boolean ok() {
        return findings.isEmpty();
    }

    public long get(String what) {
        return counts.getOrDefault(what, 0L);
    }

    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    public HistoryConfig config() {
        return config;
    }

    /** Returns the number of findings of each kind. */
    public Map<Finding.Kind, Integer> byKind() {
        Map<Finding.Kind, Integer> m = new EnumMap<>(Finding.Kind.class);
        findings.forEach(f -> m.merge(f.kind(), 1, Integer::sum));
        return m;
    }

    /** Returns the counts as one line. */
    public String summary() {
        return config + ": " + (ok() ? "no findings" : findings.size() + " findings " + byKind()) + "; " + counts;
    }

    /** Returns the summary and the first {@code max} findings, each with its events. */
    public String describe(int max) {
        StringBuilder sb = new StringBuilder(summary());
        findings.stream().limit(max).forEach(f -> sb.append("\n- ").append(f.describe()));
        if (findings.size() > max) {
            sb.append("\n… and ").append(findings.size() - max).append(" more");
        }
        return sb.toString();
    }
}
