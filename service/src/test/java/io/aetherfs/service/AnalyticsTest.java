package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.service.analytics.SessionAnalytics;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.tooling.NewToolCall;
import io.aetherfs.service.tooling.ToolCallStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Session analytics from the event log and tool calls, over the lifetime and over windows. */
class AnalyticsTest {
    private final Fixture f = new Fixture();
    private final Instant t0 = f.clock.instant();
    private final SessionId id = f.newSession();

    @AfterEach
    void close() {
        f.close();
    }

    private void at(long seconds) {
        f.clock.set(t0.plusSeconds(seconds));
    }

    /** Events at 0 (created), 10, 30, 60, 660, 670, 680, 690 s; tool calls started at 15 and 25 s. */
    private void scenario() {
        at(10);
        f.write(id, "a.txt", "hello");
        at(30);
        f.write(id, "b.txt", "hello world");
        at(60);
        Checkpoint ck = f.services.checkpoints().create(f.alice, id, "c1", null);
        at(660);
        f.services.namespace().deleteFile(f.alice, id, FsPath.parse("a.txt"), null, null);
        at(670);
        f.services.sessions().fork(f.alice, id, null, null, "child");
        at(680);
        f.services.commits().commit(f.alice, id, "first", null, false);
        at(690);
        f.services.checkpoints().restore(f.alice, id, ck.id(), false, null);
        at(700);
        f.services
                .toolCalls()
                .record(
                        f.alice,
                        id,
                        new NewToolCall("grep", null, null, ToolCallStatus.SUCCEEDED, t0.plusSeconds(15), 1));
        f.services
                .toolCalls()
                .record(f.alice, id, new NewToolCall("sed", null, null, ToolCallStatus.FAILED, t0.plusSeconds(25), 1));
        at(1000);
    }

    @Test
    void lifetime_countsEverythingTheSessionDid() {
        scenario();
        SessionAnalytics a = f.services.analytics().get(f.alice, id, null, null);

        assertThat(a.windowStart()).isEqualTo(t0);
        assertThat(a.windowEnd()).isEqualTo(t0.plusSeconds(1000));
        assertThat(a.fileWrites()).isEqualTo(2);
        assertThat(a.bytesWritten()).isEqualTo(16);
        assertThat(a.fileDeletes()).isEqualTo(1);
        assertThat(a.checkpointCount()).isEqualTo(1);
        assertThat(a.restoreCount()).isEqualTo(1);
        assertThat(a.commitCount()).isEqualTo(1);
        assertThat(a.forkCount()).isEqualTo(1);
        assertThat(a.mergeCount()).isZero();
        assertThat(a.toolCallCount()).isEqualTo(2);
        assertThat(a.toolCallFailures()).isEqualTo(1);
        assertThat(a.toolCallsByName()).isEqualTo(Map.of("grep", 1L, "sed", 1L));
        assertThat(a.timeToFirstWriteSeconds()).isEqualTo(10.0);
        // 0..60 busy (gaps of 10, 5, 10, 5, 30 s), 600 s idle, then 660..690 busy
        assertThat(a.activeSeconds()).isEqualTo(90.0);
        assertThat(a.lastActivityAt()).isEqualTo(t0.plusSeconds(690));
    }

    @Test
    void window_countsOnlyWhatHappenedInIt() {
        scenario();
        SessionAnalytics a = f.services.analytics().get(f.alice, id, t0.plusSeconds(20), t0.plusSeconds(661));

        assertThat(a.fileWrites()).isEqualTo(1);
        assertThat(a.bytesWritten()).isEqualTo(11);
        assertThat(a.fileDeletes()).isEqualTo(1);
        assertThat(a.checkpointCount()).isEqualTo(1);
        assertThat(a.commitCount()).isZero();
        assertThat(a.toolCallCount()).isEqualTo(1);
        assertThat(a.toolCallsByName()).isEqualTo(Map.of("sed", 1L));
        assertThat(a.timeToFirstWriteSeconds()).isEqualTo(30.0);
        assertThat(a.activeSeconds()).isEqualTo(35.0); // 25, 30, 60, then idle until 660
        assertThat(a.lastActivityAt()).isEqualTo(t0.plusSeconds(660));

        SessionAnalytics none = f.services.analytics().get(f.alice, id, t0.plusSeconds(2000), t0.plusSeconds(3000));
        assertThat(none.fileWrites()).isZero();
        assertThat(none.timeToFirstWriteSeconds()).isNull();
        assertThat(none.lastActivityAt()).isNull();
        assertThat(none.activeSeconds()).isZero();
    }

    @Test
    void bigLog_windowAtTheEnd_countsOnlyItsEvents() {
        for (int i = 0; i < 3000; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            f.write(id, "f" + (i % 10), "x");
        }
        Instant cut = f.clock.instant().minusSeconds(99).minusMillis(500);
        SessionAnalytics a = f.services.analytics().get(f.alice, id, cut, null);
        assertThat(a.fileWrites()).isEqualTo(100);
        assertThat(a.activeSeconds()).isEqualTo(99.0);
        assertThat(f.services.analytics().get(f.alice, id, null, null).fileWrites())
                .isEqualTo(3000);
    }

    @Test
    void scopesTenantsAndBadWindows_areRefused() {
        Caller fsOnly = new Caller(Fixture.TENANT, "n", EnumSet.of(Scope.FILESYSTEM_READ), null, null);
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> f.services.analytics().get(fsOnly, id, null, null));
        Errors.code(ErrorCode.NOT_FOUND, () -> f.services.analytics().get(f.mallory, id, null, null));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> f.services.analytics().get(f.alice, id, t0.plusSeconds(5), t0.plusSeconds(5)));
        Caller reader = new Caller(Fixture.TENANT, "r", EnumSet.of(Scope.SESSION_READ), null, null);
        assertThat(f.services.analytics().get(reader, id, null, null).sessionId())
                .isEqualTo(id);
    }
}
