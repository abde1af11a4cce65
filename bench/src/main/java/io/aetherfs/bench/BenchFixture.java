package io.aetherfs.bench;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.files.BatchOp;
import io.aetherfs.service.files.EntryView;
import io.aetherfs.service.files.FileRead;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.store.local.LocalBlobStore;
import io.aetherfs.store.sql.sqlite.SqliteMetaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The services of one engine over a chosen backend, with the setup helpers the benchmarks share:
 * sessions holding a {@link TreeShape}, rounds of ten pending changes, whole-file writes and reads.
 *
 * <p>Backends: {@code sqlite} is the embedded default with durability on ({@link SqliteMetaStore} in WAL
 * mode with synchronous commits plus {@link LocalBlobStore}, both in a fresh directory under {@link
 * BenchDirs#root()}); {@code memory} uses the in-memory stores, to separate engine CPU from fsync cost.
 */
final class BenchFixture implements AutoCloseable {
    static final TenantId TENANT = TenantId.parse("bbbbbbbb-0000-4000-8000-00000000bec4");
    static final Caller CALLER = new Caller(TENANT, "bench", Scope.all(), "aetherfs-bench", "1");
    /** Forks accumulate during a measurement; the per-tenant session quota must not end it. */
    static final Limits LIMITS =
            new Limits(5L << 30, 64L << 20, 1000, 64, Long.MAX_VALUE, 1000, 100, 1_000_000, 50L << 30, 200.0);

    private static final int POPULATE_BATCH = 1000;

    private final MetaStore meta;
    private final BlobStore blobs;
    private final Engine engine;
    private final InProcessNotifier notifier = new InProcessNotifier();
    private final Services services;
    private final Path dir;

    private BenchFixture(MetaStore meta, BlobStore blobs, Path dir) {
        this.meta = meta;
        this.blobs = blobs;
        this.dir = dir;
        this.engine = new Engine(meta, blobs, Clock.systemUTC(), EngineConfig.DEFAULT);
        this.services = new Services(engine, notifier, LIMITS, Policy.DEFAULT);
    }

    /** Opens an empty fixture on {@code backend} ("sqlite" or "memory"). */
    static BenchFixture open(String backend) {
        return switch (backend) {
            case "sqlite" -> openDurable(BenchDirs.fresh("store"));
            case "memory" -> new BenchFixture(new InMemoryMetaStore(), new InMemoryBlobStore(), null);
            default -> throw new IllegalArgumentException("unknown backend " + backend + " (sqlite, memory)");
        };
    }

    /** Opens the durable stores kept in {@code dir} (creating them when empty). */
    static BenchFixture openDurable(Path dir) {
        return new BenchFixture(
                SqliteMetaStore.open(dir.resolve("meta/afs.db")), LocalBlobStore.open(dir.resolve("blobs")), dir);
    }

    Services services() {
        return services;
    }

    Engine engine() {
        return engine;
    }

    /** Returns the directory of the durable stores, or null for the in-memory backend. */
    Path dir() {
        return dir;
    }

    /** Creates an empty session. */
    SessionId newSession(String name) {
        return services.sessions()
                .create(CALLER, new CreateSession(null, null, null, name, null, null, null, null, null, null))
                .session()
                .id();
    }

    /** Writes every file of {@code shape} into the session, a thousand files per batch. */
    void populate(SessionId id, TreeShape shape) {
        List<BatchOp> ops = new ArrayList<>(POPULATE_BATCH);
        for (int i = 0; i < shape.files(); i++) {
            ops.add(new BatchOp.Write(FsPath.parse(TreeShape.path(i)), TreeShape.content(i, 0), null, true, null));
            if (ops.size() == POPULATE_BATCH || i == shape.files() - 1) {
                services.batches().apply(CALLER, id, ops, null);
                ops = new ArrayList<>(POPULATE_BATCH);
            }
        }
    }

    /** Rewrites the ten files of {@code round} in one batch, leaving ten pending changes. */
    void changeRound(SessionId id, TreeShape shape, int round) {
        List<BatchOp> ops = new ArrayList<>(TreeShape.CHANGES_PER_ROUND);
        for (int k = 0; k < TreeShape.CHANGES_PER_ROUND; k++) {
            int i = shape.changedFile(round, k);
            ops.add(new BatchOp.Write(
                    FsPath.parse(TreeShape.path(i)), TreeShape.content(i, round + 1), null, false, null));
        }
        services.batches().apply(CALLER, id, ops, null);
    }

    /** Replaces (or creates) one file with {@code data}, as a whole-file write. */
    EntryView write(SessionId id, FsPath path, byte[] data) {
        try {
            return services.content()
                    .write(
                            CALLER,
                            id,
                            new WriteFile(path, true, null, null, null, false),
                            new ByteArrayInputStream(data),
                            null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the whole content of one file. */
    byte[] read(SessionId id, FsPath path) {
        FileRead f = services.fileReads().open(CALLER, id, path);
        return f.store().read(f.content(), 0, (int) f.content().size());
    }

    /** Folds every session's log into stored tree nodes, as the background flusher would when idle. */
    void flush() {
        engine.flushAll();
    }

    /** Closes the services, the engine and the stores, keeping the store directory. */
    void closeKeepingFiles() {
        services.close();
        engine.close();
        notifier.close();
        meta.close();
        blobs.close();
    }

    /** Closes everything and deletes the store directory. */
    @Override
    public void close() {
        closeKeepingFiles();
        if (dir != null) {
            BenchDirs.delete(dir);
        }
    }

    /** Writes a session id next to a template's stores. */
    static void saveSession(Path dir, SessionId id) throws IOException {
        Files.writeString(dir.resolve("session.id"), id.value(), StandardCharsets.US_ASCII);
    }

    /** Reads the session id saved with {@link #saveSession}. */
    static SessionId loadSession(Path dir) throws IOException {
        return new SessionId(Files.readString(dir.resolve("session.id"), StandardCharsets.US_ASCII)
                .trim());
    }
}
