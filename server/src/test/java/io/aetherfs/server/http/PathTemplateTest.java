package io.aetherfs.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.error.AfsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    final PathTemplate merge = PathTemplate.parse("/v1/sessions/{session_id}:merge");
    final PathTemplate checkpoint = PathTemplate.parse("/v1/sessions/{session_id}/checkpoints/{checkpoint_id}");
    final PathTemplate list = PathTemplate.parse("/v1/sessions");

    @Test
    void variables_matchOneSegmentUpToSlashOrColon() {
        assertThat(merge.match("/v1/sessions/ses_1:merge")).contains(Map.of("session_id", "ses_1"));
        assertThat(checkpoint.match("/v1/sessions/s/checkpoints/c"))
                .contains(Map.of("session_id", "s", "checkpoint_id", "c"));
        assertThat(list.match("/v1/sessions")).contains(Map.of());
    }

    @Test
    void nonMatches() {
        assertThat(merge.match("/v1/sessions/ses_1:mergeFrom")).isEmpty();
        assertThat(merge.match("/v1/sessions/:merge")).isEmpty();
        assertThat(merge.match("/v1/sessions/a/b:merge")).isEmpty();
        assertThat(checkpoint.match("/v1/sessions/s/checkpoints/")).isEmpty();
        assertThat(checkpoint.match("/v1/sessions/s/checkpoints/c/")).isEmpty();
        assertThat(list.match("/v1/sessionsX")).isEmpty();
        assertThat(list.match("/v1/session")).isEmpty();
    }

    @Test
    void variables_arePercentDecoded_plusIsLiteral() {
        assertThat(checkpoint.match("/v1/sessions/a%20b/checkpoints/x+y"))
                .contains(Map.of("session_id", "a b", "checkpoint_id", "x+y"));
        assertThatThrownBy(() -> checkpoint.match("/v1/sessions/%zz/checkpoints/c"))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("malformed percent-escape");
    }

    @Test
    void variables_thatAreNotUtf8OnceDecoded_areInvalidArgument() {
        for (String bad : java.util.List.of("%ff", "%c3", "%ed%a0%80", "%c0%af", "a%e2%82")) {
            assertThatThrownBy(() -> checkpoint.match("/v1/sessions/" + bad + "/checkpoints/c"))
                    .as(bad)
                    .isInstanceOf(AfsException.class)
                    .hasMessageContaining("not valid UTF-8");
        }
        assertThat(checkpoint.match("/v1/sessions/%c3%a9/checkpoints/%f0%9f%98%80"))
                .contains(Map.of("session_id", "é", "checkpoint_id", "😀"));
    }

    @Test
    void label_usesCamelCaseVariables() {
        assertThat(checkpoint.label()).isEqualTo("/v1/sessions/{sessionId}/checkpoints/{checkpointId}");
    }

    @Test
    void unsupportedTemplates_areRejected() {
        assertThatThrownBy(() -> PathTemplate.parse("/v1/{name=sessions/*}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.parse("/v1/{id}.json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathTemplate.parse("v1/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
