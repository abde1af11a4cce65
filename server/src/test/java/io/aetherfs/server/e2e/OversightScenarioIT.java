package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.enc;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static io.aetherfs.server.e2e.StatusAssert.assertNoServerFaults;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oversight scenario of issue 11 over a real socket and the HTTP/JSON API, on the embedded stores: an
 * agent edits a session whose approvals are enforced, is refused a commit, asks for approval (the session
 * waits in PENDING_APPROVAL), cannot approve itself; a reviewer annotates a line and grants; the agent's
 * next edit turns the grant STALE, so the commit is refused again; a new request and grant let the commit
 * through, consuming the approval, which cannot be used twice; and the event log shows every step in
 * order. The gRPC twin is {@code grpc/OversightScenarioGrpcIT}.
 */
class OversightScenarioIT {
    private static final String TENANT = "0c7e1d2a-7b3f-4c1e-9a2d-0e6f8b4c2a22";

    @TempDir
    Path dir;

    private InProcessServer server;
    private ApiClient agent;
    private ApiClient reviewer;

    @BeforeEach
    void start() {
        server = startServer(dir);
        agent = server.client(TENANT, "agent");
        reviewer = agent.as(TENANT, "reviewer");
    }

    /** Starts the server the scenario runs against: the embedded default here. */
    InProcessServer startServer(Path dir) {
        return InProcessServer.start(dir, Map.of());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void agentEdits_commitNeedsAFreshGrantFromAnotherPrincipal_consumedOnce_everyStepInTheEventLog() {
        String s = ok(agent.post(
                        "/v1/sessions", "{\"displayName\":\"oversight\",\"capabilities\":{\"approvals\":true}}"))
                .json()
                .path("id")
                .asText();
        agent.write(s, "src/main.go", "package main\n\nfunc main() {}\n");
        agent.write(s, "README.md", "# demo\n");

        // the commit needs an approval
        JsonNode refused = assertError(commit(s, false), 409, 9, "APPROVAL_REQUIRED");
        assertThat(refused.path("reason").asText()).isEqualTo("APPROVAL_REASON_COMMIT_TO_MAIN");

        // request: the session waits, mutations are refused, reads still work
        JsonNode first = ok(agent.post(
                        "/v1/sessions/" + s + "/request-approval",
                        "{\"reason\":\"COMMIT_TO_MAIN\",\"details\":{\"changedFiles\":2},\"comment\":\"ready\"}"))
                .json();
        String firstId = first.path("approvalId").asText();
        assertThat(firstId).startsWith("apr_");
        assertThat(first.path("state").asText()).isEqualTo("APPROVAL_STATE_PENDING");
        assertThat(first.path("reason").asText()).isEqualTo("APPROVAL_REASON_COMMIT_TO_MAIN");
        assertThat(first.path("details").path("changedFiles").asInt()).isEqualTo(2);
        assertThat(first.path("requestedBy").asText()).isEqualTo("agent");
        assertThat(first.path("fingerprint").asText()).isEqualTo(agent.fingerprint(s));
        JsonNode pending = agent.session(s);
        assertThat(pending.path("status").asText()).isEqualTo("SESSION_STATUS_PENDING_APPROVAL");
        assertThat(pending.path("pendingApprovalId").asText()).isEqualTo(firstId);
        assertError(
                agent.put("/v1/sessions/" + s + "/files?path=README.md", "# changed\n".getBytes()),
                409,
                9,
                "SESSION_NOT_ACTIVE");
        assertThat(agent.read(s, "README.md")).asString().isEqualTo("# demo\n");

        // nobody approves their own request
        assertError(decide(agent, s, firstId, "grant"), 403, 7, "SELF_APPROVAL");

        // the reviewer annotates a line of what it saw, then grants
        String hash = ok(agent.send("HEAD", "/v1/sessions/" + s + "/files?path=src/main.go", null))
                .header("etag")
                .replace("\"", "");
        ObjectNode note = JSON.createObjectNode()
                .put("path", "src/main.go")
                .put("line", 3)
                .put("comment", "main does nothing yet")
                .put("expectedContentHash", hash);
        note.putArray("labels").add("needs-review");
        JsonNode annotation = ok(reviewer.post("/v1/sessions/" + s + "/annotations", note))
                .json()
                .path("annotation");
        assertThat(annotation.path("id").asText()).startsWith("ann_");
        assertThat(annotation.path("contentHash").asText()).isEqualTo(hash);
        assertThat(annotation.path("status").asText()).isEqualTo("ANNOTATION_STATUS_OPEN");
        JsonNode granted = ok(decide(reviewer, s, firstId, "grant")).json();
        assertThat(granted.path("state").asText()).isEqualTo("APPROVAL_STATE_GRANTED");
        assertThat(granted.path("decidedBy").asText()).isEqualTo("reviewer");
        assertThat(agent.session(s).path("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");

        // the agent changes a file: the grant is stale and the commit refused again
        agent.write(s, "src/main.go", "package main\n\nfunc main() { run() }\n");
        JsonNode stale =
                ok(agent.get("/v1/sessions/" + s + "/approvals/" + firstId)).json();
        assertThat(stale.path("state").asText()).isEqualTo("APPROVAL_STATE_STALE");
        assertThat(stale.path("staleAt").asText()).isNotEmpty();
        assertError(commit(s, false), 409, 9, "APPROVAL_REQUIRED");

        // a new request and grant let the commit through, consuming the approval
        String secondId = ok(agent.post("/v1/sessions/" + s + "/request-approval", "{\"reason\":\"COMMIT_TO_MAIN\"}"))
                .json()
                .path("approvalId")
                .asText();
        ok(decide(reviewer, s, secondId, "grant"));
        JsonNode commit = ok(commit(s, false)).json();
        String commitId = commit.path("commitId").asText();
        assertThat(commit.path("approvalId").asText()).isEqualTo(secondId);
        JsonNode consumed =
                ok(agent.get("/v1/sessions/" + s + "/approvals/" + secondId)).json();
        assertThat(consumed.path("state").asText()).isEqualTo("APPROVAL_STATE_CONSUMED");
        assertThat(consumed.path("consumedBy").asText()).isEqualTo("commit:" + commitId);

        // a second use of the same approval is refused
        assertError(commit(s, true), 409, 9, "APPROVAL_REQUIRED");

        JsonNode list = ok(agent.get("/v1/sessions/" + s + "/approvals?state=APPROVAL_STATE_CONSUMED"))
                .json();
        assertThat(list.path("approvals"))
                .extracting(a -> a.path("approvalId").asText())
                .containsExactly(secondId);
        JsonNode all = ok(agent.get("/v1/sessions/" + s + "/approvals?reason=COMMIT_TO_MAIN"))
                .json();
        assertThat(all.path("approvals"))
                .extracting(a -> a.path("approvalId").asText())
                .containsExactly(secondId, firstId);

        List<JsonNode> events = agent.events(s);
        assertThat(events)
                .extracting(e -> e.path("type").asText().substring("EVENT_TYPE_".length()))
                .containsExactly(
                        "SESSION_CREATED",
                        "FILE_WRITTEN",
                        "FILE_WRITTEN",
                        "APPROVAL_REQUESTED",
                        "SESSION_STATUS_CHANGED",
                        "ANNOTATION_ADDED",
                        "APPROVAL_GRANTED",
                        "SESSION_STATUS_CHANGED",
                        "FILE_WRITTEN",
                        "APPROVAL_STALE",
                        "APPROVAL_REQUESTED",
                        "SESSION_STATUS_CHANGED",
                        "APPROVAL_GRANTED",
                        "SESSION_STATUS_CHANGED",
                        "COMMIT_CREATED",
                        "APPROVAL_CONSUMED");
        assertThat(events.stream()
                        .filter(e -> e.path("type").asText().equals("EVENT_TYPE_SESSION_STATUS_CHANGED"))
                        .map(e -> e.path("details").path("trigger").asText() + ">"
                                + e.path("details").path("to").asText()))
                .containsExactly(
                        "request-approval>SESSION_STATUS_PENDING_APPROVAL",
                        "grant>SESSION_STATUS_ACTIVE",
                        "request-approval>SESSION_STATUS_PENDING_APPROVAL",
                        "grant>SESSION_STATUS_ACTIVE");
        assertThat(events.get(5).path("actor").path("principal").asText()).isEqualTo("reviewer");
        assertThat(events.get(9).path("details").path("approvalId").asText()).isEqualTo(firstId);
        assertThat(events.get(15).path("details").path("consumedBy").asText()).isEqualTo("commit:" + commitId);
        assertNoServerFaults(agent.replies());
    }

    private ApiClient.Reply commit(String s, boolean allowEmpty) {
        return agent.post(
                "/v1/sessions/" + s + "/commit", "{\"message\":\"ship it\",\"allowEmpty\":" + allowEmpty + "}");
    }

    static ApiClient.Reply decide(ApiClient who, String s, String approvalId, String verb) {
        return who.post("/v1/sessions/" + s + "/approvals/" + enc(approvalId) + "/" + verb, "{}");
    }
}
