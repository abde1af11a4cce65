package io.aetherfs.service.persistence;

import io.aetherfs.core.model.ChangeStats;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes the deterministic one-paragraph summary of a change list (spec §8.4). */
final class Summaries {
    private Summaries() {}

    static String paragraph(List<ChangeEntry> changes, ChangeStats s) {
        if (changes.isEmpty()) {
            return "No changes.";
        }
        StringBuilder sb = new StringBuilder();
        String[] parts = {
            s.added() > 0 ? verb("Adds", s.added(), true) : null,
            s.modified() > 0 ? verb("modifies", s.modified(), false) : null,
            s.deleted() > 0 ? verb("deletes", s.deleted(), false) : null
        };
        List<String> present = java.util.Arrays.stream(parts)
                .filter(java.util.Objects::nonNull)
                .toList();
        for (int i = 0; i < present.size(); i++) {
            String p = present.get(i);
            if (i == 0) {
                p = Character.toUpperCase(p.charAt(0)) + p.substring(1);
            } else {
                sb.append(i == present.size() - 1 ? " and " : ", ");
            }
            sb.append(p);
        }
        sb.append(" (").append(bytes(s.bytes())).append(" of new content).");
        Map<String, Long> dirs = new TreeMap<>();
        for (ChangeEntry c : changes) {
            String v = c.path().value();
            String top = v.contains("/") ? v.substring(0, v.indexOf('/') + 1) : "./";
            dirs.merge(top, 1L, Long::sum);
        }
        Map<String, Long> top = new LinkedHashMap<>();
        dirs.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(2)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        sb.append(" Most changes are under ");
        int i = 0;
        for (Map.Entry<String, Long> e : top.entrySet()) {
            if (i++ > 0) {
                sb.append(" and ");
            }
            sb.append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        return sb.append('.').toString();
    }

    private static String verb(String verb, long n, boolean first) {
        return verb + " " + n + (first ? (n == 1 ? " file" : " files") : "");
    }

    /** Returns a byte count in B, KiB, MiB or GiB with one decimal. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
