package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aetherfs.server.e2e.EdgeFuzzTargets.Frame;
import io.aetherfs.server.e2e.EdgeFuzzTargets.JsonRoute;
import io.aetherfs.server.e2e.EdgeFuzzTargets.RawRoute;
import io.aetherfs.server.e2e.EdgeFuzzTargets.Rpc;
import io.aetherfs.server.e2e.EdgeFuzzTargets.Target;
import io.grpc.Status;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_]+)}");
    private static final int MAX_FILE = EdgeFuzzIT.MAX_FILE;
    private static final List<String> BAD_SEGMENTS = List.of(
            "%ff",
            "%c3",
            "%ed%a0%80",
            "..",
            "%2e%2e",
            "a%5c..%5cb",
            "%00",
            "x".repeat(300),
            "sess_%2Fx",
            "%zz",
            "%",
            "%3Amerge",
            "\u00e9",
            "a%20b",
            "*");
    private static final List<String> BAD_ESCAPES =
            List.of("%ff", "%c3%28", "%ed%a0%80", "%c0%af", "%", "%zz", "a%5c..%5cb", "..%2f..", "%00", "%e2%82");

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
                    case JsonRoute j -> http(i, t, jsonRequest(j, r), true);
                    case RawRoute raw ->
                        http(
                                i,
                                t,
                                rawRequest(raw, r),
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

    /**
     * Everything a refused request must leave as it was: the ids of the tenant's sessions (a refused
     * create or fork adds none; sessions may still vanish when a TTL a case set runs out), and the main
     * fuzz session's record (but {@code updatedAt}, which the engine's background log folding moves), its
     * events (every change appends one: checkpoints, commits, merges, writes) and its manifest (for what
     * the fingerprint leaves out: mtime, ownership).
     */
    private record State(Set<String> sessions, String main, String events, String manifest) {
        boolean unchangedSince(State before) {
            return before.sessions().containsAll(sessions)
                    && main.equals(before.main())
                    && events.equals(before.events())
                    && manifest.equals(before.manifest());
        }
    }

    private State state() {
        String main = "/v1/sessions/" + pool.getFirst();
        ApiClient.Reply session = api.get(main);
        Set<String> sessions = new java.util.TreeSet<>();
        ok(api.get("/v1/sessions?pageSize=1000"))
                .json()
                .path("sessions")
                .forEach(n -> sessions.add(n.path("id").asText()));
        if (session.status() != 200) {
            return new State(sessions, session.status() + "", "", "");
        }
        // updatedAt also moves when the engine folds an idle session's log in the background
        ObjectNode record = (ObjectNode) session.json();
        record.remove("updatedAt");
        // the pool is renewed every 40 cases, so one page holds every event and entry
        JsonNode events = ok(api.get(main + "/events?pageSize=1000")).json().path("events");
        StringBuilder manifest = new StringBuilder();
        for (JsonNode e : ok(api.get(main + "/manifest?pageSize=1000")).json().path("entries")) {
            manifest.append(e.path("path").asText())
                    .append('|')
                    .append(e.path("contentHash").asText())
                    .append('|')
                    .append(e.path("mode").asText())
                    .append('|')
                    .append(e.path("mtime").asText())
                    .append('|')
                    .append(e.path("uid").asText())
                    .append('|')
                    .append(e.path("gid").asText())
                    .append('\n');
        }
        return new State(
                sessions,
                record.toString(),
                events.size() + " ending "
                        + (events.isEmpty()
                                ? ""
                                : events.get(events.size() - 1).path("eventId").asText()),
                manifest.toString());
    }

    // ---- HTTP --------------------------------------------------------------------------------------

    /** One HTTP request as it goes on the wire. */
    private record HttpCase(String method, String target, Map<String, String> headers, byte[] body) {
        String describe() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + abbreviate(target) + " " + headers + (b.isEmpty() ? "" : " body " + escape(b));
        }

        String text() {
            return (target + headers + (body == null ? "" : new String(body, StandardCharsets.UTF_8)))
                    .toLowerCase(Locale.ROOT);
        }
    }

    private void http(int i, Target t, HttpCase c, boolean mutating) {
        State before = mutating ? state() : null;
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
            State after = state();
            if (!after.unchangedSince(before)) {
                findings.add(new Finding(
                        i,
                        t.name(),
                        c.describe(),
                        "refused with " + a.status() + " but changed " + difference(before, after) + "; answer "
                                + abbreviate(a.text())));
            }
        }
    }

    private static String checkHttp(HttpCase c, RawHttp.Answer a) {
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

    private HttpCase jsonRequest(JsonRoute t, Random r) {
        EdgeFuzzValues v = new EdgeFuzzValues(r, pool);
        Map<String, String> vars = new LinkedHashMap<>();
        String path = fillTemplate(t.template(), v, vars);
        ObjectNode message = v.message(t.request(), 0, vars.keySet());
        byte[] body = null;
        StringBuilder query = new StringBuilder();
        if (t.body()) {
            body = v.mutate(message, t.request());
        } else {
            message.properties().forEach(e -> appendQuery(query, e.getKey(), e.getValue(), v));
            if (!v.clean && v.chance(8)) {
                appendQuery(query, "bogusParam", ApiClient.JSON.getNodeFactory().textNode("1"), v);
            }
            if (!v.clean && v.chance(5)) {
                body = EdgeFuzzValues.utf8("{\"unexpected\":\"body\"}");
            }
        }
        Map<String, String> headers = headers(v, body != null);
        return new HttpCase(t.method(), path + (query.isEmpty() ? "" : "?" + query), headers, body);
    }

    private HttpCase rawRequest(RawRoute t, Random r) {
        EdgeFuzzValues v = new EdgeFuzzValues(r, pool);
        String path = fillTemplate(t.template(), v, new LinkedHashMap<>());
        StringBuilder q = new StringBuilder();
        byte[] body = null;
        Map<String, String> headers = headers(v, false);
        switch (t.method() + " " + t.template().substring(t.template().lastIndexOf('}') + 1)) {
            case "PUT /files" -> {
                param(q, "path", v.pick(EdgeFuzzValues.PATHS), v);
                if (v.chance(50)) {
                    param(q, "createParents", v.pick(List.of("", "true", "false", "yes", "1")), v);
                }
                if (v.chance(30)) {
                    param(q, "mode", v.pick(List.of("0644", "420", "0999", "-1", "99999", "abc", "", "07777")), v);
                }
                if (v.chance(20)) {
                    param(q, "expectedHash", v.pick(List.of("", "0".repeat(64), "zz", "A".repeat(64))), v);
                }
                body = new byte[v.pick(List.of(0, 3, 1000, MAX_FILE, MAX_FILE + 1, 3 * MAX_FILE))];
                r.nextBytes(body);
                if (v.chance(15)) {
                    headers.put(
                            v.pick(List.of("if-match", "if-none-match")),
                            v.pick(List.of("*", "\"zz\"", "junk", "\"\"")));
                }
            }
            case "GET :export" -> {
                if (v.chance(70)) {
                    param(q, "format", v.pick(List.of("tar", "tar.gz", "zip", "TAR", "gz", "", "git-bundle")), v);
                }
                if (v.chance(30)) {
                    param(q, "at", v.string("at"), v);
                }
                if (v.chance(50)) {
                    param(q, "pathPrefix", v.pick(EdgeFuzzValues.PATHS), v);
                }
            }
            case "POST :syncFromTarball" -> {
                if (v.chance(50)) {
                    param(q, "basePath", v.pick(EdgeFuzzValues.PATHS), v);
                }
                if (v.chance(30)) {
                    param(q, "deleteMissing", v.pick(List.of("true", "false", "maybe")), v);
                }
                if (v.chance(30)) {
                    param(q, "expectedFingerprint", v.string("expected_fingerprint"), v);
                }
                body = archive(v, r);
                if (v.chance(70)) {
                    headers.put(
                            "content-type",
                            v.pick(List.of("application/x-tar", "application/gzip", "text/plain", "application/zip")));
                }
            }
            default -> { // GET and HEAD /files
                param(q, "path", v.pick(EdgeFuzzValues.PATHS), v);
                if (v.chance(15)) {
                    headers.put(
                            "range",
                            v.pick(List.of(
                                    "bytes=0-9223372036854775807",
                                    "bytes=-9223372036854775808",
                                    "bytes=9223372036854775806-",
                                    "bytes=5-1",
                                    "bytes=0-0,2-3",
                                    "lines=1-2")));
                }
                if (v.chance(10)) {
                    headers.put("if-none-match", v.pick(List.of("*", "\"x\"", "junk")));
                }
            }
        }
        if (v.chance(8)) {
            param(q, v.pick(List.of("bogus", "path", "PATH", "")), "1", v);
        }
        return new HttpCase(t.method(), path + (q.isEmpty() ? "" : "?" + q), headers, body);
    }

    private static byte[] archive(EdgeFuzzValues v, Random r) {
        TarBuilder tar = new TarBuilder();
        for (int n = r.nextInt(4); n > 0; n--) {
            String name = v.pick(List.of(
                    "t/a.txt", "../evil", "/abs.txt", "a\\..\\b", "x/../y", "ok.txt", "dir/", "é.txt", "c".repeat(99)));
            char type = v.pick(List.of('0', '0', '0', '5', '2', '1', '3', '6', 'x'));
            tar.add(name, type, v.pick(List.of("ok.txt", "../../etc/passwd", "/etc/passwd")), EdgeFuzzValues.utf8("x"));
        }
        byte[] garbage = new byte[r.nextInt(2000)];
        r.nextBytes(garbage);
        byte[] t = tar.tar();
        return v.pick(
                List.of(t, tar.tarGz(), garbage, new byte[0], java.util.Arrays.copyOf(t, Math.max(0, t.length - 700))));
    }

    private String fillTemplate(String template, EdgeFuzzValues v, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String var = m.group(1);
            String value = var.endsWith("session_id") ? (v.chance(80) ? pool.getFirst() : v.pick(pool)) : v.string(var);
            vars.put(var, value);
            String segment = v.clean || v.chance(88)
                    ? URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")
                    : v.pick(BAD_SEGMENTS);
            m.appendReplacement(out, Matcher.quoteReplacement(segment));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void appendQuery(StringBuilder q, String name, JsonNode value, EdgeFuzzValues v) {
        if (value.isArray()) {
            value.forEach(e -> appendQuery(q, name, e, v));
        } else if (value.isObject()) {
            if (v.chance(20)) {
                param(q, name, value.toString(), v);
            }
        } else {
            param(q, name, value.isTextual() ? value.textValue() : value.toString(), v);
        }
    }

    private static void param(StringBuilder q, String name, String value, EdgeFuzzValues v) {
        if (!q.isEmpty()) {
            q.append('&');
        }
        String encoded =
                !v.clean && v.chance(10) ? v.pick(BAD_ESCAPES) : URLEncoder.encode(value, StandardCharsets.UTF_8);
        q.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(encoded);
    }

    private Map<String, String> headers(EdgeFuzzValues v, boolean jsonBody) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("authorization", !v.clean && v.chance(3) ? v.pick(List.of("Bearer x", "Basic eDp5", "")) : authorization);
        if (jsonBody) {
            h.put(
                    "content-type",
                    v.chance(90)
                            ? "application/json"
                            : v.pick(List.of("text/plain", "application/json; charset=latin1")));
        }
        for (int n = !v.clean && v.chance(30) ? 1 + (v.chance(30) ? 1 : 0) : 0; n > 0; n--) {
            switch (v.pick(List.of("if-match", "lock", "idem", "rid", "client", "ifnone"))) {
                case "if-match" ->
                    h.put("if-match", v.pick(List.of("*", "\"" + "0".repeat(64) + "\"", "junk", "\"a\",\"b\"")));
                case "ifnone" -> h.put("if-none-match", v.pick(List.of("*", "\"x\"")));
                case "lock" -> h.put("x-aetherfs-lock-token", v.pick(List.of("", "lock_x", "t".repeat(500))));
                case "idem" -> h.put("idempotency-key", v.pick(List.of("", "k1", "k".repeat(200))));
                case "rid" -> h.put("x-request-id", v.pick(List.of("", "r".repeat(2000), "id with spaces")));
                default -> h.put("x-aetherfs-client-name", v.pick(List.of("", "n".repeat(500), "\u00e9")));
            }
        }
        return h;
    }

    // ---- gRPC --------------------------------------------------------------------------------------

    private void rpc(int i, Rpc t, Random r) {
        EdgeFuzzValues v = new EdgeFuzzValues(r, pool);
        byte[] request = EdgeFuzzGrpc.request(t.method().getInputType(), v, r);
        String name = t.method().getName();
        boolean mutating = !name.matches("(Get|List|Read|Stream|Download|Subscribe|Seek).*");
        State before = mutating ? state() : null;
        EdgeFuzzGrpc.Answer a = grpc.call(t.method(), request);
        String describe =
                t.name() + " " + java.util.HexFormat.of().formatHex(request, 0, Math.min(request.length, 120));
        grpcAnswer(i, t, describe, a, t.method().isServerStreaming());
        if (mutating && a.code() != Status.Code.OK) {
            stateChecks++;
            State after = state();
            if (!after.unchangedSince(before)) {
                findings.add(new Finding(
                        i,
                        t.name(),
                        describe,
                        "refused with " + a.code() + " but changed " + difference(before, after)));
            }
        }
    }

    private void frame(int i, Frame t, Random r) {
        State before = state();
        EdgeFuzzGrpc.Answer a = grpc.frame(t.variant(), pool.getFirst(), r);
        grpcAnswer(i, t, t.name(), a, false);
        if (a.code() != Status.Code.OK) {
            stateChecks++;
            State after = state();
            if (!after.unchangedSince(before)) {
                findings.add(new Finding(
                        i,
                        t.name(),
                        t.name(),
                        "refused with " + a.code() + " but changed " + difference(before, after)));
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

    private static String difference(State before, State after) {
        List<String> changed = new ArrayList<>();
        if (!before.sessions().containsAll(after.sessions())) {
            changed.add("the session list (new sessions)");
        }
        if (!before.main().equals(after.main())) {
            changed.add("the session record (" + fieldDifference(before.main(), after.main()) + ")");
        }
        if (!before.events().equals(after.events())) {
            changed.add("the events (" + before.events() + " -> " + after.events() + ")");
        }
        if (!before.manifest().equals(after.manifest())) {
            changed.add("the manifest");
        }
        return String.join(", ", changed);
    }

    /** Returns the top-level fields of two JSON objects that differ, as "name: before -> after". */
    private static String fieldDifference(String before, String after) {
        try {
            JsonNode a = ApiClient.JSON.readTree(before);
            JsonNode b = ApiClient.JSON.readTree(after);
            List<String> out = new ArrayList<>();
            Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (!a.path(n).equals(b.path(n))) {
                    out.add(n + ": " + a.path(n) + " -> " + b.path(n));
                }
            }
            return String.join("; ", out);
        } catch (IOException e) {
            return abbreviate(before) + " -> " + abbreviate(after);
        }
    }

    static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    private static String escape(String s) {
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
