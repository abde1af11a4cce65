package io.aetherfs.core.tree;

import io.aetherfs.core.model.FsPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Keeps hard-link sibling lists true when paths move or disappear. Before a structural change, collect
 * the linked entries it touches; after it, {@link #apply} rewrites their lists and those of their
 * siblings elsewhere. Subtrees without linked entries are skipped using directory statistics.
 */
final class LinkFixup {
    /** A linked entry at its path before the change. */
    record Located(FsPath path, Entry entry) {}

    private LinkFixup() {}

    /** Returns the linked entries at or below {@code path} (empty if the path is absent). */
    static List<Located> collect(FileTree ft, DirEntry root, FsPath path) {
        List<Located> out = new ArrayList<>();
        ft.lookup(root, path).ifPresent(e -> {
            if (e instanceof DirEntry d) {
                if (d.stats().linked() > 0) {
                    visit(d.children(), path, ft.source(), out);
                }
            } else if (!e.links().isEmpty()) {
                out.add(new Located(path, e));
            }
        });
        return out;
    }

    private static void visit(ChunkRef ref, FsPath dir, NodeSource source, List<Located> out) {
        Chunk c = ref.resolve(source);
        for (int i = 0; i < c.size(); i++) {
            if (c.stats(i).linked() == 0) {
                continue;
            }
            if (c.level() > 0) {
                visit(c.child(i), dir, source, out);
            } else if (c.entry(i) instanceof DirEntry d) {
                visit(d.children(), dir.child(c.key(i)), source, out);
            } else {
                out.add(new Located(dir.child(c.key(i)), c.entry(i)));
            }
        }
    }

    /**
     * Rewrites sibling lists after a change that moved paths by {@code move} (identity for unmoved
     * paths) and removed the (old) paths matching {@code removed}; {@code affected} are the linked
     * entries collected before the change at every moved or removed place.
     */
    static DirEntry apply(
            FileTree ft, DirEntry root, List<Located> affected, UnaryOperator<FsPath> move, Predicate<FsPath> removed) {
        Set<FsPath> affectedPaths = new HashSet<>();
        for (Located l : affected) {
            affectedPaths.add(l.path());
        }
        for (Located l : affected) {
            FsPath old = l.path();
            if (removed.test(old)) {
                for (FsPath s : l.entry().links().others()) {
                    if (!removed.test(s) && !affectedPaths.contains(s)) {
                        root = ft.update(root, s, e -> e.withLinks(e.links().without(old)));
                    }
                }
                continue;
            }
            FsPath now = move.apply(old);
            List<FsPath> siblings = new ArrayList<>();
            for (FsPath s : l.entry().links().others()) {
                if (!removed.test(s)) {
                    siblings.add(move.apply(s));
                }
                if (!removed.test(s) && !affectedPaths.contains(s) && !now.equals(old)) {
                    root = ft.update(
                            root, s, e -> e.withLinks(e.links().without(old).with(now)));
                }
            }
            Links links = siblings.isEmpty() ? Links.NONE : new Links(siblings);
            root = ft.update(root, now, e -> e.withLinks(links));
        }
        return root;
    }
}
