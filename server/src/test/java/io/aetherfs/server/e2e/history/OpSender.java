package io.aetherfs.server.e2e.history;

import static io.aetherfs.server.e2e.history.Http.enc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Sends one {@link Op} over the HTTP API (spec §9) and records it as a {@link Call}: the request is
 * timed on both clocks around the exchange, and the answer reduced to status, ErrorInfo reason (or
 * the status code's name when it has none), JSON body, or the hash of a file's bytes.
 */
final class OpSender {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CODES = {
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED"
    };

    private OpSender() {}

    /** Sends {@code op} as client {@code client}'s {@code index}-th request and returns the record. */
    static Call send(Http http, int client, int index, Op op) {
        Request r = request(op);
        Instant startWall = Instant.now();
        long start = System.nanoTime();
        HttpResponse<byte[]> res;
        try {
            res = http.send(r.method, r.path, r.body, r.contentType, r.headers);
        } catch (IOException e) {
            long end = System.nanoTime();
            return new Call(client, index, op, start, end, startWall, Instant.now(), 0, null, e.toString(), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long end = System.nanoTime();
        Instant endWall = Instant.now();
        int status = res.statusCode();
        byte[] bytes = res.body();
        if (status == 200 && op instanceof Op.ReadFile) {
            return new Call(
                    client, index, op, start, end, startWall, endWall, status, null, null, null, Tree.sha256(bytes));
        }
        JsonNode body = parse(bytes);
        if (status >= 200 && status < 300) {
            return new Call(client, index, op, start, end, startWall, endWall, status, null, null, body, null);
        }
        String reason = null;
        String message = new String(bytes, StandardCharsets.UTF_8);
        if (body != null) {
            message = body.path("message").asText(message);
            for (JsonNode d : body.path("details")) {
                if (d.has("reason")) {
                    reason = d.path("reason").asText();
                }
            }
            int code = body.path("code").asInt(-1);
            if (reason == null && code >= 0 && code < CODES.length) {
                reason = CODES[code];
            }
        }
        return new Call(client, index, op, start, end, startWall, endWall, status, reason, message, body, null);
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private record Request(String method, String path, byte[] body, String contentType, String... headers) {
        static Request json(String method, String path, JsonNode body) {
            return new Request(method, path, body.toString().getBytes(StandardCharsets.UTF_8), "application/json");
        }
    }

    private static Request request(Op op) {
        String s = "/v1/sessions/" + op.session();
        return switch (op) {
            case Op.Write w ->
                new Request(
                        "PUT",
                        s + "/files?createParents=true&path=" + enc(w.path())
                                + (w.expectedHash() == null ? "" : "&expectedHash=" + w.expectedHash()),
                        w.content(),
                        "application/octet-stream",
                        w.createOnly() ? new String[] {"If-None-Match", "*"} : new String[0]);
            case Op.Patch p -> {
                ObjectNode b = JSON.createObjectNode().put("path", p.path());
                b.putArray("segments")
                        .addObject()
                        .put("offset", Long.toString(p.offset()))
                        .put("data", Base64.getEncoder().encodeToString(p.data()));
                if (p.expectedHash() != null) {
                    b.put("expectedHash", p.expectedHash());
                }
                if (p.createIfMissing()) {
                    b.put("createIfMissing", true);
                }
                yield Request.json("POST", s + "/patchSegments", b);
            }
            case Op.Delete d ->
                new Request(
                        "DELETE",
                        s + "/files?path=" + enc(d.path())
                                + (d.expectedHash() == null ? "" : "&expectedHash=" + d.expectedHash()),
                        null,
                        null);
            case Op.Rename r -> Request.json("POST", s + "/rename", renameBody(r));
            case Op.Mkdir m ->
                Request.json(
                        "POST",
                        s + "/dirs",
                        JSON.createObjectNode().put("path", m.path()).put("createParents", m.createParents()));
            case Op.Rmdir r ->
                new Request("DELETE", s + "/dirs?path=" + enc(r.path()) + "&recursive=" + r.recursive(), null, null);
            case Op.Batch b -> {
                ObjectNode body = JSON.createObjectNode();
                ArrayNode ops = body.putArray("operations");
                b.steps().forEach(x -> ops.add(batchOp(x)));
                yield Request.json("POST", s + "/batch", body);
            }
            case Op.Fork f ->
                Request.json("POST", s + "/fork", JSON.createObjectNode().put("displayName", "fork"));
            case Op.Checkpoint k -> {
                ObjectNode b = JSON.createObjectNode();
                if (k.name() != null) {
                    b.put("name", k.name());
                }
                yield Request.json("POST", s + "/checkpoints", b);
            }
            case Op.Restore r ->
                Request.json(
                        "POST",
                        s + "/restore",
                        JSON.createObjectNode()
                                .put("checkpointId", r.checkpointId())
                                .put("createSafetyCheckpoint", r.safetyCheckpoint()));
            case Op.Commit k -> {
                ObjectNode b = JSON.createObjectNode().put("message", "history commit");
                if (k.expectedFingerprint() != null) {
                    b.put("expectedFingerprint", k.expectedFingerprint());
                }
                if (k.allowEmpty()) {
                    b.put("allowEmpty", true);
                }
                yield Request.json("POST", s + "/commit", b);
            }
            case Op.Merge m ->
                Request.json(
                        "POST",
                        s + (m.fromChild() ? ":merge" : ":mergeFrom"),
                        JSON.createObjectNode()
                                .put(m.fromChild() ? "childSessionId" : "sourceSessionId", m.source())
                                .put("strategy", "MERGE_STRATEGY_" + m.strategy())
                                .put("lineMerge", m.lineMerge()));
            case Op.Sync y ->
                new Request(
                        "POST",
                        s + ":syncFromTarball?basePath=" + enc(y.basePath()) + "&deleteMissing=" + y.deleteMissing()
                                + (y.expectedFingerprint() == null
                                        ? ""
                                        : "&expectedFingerprint=" + y.expectedFingerprint()),
                        Tar.write(y.files()),
                        "application/x-tar");
            case Op.ReadFile r -> new Request("GET", s + "/files?path=" + enc(r.path()), null, null);
            case Op.ReadManifest x -> new Request("GET", s + "/manifest?pageSize=1000", null, null);
            case Op.ReadSession x -> new Request("GET", s, null, null);
        };
    }

    private static ObjectNode renameBody(Op.Rename r) {
        return JSON.createObjectNode()
                .put("fromPath", r.from())
                .put("toPath", r.to())
                .put("overwrite", r.overwrite());
    }

    private static ObjectNode batchOp(Op op) {
        ObjectNode o = JSON.createObjectNode();
        switch (op) {
            case Op.Write w -> {
                ObjectNode x = o.putObject("write")
                        .put("path", w.path())
                        .put("content", Base64.getEncoder().encodeToString(w.content()))
                        .put("createParents", true);
                if (w.expectedHash() != null) {
                    x.put("expectedHash", w.expectedHash());
                }
            }
            case Op.Delete d -> {
                ObjectNode x = o.putObject("delete").put("path", d.path());
                if (d.expectedHash() != null) {
                    x.put("expectedHash", d.expectedHash());
                }
            }
            case Op.Mkdir m -> o.putObject("mkdir").put("path", m.path()).put("createParents", m.createParents());
            case Op.Rmdir r -> o.putObject("rmdir").put("path", r.path()).put("recursive", r.recursive());
            case Op.Rename r -> o.set("rename", renameBody(r));
            default -> throw new IllegalArgumentException("not a batch step: " + op);
        }
        return o;
    }

    /** Returns every page of a list route's {@code field}, following {@code nextPageToken}. */
    static List<JsonNode> pages(Http http, String first, String field) throws IOException, InterruptedException {
        List<JsonNode> all = new java.util.ArrayList<>();
        String token = "";
        do {
            HttpResponse<byte[]> r =
                    http.send("GET", first + (token.isEmpty() ? "" : "&pageToken=" + enc(token)), null, null);
            if (r.statusCode() != 200) {
                throw new IOException("GET " + first + " answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            JsonNode page = JSON.readTree(r.body());
            page.path(field).forEach(all::add);
            token = page.path("nextPageToken").asText();
        } while (!token.isEmpty());
        return all;
    }
}
