package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.bus.BusSettings;
import io.aetherfs.service.collab.FileLocks;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.events.EventQuery;
import io.aetherfs.service.files.WriteFile;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.session.CreateSession;
import io.aetherfs.store.sql.postgres.PostgresMetaStore;
import io.aetherfs.store.sql.postgres.PostgresSettings;
import io.aetherfs.testkit.Await;
import io.aetherfs.testkit.TestClock;
import io.aetherfs.testkit.servers.PostgresTestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Collaboration locks across three nodes sharing one PostgreSQL database (each its own store, engine and
 * session cache, one clock): a lock taken on one node binds writes on the others at once, and when it
 * expires the nodes' sweepers, all running, record LOCK_EXPIRED exactly once.
 */
class LockNodesIT {
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final String url = PostgresTestServer.shared().createDatabase("locks");
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InProcessNotifier notifier = new InProcessNotifier();
    private final List<Node> nodes = new ArrayList<>();
    private final Caller alice =
            new Caller(TenantId.parse("aaaaaaaa-0000-4000-8000-000000000001"), "alice", Scope.all(), "t", "1");
    private final Caller bob = new Caller(alice.tenant(), "bob", Scope.all(), "t", "1");

    /** One node: its own PostgreSQL store and engine, services whose sweepers run every 10 ms. */
    private final class Node implements AutoCloseable {
        final PostgresMetaStore meta = PostgresMetaStore.open(PostgresSettings.of(url));
        final Engine engine = new Engine(meta, blobs, clock, EngineConfig.DEFAULT);
        final Services services = new Services(
                engine, notifier, Limits.DEFAULT, Policy.DEFAULT, Duration.ofMillis(10), BusSettings.DEFAULT);

        void write(Caller caller, SessionId id, String path, String text, LockToken token) {
            try {
                services.content()
                        .write(
                                caller,
                                id,
                                new WriteFile(FsPath.parse(path), true, null, null, null, false),
                                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                                token);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            services.close();
            engine.close();
            meta.close();
        }
    }

    @AfterEach
    void close() {
        nodes.forEach(Node::close);
        notifier.close();
    }

    @Test
    void aLockOnOneNode_bindsWritesOnTheOthers_andItsExpiryIsRecordedOnce() {
        for (int i = 0; i < 3; i++) {
            nodes.add(new Node());
        }
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        SessionId id = a.services
                .sessions()
                .create(alice, new CreateSession(null, null, null, "locks", null, null, null, null, null, null))
                .session()
                .id();
        a.write(alice, id, "a.txt", "v1", null);
        b.write(bob, id, "a.txt", "v2", null); // b's cache now holds the session

        FileLocks.Acquired lock = a.services.fileLocks().lock(alice, id, FsPath.parse("a.txt"), 30, null);
        assertThatThrownBy(() -> b.write(bob, id, "a.txt", "v3", null))
                .isInstanceOfSatisfying(
                        AfsException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PATH_LOCKED));
        nodes.get(2).write(bob, id, "a.txt", "v3", lock.token());

        clock.advance(Duration.ofSeconds(30));
        Await.until(Duration.ofSeconds(30), "LOCK_EXPIRED", () -> expirations(a, id) == 1);
        for (Node n : nodes) {
            n.services.lockExpiry().sweep();
        }
        assertThat(expirations(b, id)).isEqualTo(1);
        b.write(bob, id, "a.txt", "v4", null);
    }

    private long expirations(Node n, SessionId id) {
        List<Event> events = n.services
                .events()
                .list(alice, id, new EventQuery(null, null, null, 0, null), new PageRequest(1000, ""))
                .items();
        return events.stream().filter(e -> e.type() == EventType.LOCK_EXPIRED).count();
    }
}
