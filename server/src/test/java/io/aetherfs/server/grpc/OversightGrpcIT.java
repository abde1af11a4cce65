package io.aetherfs.server.grpc;

import static io.aetherfs.server.grpc.GrpcTestCalls.assertFails;
import static io.aetherfs.server.grpc.GrpcTestCalls.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.aetherfs.proto.v1.AddAnnotationRequest;
import io.aetherfs.proto.v1.Annotation;
import io.aetherfs.proto.v1.AnnotationStatus;
import io.aetherfs.proto.v1.Approval;
import io.aetherfs.proto.v1.ApprovalReason;
import io.aetherfs.proto.v1.ApprovalState;
import io.aetherfs.proto.v1.CancelApprovalRequest;
import io.aetherfs.proto.v1.DenyApprovalRequest;
import io.aetherfs.proto.v1.GetAnnotationRequest;
import io.aetherfs.proto.v1.GetAnnotationsRequest;
import io.aetherfs.proto.v1.GetApprovalRequest;
import io.aetherfs.proto.v1.RequestApprovalRequest;
import io.aetherfs.proto.v1.UpdateAnnotationStatusRequest;
import io.grpc.Status;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OversightService and AnnotationService over a real gRPC socket: decisions, statuses and their refusals. */
class OversightGrpcIT {
    @RegisterExtension
    static final GrpcServerExtension grpc = GrpcServerExtension.perClass();

    private final GrpcTestServer server = grpc.server();
    private final String tenant = UUID.randomUUID().toString();
    private final GrpcTestServer.Stubs alice = server.as(tenant, "alice");

    @Test
    void approvals_denyAndCancel_returnTheSessionToActive_andRefusalsCarryTheirCodes() {
        String s = GrpcTestCalls.newSession(alice);
        GrpcTestServer.Stubs bob = server.as(tenant, "bob");
        assertFails(
                () -> alice.oversight.requestApproval(
                        RequestApprovalRequest.newBuilder().setSessionId(s).build()),
                Status.Code.INVALID_ARGUMENT);
        Approval a = request(s);
        assertFails(
                () -> server.as(tenant, "reader").oversight.denyApproval(deny(s, a)), Status.Code.PERMISSION_DENIED);
        assertFails(() -> alice.oversight.denyApproval(deny(s, a)), Status.Code.PERMISSION_DENIED, "SELF_APPROVAL");
        assertThat(bob.oversight.denyApproval(deny(s, a)).getDecidedBy()).isEqualTo("bob");
        assertFails(
                () -> bob.oversight.denyApproval(deny(s, a)), Status.Code.FAILED_PRECONDITION, "APPROVAL_NOT_PENDING");
        Approval b = request(s);
        assertThat(alice.oversight
                        .cancelApproval(CancelApprovalRequest.newBuilder()
                                .setSessionId(s)
                                .setApprovalId(b.getApprovalId())
                                .build())
                        .getState())
                .isEqualTo(ApprovalState.APPROVAL_STATE_CANCELLED);
        assertFails(
                () -> server.inNewTenant("alice")
                        .oversight
                        .getApproval(GetApprovalRequest.newBuilder()
                                .setSessionId(s)
                                .setApprovalId(b.getApprovalId())
                                .build()),
                Status.Code.NOT_FOUND);
        assertFails(
                () -> alice.oversight.getApproval(
                        GetApprovalRequest.newBuilder().setSessionId(s).build()),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void annotations_addResolveAndRefuse() {
        String s = GrpcTestCalls.newSession(alice);
        write(alice, s, "a.txt", "hello\n");
        Annotation a = alice.annotations
                .addAnnotation(AddAnnotationRequest.newBuilder()
                        .setSessionId(s)
                        .setPath("a.txt")
                        .setComment("greeting")
                        .build())
                .getAnnotation();
        assertThat(a.getLine()).isZero();
        Annotation resolved = alice.annotations.updateAnnotationStatus(UpdateAnnotationStatusRequest.newBuilder()
                .setSessionId(s)
                .setAnnotationId(a.getId())
                .setStatus(AnnotationStatus.ANNOTATION_STATUS_RESOLVED)
                .build());
        assertThat(resolved.getResolvedBy()).isEqualTo("alice");
        assertThat(resolved.hasResolvedAt()).isTrue();
        assertFails(
                () -> alice.annotations.updateAnnotationStatus(UpdateAnnotationStatusRequest.newBuilder()
                        .setSessionId(s)
                        .setAnnotationId(a.getId())
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertFails(
                () -> alice.annotations.addAnnotation(AddAnnotationRequest.newBuilder()
                        .setSessionId(s)
                        .setPath("b.txt")
                        .setComment("x")
                        .build()),
                Status.Code.NOT_FOUND,
                "PATH_NOT_FOUND");
        assertFails(
                () -> alice.annotations.addAnnotation(AddAnnotationRequest.newBuilder()
                        .setSessionId(s)
                        .setPath("a.txt")
                        .setComment("x")
                        .setExpectedContentHash("0".repeat(64))
                        .build()),
                Status.Code.FAILED_PRECONDITION,
                "STALE_EXPECTED_HASH");
        assertThat(alice.annotations
                        .getAnnotations(GetAnnotationsRequest.newBuilder()
                                .setSessionId(s)
                                .setStatus(AnnotationStatus.ANNOTATION_STATUS_OPEN)
                                .build())
                        .getAnnotationsList())
                .isEmpty();
        assertThat(alice.annotations
                        .getAnnotation(GetAnnotationRequest.newBuilder()
                                .setSessionId(s)
                                .setAnnotationId(a.getId())
                                .build())
                        .getStatus())
                .isEqualTo(AnnotationStatus.ANNOTATION_STATUS_RESOLVED);
    }

    private Approval request(String s) {
        return alice.oversight.requestApproval(RequestApprovalRequest.newBuilder()
                .setSessionId(s)
                .setReason(ApprovalReason.APPROVAL_REASON_HIGH_IMPACT_CHANGE)
                .build());
    }

    private static DenyApprovalRequest deny(String s, Approval a) {
        return DenyApprovalRequest.newBuilder()
                .setSessionId(s)
                .setApprovalId(a.getApprovalId())
                .build();
    }
}
