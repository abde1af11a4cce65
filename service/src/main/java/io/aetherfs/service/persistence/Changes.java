package io.aetherfs.service.persistence;

import io.aetherfs.core.model.ChangeStats;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Names;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.NodeSource;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.core.tree.TreeDiff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns tree diffs into change lists sorted by path bytes, with their statistics. */
public final class Changes {
    /** Orders paths by the bytes of their full text, as change lists and manifests are ordered. */
    public static final Comparator<ChangeEntry> BY_PATH =
            (a, b) -> Names.compare(a.path().value(), b.path().value());

    private Changes() {}

    /** Returns the changes from {@code from} to {@code to} at or below {@code prefix}, sorted by path. */
    public static List<ChangeEntry> between(
            NodeSource source, Canonical canonical, DirEntry from, DirEntry to, FsPath prefix) {
        List<ChangeEntry> out = new ArrayList<>();
        new TreeDiff(source).diff(from, to, FsPath.ROOT, c -> {
            if (c.path().startsWith(prefix)) {
                out.add(entry(canonical, c));
            }
        });
        out.sort(BY_PATH);
        return out;
    }

    /** Returns the change entry of one tree change. */
    public static ChangeEntry entry(Canonical canonical, TreeDiff.Change c) {
        Entry a = c.before();
        Entry b = c.after();
        ChangeEntry.Kind kind = a == null
                ? ChangeEntry.Kind.ADDED
                : b == null
                        ? ChangeEntry.Kind.DELETED
                        : a.type() != b.type() ? ChangeEntry.Kind.TYPE_CHANGED : ChangeEntry.Kind.MODIFIED;
        Entry shown = b != null ? b : a;
        return new ChangeEntry(c.path(), kind, shown.type(), hash(canonical, a), hash(canonical, b), size(a), size(b));
    }

    /** Returns the statistics of a change list. */
    public static ChangeStats stats(List<ChangeEntry> changes) {
        long added = 0;
        long modified = 0;
        long deleted = 0;
        long bytes = 0;
        for (ChangeEntry c : changes) {
            switch (c.kind()) {
                case ADDED -> added++;
                case DELETED -> deleted++;
                default -> modified++;
            }
            if (c.kind() != ChangeEntry.Kind.DELETED && c.type() == io.aetherfs.core.model.EntryType.FILE) {
                bytes += c.newSize();
            }
        }
        return new ChangeStats(added, modified, deleted, bytes);
    }

    /** Returns the hash a change list reports for an entry: content, tree or target hash; "" if absent. */
    static String hash(Canonical canonical, Entry e) {
        return switch (e) {
            case null -> "";
            case FileEntry f -> canonical.contentHash(f.content()).hex();
            case DirEntry d -> canonical.of(d).hex();
            case SymlinkEntry s ->
                Hash.of(s.target().getBytes(StandardCharsets.UTF_8)).hex();
            default -> "";
        };
    }

    private static long size(Entry e) {
        return e == null || e instanceof DirEntry ? 0 : e.size();
    }
}
