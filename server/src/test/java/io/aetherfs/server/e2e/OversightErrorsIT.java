package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static io.aetherfs.server.e2e.OversightScenarioIT.decide;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static io.aetherfs.server.e2e.StatusAssert.assertNoServerFaults;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.auth.JwtSigner;
import io.aetherfs.server.auth.TokenClaims;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Scope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error answers of approvals and annotations over HTTP, on a real embedded server with signed tokens
 * whose scopes differ: wrong states, self-approval, cancel by someone else, other tenants' ids, scopes,
 * and the validation of annotations (each a 4xx with its reason, never a 5xx).
 */
class OversightErrorsIT {
    private static final String TENANT = "1c7e1d2a-7b3f-4c1e-9a2d-0e6f8b4c2a33";
    private static final String OTHER = "2c7e1d2a-7b3f-4c1e-9a2d-0e6f8b4c2a44";
    private static final Set<Scope> WRITE = EnumSet.of(
            Scope.SESSION_READ,
            Scope.SESSION_WRITE,
            Scope.SESSION_DELETE,
            Scope.FILESYSTEM_READ,
            Scope.FILESYSTEM_WRITE);

    @TempDir
    static Path dir;

    private static InProcessServer server;
    private static ApiClient agent;
    private static ApiClient reviewer;
    private static ApiClient writer;
    private static ApiClient reader;
    private static ApiClient admin;
    private static ApiClient stranger;

    @BeforeAll
    static void start() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        HmacKey key = new HmacKey("k1", secret);
        server = InProcessServer.start(
                dir,
                Map.of("AFS_SERVER_AUTH_HMAC_KEYS", "k1:" + Base64.getEncoder().encodeToString(secret)),
                "jwt");
        agent = client(key, TENANT, "agent", WRITE);
        reviewer = client(key, TENANT, "reviewer", WRITE);
        writer = client(key, TENANT, "writer", WRITE);
        reader = client(key, TENANT, "reader", EnumSet.of(Scope.SESSION_READ, Scope.FILESYSTEM_READ));
        admin = client(key, TENANT, "admin", EnumSet.of(Scope.ADMIN));
        stranger = client(key, OTHER, "agent", EnumSet.of(Scope.ADMIN));
    }

    private static ApiClient client(HmacKey key, String tenant, String principal, Set<Scope> scopes) {
        JwtSigner signer = new JwtSigner(key);
        return ApiClient.of(server.port(), tenant, principal, (t, p) -> {
            Instant now = Instant.now();
            return "Bearer " + signer.sign(new TokenClaims(TenantId.parse(t), p, scopes, now, now.plusSeconds(3600)));
        });
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String guarded() {
        return ok(agent.post("/v1/sessions", "{\"capabilities\":{\"approvals\":true}}"))
                .json()
                .path("id")
                .asText();
    }

    private static String request(String s, String reason) {
        return ok(agent.post("/v1/sessions/" + s + "/request-approval", "{\"reason\":\"" + reason + "\"}"))
                .json()
                .path("approvalId")
                .asText();
    }

    @Test
    void approvals_wrongStatesAndDeciders_areRefusedWithTheirReasons() {
        String s = guarded();
        assertError(agent.post("/v1/sessions/" + s + "/request-approval", "{}"), 400, 3, null);
        assertError(agent.post("/v1/sessions/" + s + "/request-approval", "{\"reason\":\"NOPE\"}"), 400, 3, null);
        assertError(agent.post("/v1/sessions/" + s + "/request-approval", "{\"reasons\":\"OTHER\"}"), 400, 3, null);
        assertError(reader.post("/v1/sessions/" + s + "/request-approval", "{\"reason\":\"OTHER\"}"), 403, 7, null);

        String a = request(s, "APPROVAL_REASON_COMMIT_TO_MAIN");
        assertError(
                agent.post("/v1/sessions/" + s + "/request-approval", "{\"reason\":\"OTHER\"}"),
                409,
                9,
                "SESSION_NOT_ACTIVE");
        assertError(decide(agent, s, a, "deny"), 403, 7, "SELF_APPROVAL");
        assertError(decide(writer, s, a, "cancel"), 403, 7, null);
        assertError(decide(reader, s, a, "grant"), 403, 7, null);
        assertThat(ok(decide(reviewer, s, a, "grant")).json().path("state").asText())
                .isEqualTo("APPROVAL_STATE_GRANTED");
        JsonNode state = assertError(decide(writer, s, a, "grant"), 409, 9, "APPROVAL_NOT_PENDING");
        assertThat(state.path("state").asText()).isEqualTo("APPROVAL_STATE_GRANTED");
        assertError(decide(agent, s, a, "cancel"), 409, 9, "APPROVAL_NOT_PENDING");

        String b = request(s, "DESTRUCTIVE_CLEANUP");
        JsonNode cancelled = ok(decide(admin, s, b, "cancel")).json();
        assertThat(cancelled.path("state").asText()).isEqualTo("APPROVAL_STATE_CANCELLED");
        assertThat(cancelled.path("decidedBy").asText()).isEqualTo("admin");
        assertThat(agent.session(s).path("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");

        ok(agent.post("/v1/sessions/" + s + ":submitForReview", "{}"));
        assertError(
                agent.post("/v1/sessions/" + s + "/request-approval", "{\"reason\":\"OTHER\"}"),
                409,
                9,
                "SESSION_NOT_ACTIVE");
        ok(agent.post("/v1/sessions/" + s + ":reopen", "{}"));
        assertThat(ok(reader.get("/v1/sessions/" + s + "/approvals?state=CANCELLED"))
                        .json()
                        .path("approvals"))
                .extracting(x -> x.path("approvalId").asText())
                .containsExactly(b);
        assertError(reader.get("/v1/sessions/" + s + "/approvals?state=BOGUS"), 400, 3, null);
        assertNoServerFaults(agent.replies());
    }

    @Test
    void approvals_ofOtherTenantsOrSessions_andMalformedIds_areNotFound() {
        String s = guarded();
        String a = request(s, "OTHER");
        assertError(stranger.get("/v1/sessions/" + s + "/approvals/" + a), 404, 5, null);
        assertError(stranger.get("/v1/sessions/" + s + "/approvals"), 404, 5, null);
        assertError(decide(stranger, s, a, "grant"), 404, 5, null);
        String other = guarded();
        assertError(agent.get("/v1/sessions/" + other + "/approvals/" + a), 404, 5, null);
        assertError(decide(reviewer, other, a, "grant"), 404, 5, null);
        assertError(agent.get("/v1/sessions/" + s + "/approvals/apr_nope"), 404, 5, null);
        assertThat(agent.session(s).path("status").asText()).isEqualTo("SESSION_STATUS_PENDING_APPROVAL");
    }

    @Test
    void delete_withApprovalsOn_needsAGrantedDestructiveCleanup() {
        String s = guarded();
        JsonNode meta = assertError(agent.delete("/v1/sessions/" + s), 409, 9, "APPROVAL_REQUIRED");
        assertThat(meta.path("reason").asText()).isEqualTo("APPROVAL_REASON_DESTRUCTIVE_CLEANUP");
        String a = request(s, "DESTRUCTIVE_CLEANUP");
        assertError(agent.delete("/v1/sessions/" + s), 409, 9, "SESSION_NOT_ACTIVE");
        ok(decide(reviewer, s, a, "grant"));
        ok(agent.delete("/v1/sessions/" + s));
        assertError(agent.get("/v1/sessions/" + s), 404, 5, null);
    }

    @Test
    void annotations_validation_staleHash_capability_filters_andTenants() {
        String s = ok(agent.post("/v1/sessions", "{}")).json().path("id").asText();
        String hash =
                agent.write(s, "src/a.go", "package a\n").path("contentHash").asText();
        String url = "/v1/sessions/" + s + "/annotations";
        assertError(agent.post(url, note("nope.go", 1, "x")), 404, 5, "PATH_NOT_FOUND");
        assertError(agent.post(url, note("src/a.go", -1, "x")), 400, 3, null);
        assertError(agent.post(url, note("src/a.go", 1, "")), 400, 3, null);
        assertError(agent.post(url, note("src/a.go", 1, "x".repeat(16385))), 400, 3, null);
        ObjectNode many = note("src/a.go", 1, "x");
        ArrayNode labels = many.putArray("labels");
        for (int i = 0; i < 33; i++) {
            labels.add("l" + i);
        }
        assertError(agent.post(url, many), 400, 3, null);
        ObjectNode longLabel = note("src/a.go", 1, "x");
        longLabel.putArray("labels").add("l".repeat(64));
        assertError(agent.post(url, longLabel), 400, 3, null);
        assertError(agent.post(url, note("src/a.go", 1, "x").put("expectedContentHash", "abc")), 400, 3, null);
        assertError(agent.post(url, note("src/a.go", 1, "x").put("colour", "red")), 400, 3, null);
        assertError(reader.post(url, note("src/a.go", 1, "x")), 403, 7, null);

        agent.write(s, "src/a.go", "package b\n");
        String current =
                agent.write(s, "src/a.go", "package c\n").path("contentHash").asText();
        JsonNode stale = assertError(
                agent.post(url, note("src/a.go", 1, "x").put("expectedContentHash", hash)),
                409,
                9,
                "STALE_EXPECTED_HASH");
        assertThat(stale.path("currentHash").asText()).isEqualTo(current);
        assertThat(stale.path("path").asText()).isEqualTo("src/a.go");

        ObjectNode labelled = note("src/a.go", 2, "needs a test").put("expectedContentHash", current);
        labelled.putArray("labels").add("needs-review");
        String a1 = ok(agent.post(url, labelled))
                .json()
                .path("annotation")
                .path("id")
                .asText();
        String a2 = ok(reviewer.post(url, note("src", 0, "package layout")))
                .json()
                .path("annotation")
                .path("id")
                .asText();
        JsonNode resolved = ok(reviewer.send(
                        "PATCH",
                        url + "/" + a1,
                        "{\"status\":\"RESOLVED\",\"comment\":\"added\"}".getBytes(),
                        "Content-Type",
                        "application/json"))
                .json();
        assertThat(resolved.path("status").asText()).isEqualTo("ANNOTATION_STATUS_RESOLVED");
        assertThat(resolved.path("resolvedBy").asText()).isEqualTo("reviewer");
        assertError(
                reviewer.send("PATCH", url + "/" + a1, "{}".getBytes(), "Content-Type", "application/json"),
                400,
                3,
                null);
        assertThat(ids(reader.get(url + "?status=ANNOTATION_STATUS_RESOLVED&label=needs-review")))
                .containsExactly(a1);
        assertThat(ids(reader.get(url + "?path=src"))).containsExactly(a2);
        assertThat(ids(reader.get(url))).containsExactly(a1, a2);
        JsonNode page = ok(reader.get(url + "?pageSize=1")).json();
        assertThat(page.path("nextPageToken").asText()).isNotEmpty();
        assertError(
                reader.get(url + "?pageSize=1&path=src&pageToken="
                        + page.path("nextPageToken").asText()),
                400,
                3,
                null);
        assertThat(ok(reader.get(url + "/" + a2)).json().path("comment").asText())
                .isEqualTo("package layout");
        assertError(reader.get(url + "/ann_nope"), 404, 5, null);
        assertError(stranger.get(url + "/" + a2), 404, 5, null);
        assertError(stranger.post(url, note("src/a.go", 1, "x")), 404, 5, null);

        ok(admin.send(
                "PATCH",
                "/v1/sessions/" + s,
                "{\"capabilities\":{\"annotations\":false}}".getBytes(),
                "Content-Type",
                "application/json"));
        JsonNode off = assertError(agent.post(url, note("src/a.go", 1, "x")), 409, 9, "CAPABILITY_DISABLED");
        assertThat(off.path("capability").asText()).isEqualTo("annotations");
        assertThat(ids(reader.get(url))).containsExactly(a1, a2);
        assertNoServerFaults(agent.replies());
    }

    private static ObjectNode note(String path, int line, String comment) {
        return JSON.createObjectNode().put("path", path).put("line", line).put("comment", comment);
    }

    private static java.util.List<String> ids(ApiClient.Reply r) {
        java.util.List<String> out = new java.util.ArrayList<>();
        ok(r).json().path("annotations").forEach(a -> out.add(a.path("id").asText()));
        return out;
    }
}
