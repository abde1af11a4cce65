package io.aetherfs.core.engine;

import static io.aetherfs.core.engine.EngineTest.A;
import static io.aetherfs.core.engine.EngineTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.SessionId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The engine's {@link FingerprintWatch}: it hears, inside the change, of a session whose tree moved away
 * from the fingerprint its record guards, once per change, never for unguarded sessions or writes that
 * leave the fingerprint as it was, and on whichever node the write lands.
 */
class FingerprintWatchTest extends TwoNodes {
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private final FingerprintWatch recordingWatch = (ctx, id, guarded, current) -> {
        heard.add(guarded + ">" + current);
        ctx.appendEvent(id, EventType.APPROVAL_STALE, null, Map.of());
        ctx.updateSession(id, s -> s.withLifecycle(s.lifecycle().withApprovedFingerprint(null)));
    };

    private String guard(Engine e, SessionId id) {
        return e.execute(T, A, ctx -> {
            String fp = ctx.fingerprint(id);
            ctx.updateSession(id, s -> s.withLifecycle(s.lifecycle().withApprovedFingerprint(fp)));
            return fp;
        });
    }

    private String fingerprint(Engine e, SessionId id) {
        return e.canonical(T).fingerprint(e.snapshot(T, id).tree());
    }

    @Test
    void unguardedSessions_neverCallTheWatch() {
        a.watchFingerprints(recordingWatch);
        SessionId id = create(a);
        for (int i = 0; i < 10; i++) {
            write(a, id, "f" + i, "v" + i);
        }
        assertThat(heard).isEmpty();
    }

    @Test
    void guardedSession_sameBytesAreSilent_aChangeIsHeardOnceInItsOwnChange() {
        a.watchFingerprints(recordingWatch);
        SessionId id = create(a);
        write(a, id, "f", "one");
        String fp = guard(a, id);
        write(a, id, "f", "one");
        assertThat(heard).isEmpty();
        a.execute(T, A, ctx -> {
            put(a, id, "f", "two").apply(ctx);
            put(a, id, "g", "three").apply(ctx);
            return null;
        });
        assertThat(heard).containsExactly(fp + ">" + fingerprint(a, id));
        long events = a.snapshot(T, id).session().head().eventSeq();
        List<io.aetherfs.core.spi.KeyValue> log = store.read(tx -> tx.scan(T, KeySpace.events(id), 100));
        assertThat(new String(log.get((int) events - 1).value())).contains("APPROVAL_STALE");
        write(a, id, "f", "four");
        assertThat(heard).hasSize(1); // the watch dropped the guard
    }

    @Test
    void aWatchThatFails_failsTheChangeThatMovedTheTree() {
        a.watchFingerprints((ctx, id, guarded, current) -> {
            throw AfsException.invalid("refused by the watch");
        });
        SessionId id = create(a);
        guard(a, id);
        assertThatThrownBy(() -> write(a, id, "f", "x")).hasMessageContaining("refused by the watch");
        assertThat(a.fileTree(T).lookup(a.snapshot(T, id).tree(), io.aetherfs.core.model.FsPath.parse("f")))
                .isEmpty();
    }

    @Test
    void guardSetOnOneNode_isHonouredByAWriteOnAnother() {
        b.watchFingerprints(recordingWatch);
        SessionId id = create(a);
        write(a, id, "f", "one");
        assertThat(read(b, id, "f")).isEqualTo("one"); // b caches the unguarded record
        String fp = guard(a, id);
        write(b, id, "f", "two");
        assertThat(heard).containsExactly(fp + ">" + fingerprint(b, id));
        assertThat(a.snapshot(T, id).session().lifecycle().approvedFingerprint())
                .isNull();
    }
}
