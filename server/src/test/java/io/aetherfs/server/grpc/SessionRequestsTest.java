package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.FieldMask;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.SessionCapabilities;
import io.aetherfs.proto.v1.UpdateSessionRequest;
import io.aetherfs.service.session.SessionUpdate;
import org.junit.jupiter.api.Test;

class SessionRequestsTest {
    @Test
    void camel_convertsSnakeCaseAndKeepsCamelCase() {
        assertThat(SessionRequests.camel("display_name")).isEqualTo("displayName");
        assertThat(SessionRequests.camel("shared_with")).isEqualTo("sharedWith");
        assertThat(SessionRequests.camel("ttlSeconds")).isEqualTo("ttlSeconds");
        assertThat(SessionRequests.camel("tags")).isEqualTo("tags");
    }

    @Test
    void update_takesOnlyMaskedFields_andAbsentCapabilitiesStayNull() {
        SessionUpdate u = SessionRequests.update(UpdateSessionRequest.newBuilder()
                .setTtlSeconds(0)
                .setCapabilities(SessionCapabilities.newBuilder().setApprovals(true))
                .setUpdateMask(FieldMask.newBuilder().addPaths("ttl_seconds").addPaths("capabilities"))
                .build());
        assertThat(u.fields()).containsExactly("ttlSeconds", "capabilities");
        assertThat(u.ttlSeconds()).isNull();
        assertThat(u.capabilities().approvals()).isTrue();
        assertThat(u.capabilities().commit()).isNull();
    }

    @Test
    void update_withoutMask_isOnlyValidWhenNothingIsSet() {
        assertThat(SessionRequests.update(UpdateSessionRequest.getDefaultInstance())
                        .fields())
                .isEmpty();
        assertThatThrownBy(() -> SessionRequests.update(
                        UpdateSessionRequest.newBuilder().putTags("a", "b").build()))
                .isInstanceOf(AfsException.class)
                .hasMessageContaining("update_mask");
    }

    @Test
    void filter_parsesStatusesAndKeyValuePairs() {
        var f = SessionRequests.filter(ListSessionsRequest.newBuilder()
                .addStatus(io.aetherfs.proto.v1.SessionStatus.SESSION_STATUS_CONFLICT)
                .addTag("team:core:infra")
                .addLabel("env:")
                .build());
        assertThat(f.statuses()).containsExactly(SessionStatus.CONFLICT);
        assertThat(f.tags()).containsEntry("team", "core:infra");
        assertThat(f.labels()).containsEntry("env", "");
        assertThat(f.sourceId()).isNull();
    }
}
