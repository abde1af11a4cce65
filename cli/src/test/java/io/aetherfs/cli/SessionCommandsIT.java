package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code afs sessions ...} against a real server, in table and JSON form, with their exit codes. */
class SessionCommandsIT extends CliFixture {
    @Test
    void create_json_isTheSessionResource() {
        JsonNode s = json(
                "sessions",
                "create",
                "--name",
                "tour",
                "--description",
                "d",
                "--tag",
                "team=core",
                "--label",
                "env=dev");

        assertThat(s.get("id").asText()).startsWith("sess_");
        assertThat(s.get("displayName").asText()).isEqualTo("tour");
        assertThat(s.get("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");
        assertThat(s.get("tags").get("team").asText()).isEqualTo("core");
        assertThat(s.get("labels").get("env").asText()).isEqualTo("dev");
    }

    @Test
    void create_table_printsTheDetails() {
        CliRun r = afs("sessions", "create", "--name", "human");

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .containsPattern("id: +sess_")
                .containsPattern("status: +ACTIVE")
                .contains("name:", "human");
    }

    @Test
    void create_revisionWithoutSource_exitsTwo() {
        CliRun r = afs("sessions", "create", "--revision", "rev_x");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--revision needs --source");
    }

    @Test
    void create_unknownSource_exitsThree() {
        CliRun r = afs("sessions", "create", "--source", "src_01jzzzzzzzzzzzzzzzzzzzzzzz");

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("not found");
    }

    @Test
    void list_filtersAndPrintsTableOrArray() {
        String tagged = json("sessions", "create", "--name", "tagged", "--tag", "list=yes")
                .get("id")
                .asText();
        newSession("untagged");

        JsonNode all = json("sessions", "list");
        JsonNode filtered = json("sessions", "list", "--tag", "list=yes", "--status", "active");
        CliRun table = afs("sessions", "list", "--tag", "list=yes");

        assertThat(ids(all)).contains(tagged).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ids(filtered)).containsExactly(tagged);
        assertThat(table.out().lines().findFirst().orElseThrow())
                .startsWith("ID")
                .contains("NAME", "STATUS");
        assertThat(table.out()).contains(tagged, "tagged", "ACTIVE");
    }

    @Test
    void list_badStatus_exitsTwo() {
        CliRun r = afs("sessions", "list", "--status", "sleeping");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("sleeping", "ACTIVE", "ARCHIVED");
    }

    @Test
    void list_limit_cutsTheList() {
        newSession("a");
        newSession("b");

        assertThat(json("sessions", "list", "--limit", "1")).hasSize(1);
    }

    @Test
    void showAndFork_returnTheSessions() {
        String parent = newSession("parent");

        JsonNode shown = json("sessions", "show", parent);
        JsonNode child = json("sessions", "fork", parent, "--name", "child");

        assertThat(shown.get("id").asText()).isEqualTo(parent);
        assertThat(child.get("parentSessionId").asText()).isEqualTo(parent);
        assertThat(child.get("displayName").asText()).isEqualTo("child");
        assertThat(ids(json("sessions", "list", "--parent", parent)))
                .containsExactly(child.get("id").asText());
    }

    @Test
    void archiveAndHydrate_withWait_reachTheEndStatus_andWrongStatusExitsFour() {
        String id = newSession("cold");

        JsonNode archived = json("sessions", "archive", id, "--wait");
        CliRun again = afs("sessions", "archive", id);
        JsonNode hydrated = json("sessions", "hydrate", id, "--wait");

        assertThat(archived.get("status").asText()).isEqualTo("SESSION_STATUS_ARCHIVED");
        assertThat(again.exit()).as(again.toString()).isEqualTo(4);
        assertThat(again.err()).contains("FAILED_PRECONDITION");
        assertThat(hydrated.get("status").asText()).isEqualTo("SESSION_STATUS_ACTIVE");
    }

    @Test
    void delete_removesTheSession_thenShowExitsThree() {
        String id = newSession("doomed");

        CliRun deleted = afs("sessions", "delete", id);
        CliRun shown = afs("sessions", "show", id);

        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).contains("deleted " + id);
        assertThat(shown.exit()).isEqualTo(3);
        assertThat(afs("sessions", "delete", id).exit()).isEqualTo(3);
    }

    @Test
    void missingArgument_exitsTwo() {
        CliRun r = afs("sessions", "show");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("SESSION_ID");
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }
}
