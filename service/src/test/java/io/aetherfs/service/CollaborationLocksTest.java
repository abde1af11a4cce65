package io.aetherfs.service;

import static io.aetherfs.service.Errors.code;
import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.FileLock;
import io.aetherfs.service.collab.FileLocks;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.page.PageRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Collaboration locks (spec §8.9, §9.3): leases, tokens, listing, force-unlock and their events. */
class CollaborationLocksTest {
    private final Fixture f = new Fixture();
    private final SessionId id = f.newSession();
    private final FileLocks locks = f.services.fileLocks();
    private final Caller writer = new Caller(
            Fixture.TENANT, "carol", EnumSet.complementOf(EnumSet.of(Scope.ADMIN, Scope.CLUSTER_ADMIN)), "test", "1");

    @AfterEach
    void close() {
        f.close();
    }

    private static FsPath p(String s) {
        return FsPath.parse(s);
    }

    private List<Event> events() {
        return f.services
                .events()
                .list(f.alice, id, new EventQuery(null, null, null, 0, null), new PageRequest(1000, ""))
                .items();
    }

    private List<EventType> lockEvents() {
        return events().stream()
                .map(Event::type)
                .filter(t -> t.name().startsWith("LOCK_"))
                .toList();
    }

    @Test
    void lock_returnsAnUnguessableTokenOnce_defaultsTo60s_andRecordsLockAcquired() {
        FileLocks.Acquired a = locks.lock(f.alice, id, p("src/a.go"), 0, "editing");
        FileLocks.Acquired b = locks.lock(f.alice, id, p("src/b.go"), 0, null);

        assertThat(a.token().value())
                .startsWith("lkt_")
                .hasSizeGreaterThan(40)
                .isNotEqualTo(b.token().value());
        assertThat(a.token().toString()).doesNotContain(a.token().value());
        assertThat(a.lock().tokenDigest()).isNotEqualTo(a.token().value());
        assertThat(a.lock().owner()).isEqualTo("alice");
        assertThat(a.lock().reason()).isEqualTo("editing");
        assertThat(Duration.between(a.lock().acquiredAt(), a.lock().expiresAt()))
                .isEqualTo(Duration.ofSeconds(60));
        Event acquired = events().stream()
                .filter(e -> e.type() == EventType.LOCK_ACQUIRED)
                .findFirst()
                .orElseThrow();
        assertThat(acquired.path()).isEqualTo("src/a.go");
        assertThat(acquired.details())
                .containsEntry("lockId", a.lock().id().value())
                .containsEntry("owner", "alice");
        assertThat(acquired.details().toString()).doesNotContain(a.token().value());
    }

    @Test
    void lock_ttlOutsideOneToAnHour_isInvalid() {
        code(ErrorCode.INVALID_ARGUMENT, () -> locks.lock(f.alice, id, p("a"), -1, null));
        code(ErrorCode.INVALID_ARGUMENT, () -> locks.lock(f.alice, id, p("a"), 3601, null));
        assertThat(locks.lock(f.alice, id, p("a"), 3600, null).lock().expiresAt())
                .isEqualTo(f.clock.instant().plusSeconds(3600));
    }

    @Test
    void lock_overlappingAnotherLock_isPathLocked_whileSiblingsAreFree() {
        FileLock dir = locks.lock(f.alice, id, p("src"), 60, null).lock();
        var e = reason(Reason.PATH_LOCKED, () -> locks.lock(f.bob, id, p("src/a.go"), 60, null));
        assertThat(e.metadata())
                .containsEntry("path", "src")
                .containsEntry("lockId", dir.id().value())
                .containsEntry("owner", "alice")
                .containsEntry("expiresAt", dir.expiresAt().toString());
        reason(Reason.PATH_LOCKED, () -> locks.lock(f.alice, id, p("src"), 60, null));
        reason(Reason.PATH_LOCKED, () -> locks.lock(f.bob, id, p(""), 60, null)); // the root contains src
        locks.lock(f.bob, id, p("srcx/a.go"), 60, null);
        locks.lock(f.bob, id, p("docs"), 60, null);
    }

    @Test
    void unlockAndRenew_needTheToken() {
        FileLocks.Acquired a = locks.lock(f.alice, id, p("a.txt"), 60, null);
        FileLocks.Acquired other = locks.lock(f.bob, id, p("b.txt"), 60, null);

        var e = reason(Reason.LOCK_TOKEN_MISMATCH, () -> locks.unlock(f.bob, id, p("a.txt"), other.token()));
        assertThat(e.metadata()).containsEntry("path", "a.txt");
        assertThat(e.getMessage()).doesNotContain(other.token().value());
        reason(Reason.LOCK_TOKEN_MISMATCH, () -> locks.renew(f.bob, id, p("a.txt"), other.token(), 60));
        code(ErrorCode.INVALID_ARGUMENT, () -> locks.unlock(f.alice, id, p("a.txt"), null));
        code(ErrorCode.NOT_FOUND, () -> locks.unlock(f.alice, id, p("c.txt"), a.token()));

        f.clock.advance(Duration.ofSeconds(30));
        FileLock renewed = locks.renew(f.alice, id, p("a.txt"), a.token(), 120);
        assertThat(renewed.expiresAt()).isEqualTo(f.clock.instant().plusSeconds(120));
        assertThat(renewed.id()).isEqualTo(a.lock().id());

        locks.unlock(f.alice, id, p("a.txt"), a.token());
        assertThat(lockEvents())
                .containsExactly(
                        EventType.LOCK_ACQUIRED,
                        EventType.LOCK_ACQUIRED,
                        EventType.LOCK_RENEWED,
                        EventType.LOCK_RELEASED);
        code(ErrorCode.NOT_FOUND, () -> locks.unlock(f.alice, id, p("a.txt"), a.token()));
        locks.lock(f.bob, id, p("a.txt"), 60, null); // free again
    }

    @Test
    void renew_ofAnExpiredLock_isNotFound_evenBeforeTheSweeperRemovedIt() {
        FileLocks.Acquired a = locks.lock(f.alice, id, p("a.txt"), 10, null);
        f.clock.advance(Duration.ofSeconds(10));
        code(ErrorCode.NOT_FOUND, () -> locks.renew(f.alice, id, p("a.txt"), a.token(), 60));
        code(ErrorCode.NOT_FOUND, () -> locks.unlock(f.alice, id, p("a.txt"), a.token()));
        locks.lock(f.bob, id, p("a.txt"), 60, null); // an expired lock holds nothing
    }

    @Test
    void list_showsLiveLocksUnderThePrefix_inPathOrder_withPages() {
        locks.lock(f.alice, id, p("src/b"), 60, null);
        locks.lock(f.alice, id, p("src/a"), 60, null);
        locks.lock(f.alice, id, p("docs"), 60, null);
        locks.lock(f.alice, id, p("src/c"), 5, null);
        f.clock.advance(Duration.ofSeconds(5)); // src/c expired

        var first = locks.list(f.alice, id, p("src"), new PageRequest(1, ""));
        assertThat(first.items()).extracting(l -> l.path().value()).containsExactly("src/a");
        var second = locks.list(f.alice, id, p("src"), new PageRequest(1, first.nextPageToken()));
        assertThat(second.items()).extracting(l -> l.path().value()).containsExactly("src/b");
        assertThat(second.nextPageToken()).isEmpty();
        assertThat(locks.list(f.alice, id, FsPath.ROOT, PageRequest.FIRST).items())
                .extracting(l -> l.path().value())
                .containsExactly("docs", "src/a", "src/b");
        code(
                ErrorCode.INVALID_ARGUMENT,
                () -> locks.list(f.alice, id, p("docs"), new PageRequest(1, first.nextPageToken())));
    }

    @Test
    void forceUnlock_needsTenantAdmin_andRecordsTheComment() {
        FileLock lock = locks.lock(writer, id, p("a.txt"), 60, null).lock();
        code(ErrorCode.PERMISSION_DENIED, () -> locks.forceUnlock(writer, id, p("a.txt"), "mine"));
        code(ErrorCode.NOT_FOUND, () -> locks.forceUnlock(f.alice, id, p("b.txt"), null));

        locks.forceUnlock(f.alice, id, p("a.txt"), "carol is away");
        Event e = events().getLast();
        assertThat(e.type()).isEqualTo(EventType.LOCK_FORCE_RELEASED);
        assertThat(e.actor().principal()).isEqualTo("alice");
        assertThat(e.details())
                .containsEntry("lockId", lock.id().value())
                .containsEntry("owner", "carol")
                .containsEntry("comment", "carol is away");
        locks.lock(f.bob, id, p("a.txt"), 60, null);
    }

    @Test
    void scopesAndTenants_areCheckedFirst() {
        Caller reader =
                new Caller(Fixture.TENANT, "rita", EnumSet.of(Scope.SESSION_READ, Scope.FILESYSTEM_READ), "t", "1");
        code(ErrorCode.PERMISSION_DENIED, () -> locks.lock(reader, id, p("a"), 60, null));
        code(ErrorCode.PERMISSION_DENIED, () -> locks.list(reader, id, FsPath.ROOT, PageRequest.FIRST));
        code(ErrorCode.NOT_FOUND, () -> locks.lock(f.mallory, id, p("a"), 60, null));
        code(ErrorCode.NOT_FOUND, () -> locks.list(f.mallory, id, FsPath.ROOT, PageRequest.FIRST));
        code(ErrorCode.NOT_FOUND, () -> locks.forceUnlock(f.mallory, id, p("a"), null));
        assertThat(lockEvents()).isEmpty();
    }

    @Test
    void lockToken_neverPrints() {
        LockToken t = new LockToken("secret-value");
        assertThat(t.toString()).doesNotContain("secret-value");
        assertThat(LockToken.of("")).isNull();
        assertThat(LockToken.of(null)).isNull();
    }
}
