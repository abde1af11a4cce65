package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static io.aetherfs.server.grpc.GrpcTestCalls.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.aetherfs.proto.v1.AddAnnotationRequest;
import io.aetherfs.proto.v1.Annotation;
import io.aetherfs.proto.v1.AnnotationStatus;
import io.aetherfs.proto.v1.Approval;
import io.aetherfs.proto.v1.ApprovalReason;
import io.aetherfs.proto.v1.ApprovalState;
import io.aetherfs.proto.v1.Commit;
import io.aetherfs.proto.v1.CommitRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.Event;
import io.aetherfs.proto.v1.GetApprovalRequest;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.GrantApprovalRequest;
import io.aetherfs.proto.v1.ListApprovalsRequest;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.RequestApprovalRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionCapabilities;
import io.aetherfs.proto.v1.SessionStatus;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The oversight scenario of issue 11 end to end over a real gRPC socket: edit, refused commit, request
 * (PENDING_APPROVAL refuses writes), refused self-grant, a reviewer's annotation and grant, a stale grant
 * after the next edit, a fresh grant consumed by the commit, a refused second use, and the event log in
 * order. The HTTP twin is {@code e2e/OversightScenarioIT}.
 */
class OversightScenarioGrpcIT {
    @RegisterExtension
    final GrpcServerExtension grpc = GrpcServerExtension.perTest(this::startServer);

    private final GrpcTestServer server = grpc.server();
    private final GrpcTestServer.Stubs agent = server.as("agent");
    private final GrpcTestServer.Stubs reviewer = server.as("reviewer");

    /** Returns the server the scenario runs against (in-memory stores; subclasses choose others). */
    GrpcTestServer startServer() {
        return new GrpcTestServer();
    }

    @Test
    void agentEdits_commitNeedsAFreshGrantFromAnotherPrincipal_consumedOnce_everyStepInTheEventLog() {
        String s = agent.sessions
                .createSession(CreateSessionRequest.newBuilder()
                        .setDisplayName("oversight")
                        .setCapabilities(SessionCapabilities.newBuilder().setApprovals(true))
                        .build())
                .getId();
        String hash = write(agent, s, "src/main.go", "package main\n\nfunc main() {}\n")
                .getContentHash();
        write(agent, s, "README.md", "# demo\n");

        var required = assertFails(() -> commit(s, false), Status.Code.FAILED_PRECONDITION, "APPROVAL_REQUIRED");
        assertThat(required.getMetadataMap()).containsEntry("reason", "APPROVAL_REASON_COMMIT_TO_MAIN");

        Approval first = agent.oversight.requestApproval(RequestApprovalRequest.newBuilder()
                .setSessionId(s)
                .setReason(ApprovalReason.APPROVAL_REASON_COMMIT_TO_MAIN)
                .setDetails(Struct.newBuilder()
                        .putFields(
                                "changedFiles",
                                Value.newBuilder().setNumberValue(2).build()))
                .setComment("ready")
                .build());
        assertThat(first.getState()).isEqualTo(ApprovalState.APPROVAL_STATE_PENDING);
        assertThat(first.getDetails().getFieldsOrThrow("changedFiles").getNumberValue())
                .isEqualTo(2);
        Session pending = session(s);
        assertThat(pending.getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_PENDING_APPROVAL);
        assertThat(pending.getPendingApprovalId()).isEqualTo(first.getApprovalId());
        assertThat(first.getFingerprint()).isEqualTo(pending.getFingerprint());
        assertFails(
                () -> write(agent, s, "README.md", "# changed\n"),
                Status.Code.FAILED_PRECONDITION,
                "SESSION_NOT_ACTIVE");
        assertThat(GrpcTestCalls.readText(agent, s, "README.md")).isEqualTo("# demo\n");

        assertFails(() -> grant(agent, s, first), Status.Code.PERMISSION_DENIED, "SELF_APPROVAL");

        Annotation note = reviewer.annotations
                .addAnnotation(AddAnnotationRequest.newBuilder()
                        .setSessionId(s)
                        .setPath("src/main.go")
                        .setLine(3)
                        .setComment("main does nothing yet")
                        .setExpectedContentHash(hash)
                        .addLabels("needs-review")
                        .build())
                .getAnnotation();
        assertThat(note.getContentHash()).isEqualTo(hash);
        assertThat(note.getStatus()).isEqualTo(AnnotationStatus.ANNOTATION_STATUS_OPEN);
        Approval granted = grant(reviewer, s, first);
        assertThat(granted.getState()).isEqualTo(ApprovalState.APPROVAL_STATE_GRANTED);
        assertThat(session(s).getStatus()).isEqualTo(SessionStatus.SESSION_STATUS_ACTIVE);

        write(agent, s, "src/main.go", "package main\n\nfunc main() { run() }\n");
        assertThat(get(s, first).getState()).isEqualTo(ApprovalState.APPROVAL_STATE_STALE);
        assertFails(() -> commit(s, false), Status.Code.FAILED_PRECONDITION, "APPROVAL_REQUIRED");

        Approval second = agent.oversight.requestApproval(RequestApprovalRequest.newBuilder()
                .setSessionId(s)
                .setReason(ApprovalReason.APPROVAL_REASON_COMMIT_TO_MAIN)
                .build());
        grant(reviewer, s, second);
        Commit commit = commit(s, false);
        assertThat(commit.getApprovalId()).isEqualTo(second.getApprovalId());
        Approval consumed = get(s, second);
        assertThat(consumed.getState()).isEqualTo(ApprovalState.APPROVAL_STATE_CONSUMED);
        assertThat(consumed.getConsumedBy()).isEqualTo("commit:" + commit.getCommitId());
        assertFails(() -> commit(s, true), Status.Code.FAILED_PRECONDITION, "APPROVAL_REQUIRED");

        assertThat(agent.oversight
                        .listApprovals(ListApprovalsRequest.newBuilder()
                                .setSessionId(s)
                                .setState(ApprovalState.APPROVAL_STATE_STALE)
                                .build())
                        .getApprovalsList())
                .extracting(Approval::getApprovalId)
                .containsExactly(first.getApprovalId());

        List<Event> events = agent.observability
                .listEvents(ListEventsRequest.newBuilder()
                        .setSessionId(s)
                        .setPageSize(1000)
                        .build())
                .getEventsList();
        assertThat(events)
                .extracting(e -> e.getType().name().substring("EVENT_TYPE_".length()))
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
        assertThat(events.get(5).getActor().getPrincipal()).isEqualTo("reviewer");
        assertThat(events.get(6).getActor().getPrincipal()).isEqualTo("reviewer");
        assertThat(events.get(15).getDetails().getFieldsOrThrow("consumedBy").getStringValue())
                .isEqualTo("commit:" + commit.getCommitId());
    }

    private Commit commit(String s, boolean allowEmpty) {
        return agent.persistence.commit(CommitRequest.newBuilder()
                .setSessionId(s)
                .setMessage("ship it")
                .setAllowEmpty(allowEmpty)
                .build());
    }

    private Session session(String s) {
        return agent.sessions.getSession(
                GetSessionRequest.newBuilder().setSessionId(s).build());
    }

    private Approval get(String s, Approval a) {
        return agent.oversight.getApproval(GetApprovalRequest.newBuilder()
                .setSessionId(s)
                .setApprovalId(a.getApprovalId())
                .build());
    }

    private static Approval grant(GrpcTestServer.Stubs who, String s, Approval a) {
        return who.oversight.grantApproval(GrantApprovalRequest.newBuilder()
                .setSessionId(s)
                .setApprovalId(a.getApprovalId())
                .build());
    }
}
