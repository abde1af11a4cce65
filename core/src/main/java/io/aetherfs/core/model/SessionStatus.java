package io.aetherfs.core.model;

/** The lifecycle status of a session (spec §7, §8.1). */
public enum SessionStatus {
    ACTIVE,
    ARCHIVING,
    ARCHIVED,
    HYDRATING,
    PENDING_REVIEW,
    CONFLICT,
    PENDING_APPROVAL;

    /** Returns whether the session's tree may be read (manifest, files, diff, export, fork source). */
    public boolean treeReadable() {
        return this != ARCHIVED && this != HYDRATING;
    }

    /** Returns whether metadata writes (PATCH, checkpoints, annotations, …) are allowed. */
    public boolean metadataWritable() {
        return this == ACTIVE || this == PENDING_REVIEW || this == PENDING_APPROVAL || this == CONFLICT;
    }

    /** Returns whether the session may be deleted. */
    public boolean deletable() {
        return this == ACTIVE || this == PENDING_REVIEW || this == CONFLICT || this == ARCHIVED;
    }
}
