package io.aetherfs.service.collab;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.LockId;
import java.time.Instant;

/**
 * A collaboration lock on a path of a session (spec §6.8 FileLock), as stored: the token only as its
 * digest, which never leaves the service layer. A lock on a directory covers everything below it; an
 * expired lock ({@code expiresAt} passed) is ignored at once and removed by the {@link LockSweeper}.
 */
public record FileLock(
        LockId id,
        FsPath path,
        String tokenDigest,
        String owner,
        String reason,
        Instant acquiredAt,
        Instant expiresAt) {

    /** Returns whether the lock is still held at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** Returns whether this lock and a lock on {@code other} would cover a common path. */
    boolean overlaps(FsPath other) {
        return other.startsWith(path) || path.startsWith(other);
    }

    /** Returns whether {@code token} is this lock's. */
    boolean heldWith(LockToken token) {
        return token != null && token.matches(tokenDigest);
    }

    /** Returns a copy that expires at {@code at}. */
    FileLock expiringAt(Instant at) {
        return new FileLock(id, path, tokenDigest, owner, reason, acquiredAt, at);
    }
}
