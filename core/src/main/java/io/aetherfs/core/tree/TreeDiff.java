package io.aetherfs.core.tree;

import io.aetherfs.core.model.FsPath;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists what changed between two trees: files, symlinks and special files that were added, deleted
 * or modified (type, content or mode), and directories that were added or deleted (with everything
 * in them). mtime, owner and xattr-only changes are not reported. Identical subtrees are skipped, so
 * the cost follows the size of the change.
 */
public final class TreeDiff {
    /** One changed path: its entry before and after (null when absent on that side). */
    public record Change(FsPath path, Entry before, Entry after) {}

    private final NodeSource source;

    public TreeDiff(NodeSource source) {
        this.source = source;
    }

    /** Reports the changes from {@code from} to {@code to} below {@code at} (both must be directories). */
    public void diff(DirEntry from, DirEntry to, FsPath at, Consumer<Change> out) {
        ChunkDiff.diff(from.children(), to.children(), source, (name, a, b) -> entry(at.child(name), a, b, out));
    }

    /** Reports the change of one path between two entries (either may be null). */
    public void entry(FsPath path, Entry a, Entry b, Consumer<Change> out) {
        if (a instanceof DirEntry da && b instanceof DirEntry db) {
            diff(da, db, path, out);
            return;
        }
        if (a == null && b == null || (a != null && b != null && sameForDiff(a, b))) {
            return;
        }
        out.accept(new Change(path, a, b));
        if (a instanceof DirEntry da) {
            all(da, path, e -> out.accept(new Change(e.path(), e.after(), null)));
        }
        if (b instanceof DirEntry db) {
            all(db, path, out);
        }
    }

    /** Reports every entry below {@code dir} as added. */
    public void all(DirEntry dir, FsPath at, Consumer<Change> out) {
        Iterator<Map.Entry<String, Entry>> it = ChunkTree.iterator(dir.children(), null, source);
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            FsPath p = at.child(e.getKey());
            out.accept(new Change(p, null, e.getValue()));
            if (e.getValue() instanceof DirEntry d) {
                all(d, p, out);
            }
        }
    }

    /** Returns whether two non-directory entries count as unchanged: same type, content or target, and mode. */
    public static boolean sameForDiff(Entry a, Entry b) {
        if (a.type() != b.type() || a.attrs().mode() != b.attrs().mode()) {
            return false;
        }
        return switch (a) {
            case FileEntry fa -> fa.content().sameBytes(((FileEntry) b).content());
            case SymlinkEntry sa -> sa.target().equals(((SymlinkEntry) b).target());
            case SpecialEntry sa -> sa.rdev() == ((SpecialEntry) b).rdev();
            case DirEntry da -> da.children().sameAs(((DirEntry) b).children());
        };
    }
}
