package io.aetherfs.server.grpc;

import io.aetherfs.proto.v1.GetToolCallRequest;
import io.aetherfs.proto.v1.ListToolCallsRequest;
import io.aetherfs.proto.v1.ListToolCallsResponse;
import io.aetherfs.proto.v1.RecordToolCallRequest;
import io.aetherfs.proto.v1.ToolCall;
import io.aetherfs.proto.v1.ToolingServiceGrpc;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.tooling.ToolCalls;
import io.grpc.stub.StreamObserver;

/** The gRPC ToolingService (spec §9.5, §10): a session's insert-only tool-call log. */
public final class ToolingGrpcService extends ToolingServiceGrpc.ToolingServiceImplBase {
    private final Services services;

    public ToolingGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void recordToolCall(RecordToolCallRequest req, StreamObserver<ToolCall> out) {
        GrpcCalls.unary(
                out,
                () -> ToolingMapping.toolCall(services.toolCalls()
                        .record(Callers.current(), Wire.session(req.getSessionId()), ToolingMapping.newCall(req))));
    }

    @Override
    public void listToolCalls(ListToolCallsRequest req, StreamObserver<ListToolCallsResponse> out) {
        GrpcCalls.unary(out, () -> {
            var page = services.toolCalls()
                    .list(
                            Callers.current(),
                            Wire.session(req.getSessionId()),
                            ToolingMapping.query(req),
                            Wire.page(req.getPageSize(), req.getPageToken()));
            return ListToolCallsResponse.newBuilder()
                    .addAllToolCalls(
                            page.items().stream().map(ToolingMapping::toolCall).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getToolCall(GetToolCallRequest req, StreamObserver<ToolCall> out) {
        GrpcCalls.unary(
                out,
                () -> ToolingMapping.toolCall(services.toolCalls()
                        .get(
                                Callers.current(),
                                Wire.session(req.getSessionId()),
                                ToolCalls.parseId(Wire.required(req.getToolCallId(), "toolCallId")))));
    }
}
