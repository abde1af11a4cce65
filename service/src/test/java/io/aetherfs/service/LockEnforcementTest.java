package io.aetherfs.service;

import static io.aetherfs.service.Errors.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.Reason;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.ReadTx;
import io.aetherfs.core.spi.WriteTx;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.util.Json;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveWriter;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.collab.FileLocks;
import io.aetherfs.service.collab.LockGuard;
import io.aetherfs.service.collab.LockSweeper;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.BatchOp;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.persistence.MergeRequest;
import io.aetherfs.service.transfer.SyncRequest;
import io.aetherfs.testkit.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes to paths under collaboration locks (spec §8.9): refused with PATH_LOCKED and without a trace
 * unless they carry the lock's token, whatever route changes the path; expiry frees them at once.
 */
class LockEnforcementTest {
    private final CountingStore store = new CountingStore(new InMemoryMetaStore());
    private final Fixture f = new Fixture(store, BusSettings.DEFAULT);
    private final SessionId id = f.newSession();
    private final FileLocks locks = f.services.fileLocks();

    @AfterEach
    void close() {
        f.close();
    }

    private static FsPath p(String s) {
        return FsPath.parse(s);
    }

    private List<Event> events(SessionId s) {
        return f.services
                .events()
                .list(f.alice, s, new EventQuery(null, null, null, 0, null), new PageRequest(1000, ""))
                .items();
    }

    private String fingerprint(SessionId s) {
        return f.services.sessions().get(f.alice, s).fingerprint();
    }

    private void write(SessionId s, String path, String text, LockToken token) {
        try {
            f.services
                    .content()
                    .write(
                            f.bob,
                            s,
                            new WriteFile(p(path), true, null, null, null, false),
                            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                            token);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a write that must be refused and checks it changed neither the tree nor the log. */
    private void refused(Runnable write) {
        String before = fingerprint(id);
        int events = events(id).size();
        var e = reason(Reason.PATH_LOCKED, write::run);
        assertThat(e.metadata()).containsKeys("path", "lockId", "owner", "expiresAt");
        assertThat(fingerprint(id)).isEqualTo(before);
        assertThat(events(id)).hasSize(events);
    }

    @Test
    void writeToALockedFile_withoutOrWithAnotherToken_isRefused_andWithTheTokenApplies() {
        f.write(id, "src/a.go", "v1");
        FileLocks.Acquired mine = locks.lock(f.alice, id, p("src/a.go"), 60, null);
        FileLocks.Acquired other = locks.lock(f.bob, id, p("docs"), 60, null);

        refused(() -> write(id, "src/a.go", "v2", null));
        refused(() -> write(id, "src/a.go", "v2", other.token()));
        write(id, "src/b.go", "beside it", null);
        write(id, "src/a.go", "v2", mine.token());
        assertThat(f.read(id, "src/a.go")).isEqualTo("v2");
    }

    @Test
    void changesThatReachALockedPathIndirectly_areRefused() {
        f.write(id, "src/pkg/a.go", "a");
        f.write(id, "src/pkg/b.go", "b");
        f.services.namespace().link(f.alice, id, p("src/pkg/a.go"), p("alias.go"), null);
        locks.lock(f.alice, id, p("src/pkg/a.go"), 60, null);
        var ns = f.services.namespace();
        var content = f.services.content();

        refused(() -> write(id, "alias.go", "through the hard link", null));
        refused(() -> ns.rename(f.bob, id, p("src"), p("lib"), null, false, false, null));
        refused(() -> ns.rmdir(f.bob, id, p("src/pkg"), true, null));
        refused(() -> ns.deleteFile(f.bob, id, p("src/pkg/a.go"), null, null));
        refused(() -> content.setXattr(f.bob, id, p("src/pkg/a.go"), "user.k", new byte[] {1}, 0, null));
        refused(() -> content.setAttributes(
                f.bob,
                id,
                new io.aetherfs.service.files.SetAttributes(p("src/pkg/a.go"), 0600, null, null, null, null),
                null));
        refused(() -> f.services
                .batches()
                .apply(
                        f.bob,
                        id,
                        List.of(
                                new BatchOp.Write(p("free.txt"), new byte[] {1}, null, false, null),
                                new BatchOp.Delete(p("src/pkg/a.go"), null)),
                        null));
        ns.deleteFile(f.bob, id, p("src/pkg/b.go"), null, null); // a sibling stays free
        content.setAttributes(
                f.bob,
                id,
                new io.aetherfs.service.files.SetAttributes(p("src/pkg"), 0700, null, null, null, null),
                null);
    }

    @Test
    void aDirectoryLock_coversEverythingBelow_andALockOnAMissingPathReservesIt() {
        locks.lock(f.alice, id, p("gen"), 60, null);
        locks.lock(f.alice, id, p("new.txt"), 60, null);
        refused(() -> write(id, "gen/out.txt", "x", null));
        refused(() -> f.services.namespace().mkdir(f.bob, id, p("gen/sub"), null, true, null));
        refused(() -> write(id, "new.txt", "x", null));
        write(id, "general.txt", "x", null);
    }

    @Test
    void restoreMergeAndSync_thatWouldChangeALockedPath_areRefused_otherwiseApply() throws IOException {
        f.write(id, "locked.txt", "v1");
        f.write(id, "free.txt", "v1");
        Checkpoint ck = f.services.checkpoints().create(f.alice, id, "ck", null);
        SessionId child = f.services
                .sessions()
                .fork(f.alice, id, Map.of(), null, "child")
                .session()
                .id();
        f.write(id, "locked.txt", "v2");
        f.write(child, "locked.txt", "from the child");
        FileLocks.Acquired lock = locks.lock(f.alice, id, p("locked.txt"), 60, null);

        refused(() -> f.services.checkpoints().restore(f.bob, id, ck.id(), false, null));
        MergeRequest merge = new MergeRequest(id, child, TreeMerge.Strategy.THEIRS, Map.of(), true, false, true, null);
        refused(() -> f.services.merges().merge(f.bob, merge));
        byte[] tar = tar("other.txt", "x");
        refused(() -> sync(new SyncRequest(ArchiveFormat.TAR, FsPath.ROOT, true, null, null), tar));

        sync(new SyncRequest(ArchiveFormat.TAR, p("sub"), true, null, null), tar); // does not reach it
        f.services
                .merges()
                .merge(
                        f.bob,
                        new MergeRequest(
                                id, child, TreeMerge.Strategy.THEIRS, Map.of(), true, false, true, lock.token()));
        assertThat(f.read(id, "locked.txt")).isEqualTo("from the child");
        f.services.checkpoints().restore(f.bob, id, ck.id(), false, lock.token());
        assertThat(f.read(id, "locked.txt")).isEqualTo("v1");
    }

    @Test
    void anExpiredLock_isIgnoredAtOnce_andTheSweeperRecordsItsExpiryOnce() throws Exception {
        f.write(id, "a.txt", "v1");
        locks.lock(f.alice, id, p("a.txt"), 10, null);
        f.clock.advance(Duration.ofSeconds(10));

        write(id, "a.txt", "v2", null); // no sweep needed
        LockSweeper sweeper = f.services.lockExpiry();
        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(sweeper::sweep);
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(sweeper::sweep);
        assertThat(one.get() + two.get() + sweeper.sweep()).isEqualTo(1);
        List<Event> expired = events(id).stream()
                .filter(e -> e.type() == EventType.LOCK_EXPIRED)
                .toList();
        assertThat(expired).hasSize(1);
        assertThat(expired.getFirst().actor()).isEqualTo(Actor.system());
        assertThat(expired.getFirst().path()).isEqualTo("a.txt");
    }

    @Test
    void expiry_releasesTheLockWithoutAnyRequest() {
        locks.lock(f.alice, id, p("a.txt"), 5, null);
        try (LockSweeper background = new LockSweeper(f.engine, Duration.ofMillis(10))) {
            f.clock.advance(Duration.ofSeconds(5));
            Await.until(Duration.ofSeconds(30), "LOCK_EXPIRED in the session's log", () -> events(id).stream()
                    .anyMatch(e -> e.type() == EventType.LOCK_EXPIRED));
        }
        assertThat(locks.list(f.alice, id, FsPath.ROOT, PageRequest.FIRST).items())
                .isEmpty();
        assertThat(f.services.sessions().get(f.alice, id).session().locksUntil())
                .isNull();
    }

    @Test
    void writesToASessionWithoutLiveLocks_neverReadTheLockTable() {
        SessionId locked = f.newSession();
        locks.lock(f.alice, locked, p("a.txt"), 10, null);
        f.write(id, "warm.txt", "x");

        store.lockReads.set(0);
        for (int i = 0; i < 20; i++) {
            write(id, "f" + i, "x", null);
        }
        assertThat(store.lockReads).hasValue(0);
        write(locked, "b.txt", "x", null);
        assertThat(store.lockReads.get()).isPositive(); // a session with a live lock reads its table

        f.clock.advance(Duration.ofSeconds(10)); // expired, not yet swept
        store.lockReads.set(0);
        write(locked, "a.txt", "x", null);
        assertThat(store.lockReads).hasValue(0);
    }

    @Test
    void bypass_appliesTheWriteOverTheLock_andRecordsLockBypassedInTheSameChange() {
        f.write(id, "a.txt", "v1");
        var lock = locks.lock(f.alice, id, p("a.txt"), 60, null).lock();
        Actor mount = new Actor("bob", null, null, "worker-1");
        f.engine.execute(Fixture.TENANT, mount, ctx -> {
            var guarded = LockGuard.bypassing(ctx);
            guarded.apply(id, new TreeOp.SetAttrs(p("a.txt"), 0600, null, null, null, null));
            guarded.apply(id, new TreeOp.SetAttrs(p("a.txt"), 0640, null, null, null, null));
            return null;
        });
        List<Event> log = events(id);
        assertThat(log.subList(log.size() - 3, log.size()))
                .extracting(Event::type)
                .containsExactly(EventType.ATTRIBUTES_CHANGED, EventType.LOCK_BYPASSED, EventType.ATTRIBUTES_CHANGED);
        Event bypassed = log.get(log.size() - 2);
        assertThat(bypassed.details())
                .containsEntry("lockId", lock.id().value())
                .containsEntry("owner", "alice")
                .containsEntry("mountWorkerId", "worker-1");
        assertThat(f.services
                        .fileReads()
                        .stat(f.alice, id, p("a.txt"))
                        .entry()
                        .attrs()
                        .mode())
                .isEqualTo(0640);
    }

    @Test
    void locksUntil_survivesTheSessionRecordsJson() {
        Session s =
                f.services.sessions().get(f.alice, id).session().withLocksUntil(Instant.parse("2030-01-01T00:01:00Z"));
        assertThat(Json.read(Json.write(s), Session.class)).isEqualTo(s);
    }

    private void sync(SyncRequest req, byte[] tar) {
        try {
            f.services.syncs().sync(f.bob, id, req, new ByteArrayInputStream(tar));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] tar(String path, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        try (ArchiveWriter w = ArchiveWriter.open(ArchiveFormat.TAR, out)) {
            w.add(ArchiveEntry.file(path, 0644, Instant.EPOCH, data.length), () -> new ByteArrayInputStream(data));
            w.finish();
        }
        return out.toByteArray();
    }

    /** An in-memory store that counts reads of collaboration lock records. */
    static final class CountingStore implements MetaStore {
        private final MetaStore store;
        final AtomicInteger lockReads = new AtomicInteger();

        CountingStore(MetaStore store) {
            this.store = store;
        }

        private void count(String key) {
            if (key.contains("/lock/")) {
                lockReads.incrementAndGet();
            }
        }

        @Override
        public <T> T read(TxBody<ReadTx, T> body) {
            return store.read(tx -> body.run(new ReadTx() {
                @Override
                public Optional<byte[]> get(TenantId tenant, String key) {
                    count(key);
                    return tx.get(tenant, key);
                }

                @Override
                public List<KeyValue> scan(TenantId tenant, KeyRange range, int limit) {
                    count(range.from());
                    return tx.scan(tenant, range, limit);
                }
            }));
        }

        @Override
        public <T> T write(TxBody<WriteTx, T> body) {
            return store.write(body);
        }

        @Override
        public List<TenantId> tenants() {
            return store.tenants();
        }

        @Override
        public Set<Feature> features() {
            return store.features();
        }

        @Override
        public void checkHealth() {
            store.checkHealth();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
