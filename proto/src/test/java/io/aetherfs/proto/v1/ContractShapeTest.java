package io.aetherfs.proto.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks the parts of the aetherfs.v1 contract whose JSON or enum shape could drift silently. */
class ContractShapeTest {

    /** EventType values of spec §7, in table order (numbered 1..n). */
    private static final List<String> SPEC_EVENT_TYPES = List.of(
            "EVENT_TYPE_SESSION_CREATED",
            "EVENT_TYPE_SESSION_UPDATED",
            "EVENT_TYPE_SESSION_STATUS_CHANGED",
            "EVENT_TYPE_SESSION_FORKED",
            "EVENT_TYPE_FORK_CREATED",
            "EVENT_TYPE_FILE_WRITTEN",
            "EVENT_TYPE_FILE_DELETED",
            "EVENT_TYPE_PATH_RENAMED",
            "EVENT_TYPE_DIRECTORY_CREATED",
            "EVENT_TYPE_DIRECTORY_DELETED",
            "EVENT_TYPE_SYMLINK_CREATED",
            "EVENT_TYPE_LINK_CREATED",
            "EVENT_TYPE_ATTRIBUTES_CHANGED",
            "EVENT_TYPE_XATTR_CHANGED",
            "EVENT_TYPE_TARBALL_SYNCED",
            "EVENT_TYPE_CHECKPOINT_CREATED",
            "EVENT_TYPE_CHECKPOINT_DELETED",
            "EVENT_TYPE_SESSION_RESTORED",
            "EVENT_TYPE_COMMIT_CREATED",
            "EVENT_TYPE_MERGE_COMPLETED",
            "EVENT_TYPE_MERGE_CONFLICTED",
            "EVENT_TYPE_PROMOTION_REQUESTED",
            "EVENT_TYPE_PROMOTION_SUCCEEDED",
            "EVENT_TYPE_PROMOTION_FAILED",
            "EVENT_TYPE_APPROVAL_REQUESTED",
            "EVENT_TYPE_APPROVAL_GRANTED",
            "EVENT_TYPE_APPROVAL_DENIED",
            "EVENT_TYPE_APPROVAL_CONSUMED",
            "EVENT_TYPE_APPROVAL_STALE",
            "EVENT_TYPE_ANNOTATION_ADDED",
            "EVENT_TYPE_ANNOTATION_STATUS_CHANGED",
            "EVENT_TYPE_LOCK_ACQUIRED",
            "EVENT_TYPE_LOCK_RENEWED",
            "EVENT_TYPE_LOCK_RELEASED",
            "EVENT_TYPE_LOCK_FORCE_RELEASED",
            "EVENT_TYPE_LOCK_EXPIRED",
            "EVENT_TYPE_LOCK_BYPASSED",
            "EVENT_TYPE_SECRET_SET",
            "EVENT_TYPE_SECRET_DELETED",
            "EVENT_TYPE_HEALTH_REPORTED",
            "EVENT_TYPE_MOUNT_ATTACHED",
            "EVENT_TYPE_MOUNT_DETACHED",
            "EVENT_TYPE_WRITE_CONFLICT_RESOLVED",
            "EVENT_TYPE_MOUNT_MUTATION_REJECTED",
            "EVENT_TYPE_SOURCE_CREATED",
            "EVENT_TYPE_SOURCE_UPDATED",
            "EVENT_TYPE_SOURCE_STATUS_CHANGED",
            "EVENT_TYPE_SOURCE_JOB_QUEUED",
            "EVENT_TYPE_SOURCE_JOB_STARTED",
            "EVENT_TYPE_SOURCE_JOB_SUCCEEDED",
            "EVENT_TYPE_SOURCE_JOB_FAILED",
            "EVENT_TYPE_REVISION_CREATED");

    @Test
    void print_session_usesFullEnumNamesStringInt64AndRfc3339() throws InvalidProtocolBufferException {
        Session session = Session.newBuilder()
                .setId("sess_01hv0000000000000000000000")
                .setStatus(SessionStatus.SESSION_STATUS_ACTIVE)
                .setTtlSeconds(3600)
                .setCreatedAt(Timestamp.newBuilder().setSeconds(1_773_208_521L))
                .setCapabilities(SessionCapabilities.newBuilder()
                        .setCommit(true)
                        .setApprovals(false)
                        .setAnnotations(true))
                .build();

        String json = JsonFormat.printer().print(session);

        assertThat(json)
                .contains("\"status\": \"SESSION_STATUS_ACTIVE\"")
                .contains("\"ttlSeconds\": \"3600\"")
                .contains("\"createdAt\": \"2026-03-11T05:55:21Z\"")
                .contains("\"approvals\": false")
                .doesNotContain("parentSessionId");
    }

    @Test
    void parse_mergeRequest_readsCamelCaseFieldsAndKeepsLineMergeAbsent() throws InvalidProtocolBufferException {
        MergeRequest.Builder builder = MergeRequest.newBuilder();

        JsonFormat.parser().merge("""
                        {"childSessionId": "sess_child", "strategy": "MERGE_STRATEGY_THEIRS",
                         "resolutions": {"src/a.go": "MERGE_RESOLUTION_OURS"}, "dryRun": true}
                        """, builder);

        assertThat(builder.getChildSessionId()).isEqualTo("sess_child");
        assertThat(builder.getStrategy()).isEqualTo(MergeStrategy.MERGE_STRATEGY_THEIRS);
        assertThat(builder.getResolutionsMap()).containsEntry("src/a.go", MergeResolution.MERGE_RESOLUTION_OURS);
        assertThat(builder.getDryRun()).isTrue();
        assertThat(builder.hasLineMerge()).isFalse();
    }

    @Test
    void parse_unknownField_isRejected() {
        assertThatThrownBy(() ->
                        JsonFormat.parser().merge("{\"sessionId\": \"s\", \"comit\": 1}", CommitRequest.newBuilder()))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("comit");
    }

    @Test
    void parse_batchExampleOfSpec_yieldsOneOperationPerKind() throws InvalidProtocolBufferException {
        BatchRequest.Builder builder = BatchRequest.newBuilder();

        JsonFormat.parser().merge("""
                        {"operations": [
                          {"write": {"path": "src/a.txt", "content": "aGk=", "mode": 420, "createParents": true}},
                          {"delete": {"path": "old.txt"}},
                          {"mkdir": {"path": "d", "createParents": true}},
                          {"rename": {"fromPath": "a", "toPath": "b"}},
                          {"symlink": {"path": "l", "target": "a"}}]}
                        """, builder);

        assertThat(builder.getOperationsList())
                .extracting(BatchOperation::getOpCase)
                .containsExactly(
                        BatchOperation.OpCase.WRITE,
                        BatchOperation.OpCase.DELETE,
                        BatchOperation.OpCase.MKDIR,
                        BatchOperation.OpCase.RENAME,
                        BatchOperation.OpCase.SYMLINK);
        assertThat(builder.getOperations(0).getWrite().getContent().toStringUtf8())
                .isEqualTo("hi");
        assertThat(builder.getOperations(0).getWrite().getMode()).isEqualTo(0644);
    }

    @Test
    void eventType_values_matchSpecTableInOrder() {
        List<String> declared = Arrays.stream(EventType.values())
                .filter(t -> t != EventType.UNRECOGNIZED && t != EventType.EVENT_TYPE_UNSPECIFIED)
                .map(Enum::name)
                .toList();

        assertThat(declared).hasSize(52).containsExactlyElementsOf(SPEC_EVENT_TYPES);
        assertThat(EventType.valueOf(SPEC_EVENT_TYPES.getLast()).getNumber()).isEqualTo(52);
    }
}
