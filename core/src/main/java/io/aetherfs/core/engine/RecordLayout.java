package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyRange;
import java.util.regex.Pattern;

/**
 * Where the records of one kind live in a tenant's keyspace: under a session (deleted with it) or
 * beside the sessions. The engine's own kinds keep the layouts listed in {@link KeySpace}; a new kind
 * names itself and gets {@code r/{session}/{kind}/{id}} or {@code t/{kind}/{id}}, so adding one needs no
 * change here and a session's deletion still takes its records along.
 */
public final class RecordLayout {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final RecordLayout CHECKPOINTS = legacySession("c");
    public static final RecordLayout CHECKPOINT_NAMES = legacySession("cn");
    public static final RecordLayout COMMITS = legacySession("m");
    public static final RecordLayout MERGE_BASES = legacySession("mb");
    public static final RecordLayout POSIX_LOCKS = legacySession("pl");
    public static final RecordLayout BUS_MESSAGES = legacySession("b");
    public static final RecordLayout BUS_HEADS = legacyTenant("bh");
    public static final RecordLayout PENDING_TRANSITIONS = legacyTenant("pt");
    public static final RecordLayout EXPIRY = legacyTenant("ttl");
    public static final RecordLayout COUNTERS = legacyTenant("meta");
    public static final RecordLayout IDEMPOTENCY = legacyTenant("ik");
    /** Content a session's records keep outside its tree, by name ({@link EngineRecords#CONTENT_REFS}). */
    public static final RecordLayout CONTENT_REFS = perSession("content-ref");
    /** Source revisions ({@code t/revision/{source}/{revision}}): JSON with the tree {@code root}, a live root. */
    public static final RecordLayout SOURCE_REVISIONS = perTenant("revision");
    /** Source uploads ({@code t/upload/{source}/{upload}}): JSON with the archive {@code content}, live until removed. */
    public static final RecordLayout SOURCE_UPLOADS = perTenant("upload");
    /** Written only by the engine (through {@link ChangeContext#createSession} and friends). */
    static final RecordLayout SESSIONS = legacyTenant("s");
    /** Appended only by the engine (through {@link ChangeContext#appendEvent} and record events). */
    static final RecordLayout EVENTS = legacySession("e");

    private final String prefix;
    private final boolean perSession;
    private final String kind;

    private RecordLayout(String prefix, boolean perSession, String kind) {
        this.prefix = prefix;
        this.perSession = perSession;
        this.kind = kind;
    }

    private static RecordLayout legacySession(String prefix) {
        return new RecordLayout(prefix, true, null);
    }

    private static RecordLayout legacyTenant(String prefix) {
        return new RecordLayout(prefix, false, null);
    }

    /** Returns the layout of a new kind of per-session records ({@code kind}: lower case, digits, dashes). */
    public static RecordLayout perSession(String kind) {
        return new RecordLayout("r", true, checkKind(kind));
    }

    /** Returns the layout of a new kind of per-tenant records. */
    public static RecordLayout perTenant(String kind) {
        return new RecordLayout("t", false, checkKind(kind));
    }

    private static String checkKind(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("record kind must match " + KIND + ": " + kind);
        }
        return kind;
    }

    /** Returns whether records of this layout belong to one session. */
    public boolean perSession() {
        return perSession;
    }

    /** Returns the key of the record whose id encodes as {@code idPart}. */
    String key(SessionId session, String idPart) {
        return base(session) + idPart;
    }

    /** Returns the range of every record of this layout (of one session when per session). */
    KeyRange all(SessionId session) {
        return KeyRange.prefix(base(session));
    }

    /** Returns the id part of a key of this layout. */
    String idPart(SessionId session, String key) {
        return key.substring(base(session).length());
    }

    private String base(SessionId session) {
        if (perSession != (session != null)) {
            throw new IllegalArgumentException(
                    perSession
                            ? "records of this kind belong to a session"
                            : "records of this kind belong to no session");
        }
        StringBuilder b = new StringBuilder(prefix).append('/');
        if (perSession) {
            b.append(session.value()).append('/');
        }
        if (kind != null) {
            b.append(kind).append('/');
        }
        return b.toString();
    }

    /**
     * Returns the range of every record of this layout in a tenant, whichever session it belongs to (for
     * {@link StoredLayout}); records of new per-session kinds lie apart under each session and have none.
     */
    KeyRange everyRecord() {
        if (perSession && kind != null) {
            throw new IllegalStateException("records of a new per-session kind lie under each session's r/ range");
        }
        return KeyRange.prefix(prefix + "/" + (kind == null ? "" : kind + "/"));
    }

    /** Returns the range of every new-kind record of a session ({@code r/{session}/}). */
    static KeyRange newKindsOf(SessionId session) {
        return KeyRange.prefix("r/" + session.value() + "/");
    }
}
