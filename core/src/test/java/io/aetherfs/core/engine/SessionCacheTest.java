package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.FileEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The committed sessions one node has loaded, tested as a second node sees them: an engine writes the
 * stores, and a separate {@link SessionCache} over the same stores loads, refreshes and evicts.
 */
class SessionCacheTest {
    private final EngineTest writer = new EngineTest();
    private final Caches caches = new Caches(1 << 20, 1 << 20, 1000);
    private SessionCache cache = cache(100);

    @AfterEach
    void close() {
        writer.close();
    }

    private SessionCache cache(long maxSessions) {
        return new SessionCache(
                writer.meta, t -> new NodeStore(t, writer.meta, caches), maxSessions, Duration.ofHours(1));
    }

    @Test
    void get_missingSession_isEmptyAndCachesNothing() {
        SessionId id = SessionId.generate(writer.engine.ids());
        assertThat(cache.get(T, id)).isEmpty();
        assertThat(cache.peek(T, id)).isEmpty();
    }

    @Test
    void get_unfoldedLog_replaysItOntoTheStoredRoot() {
        SessionId id = writer.create();
        writer.write(id, "a.txt", "one");
        writer.write(id, "d/b.txt", "two");
        SessionState s = cache.get(T, id).orElseThrow();
        assertThat(s.hasUnflushedOps()).isTrue();
        assertThat(text(s, "a.txt")).isEqualTo("one");
        assertThat(text(s, "d/b.txt")).isEqualTo("two");
        assertThat(s.session()).isEqualTo(writer.engine.snapshot(T, id).session());
        assertThat(cache.peek(T, id)).containsSame(s);
        assertThat(cache.get(T, id)).as("a hit is the cached state").containsSame(s);
    }

    @Test
    void get_afterTheLogWasFolded_loadsTheStoredTree() {
        SessionId id = writer.create();
        writer.write(id, "a.txt", "one");
        writer.engine.flushAll();
        SessionState s = cache.get(T, id).orElseThrow();
        assertThat(s.hasUnflushedOps()).isFalse();
        assertThat(text(s, "a.txt")).isEqualTo("one");
    }

    @Test
    void publish_olderState_neverReplacesANewerOne() {
        SessionId id = writer.create();
        SessionState old = cache.get(T, id).orElseThrow();
        writer.write(id, "a.txt", "one");
        SessionState newer = cache.load(T, id).orElseThrow();
        cache.publish(T, newer);
        assertThat(cache.peek(T, id)).containsSame(newer);
        cache.publish(T, old);
        assertThat(cache.peek(T, id)).as("the older state is ignored").containsSame(newer);
        writer.engine.flushAll(); // same events and log, the root moved forward
        SessionState folded = cache.load(T, id).orElseThrow();
        cache.publish(T, folded);
        assertThat(cache.peek(T, id)).containsSame(folded);
        cache.publish(T, newer);
        assertThat(cache.peek(T, id)).containsSame(folded);
    }

    @Test
    void fresh_unchangedRecord_returnsTheCachedStateItself() {
        SessionId id = writer.create();
        writer.write(id, "a.txt", "one");
        SessionState s = cache.get(T, id).orElseThrow();
        assertThat(cache.fresh(T, id)).containsSame(s);
    }

    @Test
    void fresh_afterAnotherWriter_bringsTheCacheUpToDate() {
        SessionId id = writer.create();
        writer.write(id, "a.txt", "one");
        SessionState before = cache.get(T, id).orElseThrow();
        writer.write(id, "a.txt", "two");
        writer.write(id, "b.txt", "three");
        SessionState after = cache.fresh(T, id).orElseThrow();
        assertThat(after.session().head().walSeq())
                .isGreaterThan(before.session().head().walSeq());
        assertThat(text(after, "a.txt")).isEqualTo("two");
        assertThat(text(after, "b.txt")).isEqualTo("three");
        assertThat(text(before, "a.txt")).as("published states are immutable").isEqualTo("one");
        assertThat(cache.peek(T, id)).containsSame(after);
    }

    @Test
    void fresh_sessionDeletedElsewhere_dropsItFromTheCache() {
        SessionId id = writer.create();
        cache.get(T, id).orElseThrow();
        writer.engine.execute(T, A, ctx -> {
            ctx.deleteSession(id);
            return null;
        });
        assertThat(cache.fresh(T, id)).isEmpty();
        assertThat(cache.peek(T, id)).isEmpty();
    }

    @Test
    void refreshOrDrop_andRemove_forgetOrRenewTheEntry() {
        SessionId id = writer.create();
        SessionState s = cache.get(T, id).orElseThrow();
        writer.write(id, "a.txt", "one");
        cache.refreshOrDrop(T, id);
        assertThat(cache.peek(T, id)).hasValueSatisfying(now -> assertThat(now).isNotSameAs(s));
        cache.remove(T, id);
        assertThat(cache.peek(T, id)).isEmpty();
        assertThat(cache.cached()).isEmpty();
    }

    @Test
    void maxSessions_boundsTheCache_andAnEvictedSessionLoadsAgainFromItsLog() {
        cache = cache(2);
        List<SessionId> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SessionId id = writer.create();
            writer.write(id, "f.txt", "session " + i);
            ids.add(id);
            cache.get(T, id).orElseThrow();
        }
        // Caffeine evicts in its maintenance pass, which runs just after the write on its executor
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<SessionCache.Key, SessionState> held = cache.cached();
        while (held.size() > 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            held = cache.cached();
        }
        assertThat(held).hasSizeLessThanOrEqualTo(2);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(text(cache.get(T, ids.get(i)).orElseThrow(), "f.txt")).isEqualTo("session " + i);
        }
    }

    private String text(SessionState s, String path) {
        FileEntry f = (FileEntry) writer.engine.fileTree(T).require(s.tree(), FsPath.parse(path));
        return new String(
                writer.engine.content(T).read(f.content(), 0, (int) f.content().size()), StandardCharsets.UTF_8);
    }
}
