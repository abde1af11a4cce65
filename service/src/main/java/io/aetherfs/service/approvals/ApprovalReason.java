package io.aetherfs.service.approvals;

/** Why an approval is asked for (spec §7, APPROVAL_REASON_*); three of them gate a built-in action (§8.8). */
public enum ApprovalReason {
    /** Gates commit. */
    COMMIT_TO_MAIN,
    /** Gates promoteSession. */
    PROMOTE_SOURCE,
    /** Gates DELETE of the session. */
    DESTRUCTIVE_CLEANUP,
    /** Advisory: never consumed by a built-in action. */
    HIGH_IMPACT_CHANGE,
    /** Advisory: never consumed by a built-in action. */
    OTHER;

    /** Returns the wire name ({@code APPROVAL_REASON_COMMIT_TO_MAIN}). */
    public String wireName() {
        return "APPROVAL_REASON_" + name();
    }
}
