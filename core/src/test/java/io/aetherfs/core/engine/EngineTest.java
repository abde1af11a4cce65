package io.aetherfs.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.ChunkRef;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.DirStats;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.tree.Xattrs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineTest {
    static final TenantId T = TenantId.parse("11111111-2222-3333-4444-555555555555");
    static final Actor A = new Actor("alice", null, null, null);

    final MetaStore meta = new InMemoryMetaStore();
    final BlobStore blobs = new InMemoryBlobStore();
    Engine engine = new Engine(meta, blobs, Clock.systemUTC(), EngineConfig.DEFAULT);

    @AfterEach
    void close() {
        engine.close();
    }

    /** The first event of the sessions tests create. */
    static final TreeEvent CREATED = new TreeEvent(EventType.SESSION_CREATED, null, Map.of());

    static Session newSession(SessionId id, Instant now) {
        return new Session(
                id,
                new Session.Origin(true, null, null, null, null, null, List.of(), "alice", now),
                new Session.Settings(null, null, Map.of(), Map.of(), null, "alice", null, List.of(), null, null),
                new Session.Lifecycle(SessionStatus.ACTIVE, null, null, null, null),
                new Session.Head(null, null, 0, 0, 0, now, now));
    }

    static DirEntry emptyRoot() {
        return new DirEntry(new Attrs(1, 0755, 0, 0, 0, Xattrs.NONE), ChunkRef.EMPTY, DirStats.EMPTY);
    }

    SessionId create() {
        SessionId id = SessionId.generate(engine.ids());
        engine.execute(T, A, ctx -> {
            ctx.createSession(newSession(id, ctx.now()), emptyRoot(), CREATED);
            return null;
        });
        return id;
    }

    void write(SessionId id, String path, String text) {
        Prepared p = engine.content(T).write(text.getBytes(StandardCharsets.UTF_8));
        long inode = engine.inodes().allocate(T, 8);
        engine.execute(T, A, ctx -> {
            p.inline().forEach(ctx::storeInline);
            ctx.apply(id, new TreeOp.PutFile(FsPath.parse(path), p.content(), null, null, null, 1, true, inode));
            return null;
        });
    }

    String read(Engine e, SessionId id, String path) {
        FileEntry f = (FileEntry) e.fileTree(T).require(e.snapshot(T, id).tree(), FsPath.parse(path));
        return new String(e.content(T).read(f.content(), 0, (int) f.content().size()), StandardCharsets.UTF_8);
    }

    List<io.aetherfs.core.spi.KeyValue> scan(KeyRange range) {
        return meta.read(tx -> tx.scan(T, range, 10_000));
    }

    @Test
    void execute_concurrentWrites_allDurableWithGaplessEvents() throws Exception {
        SessionId id = create();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                fs.add(pool.submit(() -> write(id, "d" + (n % 5) + "/f" + n, "content " + n)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        for (int i = 0; i < 200; i++) {
            assertThat(read(engine, id, "d" + (i % 5) + "/f" + i)).isEqualTo("content " + i);
        }
        var events = meta.read(tx -> tx.scan(T, KeySpace.events(id), 1000));
        assertThat(events).hasSize(201);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).key()).endsWith(KeySpace.hex16(i + 1));
        }
        assertThat(engine.snapshot(T, id).tree().stats().files()).isEqualTo(200);
    }

    @Test
    void restart_withUnfoldedLog_replaysToTheSameTree() {
        SessionId id = create();
        for (int i = 0; i < 30; i++) {
            write(id, "f" + i, "v" + i);
        }
        SessionState before = engine.snapshot(T, id);
        assertThat(before.hasUnflushedOps()).isTrue();
        String fingerprint = engine.canonical(T).fingerprint(before.tree());

        Engine restarted = new Engine(meta, blobs, Clock.systemUTC(), EngineConfig.DEFAULT);
        try {
            SessionState after = restarted.snapshot(T, id);
            assertThat(after.session().head().walSeq()).isEqualTo(30);
            assertThat(restarted.canonical(T).fingerprint(after.tree())).isEqualTo(fingerprint);
            assertThat(read(restarted, id, "f17")).isEqualTo("v17");
        } finally {
            restarted.close();
        }
    }

    @Test
    void flush_foldsLogIntoStoredRoot_andDeletesLogRows() {
        SessionId id = create();
        for (int i = 0; i < 10; i++) {
            write(id, "f" + i, "v" + i);
        }
        Hash root = engine.execute(T, A, ctx -> ctx.flush(id));
        SessionState s = engine.snapshot(T, id);
        assertThat(s.session().head().root()).isEqualTo(root);
        assertThat(s.hasUnflushedOps()).isFalse();
        assertThat(s.session().head().rootFingerprint())
                .isEqualTo(engine.canonical(T).fingerprint(s.tree()));
        assertThat(scan(KeyRange.prefix("w/"))).isEmpty();
        assertThat(engine.storedTree(T, root).stats().files()).isEqualTo(10);
    }

    @Test
    void change_thatThrows_leavesNoTrace_andOthersInTheBatchCommit() throws Exception {
        SessionId id = create();
        assertThatThrownBy(() -> engine.execute(T, A, ctx -> {
                    ctx.appendEvent(id, EventType.FILE_WRITTEN, "x", Map.of());
                    ctx.records(RecordsTest.LABELS, null).put("probe", "written before the failure");
                    throw AfsException.invalid("nope");
                }))
                .isInstanceOf(AfsException.class)
                .hasMessage("nope");
        assertThat(engine.snapshot(T, id).session().head().eventSeq()).isEqualTo(1);
        assertThat(scan(KeyRange.prefix("t/label/"))).isEmpty();
        write(id, "ok", "fine");
        assertThat(read(engine, id, "ok")).isEqualTo("fine");
    }

    @Test
    void sharedRoot_writeInOneSession_neverShowsInTheOther() {
        SessionId parent = create();
        write(parent, "a.txt", "parent");
        SessionId child = SessionId.generate(engine.ids());
        engine.execute(T, A, ctx -> {
            ctx.flush(parent);
            ctx.createSession(
                    newSession(child, ctx.now()),
                    ctx.tree(parent),
                    new TreeEvent(EventType.SESSION_FORKED, null, Map.of()));
            return null;
        });
        write(child, "a.txt", "child");
        assertThat(read(engine, parent, "a.txt")).isEqualTo("parent");
        assertThat(read(engine, child, "a.txt")).isEqualTo("child");
    }

    @Test
    void deleteSession_removesRecordAndOwnedKeys() {
        SessionId id = create();
        write(id, "f", "x");
        engine.execute(T, A, ctx -> {
            ctx.deleteSession(id);
            return null;
        });
        assertThat(engine.find(T, id)).isEmpty();
        assertThat(scan(KeySpace.events(id))).isEmpty();
        assertThat(scan(KeyRange.prefix("w/"))).isEmpty();
    }
}
