package io.aetherfs.core.engine;

import io.aetherfs.core.model.SessionId;

/**
 * What the engine tells, inside the change itself, about a session whose working tree a change moved
 * away from the fingerprint its record guards ({@code Session.Lifecycle.approvedFingerprint}): the
 * service that set the guard (approvals) reacts in the same change, so the reaction is atomic with the
 * mutation that caused it. Only sessions with a guard are looked at, and only their fingerprint is
 * computed; every other write pays a single null check.
 */
@FunctionalInterface
public interface FingerprintWatch {
    /** The watch of an engine nobody registered one with: guards are kept but nothing reacts. */
    FingerprintWatch NONE = (ctx, session, guarded, current) -> {};

    /**
     * Called once per change and session, after the change's own work and before its effects join the
     * batch, when the session's fingerprint is now {@code current} and its record guards {@code guarded}
     * (they differ). It may read and write through {@code ctx} like the change did; what it throws fails
     * the change.
     */
    void moved(ChangeContext ctx, SessionId session, String guarded, String current);
}
