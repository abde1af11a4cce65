package io.aetherfs.service;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.files.FileRead;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Services over in-memory stores, with helpers that read like the scenarios they test. Time is a
 * {@link TestClock} that stands still until a test moves it, so TTLs and expiry never need a sleep.
 */
final class Fixture implements AutoCloseable {
    static final TenantId TENANT = TenantId.parse("aaaaaaaa-0000-0000-0000-000000000001");
    static final TenantId OTHER = TenantId.parse("bbbbbbbb-0000-0000-0000-000000000002");

    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    final Engine engine;
    /** The metadata store under the engine, for tests that check what is stored. */
    final io.aetherfs.core.spi.MetaStore meta;

    final InProcessNotifier notifier = new InProcessNotifier();
    final Services services;
    final Caller alice = new Caller(TENANT, "alice", Scope.all(), "test", "1");
    final Caller bob = new Caller(TENANT, "bob", Scope.all(), "test", "1");
    final Caller mallory = new Caller(OTHER, "mallory", Scope.all(), "test", "1");

    Fixture() {
        this(BusSettings.DEFAULT);
    }

    Fixture(BusSettings bus) {
        this(new InMemoryMetaStore(), bus);
    }

    /** Services over {@code meta} (for example a decorated in-memory store) and an in-memory blob store. */
    Fixture(io.aetherfs.core.spi.MetaStore meta, BusSettings bus) {
        this(meta, null, bus);
    }

    /** Services over {@code meta} and {@code blobs} (null: an in-memory blob store on the fixture's clock). */
    Fixture(io.aetherfs.core.spi.MetaStore meta, io.aetherfs.core.spi.BlobStore blobs, BusSettings bus) {
        this.meta = meta;
        engine = new Engine(meta, blobs == null ? new InMemoryBlobStore() : blobs, clock, EngineConfig.DEFAULT);
        services = new Services(engine, notifier, Limits.DEFAULT, Policy.DEFAULT, Duration.ofSeconds(30), bus);
    }

    SessionId newSession() {
        return services.sessions()
                .create(alice, new CreateSession(null, null, null, "t", null, null, null, null, null, null))
                .session()
                .id();
    }

    void write(SessionId id, String path, String text) {
        try {
            services.content()
                    .write(
                            alice,
                            id,
                            new WriteFile(FsPath.parse(path), true, null, null, null, false),
                            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                            null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(SessionId id, String path) {
        FileRead f = services.fileReads().open(alice, id, FsPath.parse(path));
        return new String(f.store().read(f.content(), 0, (int) f.content().size()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        services.close();
        engine.close();
        notifier.close();
    }
}
