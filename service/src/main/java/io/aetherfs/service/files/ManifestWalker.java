package io.aetherfs.service.files;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Names;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileTree;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Walks a directory's subtree in byte-wise order of full paths (so {@code foo.txt} comes before
 * {@code foo/a}), resuming strictly after a given path without visiting what lies before it.
 */
final class ManifestWalker {
    private final FileTree tree;

    /** Receives entries in order; returns false to stop the walk. */
    interface Sink extends Predicate<Map.Entry<FsPath, Entry>> {}

    ManifestWalker(FileTree tree) {
        this.tree = tree;
    }

    /** A subtree waiting to be walked once the walk passes its key ({@code name + "/"}). */
    private record Pending(String key, FsPath path, DirEntry dir) {}

    /** Walks everything below {@code dir} (at {@code at}) whose path is after {@code after}; returns false if stopped. */
    boolean walk(FsPath at, DirEntry dir, String after, Sink sink) {
        String rest = relative(at, after);
        PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> Names.compare(a.key(), b.key()));
        String startAfter = null;
        if (rest != null) {
            String c0 = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            // names that are proper prefixes of c0 followed by a char below '/' sort their subtrees after rest
            for (int i = 1; i < c0.length(); i++) {
                if (c0.charAt(i) < '/') {
                    String n = c0.substring(0, i);
                    var e = tree.child(dir, n);
                    if (e.isPresent() && e.get() instanceof DirEntry d) {
                        pending.add(new Pending(n + "/", at.child(n), d));
                    }
                }
            }
            startAfter = predecessor(c0);
        }
        Iterator<Map.Entry<String, Entry>> it = tree.entries(dir, startAfter);
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            String name = e.getKey();
            while (!pending.isEmpty() && Names.compare(pending.peek().key(), name) < 0) {
                if (!descend(pending.poll(), after, sink)) {
                    return false;
                }
            }
            FsPath full = at.child(name);
            if ((after == null || Names.compare(full.value(), after) > 0)
                    && !sink.test(Map.entry(full, e.getValue()))) {
                return false;
            }
            if (e.getValue() instanceof DirEntry d) {
                pending.add(new Pending(name + "/", full, d));
            }
        }
        while (!pending.isEmpty()) {
            if (!descend(pending.poll(), after, sink)) {
                return false;
            }
        }
        return true;
    }

    private boolean descend(Pending p, String after, Sink sink) {
        String prefix = p.path().value() + "/";
        if (after != null && !after.startsWith(prefix) && Names.compare(prefix, after) < 0) {
            return true; // every path below sorts before `after`
        }
        return walk(p.path(), p.dir(), after, sink);
    }

    /** Returns {@code after} relative to {@code at} when it lies below it, else null. */
    private static String relative(FsPath at, String after) {
        if (after == null) {
            return null;
        }
        String prefix = at.isRoot() ? "" : at.value() + "/";
        return after.startsWith(prefix) && after.length() > prefix.length() ? after.substring(prefix.length()) : null;
    }

    /**
     * Returns a string just below {@code name} (names never contain NUL), so iteration starts at
     * {@code name}; a few smaller names may be included, which the order checks then skip.
     */
    private static String predecessor(String name) {
        char last = name.charAt(name.length() - 1);
        return name.substring(0, name.length() - 1) + (char) (last - 1) + "\uffff";
    }
}
