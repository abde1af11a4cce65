package io.aetherfs.core.engine;

import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyRange;

/**
 * The metadata keyspace as the maintenance tools that read the store directly see it (garbage
 * collection and fsck, {@code core/gc}): where a tenant's live roots are (session records with their
 * unfolded logs and content references, the checkpoints, commits and merge bases of every session, and source
 * revisions and uploads), where its
 * content-addressed objects are (tree nodes, inline extents, canonical-hash memos, each value stamped
 * with its write time, see {@link Stamped}) and where the idempotency records that expire are. It
 * names ranges to scan and the keys of objects, nothing to write records with: services store records
 * through {@link Records}.
 */
public final class StoredLayout {
    private StoredLayout() {}

    /** Returns the range of every session record of a tenant (JSON {@code Session}). */
    public static KeyRange sessions() {
        return RecordLayout.SESSIONS.everyRecord();
    }

    /** Returns the range of every checkpoint record of every session (JSON {@code Checkpoint}). */
    public static KeyRange checkpoints() {
        return RecordLayout.CHECKPOINTS.everyRecord();
    }

    /** Returns the range of every commit record of every session (JSON {@code Commit}). */
    public static KeyRange commits() {
        return RecordLayout.COMMITS.everyRecord();
    }

    /** Returns the range of every merge base of every session (the 32 bytes of a tree root's hash). */
    public static KeyRange mergeBases() {
        return RecordLayout.MERGE_BASES.everyRecord();
    }

    /** Returns the range of a session's content references (JSON {@code Content}, {@link EngineRecords#CONTENT_REFS}). */
    public static KeyRange contentRefs(SessionId session) {
        return RecordLayout.CONTENT_REFS.all(session);
    }

    /** Returns the range of every source revision of a tenant (JSON with its tree {@code root}). */
    public static KeyRange revisions() {
        return RecordLayout.SOURCE_REVISIONS.everyRecord();
    }

    /** Returns the range of every source upload of a tenant (JSON with the archive's {@code content}). */
    public static KeyRange uploads() {
        return RecordLayout.SOURCE_UPLOADS.everyRecord();
    }

    /** Returns the range of every idempotency record of a tenant (JSON with {@code expiresAt}). */
    public static KeyRange idempotencyRecords() {
        return RecordLayout.IDEMPOTENCY.everyRecord();
    }

    /** Returns the range of a session's log rows (JSON {@code TreeOp}) with sequence in [from, to]. */
    public static KeyRange log(SessionId session, long from, long to) {
        return KeySpace.wal(session, from, to);
    }

    /** Returns the key of a session's log row {@code seq}; the sequence is the key's last 16 hex digits. */
    public static String logRow(SessionId session, long seq) {
        return KeySpace.wal(session, seq);
    }

    /** Returns the range of every stored tree node. */
    public static KeyRange nodes() {
        return KeySpace.nodes();
    }

    public static String node(Hash id) {
        return KeySpace.node(id);
    }

    /** Returns the range of every inline extent. */
    public static KeyRange inlineExtents() {
        return KeySpace.inlineExtents();
    }

    public static String inlineExtent(Hash id) {
        return KeySpace.inlineExtent(id);
    }

    /** Returns the range of every canonical-hash memo. */
    public static KeyRange canonicalMemos() {
        return KeySpace.canonicalMemos();
    }

    /** Returns the hash named by the last 64 characters of a node, extent or memo key. */
    public static Hash hashOf(String key) {
        return KeySpace.hashOf(key);
    }
}
