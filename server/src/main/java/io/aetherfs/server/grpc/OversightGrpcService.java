package io.aetherfs.server.grpc;

import io.aetherfs.proto.v1.Approval;
import io.aetherfs.proto.v1.CancelApprovalRequest;
import io.aetherfs.proto.v1.DenyApprovalRequest;
import io.aetherfs.proto.v1.GetApprovalRequest;
import io.aetherfs.proto.v1.GrantApprovalRequest;
import io.aetherfs.proto.v1.ListApprovalsRequest;
import io.aetherfs.proto.v1.ListApprovalsResponse;
import io.aetherfs.proto.v1.OversightServiceGrpc;
import io.aetherfs.proto.v1.RequestApprovalRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.approvals.Approvals;
import io.grpc.stub.StreamObserver;

/** The gRPC OversightService (spec §9.3, §10): request, list, get, grant, deny and cancel approvals. */
public final class OversightGrpcService extends OversightServiceGrpc.OversightServiceImplBase {
    private final Services services;

    public OversightGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void requestApproval(RequestApprovalRequest req, StreamObserver<Approval> out) {
        GrpcCalls.unary(
                out,
                () -> OversightMapping.approval(services.approvals()
                        .request(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                OversightMapping.reason(req.getReason(), "reason"),
                                OversightMapping.map(req.getDetails()),
                                Wire.optional(req.getComment()))));
    }

    @Override
    public void listApprovals(ListApprovalsRequest req, StreamObserver<ListApprovalsResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = services.approvals()
                    .list(
                            Callers.current(),
                            Wire.session(req.getSessionId()),
                            OversightMapping.state(req.getState()),
                            OversightMapping.reason(req.getReason(), "reason"),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return ListApprovalsResponse.newBuilder()
                    .addAllApprovals(page.items().stream()
                            .map(OversightMapping::approval)
                            .toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getApproval(GetApprovalRequest req, StreamObserver<Approval> out) {
        GrpcCalls.unary(
                out,
                () -> OversightMapping.approval(services.approvals()
                        .get(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                Approvals.parseId(Wire.required(req.getApprovalId(), "approvalId")))));
    }

    @Override
    public void grantApproval(GrantApprovalRequest req, StreamObserver<Approval> out) {
        GrpcCalls.unary(
                out,
                () -> OversightMapping.approval(services.approvals()
                        .grant(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                Approvals.parseId(Wire.required(req.getApprovalId(), "approvalId")),
                                Wire.optional(req.getComment()))));
    }

    @Override
    public void denyApproval(DenyApprovalRequest req, StreamObserver<Approval> out) {
        GrpcCalls.unary(
                out,
                () -> OversightMapping.approval(services.approvals()
                        .deny(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                Approvals.parseId(Wire.required(req.getApprovalId(), "approvalId")),
                                Wire.optional(req.getComment()))));
    }

    @Override
    public void cancelApproval(CancelApprovalRequest req, StreamObserver<Approval> out) {
        GrpcCalls.unary(
                out,
                () -> OversightMapping.approval(services.approvals()
                        .cancel(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                Approvals.parseId(Wire.required(req.getApprovalId(), "approvalId")),
                                Wire.optional(req.getComment()))));
    }
}
