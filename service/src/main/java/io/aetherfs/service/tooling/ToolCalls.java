package io.aetherfs.service.tooling;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.model.ToolCallId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.page.Windows;
import io.aetherfs.service.session.SessionAccess;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tool-call audit log of a session (spec §6.14, §8.14): insert-only records of what a tool ran, with
 * its input and output and their digests, listed in {@code startedAt} order. Tool calls are not events.
 */
public final class ToolCalls {
    /** The longest tool name, in characters. */
    public static final int MAX_TOOL_NAME_CHARS = 128;
    /** The largest input or output, in bytes of canonical JSON (spec §6.14: 256 KiB). */
    public static final int MAX_VALUE_BYTES = 256 * 1024;
    /** How far in the future a start time may lie (clients' clocks drift). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Rows a list call reads at most before answering a short page (sparse filters). */
    private static final int SCAN_BUDGET = 20_000;
    /** Rows per store read: small, since one call may hold 512 KiB of values. */
    private static final int READ_PAGE = 64;
    /** Value bytes a list page carries at most (besides its first call), well inside a 16 MiB message. */
    private static final long PAGE_BYTES = 8L << 20;

    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final SecureRandom random = new SecureRandom();

    public ToolCalls(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
    }

    /** Records a finished tool call of a session that takes metadata writes; returns it as stored. */
    public ToolCall record(Caller caller, SessionId id, NewToolCall call) {
        caller.require(Scope.SESSION_WRITE);
        String name = checkName(call.toolName());
        if (call.status() == null) {
            throw AfsException.invalid("status is required");
        }
        if (call.durationMs() < 0) {
            throw AfsException.invalid("durationMs must not be negative");
        }
        JsonValues.Canonical input = JsonValues.canonical(call.input(), "input", MAX_VALUE_BYTES);
        JsonValues.Canonical output = JsonValues.canonical(call.output(), "output", MAX_VALUE_BYTES);
        Instant now = engine.clock().instant();
        if (call.startedAt() == null && call.durationMs() > now.toEpochMilli()) {
            throw AfsException.invalid("durationMs reaches back before 1970; give startedAt");
        }
        Instant started = call.startedAt() != null ? call.startedAt() : now.minusMillis(call.durationMs());
        if (started.isBefore(Instant.EPOCH) || started.isAfter(now.plus(CLOCK_SKEW))) {
            throw AfsException.invalid("startedAt must lie between 1970 and the present, not " + started);
        }
        ToolCallId callId = ToolCallId.generate(started, random);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            ToolCall c = new ToolCall(
                    callId,
                    id,
                    name,
                    input == null ? null : input.json(),
                    output == null ? null : output.json(),
                    input == null ? null : input.sha256(),
                    output == null ? null : output.sha256(),
                    call.status(),
                    started,
                    call.durationMs(),
                    caller.principal(),
                    ctx.now());
            ctx.records(ToolCallRecords.CALLS, id).put(c);
            return c;
        });
    }

    /** Lists a session's tool calls in ascending {@code startedAt} order. */
    public Page<ToolCall> list(Caller caller, SessionId id, ToolCallQuery q, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        if (q.startTime() != null && q.endTime() != null && !q.startTime().isBefore(q.endTime())) {
            throw AfsException.invalid("startTime must be before endTime");
        }
        Windows.check("startTime", q.startTime());
        Windows.check("endTime", q.endTime());
        access.load(caller, id);
        int size = tokens.size(page);
        String route = "ListToolCalls:" + id;
        String token = tokens.decode(page, route, q.canonical());
        ToolCallId after = token != null ? new ToolCallId(token) : lowerBound(q.startTime());
        ToolCallId until = q.endTime() == null ? null : ToolCallId.first(q.endTime());
        Records<ToolCallId, ToolCall> log = engine.records(caller.tenant()).of(ToolCallRecords.CALLS, id);
        List<ToolCall> out = new ArrayList<>();
        ToolCallId last = after;
        boolean more = false;
        long bytes = 0;
        for (int scanned = 0; scanned < SCAN_BUDGET; ) {
            RecordPage<ToolCall> rows = log.list(
                    RecordQuery.<ToolCallId>first(READ_PAGE).after(last).until(until));
            for (ToolCall c : rows.items()) {
                long b = valueBytes(c);
                if (out.size() == size || (!out.isEmpty() && q.matches(c) && bytes + b > PAGE_BYTES)) {
                    more = true;
                    break;
                }
                last = c.id();
                scanned++;
                if (q.matches(c)) {
                    out.add(c);
                    bytes += b;
                }
            }
            if (more || !rows.more()) {
                break;
            }
            more = scanned >= SCAN_BUDGET; // a budget run out mid-log answers a short page with a token
        }
        return new Page<>(out, more ? tokens.encode(route, q.canonical(), last.value()) : "");
    }

    /** Returns one tool call of a session. */
    public ToolCall get(Caller caller, SessionId id, ToolCallId callId) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        return engine.records(caller.tenant())
                .of(ToolCallRecords.CALLS, id)
                .get(callId)
                .orElseThrow(() -> AfsException.notFound("tool call " + callId + " not found in session " + id));
    }

    /** Returns the tool-call id {@code raw} names; NOT_FOUND when it is malformed (it names no tool call). */
    public static ToolCallId parseId(String raw) {
        if (!ToolCallId.isValid(raw)) {
            throw AfsException.notFound("tool call " + raw + " not found");
        }
        return new ToolCallId(raw);
    }

    /**
     * Calls {@code each} with every tool call of a session that started in [{@code from}, {@code to}), in
     * start order, reading a page at a time; callers have checked access (analytics).
     */
    public void forEach(TenantId tenant, SessionId id, Instant from, Instant to, Consumer<ToolCall> each) {
        Records<ToolCallId, ToolCall> log = engine.records(tenant).of(ToolCallRecords.CALLS, id);
        ToolCallId last = lowerBound(from);
        ToolCallId until = to == null ? null : ToolCallId.first(to);
        while (true) {
            RecordPage<ToolCall> rows = log.list(
                    RecordQuery.<ToolCallId>first(READ_PAGE).after(last).until(until));
            rows.items().forEach(each);
            if (!rows.more() || rows.items().isEmpty()) {
                return;
            }
            last = rows.items().getLast().id();
        }
    }

    private static long valueBytes(ToolCall c) {
        return (c.input() == null ? 0 : c.input().length())
                + (c.output() == null ? 0 : c.output().length());
    }

    /** Returns the position just before the first call started at {@code t} (null: from the first). */
    private static ToolCallId lowerBound(Instant t) {
        // ids of calls started at t are greater than first(t) but for one in 2^80: its random part all zero
        return t == null ? null : ToolCallId.first(t);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw AfsException.invalid("toolName is required");
        }
        if (name.codePointCount(0, name.length()) > MAX_TOOL_NAME_CHARS) {
            throw AfsException.invalid("toolName is longer than " + MAX_TOOL_NAME_CHARS + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw AfsException.invalid("toolName must not contain control characters");
        }
        return name;
    }
}
