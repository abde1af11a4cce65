package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.ok;

import com.fasterxml.jackson.databind.JsonNode;
import io.aetherfs.server.e2e.EdgeFuzzTargets.Frame;
import io.aetherfs.server.e2e.EdgeFuzzTargets.JsonRoute;
import io.aetherfs.server.e2e.EdgeFuzzTargets.RawRoute;
import io.aetherfs.server.e2e.EdgeFuzzTargets.Rpc;
import io.aetherfs.server.e2e.EdgeFuzzTargets.Target;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A seeded generative fuzzer of the API's edge against a real server (issue 8): each case drives one
 * target of {@link EdgeFuzzTargets} (round robin, so every route and RPC is hit) with a generated
 * request (body, path, query and headers from {@link EdgeFuzzValues}, gRPC messages and frames from
 * {@link EdgeFuzzGrpc}) and checks the answer: no server fault (5xx, gRPC INTERNAL/UNKNOWN/DATA_LOSS/
 * UNAVAILABLE; 501 UNIMPLEMENTED and 504 DEADLINE_EXCEEDED are answers the spec gives), every HTTP error
 * a {@code google.rpc.Status} body, no Java, Jackson, Armeria or Netty names and no stack frames in any
 * answer, and nothing changed by a refused mutating request (the tenant's sessions, and the fuzz
 * session's record, events and manifest are compared before and after). Case
 * {@code i} of seed {@code s} draws from {@code new Random(s * 1_000_003 + i)}, so any finding can be
 * replayed alone.
 */
final class EdgeFuzzer implements AutoCloseable {
    /** What no answer may contain (compared in lower case). */
    static final List<String> INTERNALS = List.of(
            "com.", "java.", "javax.", "jackson", "armeria", "netty", "exception", "\tat ", "at io.", "feature");

    /** One problem a case found. */
    record Finding(int caseNo, String target, String request, String problem) {
        @Override
        public String toString() {
            return "case " + caseNo + " [" + target + "] " + problem + "\n    request: " + request;
        }
    }

    /** A case that took long, for the report. */
    record Slow(long millis, int caseNo, String target) {}

    /** What a run did and found. */
    record Report(
            long seed,
            int cases,
            Map<String, Integer> hits,
            Map<String, Integer> answers,
            int stateChecks,
            List<Slow> slowest,
            List<Finding> findings) {
        String summary() {
            StringBuilder b = new StringBuilder();
            b.append("edge fuzz: seed ")
                    .append(seed)
                    .append(", ")
                    .append(cases)
                    .append(" cases over ")
                    .append(hits.size())
                    .append(" targets, ")
                    .append(stateChecks)
                    .append(" refused mutations checked for changes, ")
                    .append(findings.size())
                    .append(" findings ")
                    .append(kinds())
                    .append("\n  answers: ")
                    .append(answers)
                    .append("\n  slowest cases: ")
                    .append(slowest)
                    .append('\n');
            findings.stream().limit(40).forEach(f -> b.append("  ").append(f).append('\n'));
            return b.toString();
        }

        /** Returns how many findings of each kind (the problem without its details) there are. */
        Map<String, Integer> kinds() {
            Map<String, Integer> k = new TreeMap<>();
            for (Finding f : findings) {
                String p = f.problem();
                String kind = p.startsWith("refused")
                        ? "refused request changed state"
                        : p.startsWith("server fault")
                                ? p.split(":")[0]
                                : p.contains("names internals")
                                        ? "names internals"
                                        : p.contains("google.rpc.Status")
                                                ? "error without a Status body"
                                                : p.split(":")[0];
                k.merge(kind, 1, Integer::sum);
            }
            return k;
        }
    }

    private final int port;
    private final long seed;
    private final List<Target> targets;
    private final ApiClient api;
    private final String authorization;
    private final EdgeFuzzGrpc grpc;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Integer> hits = new TreeMap<>();
    private final Map<String, Integer> answers = new TreeMap<>();
    private int stateChecks;
    private final List<Slow> slowest = new ArrayList<>();
    private List<String> pool = List.of();

    EdgeFuzzer(InProcessServer server, List<Target> targets, long seed) {
        this.port = server.port();
        this.seed = seed;
        this.targets = new ArrayList<>(targets);
        Collections.shuffle(this.targets, new Random(seed));
        String tenant = UUID.randomUUID().toString();
        this.api = server.client(tenant, "fuzzer").withoutLog();
        this.authorization = Credentials.DEV.authorization(tenant, "fuzzer");
        this.grpc = new EdgeFuzzGrpc(port, authorization);
    }

    /** Runs cases {@code from} to {@code from + count - 1} and returns the report. */
    Report run(int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (pool.isEmpty() || (i - from) % 40 == 0 || !active(pool.getFirst())) {
                pool = newPool();
            }
            Target t = targets.get(i % targets.size());
            hits.merge(t.name(), 1, Integer::sum);
            Random r = new Random(seed * 1_000_003L + i);
            long started = System.nanoTime();
            try {
                switch (t) {
                    case JsonRoute j ->
                        http(i, t, new EdgeFuzzHttp(pool, authorization).json(j, new EdgeFuzzValues(r, pool)), true);
                    case RawRoute raw ->
                        http(
                                i,
                                t,
                                new EdgeFuzzHttp(pool, authorization).raw(raw, new EdgeFuzzValues(r, pool), r),
                                !raw.method().equals("GET") && !raw.method().equals("HEAD"));
                    case Rpc rpc -> rpc(i, rpc, r);
                    case Frame f -> frame(i, f, r);
                }
            } catch (RuntimeException e) {
                findings.add(new Finding(i, t.name(), "", "the fuzzer itself failed: " + e));
            }
            slowest.add(new Slow((System.nanoTime() - started) / 1_000_000, i, t.name()));
            slowest.sort(java.util.Comparator.comparingLong(Slow::millis).reversed());
            if (slowest.size() > 5) {
                slowest.removeLast();
            }
        }
        return new Report(seed, count, hits, answers, stateChecks, List.copyOf(slowest), List.copyOf(findings));
    }

    // ---- the fuzz sessions -------------------------------------------------------------------------

    /** Creates the sessions cases name: a main session with files, a fork of it, and an unrelated one. */
    private List<String> newPool() {
        String main = api.newSession("fuzz");
        for (String p : List.of("f.txt", "d/g.txt")) {
            api.write(main, p, "content of " + p + "\n");
        }
        ok(api.post(
                "/v1/sessions/" + main + "/batch",
                "{\"operations\":[{\"write\":{\"path\":\"a\\\\..\\\\b\",\"content\":\"eA==\"}}]}"));
        String child = ok(api.post("/v1/sessions/" + main + "/fork", "{}"))
                .json()
                .path("id")
                .asText();
        api.write(child, "child.txt", "from the child\n");
        String other = api.newSession("other");
        return List.of(main, child, other);
    }

    private boolean active(String id) {
        ApiClient.Reply r = api.get("/v1/sessions/" + id);
        return r.status() == 200 && r.json().path("status").asText().equals("SESSION_STATUS_ACTIVE");
    }

    // ---- HTTP --------------------------------------------------------------------------------------

    private void http(int i, Target t, EdgeFuzzHttp.HttpCase c, boolean mutating) {
        EdgeFuzzState.State before = mutating ? EdgeFuzzState.capture(api, pool.getFirst()) : null;
        RawHttp.Answer a;
        try {
            a = RawHttp.send(
                    port, c.method(), c.target().getBytes(StandardCharsets.UTF_8), c.headers(), c.body(), 60_000);
        } catch (IOException e) {
            findings.add(new Finding(i, t.name(), c.describe(), "no answer: " + e));
            return;
        }
        answers.merge("HTTP " + a.status(), 1, Integer::sum);
        String problem = checkHttp(c, a);
        if (problem != null) {
            findings.add(new Finding(i, t.name(), c.describe(), problem));
        }
        if (mutating && a.status() >= 400) {
            stateChecks++;
            EdgeFuzzState.State after = EdgeFuzzState.capture(api, pool.getFirst());
            if (!after.unchangedSince(before)) {
                findings.add(new Finding(
                        i,
                        t.name(),
                        c.describe(),
                        "refused with " + a.status() + " but changed " + EdgeFuzzState.difference(before, after)
                                + "; answer " + abbreviate(a.text())));
            }
        }
    }

    private static String checkHttp(EdgeFuzzHttp.HttpCase c, RawHttp.Answer a) {
        String text = a.text();
        JsonNode json = null;
        String type = a.headers().getOrDefault("content-type", "");
        if (type.startsWith("application/json") && a.body().length > 0) {
            try {
                json = ApiClient.JSON.readTree(a.body());
            } catch (IOException e) {
                return a.status() + " with a JSON content type but a body that is not JSON: " + abbreviate(text);
            }
        }
        int code = json == null ? -1 : json.path("code").asInt(-1);
        if (a.status() >= 500 && !(a.status() == 501 && code == 12) && !(a.status() == 504 && code == 4)) {
            return "server fault " + a.status() + ": " + abbreviate(text);
        }
        if (a.status() >= 400 && !c.method().equals("HEAD")) {
            if (json == null || code <= 0 || json.path("message").asText().isBlank()) {
                return a.status() + " without a google.rpc.Status body: " + abbreviate(text);
            }
        }
        boolean echoable = INTERNALS.stream().anyMatch(c.text()::contains);
        if (!echoable && (json != null || a.status() >= 400)) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String name : INTERNALS) {
                if (lower.contains(name)) {
                    return "the answer names internals (\"" + name.trim() + "\"): " + abbreviate(text);
                }
            }
        }
        return null;
    }

    // ---- gRPC --------------------------------------------------------------------------------------

    private void rpc(int i, Rpc t, Random r) {
        EdgeFuzzValues v = new EdgeFuzzValues(r, pool);
        byte[] request = EdgeFuzzGrpc.request(t.method().getInputType(), v, r);
        String name = t.method().getName();
        boolean mutating = !name.matches("(Get|List|Read|Stream|Download|Subscribe|Seek).*");
        EdgeFuzzState.State before = mutating ? EdgeFuzzState.capture(api, pool.getFirst()) : null;
        EdgeFuzzGrpc.Answer a = grpc.call(t.method(), request);
        String describe =
                t.name() + " " + java.util.HexFormat.of().formatHex(request, 0, Math.min(request.length, 120));
        grpcAnswer(i, t, describe, a, t.method().isServerStreaming());
        if (mutating && a.code() != Status.Code.OK) {
            stateChecks++;
            EdgeFuzzState.State after = EdgeFuzzState.capture(api, pool.getFirst());
            if (!after.unchangedSince(before)) {
                findings.add(new Finding(
                        i,
                        t.name(),
                        describe,
                        "refused with " + a.code() + " but changed " + EdgeFuzzState.difference(before, after)));
            }
        }
    }

    private void frame(int i, Frame t, Random r) {
        EdgeFuzzState.State before = EdgeFuzzState.capture(api, pool.getFirst());
        EdgeFuzzGrpc.Answer a = grpc.frame(t.variant(), pool.getFirst(), r);
        grpcAnswer(i, t, t.name(), a, false);
        if (a.code() != Status.Code.OK) {
            stateChecks++;
            EdgeFuzzState.State after = EdgeFuzzState.capture(api, pool.getFirst());
            if (!after.unchangedSince(before)) {
                findings.add(new Finding(
                        i,
                        t.name(),
                        t.name(),
                        "refused with " + a.code() + " but changed " + EdgeFuzzState.difference(before, after)));
            }
        }
    }

    private void grpcAnswer(int i, Target t, String describe, EdgeFuzzGrpc.Answer a, boolean streaming) {
        answers.merge("gRPC " + a.code(), 1, Integer::sum);
        Set<Status.Code> faults =
                Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DATA_LOSS, Status.Code.UNAVAILABLE);
        if (faults.contains(a.code()) && !(streaming && a.code() == Status.Code.UNAVAILABLE)) {
            findings.add(new Finding(
                    i, t.name(), describe, "server fault " + a.code() + ": " + abbreviate(a.description())));
            return;
        }
        String lower = a.description().toLowerCase(Locale.ROOT);
        for (String name : INTERNALS) {
            if (lower.contains(name)) {
                findings.add(new Finding(
                        i, t.name(), describe, "the status names internals: " + abbreviate(a.description())));
                return;
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == 0xfffd) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    @Override
    public void close() {
        grpc.close();
    }
}
