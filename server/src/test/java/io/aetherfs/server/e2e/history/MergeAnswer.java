package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A merge answer reduced to what the model predicts: the applied changes (kind and new hash by path),
 * the conflicts (kind by path) and the line-merged paths.
 */
record MergeAnswer(Map<String, String> applied, Map<String, String> conflicts, Set<String> lineMerged) {
    static MergeAnswer of(JsonNode b) {
        Map<String, String> applied = new TreeMap<>();
        b.path("applied")
                .forEach(a -> applied.put(
                        a.path("path").asText(),
                        a.path("changeKind").asText().replace("CHANGE_KIND_", "") + " "
                                + a.path("newHash").asText()));
        Map<String, String> conflicts = new TreeMap<>();
        b.path("conflicts")
                .forEach(x -> conflicts.put(
                        x.path("path").asText(), x.path("kind").asText().replace("MERGE_CONFLICT_KIND_", "")));
        Set<String> lineMerged = new HashSet<>();
        b.path("lineMerged").forEach(x -> lineMerged.add(x.asText()));
        return new MergeAnswer(applied, conflicts, lineMerged);
    }

    Map<String, String> newHashes() {
        Map<String, String> m = new HashMap<>();
        applied.forEach((p, v) -> m.put(p, v.substring(v.indexOf(' ') + 1)));
        return m;
    }

    /** Returns how {@code out} differs from this answer ("" when it does not). */
    String differences(ModelMerge.Outcome out) {
        Map<String, String> got = new TreeMap<>();
        out.applied().forEach(ch -> got.put(ch.path(), ch.kind() + " " + ch.newHash()));
        StringBuilder sb = new StringBuilder();
        if (!got.equals(applied)) {
            sb.append("applied ")
                    .append(shorten(got))
                    .append(" (answer: ")
                    .append(shorten(applied))
                    .append(") ");
        }
        if (!out.conflicts().equals(conflicts)) {
            sb.append("conflicts ")
                    .append(new TreeMap<>(out.conflicts()))
                    .append(" (answer: ")
                    .append(conflicts)
                    .append(") ");
        }
        if (!out.lineMerged().equals(lineMerged)) {
            sb.append("lineMerged ")
                    .append(out.lineMerged())
                    .append(" (answer: ")
                    .append(lineMerged)
                    .append(")");
        }
        return sb.toString().strip();
    }

    @Override
    public String toString() {
        return "applied " + shorten(applied) + " conflicts " + conflicts + " lineMerged " + lineMerged;
    }

    private static Map<String, String> shorten(Map<String, String> m) {
        Map<String, String> s = new TreeMap<>();
        m.forEach((k, v) -> s.put(k, v.length() > 20 ? v.substring(0, v.indexOf(' ') + 9) : v));
        return s;
    }
}
