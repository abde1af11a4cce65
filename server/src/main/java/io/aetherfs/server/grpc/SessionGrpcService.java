package io.aetherfs.server.grpc;

import com.google.protobuf.Empty;
import io.aetherfs.proto.v1.ArchiveSessionRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.DeleteSessionRequest;
import io.aetherfs.proto.v1.ForkSessionRequest;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.HydrateSessionRequest;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.ListSessionsResponse;
import io.aetherfs.proto.v1.ReopenSessionRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.proto.v1.SubmitForReviewRequest;
import io.aetherfs.proto.v1.UpdateSessionRequest;
import io.aetherfs.server.api.Callers;
import io.aetherfs.service.Services;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.session.SessionView;
import io.grpc.stub.StreamObserver;

/** The gRPC SessionService (spec §9.1, §10): session lifecycle and status transitions. */
public final class SessionGrpcService extends SessionServiceGrpc.SessionServiceImplBase {
    private final Services services;

    public SessionGrpcService(Services services) {
        this.services = services;
    }

    @Override
    public void createSession(CreateSessionRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.sessions().create(caller, SessionRequests.create(req)));
        });
    }

    @Override
    public void listSessions(ListSessionsRequest req, StreamObserver<ListSessionsResponse> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            Page<SessionView> page = services.sessions()
                    .list(caller, SessionRequests.filter(req), Wire.page(req.getPageSize(), req.getPageToken()));
            return ListSessionsResponse.newBuilder()
                    .addAllSessions(
                            page.items().stream().map(SessionMapping::summary).toList())
                    .setNextPageToken(page.nextPageToken())
                    .build();
        });
    }

    @Override
    public void getSession(GetSessionRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.sessions().get(caller, Wire.session(req.getSessionId())));
        });
    }

    @Override
    public void updateSession(UpdateSessionRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(
                    services.sessions().update(caller, Wire.session(req.getSessionId()), SessionRequests.update(req)));
        });
    }

    @Override
    public void deleteSession(DeleteSessionRequest req, StreamObserver<Empty> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            services.sessions().delete(caller, Wire.session(req.getSessionId()));
            return Wire.EMPTY;
        });
    }

    @Override
    public void forkSession(ForkSessionRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.sessions()
                    .fork(
                            caller,
                            Wire.session(req.getSourceSessionId()),
                            req.getTagsMap(),
                            req.getLabelsMap(),
                            Wire.optional(req.getDisplayName())));
        });
    }

    @Override
    public void archiveSession(ArchiveSessionRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.transitions().archive(caller, Wire.session(req.getSessionId())));
        });
    }

    @Override
    public void hydrateSession(HydrateSessionRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.transitions().hydrate(caller, Wire.session(req.getSessionId())));
        });
    }

    @Override
    public void submitForReview(SubmitForReviewRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.transitions()
                    .submitForReview(caller, Wire.session(req.getSessionId()), Wire.optional(req.getComment())));
        });
    }

    @Override
    public void reopenSession(ReopenSessionRequest req, StreamObserver<Session> out) {
        GrpcCalls.unary(out, () -> {
            Caller caller = Callers.current();
            return SessionMapping.session(services.transitions()
                    .reopen(caller, Wire.session(req.getSessionId()), Wire.optional(req.getComment())));
        });
    }
}
