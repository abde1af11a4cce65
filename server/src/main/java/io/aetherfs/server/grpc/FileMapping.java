package io.aetherfs.server.grpc;

import io.aetherfs.core.model.EntryType;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.SpecialEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.proto.v1.CasExtent;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.proto.v1.PosixLockKind;
import io.aetherfs.proto.v1.PosixLockOwner;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.locks.PosixLock;
import java.util.List;

/** Maps filesystem results to their proto forms (spec §6.8): manifest entries, extents and POSIX locks. */
public final class FileMapping {
    private FileMapping() {}

    /** Returns the ManifestEntry of an entry view; extents only when the view carries them. */
    public static ManifestEntry entry(EntryView v) {
        Attrs a = v.entry().attrs();
        var b = ManifestEntry.newBuilder()
                .setPath(v.path().value())
                .setType(type(v.entry().type()))
                .setSize(v.entry().size())
                .setMode(a.mode())
                .setUid(a.uid())
                .setGid(a.gid())
                .setMtime(ProtoTimes.ofNanos(a.mtimeNanos()))
                .setContentHash(Wire.orEmpty(v.hash()))
                .setInodeId(a.inode())
                .setNlink((int) Math.min(Integer.MAX_VALUE, v.nlink()))
                .addAllCasExtents(extents(v.extents()));
        switch (v.entry()) {
            case SymlinkEntry s -> b.setSymlinkTarget(s.target());
            case SpecialEntry s -> b.setRdev(s.rdev());
            default -> {}
        }
        return b.build();
    }

    static io.aetherfs.proto.v1.EntryType type(EntryType t) {
        return EnumMapping.toProto(t, "ENTRY_TYPE_", io.aetherfs.proto.v1.EntryType.class);
    }

    static List<CasExtent> extents(List<Extent> extents) {
        return extents.stream()
                .map(e -> CasExtent.newBuilder()
                        .setOffset(e.offset())
                        .setLength(e.length())
                        .setHash(e.hash().hex())
                        .build())
                .toList();
    }

    static io.aetherfs.proto.v1.PosixLock posixLock(PosixLock l) {
        var b = io.aetherfs.proto.v1.PosixLock.newBuilder()
                .setPath(l.path())
                .setOwner(PosixLockOwner.newBuilder().setOwnerId(l.ownerId()).setPid(l.pid()))
                .setKind(EnumMapping.toProto(l.kind(), "POSIX_LOCK_KIND_", PosixLockKind.class))
                .setStart(l.start())
                .setLength(l.length());
        if (l.expiresAt() != null) {
            b.setExpiresAt(ProtoTimes.of(l.expiresAt()));
        }
        return b.build();
    }
}
