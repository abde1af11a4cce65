package io.aetherfs.core.gc;

import io.aetherfs.core.model.TenantId;

/**
 * One inconsistency that fsck or a garbage collector's mark phase found: what is wrong, the key (or
 * {@code blob/<hash>}) it is about, and the live root whose walk reached it.
 */
public record Problem(Kind kind, TenantId tenant, String key, String root, String detail, boolean repaired) {

    /** What is wrong. Only the {@code *_CORRUPT} kinds can be repaired (by quarantining the bad copy). */
    public enum Kind {
        /** A session, checkpoint, commit or merge-base record does not parse. */
        RECORD_UNREADABLE,
        /** A write-ahead log row between a session's stored root and its head is absent. */
        LOG_ROW_MISSING,
        /** A write-ahead log row does not parse as a tree op. */
        LOG_ROW_UNREADABLE,
        /** A reachable tree node is absent. */
        NODE_MISSING,
        /** A reachable tree node's stored data does not hash to its name. */
        NODE_CORRUPT,
        /** A reachable tree node hashes to its name but is not the kind of node expected there or does not decode. */
        NODE_UNDECODABLE,
        /** A reachable inline extent is absent. */
        EXTENT_MISSING,
        /** A reachable inline extent's stored bytes do not hash to its name. */
        EXTENT_CORRUPT,
        /** A reachable extent's bytes hash to its name but their length differs from the extent record. */
        EXTENT_LENGTH_MISMATCH,
        /** A reachable blob is absent from the blob store. */
        BLOB_MISSING,
        /** A reachable blob's bytes do not hash to its name. */
        BLOB_CORRUPT;

        /** Returns whether fsck --repair can move a bad copy of this kind aside. */
        public boolean repairable() {
            return this == NODE_CORRUPT || this == EXTENT_CORRUPT || this == BLOB_CORRUPT;
        }
    }

    /** Returns a copy marked repaired, with {@code how} appended to the detail. */
    Problem repairedBy(String how) {
        return new Problem(kind, tenant, key, root, detail + "; " + how, true);
    }

    /** Returns a copy with {@code why} appended to the detail, still unrepaired. */
    Problem notRepaired(String why) {
        return new Problem(kind, tenant, key, root, detail + "; not repaired: " + why, false);
    }

    @Override
    public String toString() {
        return kind + " " + key + " (tenant " + tenant + ", reached from " + root + "): " + detail
                + (repaired ? " [repaired]" : "");
    }
}
