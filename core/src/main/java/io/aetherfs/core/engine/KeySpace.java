package io.aetherfs.core.engine;

import io.aetherfs.core.model.CheckpointId;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyRange;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The layout of the metadata keyspace, in one place. Every key lives in a tenant's space. Values are
 * JSON records unless noted; stored objects carry an 8-byte big-endian write time (millis) first so
 * garbage collection can honour its grace period.
 *
 * <pre>
 * s/{session}                 session record
 * e/{session}/{seq:016x}      event (gapless sequence per session)
 * w/{session}/{seq:016x}      write-ahead log op not yet folded into the stored root
 * c/{session}/{checkpoint}    checkpoint
 * cn/{session}/{sha256(name)} checkpoint name → checkpoint id (names are unique per session)
 * m/{session}/{commit}        commit record
 * mb/{target}/{source}        merge base: the source tree root of the last merge of that pair
 * pl/{session}/{sha256(path)} POSIX and flock locks of one path
 * b/{session}/{seq:016x}      bus message (binary, see service/bus/BusCodec); the last N per session
 * bh/{session}                bus head: the session's last bus sequence (8 bytes)
 * n/{sha256}                  tree node (chunk 'C', tree root 'T', commit object 'K'): time + encoding
 * x/{sha256}                  inline content extent (≤ 16 KiB): time + bytes
 * cv/{sha256}                 canonical directory hash memo, keyed by (chunk id, mode, xattr digest)
 * ik/{sha256}                 idempotency record of (principal, route, key): JSON with expiresAt
 * quarantine/{original key}   corrupt values moved aside by {@code afs-server fsck --repair};
 *                             quarantine/blob/{sha256} holds the bytes of a corrupt blob
 * ttl/{expiresAt:013d}/{session} sessions due for expiry (empty value)
 * pt/{session}                the session is ARCHIVING or HYDRATING: the kind of the job that finishes it
 * r/{session}/{kind}/{id}     records of kinds added since (RecordLayout.perSession), deleted with the session
 * t/{kind}/{id}               records of kinds added since that belong to no session (RecordLayout.perTenant)
 * meta/inode                  next unallocated inode number (8 bytes)
 * meta/sessions               number of sessions of the tenant (8 bytes)
 * </pre>
 */
final class KeySpace {
    private KeySpace() {}

    static String session(SessionId id) {
        return "s/" + id.value();
    }

    static KeyRange sessions() {
        return KeyRange.prefix("s/");
    }

    static String event(SessionId id, long seq) {
        return "e/" + id.value() + "/" + hex16(seq);
    }

    static KeyRange events(SessionId id) {
        return KeyRange.prefix("e/" + id.value() + "/");
    }

    static String wal(SessionId id, long seq) {
        return "w/" + id.value() + "/" + hex16(seq);
    }

    /** Returns the range of log ops with sequence in [from, to]. */
    static KeyRange wal(SessionId id, long from, long to) {
        return KeyRange.of(wal(id, from), wal(id, to) + "\u007f");
    }

    static String checkpoint(SessionId id, CheckpointId ckpt) {
        return "c/" + id.value() + "/" + ckpt.value();
    }

    static KeyRange checkpoints(SessionId id) {
        return KeyRange.prefix("c/" + id.value() + "/");
    }

    static String checkpointName(SessionId id, String name) {
        return "cn/" + id.value() + "/"
                + Hash.of(name.getBytes(StandardCharsets.UTF_8)).hex();
    }

    static String commit(SessionId id, CommitId commit) {
        return "m/" + id.value() + "/" + commit.value();
    }

    static KeyRange commits(SessionId id) {
        return KeyRange.prefix("m/" + id.value() + "/");
    }

    static String mergeBase(SessionId target, SessionId source) {
        return "mb/" + target.value() + "/" + source.value();
    }

    static String posixLocks(SessionId id, String path) {
        return "pl/" + id.value() + "/"
                + Hash.of(path.getBytes(StandardCharsets.UTF_8)).hex();
    }

    static KeyRange posixLocks(SessionId id) {
        return KeyRange.prefix("pl/" + id.value() + "/");
    }

    static String busMessage(SessionId id, long seq) {
        return "b/" + id.value() + "/" + hex16(seq);
    }

    /** Returns the range of bus messages with sequence in [from, to). */
    static KeyRange busMessages(SessionId id, long from, long to) {
        return KeyRange.of(busMessage(id, from), busMessage(id, to));
    }

    static String busHead(SessionId id) {
        return "bh/" + id.value();
    }

    /** Returns the bus heads of every session of a tenant. */
    static KeyRange busHeads() {
        return KeyRange.prefix("bh/");
    }

    /** Returns the session of a bus head key. */
    static SessionId sessionOfBusHead(String key) {
        return new SessionId(key.substring("bh/".length()));
    }

    static String node(Hash id) {
        return "n/" + id.hex();
    }

    static KeyRange nodes() {
        return KeyRange.prefix("n/");
    }

    static String inlineExtent(Hash id) {
        return "x/" + id.hex();
    }

    static KeyRange inlineExtents() {
        return KeyRange.prefix("x/");
    }

    static String canonicalMemo(Hash key) {
        return "cv/" + key.hex();
    }

    static KeyRange canonicalMemos() {
        return KeyRange.prefix("cv/");
    }

    static String idempotency(Hash key) {
        return "ik/" + key.hex();
    }

    static KeyRange idempotencyRecords() {
        return KeyRange.prefix("ik/");
    }

    /**
     * Returns whether the key names a value that never changes once written (content-addressed tree
     * nodes, inline extents, canonical-hash memos): reading it needs no cross-node validation.
     */
    static boolean isImmutable(String key) {
        return key.startsWith("n/") || key.startsWith("x/") || key.startsWith("cv/");
    }

    static final String INODE_COUNTER = "meta/inode";
    static final String SESSION_COUNT = "meta/sessions";

    static String expiry(java.time.Instant at, SessionId id) {
        String ms = Long.toString(Math.max(0, at.toEpochMilli()));
        return "ttl/" + "0000000000000".substring(Math.min(13, ms.length())) + ms + "/" + id.value();
    }

    /** Returns the expiry index entries due at or before {@code now}. */
    static KeyRange expiredBy(java.time.Instant now) {
        return KeyRange.of("ttl/", expiry(now.plusMillis(1), new SessionId("sess_00000000000000000000000000")));
    }

    /**
     * Returns the marker of a session in a transitional status (ARCHIVING, HYDRATING), written and removed
     * with the status itself, so a sweep finds every transition whose job may have been lost.
     */
    static String pendingTransition(SessionId id) {
        return "pt/" + id.value();
    }

    /** Returns the markers of every session of a tenant that is in a transitional status. */
    static KeyRange pendingTransitions() {
        return KeyRange.prefix("pt/");
    }

    /** Returns the session of a {@link #pendingTransition} key. */
    static SessionId sessionOfPendingTransition(String key) {
        return new SessionId(key.substring("pt/".length()));
    }

    /** Returns every key range that belongs to one session and goes when it is deleted. */
    static List<KeyRange> ownedBy(SessionId id) {
        String v = id.value();
        return List.of(
                KeyRange.prefix("e/" + v + "/"),
                KeyRange.prefix("w/" + v + "/"),
                KeyRange.prefix("c/" + v + "/"),
                KeyRange.prefix("cn/" + v + "/"),
                KeyRange.prefix("m/" + v + "/"),
                KeyRange.prefix("mb/" + v + "/"),
                KeyRange.prefix("pl/" + v + "/"),
                KeyRange.prefix("b/" + v + "/"),
                KeyRange.prefix(busHead(id)), // ids have a fixed length, so this prefix is the one key
                KeyRange.prefix(pendingTransition(id)),
                RecordLayout.newKindsOf(id));
    }

    /** Returns the hash named by the last 64 characters of a node, extent or memo key. */
    static Hash hashOf(String key) {
        return Hash.parse(key.substring(key.length() - 64));
    }

    static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0000000000000000".substring(h.length()) + h;
    }
}
