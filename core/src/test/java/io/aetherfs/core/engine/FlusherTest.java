package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The background folding of idle sessions' logs, run by a {@link Flusher} of the test's own next to
 * an engine whose built-in flusher never folds anything by itself.
 */
class FlusherTest {
    private static final Duration NEVER = Duration.ofDays(3650);
    private static final EngineConfig CONFIG = new EngineConfig(
            EngineConfig.DEFAULT.chunkCacheBytes(),
            EngineConfig.DEFAULT.extentCacheBytes(),
            EngineConfig.DEFAULT.canonicalMemoEntries(),
            EngineConfig.DEFAULT.maxCachedSessions(),
            EngineConfig.DEFAULT.sessionIdleEviction(),
            NEVER,
            EngineConfig.DEFAULT.flushInterval());

    private final EngineTest f = new EngineTest();
    private Flusher flusher;

    FlusherTest() {
        f.engine.close();
        f.engine = new Engine(f.meta, f.blobs, Clock.systemUTC(), CONFIG);
    }

    @AfterEach
    void close() {
        if (flusher != null) {
            flusher.close();
        }
        f.close();
    }

    @Test
    void flushAll_notForced_foldsOnlySessionsIdleLongEnough() {
        SessionId id = sessionWithLog("a.txt");
        flusher = new Flusher(f.engine, Duration.ofHours(1), NEVER);
        flusher.flushAll(false);
        assertThat(unflushed(id)).as("written just now, idle threshold an hour").isTrue();
        flusher.close();
        flusher = new Flusher(f.engine, Duration.ZERO, NEVER);
        flusher.flushAll(false);
        assertThat(unflushed(id)).isFalse();
        assertStoredTreeHolds(id, "a.txt");
    }

    @Test
    void flushAll_forced_foldsEveryLoadedSessionWithALog() {
        SessionId a = sessionWithLog("a.txt");
        SessionId b = sessionWithLog("b.txt");
        SessionId clean = f.create();
        long cleanSeq = f.engine.snapshot(T, clean).session().head().eventSeq();
        flusher = new Flusher(f.engine, NEVER, NEVER);
        flusher.flushAll(true);
        assertThat(List.of(unflushed(a), unflushed(b))).containsOnly(false);
        assertThat(f.engine.snapshot(T, clean).session().head().eventSeq())
                .as("a session without a log is left alone")
                .isEqualTo(cleanSeq);
        assertStoredTreeHolds(a, "a.txt");
        assertStoredTreeHolds(b, "b.txt");
    }

    @Test
    void flushAll_sessionDeletedMeanwhile_isSkipped() {
        SessionId id = sessionWithLog("a.txt");
        SessionId other = sessionWithLog("b.txt");
        f.engine.execute(T, A, ctx -> {
            ctx.deleteSession(id);
            return null;
        });
        flusher = new Flusher(f.engine, Duration.ZERO, NEVER);
        flusher.flushAll(true);
        assertThat(f.engine.find(T, id)).isEmpty();
        assertThat(unflushed(other)).isFalse();
    }

    @Test
    void backgroundThread_foldsIdleSessionsEveryInterval_untilClosed() throws InterruptedException {
        SessionId id = sessionWithLog("a.txt");
        flusher = new Flusher(f.engine, Duration.ZERO, Duration.ofMillis(5));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (unflushed(id) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(unflushed(id)).as("folded by the background thread").isFalse();
        flusher.close();
        f.write(id, "b.txt", "after close");
        // the absence of a fold is the behaviour under test: give a running thread many intervals to act
        Thread.sleep(Duration.ofMillis(100));
        assertThat(unflushed(id)).as("nothing folds after close").isTrue();
    }

    private SessionId sessionWithLog(String path) {
        SessionId id = f.create();
        f.write(id, path, "text of " + path);
        assertThat(unflushed(id)).isTrue();
        return id;
    }

    private boolean unflushed(SessionId id) {
        return f.engine.snapshot(T, id).hasUnflushedOps();
    }

    /** A second engine on the same stores, with nothing cached, reads the file from the folded tree. */
    private void assertStoredTreeHolds(SessionId id, String path) {
        try (Engine fresh = new Engine(f.meta, f.blobs, Clock.systemUTC(), CONFIG)) {
            assertThat(fresh.snapshot(T, id).hasUnflushedOps()).isFalse();
            assertThat(f.read(fresh, id, path)).isEqualTo("text of " + path);
        }
    }
}
