package io.aetherfs.server.e2e.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A builder of synthetic histories for testing the checker: calls with explicit times (milliseconds
 * from an epoch), event logs appended per session, and the server's final state, so a test can state
 * exactly the history a correct or a broken server would leave.
 */
final class SynthHistory {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Call> calls = new ArrayList<>();
    private final Map<String, List<Event>> events = new LinkedHashMap<>();
    private final Map<String, Tree> finals = new LinkedHashMap<>();
    private final Map<String, Tree> checkpoints = new LinkedHashMap<>();
    private final List<String> roots = new ArrayList<>();
    private final Map<Integer, Integer> nextIndex = new HashMap<>();
    private String race;

    /** Returns the instant {@code ms} milliseconds after the epoch. */
    static Instant t(double ms) {
        return EPOCH.plusNanos((long) (ms * 1_000_000));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String hash(String text) {
        return Tree.sha256(bytes(text));
    }

    /** Adds a root session created by the setup principal at time 0. */
    SynthHistory root(String id) {
        roots.add(id);
        events.put(id, new ArrayList<>());
        event(id, "SESSION_CREATED", "setup", 0, "", obj());
        finals.put(id, Tree.EMPTY);
        return this;
    }

    /** Marks {@code id} as the session of the expected-hash race. */
    SynthHistory race(String id) {
        race = id;
        return this;
    }

    /** Adds a session's log (for a fork). */
    SynthHistory session(String id) {
        events.put(id, new ArrayList<>());
        finals.put(id, Tree.EMPTY);
        return this;
    }

    /** Records a call of {@code client} sent at {@code startMs} and answered at {@code endMs}. */
    Call call(
            int client,
            Op op,
            double startMs,
            double endMs,
            int status,
            String reason,
            JsonNode body,
            String readHash) {
        int index = nextIndex.merge(client, 1, Integer::sum) - 1;
        Call c = new Call(
                client,
                index,
                op,
                (long) (startMs * 1_000_000),
                (long) (endMs * 1_000_000),
                t(startMs),
                t(endMs),
                status,
                reason,
                reason,
                body,
                readHash);
        calls.add(c);
        return c;
    }

    /** Records an acknowledged call with a JSON answer. */
    Call ok(int client, Op op, double startMs, double endMs, JsonNode body) {
        return call(client, op, startMs, endMs, 200, null, body, null);
    }

    /** Appends an event to {@code session}'s log, occurring at {@code atMs}. */
    Event event(String session, String type, String principal, double atMs, String path, JsonNode details) {
        List<Event> log = events.get(session);
        Event e = new Event(session, log.size() + 1, type, principal, t(atMs), path, details);
        log.add(e);
        return e;
    }

    /** An acknowledged whole-file write with its FILE_WRITTEN event halfway through the call. */
    Call write(
            int client, String session, String path, String text, String expectedHash, double startMs, double endMs) {
        Op.Write w = new Op.Write(session, path, bytes(text), expectedHash, false);
        event(
                session,
                "FILE_WRITTEN",
                Call.principal(client),
                (startMs + endMs) / 2,
                path,
                obj().put("contentHash", w.hash()));
        return ok(client, w, startMs, endMs, obj().put("path", path).put("contentHash", w.hash()));
    }

    /** A file read answered with {@code text} (or 404 when null). */
    Call read(int client, String session, String path, String text, double startMs, double endMs) {
        Op.ReadFile r = new Op.ReadFile(session, path);
        return text == null
                ? call(client, r, startMs, endMs, 404, "PATH_NOT_FOUND", null, null)
                : call(client, r, startMs, endMs, 200, null, null, hash(text));
    }

    /** Sets the server's final tree of {@code session}. */
    SynthHistory finalTree(String session, Tree tree) {
        finals.put(session, tree);
        return this;
    }

    SynthHistory checkpointTree(String id, Tree tree) {
        checkpoints.put(id, tree);
        return this;
    }

    History build() {
        return new History(
                new HistoryConfig(1, 4, calls.size(), roots.size(), 10, 0, 0),
                calls,
                events,
                finals,
                checkpoints,
                roots,
                race,
                "setup");
    }

    static ObjectNode obj() {
        return OpSender.JSON.createObjectNode();
    }

    /** A merge answer: result, ancestor and resulting fingerprints, and the applied changes {path, kind, newHash}. */
    static ObjectNode mergeAnswer(String result, String ancestorFp, String fp, String[]... applied) {
        ObjectNode b = obj().put("result", "MERGE_RESULT_" + result)
                .put("ancestorFingerprint", ancestorFp)
                .put("fingerprint", fp);
        ArrayNode a = b.putArray("applied");
        for (String[] x : applied) {
            a.addObject()
                    .put("path", x[0])
                    .put("changeKind", "CHANGE_KIND_" + x[1])
                    .put("entryType", "ENTRY_TYPE_FILE")
                    .put("newHash", x[2]);
        }
        return b;
    }

    /** Returns a tree of files given as path, text, path, text, … */
    static Tree files(String... pathsAndTexts) {
        Map<String, Tree.Node> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            m.put(pathsAndTexts[i], Tree.File.of(bytes(pathsAndTexts[i + 1])));
        }
        return Tree.of(m);
    }
}
