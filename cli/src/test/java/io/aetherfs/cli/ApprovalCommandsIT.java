package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code afs approvals ...} against a real server: the gate of a session that asks for approvals; alice
 * requests, bob (another principal, through {@code --auth-token-file}) decides.
 */
class ApprovalCommandsIT extends CliFixture {
    @Test
    void commit_needsAGrantedApproval() {
        String s = json("sessions", "create", "--require-approvals").get("id").asText();
        put(s, "a.txt", "A");

        CliRun refused = afs("commit", s, "-m", "gated");
        JsonNode requested = json("approvals", "request", s, "--comment", "please");
        String id = requested.get("approvalId").asText();
        CliRun table = afs("approvals", "list", s);
        CliRun selfGrant = afs("approvals", "grant", s, id);
        JsonNode granted = json("approvals", "grant", s, id, "--comment", "ok", "--auth-token-file", bob());
        CliRun committed = afs("commit", s, "-m", "gated");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
        assertThat(requested.get("state").asText()).isEqualTo("APPROVAL_STATE_PENDING");
        assertThat(requested.get("reason").asText()).isEqualTo("APPROVAL_REASON_COMMIT_TO_MAIN");
        assertThat(table.out()).startsWith("ID").contains(id, "COMMIT_TO_MAIN", "PENDING");
        assertThat(selfGrant.exit()).as(selfGrant.toString()).isIn(4, 5);
        assertThat(granted.get("state").asText()).isEqualTo("APPROVAL_STATE_GRANTED");
        assertThat(committed.exit()).as(committed.toString()).isZero();
        assertThat(json("approvals", "list", s, "--state", "consumed")).hasSize(1);
    }

    @Test
    void deny_decidesThePendingApproval_andASecondDecisionExitsFour() {
        String s = json("sessions", "create", "--require-approvals").get("id").asText();
        put(s, "a.txt", "A");
        String id = json("approvals", "request", s, "--reason", "high_impact_change")
                .get("approvalId")
                .asText();

        JsonNode denied = json("approvals", "deny", s, id, "--comment", "no", "--auth-token-file", bob());
        CliRun again = afs("approvals", "grant", s, id, "--auth-token-file", bob());

        assertThat(denied.get("state").asText()).isEqualTo("APPROVAL_STATE_DENIED");
        assertThat(again.exit()).as(again.toString()).isEqualTo(4);
    }

    @Test
    void badInput_exitsTwoOrThree() {
        String s = newSession("approvals-bad");

        assertThat(afs("approvals", "request", s, "--reason", "because").exit()).isEqualTo(2);
        assertThat(afs("approvals", "grant", s, "apr_01jzzzzzzzzzzzzzzzzzzzzzzz")
                        .exit())
                .isEqualTo(3);
        assertThat(afs("approvals", "list", s, "--state", "maybe").exit()).isEqualTo(2);
    }

    private static String bob() {
        try {
            Path file = dir.resolve("bob.token");
            Files.writeString(file, server.token("bob") + "\n");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
