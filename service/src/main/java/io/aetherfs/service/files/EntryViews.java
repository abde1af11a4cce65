package io.aetherfs.service.files;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds {@link EntryView}s, computing the hash each kind of entry reports. */
final class EntryViews {
    private final Engine engine;

    EntryViews(Engine engine) {
        this.engine = engine;
    }

    EntryView of(TenantId tenant, FsPath path, Entry e, boolean withExtents) {
        return of(engine.canonical(tenant), path, e, withExtents);
    }

    static EntryView of(Canonical canonical, FsPath path, Entry e, boolean withExtents) {
        String hash =
                switch (e) {
                    case FileEntry f -> canonical.contentHash(f.content()).hex();
                    case DirEntry d -> canonical.of(d).hex();
                    case SymlinkEntry s ->
                        Hash.of(s.target().getBytes(StandardCharsets.UTF_8)).hex();
                    default -> "";
                };
        List<io.aetherfs.core.tree.Extent> extents =
                withExtents && e instanceof FileEntry f ? f.content().extents() : List.of();
        return new EntryView(path, e, hash, extents);
    }
}
