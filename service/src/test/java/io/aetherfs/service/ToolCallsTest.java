package io.aetherfs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.ToolCallId;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.tooling.NewToolCall;
import io.aetherfs.service.tooling.ToolCall;
import io.aetherfs.service.tooling.ToolCallQuery;
import io.aetherfs.service.tooling.ToolCallStatus;
import io.aetherfs.service.tooling.ToolCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tool-call audit log: insert-only records, canonical values and digests, filters and paging. */
class ToolCallsTest {
    private final Fixture f = new Fixture();
    private final ToolCalls calls = f.services.toolCalls();
    private final SessionId id = f.newSession();

    @AfterEach
    void close() {
        f.close();
    }

    private ToolCall record(String tool, ToolCallStatus status, Instant startedAt) {
        return calls.record(
                f.alice, id, new NewToolCall(tool, "{\"b\":1,\"a\":[true,null]}", "\"ok\"", status, startedAt, 5));
    }

    @Test
    void record_storesCanonicalValuesDigestsAndWhoRecordedIt() {
        Instant started = f.clock.instant().minusSeconds(3);
        ToolCall c = record("grep", ToolCallStatus.SUCCEEDED, started);

        assertThat(c.id().value()).startsWith("tc_");
        assertThat(c.input()).isEqualTo("{\"a\":[true,null],\"b\":1}");
        assertThat(c.inputSha256())
                .isEqualTo(Hash.of(c.input().getBytes(StandardCharsets.UTF_8)).hex());
        assertThat(c.outputSha256())
                .isEqualTo(Hash.of("\"ok\"".getBytes(StandardCharsets.UTF_8)).hex());
        assertThat(c.startedAt()).isEqualTo(started);
        assertThat(c.recordedBy()).isEqualTo("alice");
        assertThat(c.recordedAt()).isEqualTo(f.clock.instant());
        assertThat(calls.get(f.bob, id, c.id())).isEqualTo(c);
    }

    @Test
    void record_withoutValuesOrStart_hasNoDigestsAndStartsDurationBeforeNow() {
        ToolCall c = calls.record(f.alice, id, new NewToolCall("ls", null, null, ToolCallStatus.FAILED, null, 2500));

        assertThat(c.input()).isNull();
        assertThat(c.inputSha256()).isNull();
        assertThat(c.startedAt()).isEqualTo(f.clock.instant().minusMillis(2500));
    }

    @Test
    void record_isNotAnEvent() {
        long before = f.services
                .engine()
                .snapshot(Fixture.TENANT, id)
                .session()
                .head()
                .eventSeq();
        record("grep", ToolCallStatus.SUCCEEDED, null);
        assertThat(f.services
                        .engine()
                        .snapshot(Fixture.TENANT, id)
                        .session()
                        .head()
                        .eventSeq())
                .isEqualTo(before);
    }

    @Test
    void record_badInput_isRefusedWithTheRightCode() {
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> calls.record(f.alice, id, call("", 0)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> calls.record(f.alice, id, call("x".repeat(129), 0)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> calls.record(f.alice, id, call("a\nb", 0)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> calls.record(f.alice, id, call("ok", -1)));
        Errors.code(ErrorCode.INVALID_ARGUMENT, () -> calls.record(f.alice, id, call("ok", Long.MAX_VALUE)));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> calls.list(
                        f.alice,
                        id,
                        new ToolCallQuery(null, null, Instant.ofEpochSecond(1L << 54), null),
                        new PageRequest(0, "")));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> calls.record(f.alice, id, new NewToolCall("ok", "{", null, ToolCallStatus.SUCCEEDED, null, 0)));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> calls.record(
                        f.alice,
                        id,
                        new NewToolCall(
                                "ok",
                                null,
                                null,
                                ToolCallStatus.SUCCEEDED,
                                f.clock.instant().plusSeconds(3600),
                                0)));
        String big = "\"" + "x".repeat(ToolCalls.MAX_VALUE_BYTES) + "\"";
        var e = Errors.reason(
                Reason.PAYLOAD_TOO_LARGE,
                () -> calls.record(f.alice, id, new NewToolCall("ok", null, big, ToolCallStatus.SUCCEEDED, null, 0)));
        assertThat(e.metadata()).containsEntry("limit", "262144");
        assertThat(calls.record(f.alice, id, call("x".repeat(128), 0)).toolName())
                .hasSize(128);
    }

    @Test
    void scopesVisibilityAndStatus_areChecked() {
        Caller reader = new Caller(Fixture.TENANT, "r", EnumSet.of(Scope.SESSION_READ), null, null);
        Caller nobody = new Caller(Fixture.TENANT, "n", EnumSet.of(Scope.FILESYSTEM_READ), null, null);
        Errors.code(ErrorCode.PERMISSION_DENIED, () -> calls.record(reader, id, call("x", 0)));
        Errors.code(
                ErrorCode.PERMISSION_DENIED, () -> calls.list(nobody, id, ToolCallQuery.ALL, new PageRequest(0, "")));
        Errors.code(ErrorCode.NOT_FOUND, () -> calls.record(f.mallory, id, call("x", 0)));
        ToolCall c = record("grep", ToolCallStatus.SUCCEEDED, null);
        Errors.code(ErrorCode.NOT_FOUND, () -> calls.get(f.mallory, id, c.id()));
        Errors.code(ErrorCode.NOT_FOUND, () -> calls.get(f.alice, id, ToolCallId.first(Instant.EPOCH)));
        Errors.code(ErrorCode.NOT_FOUND, () -> ToolCalls.parseId("tc_nope"));

        f.services.transitions().archive(f.alice, id);
        Errors.reason(Reason.SESSION_NOT_ACTIVE, () -> calls.record(f.alice, id, call("x", 0)));
        assertThat(calls.get(reader, id, c.id())).isEqualTo(c); // reads stay allowed
    }

    @Test
    void list_isInStartOrderWithFiltersAndPages() {
        Instant t0 = f.clock.instant().minus(Duration.ofHours(1));
        List<ToolCall> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // recorded out of order: the log is sorted by startedAt, not by recording time
            int minute = (i * 7) % 25;
            all.add(record(
                    minute % 2 == 0 ? "grep" : "sed",
                    minute % 5 == 0 ? ToolCallStatus.FAILED : ToolCallStatus.SUCCEEDED,
                    t0.plus(Duration.ofMinutes(minute))));
        }
        List<ToolCall> listed = pageThrough(ToolCallQuery.ALL, 4);
        assertThat(listed).extracting(ToolCall::startedAt).isSorted().hasSize(25);

        ToolCallQuery grepFailed = new ToolCallQuery("grep", ToolCallStatus.FAILED, null, null);
        assertThat(pageThrough(grepFailed, 2))
                .extracting(c -> Duration.between(t0, c.startedAt()).toMinutes())
                .containsExactly(0L, 10L, 20L);
        ToolCallQuery window =
                new ToolCallQuery(null, null, t0.plus(Duration.ofMinutes(5)), t0.plus(Duration.ofMinutes(8)));
        assertThat(pageThrough(window, 100))
                .extracting(c -> Duration.between(t0, c.startedAt()).toMinutes())
                .containsExactly(5L, 6L, 7L);

        Page<ToolCall> first = calls.list(f.alice, id, ToolCallQuery.ALL, new PageRequest(3, ""));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> calls.list(f.alice, id, grepFailed, new PageRequest(3, first.nextPageToken())));
        Errors.code(
                ErrorCode.INVALID_ARGUMENT,
                () -> calls.list(f.alice, id, new ToolCallQuery(null, null, t0, t0), new PageRequest(3, "")));
    }

    private List<ToolCall> pageThrough(ToolCallQuery q, int size) {
        List<ToolCall> out = new ArrayList<>();
        String token = "";
        do {
            Page<ToolCall> p = calls.list(f.alice, id, q, new PageRequest(size, token));
            assertThat(p.items().size()).isLessThanOrEqualTo(size);
            out.addAll(p.items());
            token = p.nextPageToken();
        } while (!token.isEmpty());
        return out;
    }

    private static NewToolCall call(String tool, long durationMs) {
        return new NewToolCall(tool, null, null, ToolCallStatus.SUCCEEDED, null, durationMs);
    }
}
