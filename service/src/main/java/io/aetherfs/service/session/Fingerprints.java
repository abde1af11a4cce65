package io.aetherfs.service.session;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;

/**
 * Current fingerprints of sessions: the stored one when the log is fully folded, else computed from
 * the working tree (which reuses the memoized hashes of every unchanged directory).
 */
public final class Fingerprints {
    /** The length of a fingerprint: the first 40 hex characters of the root's tree hash (spec §6.1). */
    public static final int LENGTH = 40;

    private final Engine engine;

    public Fingerprints(Engine engine) {
        this.engine = engine;
    }

    /** Returns the view of a committed state. */
    public SessionView view(TenantId tenant, SessionState s) {
        return new SessionView(s.session(), of(tenant, s));
    }

    /** Returns the view of a record, loading its working tree only when its log is not folded. */
    public SessionView view(TenantId tenant, Session s) {
        if (s.head().walSeq() == s.head().rootWal() && s.head().rootFingerprint() != null) {
            return new SessionView(s, s.head().rootFingerprint());
        }
        return engine.find(tenant, s.id())
                .map(st -> view(tenant, st))
                .orElse(new SessionView(s, s.head().rootFingerprint()));
    }

    /** Returns the fingerprint of a committed state's working tree. */
    public String of(TenantId tenant, SessionState s) {
        if (!s.hasUnflushedOps() && s.session().head().rootFingerprint() != null) {
            return s.session().head().rootFingerprint();
        }
        return engine.canonical(tenant).fingerprint(s.tree());
    }

    /**
     * Computes a session's fingerprint outside the committer so the hashes of its changed directories
     * are memoized before a change (fork, checkpoint, commit) needs them on the committer thread.
     */
    public void warm(TenantId tenant, SessionId id) {
        engine.find(tenant, id).ifPresent(s -> of(tenant, s));
    }

    /**
     * Checks an {@code expectedFingerprint} of a request: absent (null or "") or 40 lowercase hex
     * characters; anything else is INVALID_ARGUMENT, since no session could ever have it and
     * STALE_FINGERPRINT would send the client to re-read a state that was never the problem.
     */
    public static void checkExpected(String expected) {
        if (expected == null || expected.isEmpty()) {
            return;
        }
        boolean hex = expected.length() == LENGTH
                && expected.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
        if (!hex) {
            throw AfsException.invalid(
                    "expectedFingerprint must be a session fingerprint: " + LENGTH + " lowercase hex characters");
        }
    }
}
