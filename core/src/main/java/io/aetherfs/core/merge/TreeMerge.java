package io.aetherfs.core.merge;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Names;
import io.aetherfs.core.tree.ChunkRef;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.NodeSource;
import io.aetherfs.core.tree.TreeDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Three-way merge of trees (spec §8.5): per path against the common ancestor, a change on one side
 * only takes that side, identical changes are kept, and differing changes are conflicts, resolved by
 * per-path choice, by a line-level merge of text, or by the strategy. Subtrees that are identical on
 * two sides are skipped, so the work follows the changes on both sides.
 */
public final class TreeMerge {
    /** Which side a conflict resolves to. */
    public enum Side {
        OURS,
        THEIRS
    }

    /** What to do with conflicts no resolution covers. */
    public enum Strategy {
        FAIL_ON_CONFLICT,
        OURS,
        THEIRS
    }

    /** Merges the contents of a text file changed on both sides; empty when the hunks overlap. */
    @FunctionalInterface
    public interface TextMerger {
        Optional<FileEntry> merge(FsPath path, FileEntry ancestor, FileEntry ours, FileEntry theirs);
    }

    /** Decides whether a file is text small enough for a line merge. */
    @FunctionalInterface
    public interface TextCheck {
        boolean isText(FileEntry f);
    }

    private final NodeSource source;
    private final FileTree tree;
    private final TreeDiff diff;
    private final Options options;
    private final List<MergeConflict> conflicts = new ArrayList<>();
    private final List<TreeDiff.Change> applied = new ArrayList<>();
    private final List<FsPath> lineMerged = new ArrayList<>();

    /** How to merge: per-path resolutions, strategy, and whether (and how) to merge text by lines. */
    public record Options(
            Map<FsPath, Side> resolutions,
            Strategy strategy,
            boolean lineMerge,
            TextCheck textCheck,
            TextMerger text) {}

    public TreeMerge(NodeSource source, Options options) {
        this.source = source;
        this.tree = new FileTree(source);
        this.diff = new TreeDiff(source);
        this.options = options;
    }

    /** Merges {@code theirs} into {@code ours} against {@code ancestor}. */
    public MergeOutcome merge(DirEntry ancestor, DirEntry ours, DirEntry theirs) {
        DirEntry merged = mergeDir(FsPath.ROOT, ancestor, ours, theirs);
        merged = LinkRepair.repair(source, merged, applied);
        return new MergeOutcome(merged, List.copyOf(conflicts), List.copyOf(applied), List.copyOf(lineMerged));
    }

    private DirEntry mergeDir(FsPath path, DirEntry o, DirEntry a, DirEntry b) {
        ChunkRef oc = o == null ? ChunkRef.EMPTY : o.children();
        DirEntry withAttrs = a.attrs().mode() == b.attrs().mode()
                        || (o != null && a.attrs().mode() != o.attrs().mode())
                ? a
                : a.withAttrs(a.attrs().withMode(b.attrs().mode()));
        if (a.children().sameAs(b.children()) || oc.sameAs(b.children())) {
            return withAttrs;
        }
        if (oc.sameAs(a.children())) {
            diff.diff(a, b, path, applied::add);
            return withAttrs.withChildren(b.children(), b.stats());
        }
        TreeMap<String, Slot> changed = new TreeMap<>(Names.ORDER);
        DirEntry od = o == null ? DirEntry.empty(a.attrs()) : o;
        tree.diffEntries(od, a, (n, eo, ea) -> changed.computeIfAbsent(n, k -> new Slot(eo))
                .ours(ea));
        tree.diffEntries(od, b, (n, eo, eb) -> changed.computeIfAbsent(n, k -> new Slot(eo))
                .theirs(eb));
        TreeMap<String, Entry> edits = new TreeMap<>(Names.ORDER);
        for (Map.Entry<String, Slot> c : changed.entrySet()) {
            Slot slot = c.getValue();
            Entry ea = slot.ours();
            Entry r = mergeEntry(path.child(c.getKey()), slot.ancestor, ea, slot.theirs());
            if (r != ea) {
                edits.put(c.getKey(), r);
            }
        }
        if (edits.isEmpty()) {
            return withAttrs;
        }
        return tree.edit(withAttrs, edits);
    }

    /**
     * One name that differs from the ancestor on at least one side. A side whose diff did not report
     * the name is identical to the ancestor there.
     */
    private static final class Slot {
        final Entry ancestor;
        private Entry ours;
        private Entry theirs;
        private boolean oursChanged;
        private boolean theirsChanged;

        Slot(Entry ancestor) {
            this.ancestor = ancestor;
        }

        void ours(Entry e) {
            ours = e;
            oursChanged = true;
        }

        void theirs(Entry e) {
            theirs = e;
            theirsChanged = true;
        }

        Entry ours() {
            return oursChanged ? ours : ancestor;
        }

        Entry theirs() {
            return theirsChanged ? theirs : ancestor;
        }
    }

    private Entry mergeEntry(FsPath p, Entry o, Entry a, Entry b) {
        if (same(a, b) || same(o, b)) {
            return a;
        }
        if (same(o, a)) {
            diff.entry(p, a, b, applied::add);
            return b;
        }
        if (a instanceof DirEntry da && b instanceof DirEntry db) {
            return mergeDir(p, o instanceof DirEntry d ? d : null, da, db);
        }
        MergeConflict.Kind kind = MergeConflict.classify(o, a, b);
        Side side = options.resolutions().get(p);
        boolean attempted = false;
        if (side == null
                && options.lineMerge()
                && (kind == MergeConflict.Kind.CONTENT || kind == MergeConflict.Kind.ADD_ADD)
                && a instanceof FileEntry fa
                && b instanceof FileEntry fb
                && (o == null || o instanceof FileEntry)
                && options.textCheck().isText(fa)
                && options.textCheck().isText(fb)
                && (o == null || options.textCheck().isText((FileEntry) o))) {
            attempted = true;
            Optional<FileEntry> m = options.text().merge(p, (FileEntry) o, fa, fb);
            if (m.isPresent()) {
                lineMerged.add(p);
                applied.add(new TreeDiff.Change(p, a, m.get()));
                return m.get();
            }
        }
        if (side == null) {
            side = switch (options.strategy()) {
                case OURS -> Side.OURS;
                case THEIRS -> Side.THEIRS;
                case FAIL_ON_CONFLICT -> null;
            };
        }
        if (side == Side.THEIRS) {
            diff.entry(p, a, b, applied::add);
            return b;
        }
        if (side == null) {
            conflicts.add(new MergeConflict(p, kind, o, a, b, attempted));
        }
        return a;
    }

    /** Returns whether two entries count as the same for merging: type, content or target, and mode. */
    private boolean same(Entry x, Entry y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof DirEntry dx && y instanceof DirEntry dy) {
            if (dx.attrs().mode() != dy.attrs().mode()) {
                return false;
            }
            if (dx.children().sameAs(dy.children())) {
                return true;
            }
            boolean[] same = {true};
            tree.diffEntries(dx, dy, (n, a, b) -> {
                if (same[0] && !same(a, b)) {
                    same[0] = false;
                }
            });
            return same[0];
        }
        return TreeDiff.sameForDiff(x, y);
    }
}
