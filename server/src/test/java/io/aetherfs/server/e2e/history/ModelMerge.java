package io.aetherfs.server.e2e.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The three-way merge of spec §8.5 on model trees, following the server's walk ({@code TreeMerge}):
 * per path against the ancestor, one-sided changes are taken, identical ones kept, differing ones are
 * conflicts resolved by a line merge or the strategy. Which text conflicts the server merged line by
 * line (and the hash it got) the model cannot decide by itself; it reads them from the answer being
 * checked (the {@link Oracle}). Entries are compared by content, as the spec says; where the server
 * treated a directory whose content equals the ancestor's as changed (it compares stored chunks, which
 * also differ by mtime and inode), the answer shows it, and the model follows the answer but lists the
 * path as a deviation.
 */
final class ModelMerge {
    /**
     * The outcome: the merged tree, the applied changes, conflicts (path → kind), line-merged paths,
     * and the directories the answer shows were taken as changed although equal in content to the
     * ancestor's.
     */
    record Outcome(
            Tree merged,
            List<ModelDiff.Change> applied,
            Map<String, String> conflicts,
            Set<String> lineMerged,
            List<String> deviations) {}

    /** What the answer under check says about the decisions the model leaves open. */
    record Oracle(Set<String> lineMerged, Map<String, String> appliedNewHash, Set<String> conflictPaths) {
        static final Oracle NONE = new Oracle(Set.of(), Map.of(), Set.of());

        boolean applied(String path) {
            return appliedNewHash.keySet().stream().anyMatch(p -> p.equals(path) || p.startsWith(path + "/"));
        }
    }

    private final Tree ancestor;
    private final Tree ours;
    private final Tree theirs;
    private final String strategy;
    private final boolean lineMerge;
    private final Oracle oracle;
    private Tree result;
    private final List<ModelDiff.Change> applied = new ArrayList<>();
    private final Map<String, String> conflicts = new java.util.TreeMap<>();
    private final Set<String> lineMerged = new TreeSet<>();
    private final List<String> deviations = new ArrayList<>();

    private ModelMerge(Tree ancestor, Tree ours, Tree theirs, String strategy, boolean lineMerge, Oracle oracle) {
        this.ancestor = ancestor;
        this.ours = ours;
        this.theirs = theirs;
        this.strategy = strategy;
        this.lineMerge = lineMerge;
        this.oracle = oracle;
        this.result = ours;
    }

    /** Merges {@code theirs} into {@code ours} against {@code ancestor} with a strategy (FAIL_ON_CONFLICT, OURS, THEIRS). */
    static Outcome merge(Tree ancestor, Tree ours, Tree theirs, String strategy, boolean lineMerge, Oracle oracle) {
        ModelMerge m = new ModelMerge(ancestor, ours, theirs, strategy, lineMerge, oracle);
        m.dir("", true);
        m.applied.sort(java.util.Comparator.comparing(ModelDiff.Change::path));
        return new Outcome(
                m.result,
                List.copyOf(m.applied),
                Map.copyOf(m.conflicts),
                Set.copyOf(m.lineMerged),
                List.copyOf(m.deviations));
    }

    private void dir(String path, boolean ancestorIsDir) {
        // only identical sides are skipped whole: where a side equals the ancestor only in content, the
        // server (comparing stored chunks) may look inside, so the model decides entry by entry
        if (ours.hash(path).equals(theirs.hash(path))) {
            return;
        }
        TreeSet<String> names = new TreeSet<>(ancestorIsDir ? ancestor.children(path) : List.of());
        names.addAll(ours.children(path));
        names.addAll(theirs.children(path));
        for (String n : names) {
            String p = path.isEmpty() ? n : path + "/" + n;
            String ho = ancestorIsDir ? ModelDiff.hash(ancestor, p) : "";
            if (ModelDiff.hash(ours, p).equals(ho) && ModelDiff.hash(theirs, p).equals(ho)) {
                continue;
            }
            entry(p, ancestorIsDir ? ancestor.get(p) : null);
        }
    }

    private void entry(String p, Tree.Node o) {
        Tree.Node a = ours.get(p);
        Tree.Node b = theirs.get(p);
        String ha = ModelDiff.hash(ours, p);
        String hb = ModelDiff.hash(theirs, p);
        String ho = o == null ? "" : ModelDiff.hash(ancestor, p);
        boolean sameAB = ha.equals(hb);
        boolean sameOB = ho.equals(hb);
        boolean sameOA = ho.equals(ha);
        if (sameAB || sameOB) {
            // theirs equals the ancestor in content: the spec keeps ours (the server may see a change)
            boolean ambiguous = !sameAB && o instanceof Tree.Dir && b instanceof Tree.Dir && !(a instanceof Tree.Dir);
            if (ambiguous && serverSawConflict(p, false)) {
                conflict(p, o, a, b);
            }
            return;
        }
        if (sameOA) {
            boolean ambiguous = o instanceof Tree.Dir && a instanceof Tree.Dir && !(b instanceof Tree.Dir);
            if (ambiguous && serverSawConflict(p, true)) {
                conflict(p, o, a, b);
            } else {
                take(p);
            }
            return;
        }
        if (a instanceof Tree.Dir && b instanceof Tree.Dir) {
            dir(p, o instanceof Tree.Dir);
            return;
        }
        String kind = kind(o, a, b);
        if (lineMerge
                && (kind.equals("CONTENT") || kind.equals("ADD_ADD"))
                && a instanceof Tree.File
                && b instanceof Tree.File
                && oracle.lineMerged().contains(p)) {
            String h = oracle.appliedNewHash().get(p);
            if (h != null) {
                lineMerged.add(p);
                applied.add(new ModelDiff.Change(p, "MODIFIED", "FILE", ha, h));
                result = result.with(p, new Tree.File(h, null));
                return;
            }
        }
        conflict(p, o, a, b);
    }

    /**
     * Returns whether the answer shows the server took a directory that equals the ancestor's in
     * content as changed (a conflict where the spec has none): a listed conflict, or under a strategy
     * the other side's entry where the spec takes {@code wouldTake}. Such a path is a deviation.
     */
    private boolean serverSawConflict(String p, boolean wouldTake) {
        boolean conflict = oracle.conflictPaths().contains(p)
                || switch (strategy) {
                    case "OURS" -> wouldTake && !oracle.applied(p);
                    case "THEIRS" -> !wouldTake && oracle.applied(p);
                    default -> false;
                };
        if (conflict) {
            deviations.add(p);
        }
        return conflict;
    }

    private void conflict(String p, Tree.Node o, Tree.Node a, Tree.Node b) {
        switch (strategy) {
            case "OURS" -> {}
            case "THEIRS" -> {
                // an ambiguous path resolved by THEIRS is taken; one resolved by OURS stays
                take(p);
            }
            default -> conflicts.put(p, kind(o, a, b));
        }
    }

    /** Takes the source's entry at {@code p}, recording what that changes in the target. */
    private void take(String p) {
        int before = applied.size();
        if (p.isEmpty()) {
            ModelDiff.children(ours, theirs, "", applied);
        } else {
            ModelDiff.entry(ours, theirs, p, applied);
        }
        if (applied.size() == before && !p.isEmpty()) {
            return;
        }
        Tree.Node b = theirs.get(p);
        if (p.isEmpty()) {
            result = theirs;
            return;
        }
        Tree r = result.without(p);
        if (b != null) {
            r = r.with(p, b);
            for (Map.Entry<String, Tree.Node> e : theirs.below(p).entrySet()) {
                r = r.with(e.getKey(), e.getValue());
            }
        }
        result = r;
    }

    /** Classifies a conflict as {@code MergeConflict.classify} does (modes never differ here). */
    static String kind(Tree.Node o, Tree.Node a, Tree.Node b) {
        if (a == null || b == null) {
            return "MODIFY_DELETE";
        }
        if (a.getClass() != b.getClass()) {
            return "TYPE";
        }
        if (o == null) {
            return "ADD_ADD";
        }
        return "CONTENT";
    }
}
