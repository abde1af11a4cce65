package io.aetherfs.service.collab;

import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.model.LockId;
import io.aetherfs.core.model.SessionId;
import java.time.Instant;

/**
 * The stored kinds of collaboration locks: the locks of each session and the tenant's index of their
 * expiry times, which the {@link LockSweeper} reads. A lock's events say why it changed (released, force
 * released, expired, bypassed), which a before/after rule cannot tell, so {@link LockTable} appends them
 * in the same change and the kinds record none themselves.
 */
final class LockRecords {
    private LockRecords() {}

    /** The locks of a session by id ({@code r/{session}/lock/{lockId}}, JSON). */
    static final RecordType<LockId, FileLock> LOCKS = RecordType.<LockId, FileLock>builder(
                    "lock", RecordLayout.perSession("lock"))
            .idPart(LockId::value)
            .idOf(FileLock::id)
            .json(FileLock.class)
            .events(RecordEvent.Rule.none())
            .build();

    /** An entry of the expiry index: lock {@code lock} of {@code session} expires at {@code at}. */
    record Expiry(Instant at, SessionId session, LockId lock) {}

    /** The expiry index in order of time ({@code t/lock-expiry/{at:013d}/{session}/{lockId}}, empty values). */
    static final RecordType<Expiry, Expiry> EXPIRY = RecordType.<Expiry, Expiry>builder(
                    "lock expiry entry", RecordLayout.perTenant("lock-expiry"))
            .idPart(e -> {
                String ms = Long.toString(Math.max(0, e.at().toEpochMilli()));
                return "0".repeat(Math.max(0, 13 - ms.length())) + ms + "/"
                        + e.session().value() + "/" + e.lock().value();
            })
            .idOf(e -> e)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(Expiry e) {
                    return new byte[0];
                }

                @Override
                public Expiry decode(SessionId none, String idPart, byte[] value) {
                    String[] parts = idPart.split("/", 3);
                    return new Expiry(
                            Instant.ofEpochMilli(Long.parseLong(parts[0])),
                            new SessionId(parts[1]),
                            new LockId(parts[2]));
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    /** Returns the index entry of a lock. */
    static Expiry expiryOf(SessionId session, FileLock lock) {
        return new Expiry(lock.expiresAt(), session, lock.id());
    }

    /** Returns the first index entry after every entry due at or before {@code now}: a listing's end. */
    static Expiry dueAfter(Instant now) {
        return new Expiry(
                Instant.ofEpochMilli(now.toEpochMilli() + 1),
                new SessionId("sess_00000000000000000000000000"),
                new LockId("lock_00000000000000000000000000"));
    }
}
