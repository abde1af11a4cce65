package io.aetherfs.core.spi;

import io.aetherfs.core.model.TenantId;
import java.time.Instant;

/**
 * One unfinished job of a {@link JobQueue}, as the queue last stored it: what to do ({@code kind}, the
 * {@code subject} it acts on, an opaque {@code payload}) for which tenant, and its lease state.
 *
 * <p>{@code dueAt} is when the job may next be claimed: its not-before time while it is free, the end of
 * its lease while it is claimed. {@code attempts} counts the claims so far. {@code owner} is the claimer
 * named in the last claim, or null when the job is free. A job returned by {@link JobQueue#claim} is
 * also the claim itself: its (id, owner, attempts) is the fencing token that {@link JobQueue#renew},
 * {@link JobQueue#complete} and {@link JobQueue#retryLater} check, so a claimer whose lease ran out and
 * whose job was claimed again cannot touch it any more. The payload array belongs to the caller.
 */
public record Job(
        JobId id,
        TenantId tenant,
        String kind,
        String subject,
        byte[] payload,
        Instant createdAt,
        Instant dueAt,
        int attempts,
        String owner,
        String lastError) {

    /** Returns whether this job is claimed (by {@link #owner()}) as of its snapshot. */
    public boolean claimed() {
        return owner != null;
    }

    @Override
    public String toString() {
        return kind + " " + subject + " (" + id + ", tenant " + tenant + ", attempt " + attempts + ")";
    }
}
