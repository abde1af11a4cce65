package io.aetherfs.service.approvals;

/**
 * Where an approval is in its life (spec §7, APPROVAL_STATE_*): PENDING until granted, denied or
 * cancelled; a GRANTED one ends CONSUMED by the action it covers, or STALE when the session's tree
 * changed first.
 */
public enum ApprovalState {
    PENDING,
    GRANTED,
    DENIED,
    CONSUMED,
    STALE,
    CANCELLED;

    /** Returns the wire name ({@code APPROVAL_STATE_PENDING}). */
    public String wireName() {
        return "APPROVAL_STATE_" + name();
    }
}
