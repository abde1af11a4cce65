package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import io.aetherfs.proto.v1.ArchiveSessionRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.DeleteSessionRequest;
import io.aetherfs.proto.v1.EmptyUnderlay;
import io.aetherfs.proto.v1.ForkSessionRequest;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.HydrateSessionRequest;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.ReopenSessionRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionCapabilities;
import io.aetherfs.proto.v1.SessionStatus;
import io.aetherfs.proto.v1.SessionSummary;
import io.aetherfs.proto.v1.SessionVisibility;
import io.aetherfs.proto.v1.SourceRef;
import io.aetherfs.proto.v1.SubmitForReviewRequest;
import io.aetherfs.proto.v1.UnderlayKind;
import io.aetherfs.proto.v1.UpdateSessionRequest;
import io.aetherfs.testkit.Await;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SessionService over a real socket: every RPC, field mapping and the update mask rules. */
class SessionGrpcIT {
    private static final String EMPTY_TREE_FINGERPRINT = "f75e78fd1810b64feddf92973caa41be42718afc";

    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs alice = server.inNewTenant("alice");

    @Test
    void createSession_mapsEverySessionField() {
        Session s = alice.sessions.createSession(CreateSessionRequest.newBuilder()
                .setEmpty(EmptyUnderlay.getDefaultInstance())
                .putInitialTags("team", "core")
                .putLabels("env", "dev")
                .setDisplayName("work")
                .setDescription("a description")
                .setCapabilities(SessionCapabilities.newBuilder().setAnnotations(false))
                .setTtlSeconds(3600)
                .build());
        assertThat(s.getId()).startsWith("sess_").hasSize(31);
        assertThat(s.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ACTIVE);
        assertThat(s.getUnderlay()).isEqualTo(UnderlayKind.UNDERLAY_KIND_EMPTY);
        assertThat(s.hasSourceRef()).isFalse();
        assertThat(s.getBaseFingerprint()).isEqualTo(EMPTY_TREE_FINGERPRINT);
        assertThat(s.getFingerprint()).isEqualTo(EMPTY_TREE_FINGERPRINT);
        assertThat(s.getTagsMap()).containsEntry("team", "core");
        assertThat(s.getLabelsMap()).containsEntry("env", "dev");
        assertThat(s.getDisplayName()).isEqualTo("work");
        assertThat(s.getDescription()).isEqualTo("a description");
        assertThat(s.getCapabilities().hasCommit()).isTrue();
        assertThat(s.getCapabilities().hasApprovals()).isTrue();
        assertThat(s.getCapabilities().hasAnnotations()).isTrue();
        assertThat(s.getCapabilities())
                .isEqualTo(SessionCapabilities.newBuilder()
                        .setCommit(true)
                        .setApprovals(false)
                        .setAnnotations(false)
                        .build());
        assertThat(s.getOwner()).isEqualTo("alice");
        assertThat(s.getCreatedBy()).isEqualTo("alice");
        assertThat(s.getVisibility()).isEqualTo(SessionVisibility.SESSION_VISIBILITY_TENANT);
        assertThat(s.getTtlSeconds()).isEqualTo(3600);
        Instant created = ProtoTimes.instant("created_at", s.getCreatedAt());
        assertThat(created).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
        assertThat(ProtoTimes.instant("expires_at", s.getExpiresAt())).isEqualTo(created.plusSeconds(3600));
        assertThat(s.hasUpdatedAt()).isTrue();
        assertThat(s.hasLastActivityAt()).isTrue();
        assertThat(s.hasArchivedAt()).isFalse();
        assertThat(s.getLastCommitId()).isEmpty();
    }

    @Test
    void createSession_fromAnUnknownSource_isNotFound() {
        assertFails(
                () -> alice.sessions.createSession(CreateSessionRequest.newBuilder()
                        .setSourceRef(SourceRef.newBuilder().setSourceId("src_01hv0000000000000000000000"))
                        .build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void listSessions_filtersAndPages() {
        String a = create("a", "kind", "x");
        String b = create("b", "kind", "x");
        create("c", "kind", "y");
        ListSessionsRequest filter =
                ListSessionsRequest.newBuilder().addTag("kind:x").setPageSize(1).build();
        var first = alice.sessions.listSessions(filter);
        assertThat(first.getSessionsList()).extracting(SessionSummary::getId).containsExactly(b);
        assertThat(first.getNextPageToken()).isNotEmpty();
        var second = alice.sessions.listSessions(
                filter.toBuilder().setPageToken(first.getNextPageToken()).build());
        assertThat(second.getSessionsList()).extracting(SessionSummary::getId).containsExactly(a);
        SessionSummary summary = second.getSessions(0);
        assertThat(summary.getDisplayName()).isEqualTo("a");
        assertThat(summary.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ACTIVE);
        assertThat(summary.getFingerprint()).isEqualTo(EMPTY_TREE_FINGERPRINT);
        assertThat(summary.getOwner()).isEqualTo("alice");
        assertThat(summary.hasCreatedAt()).isTrue();
        assertThat(summary.hasLastActivityAt()).isTrue();

        var active = alice.sessions.listSessions(ListSessionsRequest.newBuilder()
                .addStatus(SessionStatus.SESSION_STATUS_PENDING_REVIEW)
                .build());
        assertThat(active.getSessionsList()).isEmpty();
        assertFails(
                () -> alice.sessions.listSessions(
                        ListSessionsRequest.newBuilder().addTag("no-colon").build()),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> alice.sessions.listSessions(ListSessionsRequest.newBuilder()
                        .addStatus(SessionStatus.SESSION_STATUS_UNSPECIFIED)
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> alice.sessions.listSessions(filter.toBuilder()
                        .clearTag()
                        .setPageToken(first.getNextPageToken())
                        .build()),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void updateSession_changesOnlyTheMaskedFields_snakeOrCamelCase() {
        String id = create("before", "k", "v");
        Session s = alice.sessions.updateSession(UpdateSessionRequest.newBuilder()
                .setSessionId(id)
                .setDisplayName("after")
                .putLabels("l", "1")
                .setDescription("not in the mask")
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name").addPaths("labels"))
                .build());
        assertThat(s.getDisplayName()).isEqualTo("after");
        assertThat(s.getLabelsMap()).containsExactly(java.util.Map.entry("l", "1"));
        assertThat(s.getTagsMap()).containsEntry("k", "v");
        assertThat(s.getDescription()).isEmpty();

        Session cleared = alice.sessions.updateSession(UpdateSessionRequest.newBuilder()
                .setSessionId(id)
                .setUpdateMask(FieldMask.newBuilder().addPaths("tags").addPaths("displayName"))
                .build());
        assertThat(cleared.getTagsMap()).isEmpty();
        assertThat(cleared.getDisplayName()).isEmpty();

        Session caps = alice.sessions.updateSession(UpdateSessionRequest.newBuilder()
                .setSessionId(id)
                .setCapabilities(SessionCapabilities.newBuilder().setCommit(false))
                .setUpdateMask(FieldMask.newBuilder().addPaths("capabilities"))
                .build());
        assertThat(caps.getCapabilities().getCommit()).isFalse();
        assertThat(caps.getCapabilities().getAnnotations()).isTrue();
    }

    @Test
    void updateSession_withFieldsButNoMask_orAnUnknownPath_isInvalid() {
        String id = create("x", "k", "v");
        var noMask = assertFails(
                () -> alice.sessions.updateSession(UpdateSessionRequest.newBuilder()
                        .setSessionId(id)
                        .setDisplayName("y")
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertThat(noMask).isNull();
        assertFails(
                () -> alice.sessions.updateSession(UpdateSessionRequest.newBuilder()
                        .setSessionId(id)
                        .setUpdateMask(FieldMask.newBuilder().addPaths("owner"))
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> alice.sessions.updateSession(UpdateSessionRequest.newBuilder()
                        .setSessionId(id)
                        .setUpdateMask(FieldMask.newBuilder().addPaths("visibility"))
                        .build()),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void forkSession_mergesTagsAndRecordsLineage() {
        String parent = create("p", "a", "1");
        Session child = alice.sessions.forkSession(ForkSessionRequest.newBuilder()
                .setSourceSessionId(parent)
                .putTags("b", "2")
                .setDisplayName("child")
                .build());
        assertThat(child.getParentSessionId()).isEqualTo(parent);
        assertThat(child.getTagsMap()).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(child.getForkFingerprint()).isEqualTo(EMPTY_TREE_FINGERPRINT);
        assertThat(child.getBaseFingerprint()).isEqualTo(EMPTY_TREE_FINGERPRINT);
        assertThat(child.getDisplayName()).isEqualTo("child");
    }

    @Test
    void reviewAndArchiveTransitions_moveTheStatus() throws Exception {
        String id = create("t", "k", "v");
        Session review = alice.sessions.submitForReview(SubmitForReviewRequest.newBuilder()
                .setSessionId(id)
                .setComment("please look")
                .build());
        assertThat(review.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_PENDING_REVIEW);
        Session reopened = alice.sessions.reopenSession(
                ReopenSessionRequest.newBuilder().setSessionId(id).build());
        assertThat(reopened.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ACTIVE);

        Session archiving = alice.sessions.archiveSession(
                ArchiveSessionRequest.newBuilder().setSessionId(id).build());
        assertThat(archiving.getStatus())
                .isIn(SessionStatus.SESSION_STATUS_ARCHIVING, SessionStatus.SESSION_STATUS_ARCHIVED);
        Session archived = awaitStatus(id, SessionStatus.SESSION_STATUS_ARCHIVED);
        assertThat(archived.hasArchivedAt()).isTrue();
        Session hydrating = alice.sessions.hydrateSession(
                HydrateSessionRequest.newBuilder().setSessionId(id).build());
        assertThat(hydrating.getStatus())
                .isIn(SessionStatus.SESSION_STATUS_HYDRATING, SessionStatus.SESSION_STATUS_ACTIVE);
        assertThat(awaitStatus(id, SessionStatus.SESSION_STATUS_ACTIVE).hasArchivedAt())
                .isFalse();
    }

    @Test
    void deleteSession_removesIt() {
        String id = create("gone", "k", "v");
        alice.sessions.deleteSession(
                DeleteSessionRequest.newBuilder().setSessionId(id).build());
        assertFails(
                () -> alice.sessions.getSession(
                        GetSessionRequest.newBuilder().setSessionId(id).build()),
                Status.Code.NOT_FOUND);
    }

    private String create(String name, String tagKey, String tagValue) {
        return alice.sessions
                .createSession(CreateSessionRequest.newBuilder()
                        .setDisplayName(name)
                        .putInitialTags(tagKey, tagValue)
                        .build())
                .getId();
    }

    private Session awaitStatus(String id, SessionStatus want) {
        Await.until(
                Duration.ofSeconds(10),
                "session status " + want,
                () -> session(id).getStatus() == want,
                () -> session(id).getStatus());
        return session(id);
    }

    private Session session(String id) {
        return alice.sessions.getSession(
                GetSessionRequest.newBuilder().setSessionId(id).build());
    }
}
