package io.aetherfs.server.e2e.history;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Change lists between model trees with the server's rules (spec §6.4, {@code TreeDiff}): files that
 * were added, deleted or modified, and directories that were added or deleted together with
 * everything in them; a directory present on both sides is only looked into.
 */
final class ModelDiff {
    /** One changed path; hashes are content hashes for files, tree hashes for directories, "" when absent. */
    record Change(String path, String kind, String type, String oldHash, String newHash) {
        String describe() {
            return kind + " " + path + (newHash.isEmpty() ? "" : " " + newHash.substring(0, 8));
        }
    }

    /** Counts of a change list as ChangeStats reports them. */
    record Stats(long added, long modified, long deleted) {
        static Stats of(List<Change> changes) {
            long a = 0;
            long m = 0;
            long d = 0;
            for (Change c : changes) {
                switch (c.kind()) {
                    case "ADDED" -> a++;
                    case "DELETED" -> d++;
                    default -> m++;
                }
            }
            return new Stats(a, m, d);
        }

        boolean isEmpty() {
            return added == 0 && modified == 0 && deleted == 0;
        }
    }

    private ModelDiff() {}

    /** Returns the changes from {@code from} to {@code to}, in path order. */
    static List<Change> between(Tree from, Tree to) {
        List<Change> out = new ArrayList<>();
        children(from, to, "", out);
        out.sort(java.util.Comparator.comparing(Change::path));
        return out;
    }

    /** Adds the changes of the entry at {@code path} from tree {@code a} to tree {@code b}. */
    static void entry(Tree a, Tree b, String path, List<Change> out) {
        Tree.Node x = a.get(path);
        Tree.Node y = b.get(path);
        if (x instanceof Tree.Dir && y instanceof Tree.Dir) {
            if (!a.hash(path).equals(b.hash(path))) {
                children(a, b, path, out);
            }
            return;
        }
        if (x == null && y == null || (x != null && x.equals(y))) {
            return;
        }
        String kind = x == null
                ? "ADDED"
                : y == null ? "DELETED" : x.getClass() != y.getClass() ? "TYPE_CHANGED" : "MODIFIED";
        out.add(new Change(path, kind, type(y != null ? y : x), hash(a, path), hash(b, path)));
        if (x instanceof Tree.Dir) {
            a.below(path).forEach((p, n) -> out.add(new Change(p, "DELETED", type(n), hash(a, p), "")));
        }
        if (y instanceof Tree.Dir) {
            b.below(path).forEach((p, n) -> out.add(new Change(p, "ADDED", type(n), "", hash(b, p))));
        }
    }

    /** Adds the changes between the children of directory {@code dir} in {@code a} and in {@code b}. */
    static void children(Tree a, Tree b, String dir, List<Change> out) {
        TreeSet<String> names = new TreeSet<>(a.children(dir));
        names.addAll(b.children(dir));
        for (String n : names) {
            entry(a, b, dir.isEmpty() ? n : dir + "/" + n, out);
        }
    }

    /** Returns the hash a change list shows for the entry at {@code path}. */
    static String hash(Tree t, String path) {
        return switch (t.get(path)) {
            case null -> "";
            case Tree.File f -> f.hash();
            case Tree.Dir d -> t.hash(path);
        };
    }

    static String type(Tree.Node n) {
        return n instanceof Tree.Dir ? "DIRECTORY" : "FILE";
    }
}
