package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.storage.Stores;
import io.aetherfs.service.session.Transitions;
import io.aetherfs.store.local.LocalBlobStore;
import io.aetherfs.store.sql.postgres.PostgresMetaStore;
import io.aetherfs.store.sql.sqlite.SqliteMetaStore;
import io.aetherfs.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive jobs outlive the node that claimed them, on both backends. A "dying node" (this test, over the
 * real stores) moves sessions to ARCHIVING as a request would and then either claims the archive job
 * with a short lease and never renews it, or dies before enqueueing it at all. A running afs-server must
 * finish both: the first once the lease runs out, the second through its sweep of sessions left in a
 * transitional status. Embedded: the server is restarted on the same data directory (one process owns
 * it). Scale-out: a node keeps running on the shared PostgreSQL database and S3 bucket throughout.
 */
class JobTakeoverIT {
    private static final String TENANT = "5e1f0000-0000-4000-8000-00000000a7c1";
    private static final String ARCHIVE = "session.archive";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private InProcessServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void embedded_restartedServer_finishesAClaimedArchiveAndALostOne() throws Exception {
        server = InProcessServer.start(dir, Map.of());
        ApiClient api = server.client(TENANT, "alice");
        String claimed = sessionWithFile(api, "claimed");
        String lost = sessionWithFile(api, "lost");
        server.close();
        server = null;

        Path data = dir.resolve("data");
        try (SqliteMetaStore meta = SqliteMetaStore.open(data.resolve("afs.db"));
                LocalBlobStore blobs = LocalBlobStore.open(data.resolve("blobs"));
                Engine engine = new Engine(meta, blobs, Clock.systemUTC(), EngineConfig.DEFAULT)) {
            JobQueue jobs = meta.jobs();
            startArchiving(engine, claimed);
            jobs.enqueue(TenantId.parse(TENANT), ARCHIVE, claimed, new byte[0], Instant.EPOCH);
            Job ghost = claimAndDie(jobs, Duration.ofSeconds(2));
            assertThat(ghost.subject()).isEqualTo(claimed);
            startArchiving(engine, lost); // and the node dies before enqueueing its job
        }

        server = InProcessServer.start(dir, Map.of());
        ApiClient restarted = server.client(TENANT, "alice");
        awaitStatus(restarted, claimed, "SESSION_STATUS_ARCHIVED");
        awaitStatus(restarted, lost, "SESSION_STATUS_ARCHIVED");
        hydrateAndRead(restarted, claimed);
        hydrateAndRead(restarted, lost);
    }

    @Test
    void scaleOut_runningNode_finishesTheArchiveOfADeadNodeOnceItsLeaseRunsOut() throws Exception {
        ScaleOutStores shared = ScaleOutStores.create("jobs");
        server = InProcessServer.startScaleOut(dir, shared);
        ApiClient api = server.client(TENANT, "alice");
        String claimed = sessionWithFile(api, "claimed");
        String lost = sessionWithFile(api, "lost");

        ServerConfig config = new ConfigLoader(dir, shared.env()).load(null, Map.of());
        try (Stores stores = Stores.open(config.storage());
                Engine engine = new Engine(stores.meta(), stores.blobs(), Clock.systemUTC(), EngineConfig.DEFAULT)) {
            // The job falls due 5 s from now, so the running node cannot take it before the dying node,
            // whose clock is 5 s ahead, claims it with a 1 s lease.
            Duration ahead = Duration.ofSeconds(5);
            startArchiving(engine, claimed);
            stores.jobs()
                    .enqueue(
                            TenantId.parse(TENANT),
                            ARCHIVE,
                            claimed,
                            new byte[0],
                            Instant.now().plus(ahead));
            JobQueue dyingNode = ((PostgresMetaStore) stores.meta()).jobs(Clock.offset(Clock.systemUTC(), ahead));
            Job ghost = claimAndDie(dyingNode, Duration.ofSeconds(1));
            assertThat(ghost.subject()).isEqualTo(claimed);
            startArchiving(engine, lost); // and the node dies before enqueueing its job
            assertThat(api.session(claimed).path("status").asText()).isEqualTo("SESSION_STATUS_ARCHIVING");
        }

        awaitStatus(api, claimed, "SESSION_STATUS_ARCHIVED");
        hydrateAndRead(api, claimed);
        // the lost job waits for the running node's next sweep (every minute); a node that starts sweeps at once
        try (InProcessServer second = InProcessServer.startScaleOut(dir.resolve("second"), shared)) {
            awaitStatus(second.client(TENANT, "alice"), lost, "SESSION_STATUS_ARCHIVED");
        }
        hydrateAndRead(api, lost);
    }

    private static String sessionWithFile(ApiClient api, String name) {
        String id = api.newSession(name);
        api.write(id, "src/" + name + ".txt", "content of " + name);
        return id;
    }

    /** Commits ACTIVE → ARCHIVING as the archive request does, without enqueueing the job. */
    private static void startArchiving(Engine engine, String session) {
        SessionId id = new SessionId(session);
        engine.execute(TenantId.parse(TENANT), Actor.system(), ctx -> {
            Transitions.change(ctx, id, SessionStatus.ARCHIVING, "archive", null);
            return null;
        });
    }

    /** Claims the one due archive job as a node that will never renew or complete it. */
    private static Job claimAndDie(JobQueue jobs, Duration lease) {
        List<Job> claimed = jobs.claim("dying-node", Set.of(ARCHIVE), 10, lease);
        assertThat(claimed).hasSize(1);
        assertThat(claimed.getFirst().attempts()).isEqualTo(1);
        return claimed.getFirst();
    }

    private static void hydrateAndRead(ApiClient api, String session) throws InterruptedException {
        ok(api.post("/v1/sessions/" + session + ":hydrate", "{}"));
        awaitStatus(api, session, "SESSION_STATUS_ACTIVE");
        String name = api.session(session).path("displayName").asText();
        assertThat(new String(api.read(session, "src/" + name + ".txt"), StandardCharsets.UTF_8))
                .isEqualTo("content of " + name);
        List<String> changes = api.events(session).stream()
                .filter(e -> e.path("type").asText().equals("EVENT_TYPE_SESSION_STATUS_CHANGED"))
                .map(e -> e.path("details").path("to").asText())
                .toList();
        assertThat(changes)
                .containsExactly(
                        "SESSION_STATUS_ARCHIVING",
                        "SESSION_STATUS_ARCHIVED",
                        "SESSION_STATUS_HYDRATING",
                        "SESSION_STATUS_ACTIVE");
    }

    private static void awaitStatus(ApiClient api, String session, String want) {
        Await.until(
                WAIT,
                "status " + want + " of " + session,
                () -> api.session(session).path("status").asText().equals(want),
                () -> api.session(session).path("status").asText());
    }
}
