package io.aetherfs.server.http;

import com.google.protobuf.Timestamp;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.Extent;
import io.aetherfs.core.tree.SpecialEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.proto.v1.CasExtent;
import io.aetherfs.proto.v1.EntryType;
import io.aetherfs.proto.v1.ManifestEntry;
import io.aetherfs.service.files.EntryView;
import java.time.Instant;

/**
 * Converts service entry views to the {@code ManifestEntry} message, for the HTTP-native routes that
 * answer one (the raw PUT). The gRPC transport has its own converter to the same message.
 */
final class ManifestEntries {
    private ManifestEntries() {}

    /** Returns the ManifestEntry of a view. */
    static ManifestEntry of(EntryView v) {
        Attrs a = v.entry().attrs();
        ManifestEntry.Builder b = ManifestEntry.newBuilder()
                .setPath(v.path().value())
                .setType(EntryType.valueOf("ENTRY_TYPE_" + v.entry().type().name()))
                .setSize(v.entry().size())
                .setMode(a.mode())
                .setUid(a.uid())
                .setGid(a.gid())
                .setMtime(timestamp(a.mtimeNanos()))
                .setContentHash(v.hash())
                .setInodeId(a.inode())
                .setNlink((int) v.nlink());
        if (v.entry() instanceof SymlinkEntry s) {
            b.setSymlinkTarget(s.target());
        }
        if (v.entry() instanceof SpecialEntry s) {
            b.setRdev(s.rdev());
        }
        for (Extent e : v.extents()) {
            b.addCasExtents(CasExtent.newBuilder()
                    .setOffset(e.offset())
                    .setLength(e.length())
                    .setHash(e.hash().hex()));
        }
        return b.build();
    }

    /** Returns the Timestamp of nanoseconds since the epoch. */
    static Timestamp timestamp(long nanos) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(nanos, 1_000_000_000L))
                .setNanos((int) Math.floorMod(nanos, 1_000_000_000L))
                .build();
    }

    /** Returns the RFC 3339 form of nanoseconds since the epoch (fractional seconds only when non-zero). */
    static String rfc3339(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }
}
