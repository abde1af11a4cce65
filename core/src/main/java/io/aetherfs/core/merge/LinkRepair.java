package io.aetherfs.core.merge;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.Links;
import io.aetherfs.core.tree.NodeSource;
import io.aetherfs.core.tree.TreeDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restores symmetric hard-link sibling lists after a merge combined paths from two sides: a path keeps
 * a sibling only if the sibling exists with the same inode, and every kept sibling lists it back.
 */
final class LinkRepair {
    private LinkRepair() {}

    static DirEntry repair(NodeSource source, DirEntry root, List<TreeDiff.Change> applied) {
        FileTree ft = new FileTree(source);
        for (TreeDiff.Change c : applied) {
            FsPath p = c.path();
            if (c.before() != null && !c.before().links().isEmpty()) {
                for (FsPath s : c.before().links().others()) {
                    root = dropSibling(ft, root, s, p, c.after());
                }
            }
            Optional<Entry> now = ft.lookup(root, p);
            if (now.isEmpty()
                    || now.get() instanceof DirEntry
                    || now.get().links().isEmpty()) {
                continue;
            }
            Entry e = now.get();
            List<FsPath> keep = new ArrayList<>();
            for (FsPath s : e.links().others()) {
                Optional<Entry> se = ft.lookup(root, s);
                if (se.isPresent()
                        && !(se.get() instanceof DirEntry)
                        && se.get().attrs().inode() == e.attrs().inode()) {
                    keep.add(s);
                }
            }
            Links links = keep.isEmpty() ? Links.NONE : new Links(keep);
            if (!links.equals(e.links())) {
                root = ft.update(root, p, x -> x.withLinks(links));
            }
            for (FsPath s : keep) {
                Entry se = ft.require(root, s);
                if (!se.links().others().contains(p)) {
                    root = ft.update(root, s, x -> x.withLinks(x.links().with(p)));
                }
            }
        }
        return root;
    }

    /** Removes {@code gone} from the sibling list at {@code s} unless {@code gone} still holds the same inode. */
    private static DirEntry dropSibling(FileTree ft, DirEntry root, FsPath s, FsPath gone, Entry goneNow) {
        Optional<Entry> se = ft.lookup(root, s);
        if (se.isEmpty() || !se.get().links().others().contains(gone)) {
            return root;
        }
        if (goneNow != null && goneNow.attrs().inode() == se.get().attrs().inode()) {
            return root;
        }
        return ft.update(root, s, x -> x.withLinks(x.links().without(gone)));
    }
}
