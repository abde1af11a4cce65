package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.RecordCodec;
import io.aetherfs.core.engine.RecordEvent;
import io.aetherfs.core.engine.RecordLayout;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.util.Json;
import io.aetherfs.service.locks.PosixLock;
import io.aetherfs.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POSIX byte-range locks and flock (spec §8.9). */
class LocksTest {
    private final Fixture f = new Fixture();
    private final SessionId id = f.newSession();
    private final FsPath path = FsPath.parse("db.sqlite");
    private final Duration lease = Duration.ofSeconds(60);

    @AfterEach
    void close() {
        f.close();
    }

    /** The stored lock tables as raw bytes by key part, to check the layout existing data depends on. */
    private static final RecordType<String, byte[]> RAW_TABLES = RecordType.<String, byte[]>builder(
                    "raw lock table", RecordLayout.POSIX_LOCKS)
            .idPart(part -> part)
            .codec(new RecordCodec<>() {
                @Override
                public byte[] encode(byte[] value) {
                    return value;
                }

                @Override
                public byte[] decode(SessionId session, String idPart, byte[] value) {
                    return value;
                }
            })
            .events(RecordEvent.Rule.none())
            .build();

    @Test
    void lockTable_isOneJsonListUnderTheHashOfItsPath_deletedWhenEmpty() {
        var locks = f.services.posixLocks();
        PosixLock lock = locks.set(f.alice, id, path, "w1", 10, PosixLock.Kind.WRITE, 0, 100, lease);
        var tables = f.engine.records(Fixture.TENANT).of(RAW_TABLES, id);
        String part = Hash.of("db.sqlite".getBytes(StandardCharsets.UTF_8)).hex();
        assertThat(tables.get(part)).hasValueSatisfying(v -> assertThat(v).isEqualTo(Json.write(List.of(lock))));

        locks.set(f.alice, id, path, "w1", 10, PosixLock.Kind.UNLOCK, 0, 0, lease);
        assertThat(tables.get(part)).isEmpty();
    }

    @Test
    void writeLock_conflictsWithOtherOwners_notWithItsOwnerOrDisjointRanges() {
        var locks = f.services.posixLocks();
        locks.set(f.alice, id, path, "w1", 10, PosixLock.Kind.WRITE, 0, 100, lease);
        reason(Reason.LOCK_CONFLICT, () -> locks.set(f.alice, id, path, "w2", 20, PosixLock.Kind.READ, 50, 10, lease));
        locks.set(f.alice, id, path, "w2", 20, PosixLock.Kind.WRITE, 100, 0, lease); // [100, EOF) is free
        assertThat(locks.get(f.alice, id, path, "w2", 20, PosixLock.Kind.READ, 99, 1))
                .get()
                .extracting(PosixLock::ownerId)
                .isEqualTo("w1");
        assertThat(locks.get(f.alice, id, path, "w1", 10, PosixLock.Kind.WRITE, 0, 100))
                .isEmpty();
        // unlocking the middle of a range splits it
        locks.set(f.alice, id, path, "w1", 10, PosixLock.Kind.UNLOCK, 40, 20, lease);
        assertThat(locks.get(f.alice, id, path, "w3", 30, PosixLock.Kind.WRITE, 45, 5))
                .isEmpty();
        assertThat(locks.get(f.alice, id, path, "w3", 30, PosixLock.Kind.WRITE, 35, 10))
                .isPresent();
    }

    @Test
    void readLocks_share_andBlockingWaitSucceedsWhenReleased_orTimesOut() throws Exception {
        var locks = f.services.posixLocks();
        locks.set(f.alice, id, path, "r1", 1, PosixLock.Kind.READ, 0, 0, lease);
        locks.set(f.alice, id, path, "r2", 2, PosixLock.Kind.READ, 0, 0, lease);
        code(
                ErrorCode.DEADLINE_EXCEEDED,
                () -> locks.setBlocking(f.alice, id, path, "w", 3, PosixLock.Kind.WRITE, 0, 0, lease, 200));
        CompletableFuture<PosixLock> waiter = new CompletableFuture<>();
        Thread waiting = Thread.ofPlatform().start(() -> {
            try {
                waiter.complete(
                        locks.setBlocking(f.alice, id, path, "w", 3, PosixLock.Kind.WRITE, 0, 0, lease, 10_000));
            } catch (RuntimeException e) {
                waiter.completeExceptionally(e);
            }
        });
        // a failed attempt parks the waiter in a timed wait until the locks change or its poll comes round
        Await.until(
                Duration.ofSeconds(10),
                "the writer waiting for the read locks",
                () -> waiting.getState() == Thread.State.TIMED_WAITING,
                waiting::getState);
        assertThat(waiter).isNotDone();
        locks.set(f.alice, id, path, "r1", 1, PosixLock.Kind.UNLOCK, 0, 0, lease);
        locks.set(f.alice, id, path, "r2", 2, PosixLock.Kind.UNLOCK, 0, 0, lease);
        assertThat(waiter.get(5, TimeUnit.SECONDS).ownerId()).isEqualTo("w");
    }

    @Test
    void flock_exclusiveExcludesOthers_sharedShares_andFunlockReleases() {
        var locks = f.services.posixLocks();
        locks.flock(f.alice, id, path, "a", 1, false, true);
        locks.flock(f.alice, id, path, "b", 2, false, true);
        reason(Reason.LOCK_CONFLICT, () -> locks.flock(f.alice, id, path, "c", 3, true, true));
        locks.funlock(f.alice, id, path, "a", 1);
        locks.funlock(f.alice, id, path, "b", 2);
        locks.flock(f.alice, id, path, "c", 3, true, true);
        reason(Reason.LOCK_CONFLICT, () -> locks.flock(f.alice, id, path, "a", 1, false, true));
        // POSIX locks and flocks are independent
        locks.set(f.alice, id, path, "a", 1, PosixLock.Kind.WRITE, 0, 0, lease);
    }
}
