package io.aetherfs.server.http;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.DeleteSessionRequest;
import io.aetherfs.proto.v1.Event;
import io.aetherfs.proto.v1.EventType;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.ListEventsRequest;
import io.aetherfs.proto.v1.ListEventsResponse;
import io.aetherfs.proto.v1.ListSessionsRequest;
import io.aetherfs.proto.v1.ListSessionsResponse;
import io.aetherfs.proto.v1.MessageBusServiceGrpc;
import io.aetherfs.proto.v1.ObservabilityServiceGrpc;
import io.aetherfs.proto.v1.PersistenceServiceGrpc;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.proto.v1.SessionStatus;
import io.aetherfs.proto.v1.SessionSummary;
import io.aetherfs.proto.v1.UpdateSessionRequest;
import io.aetherfs.server.api.Callers;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small fake gRPC implementations that echo their requests, so the HTTP binding can be tested without the
 * real ones. The session fake fails, throws or blocks on request by display name.
 */
final class FakeImpls {
    private FakeImpls() {}

    static GrpcImpls create() {
        return new GrpcImpls(List.of(
                new Sessions(),
                new PersistenceServiceGrpc.PersistenceServiceImplBase() {},
                new FileSystemServiceGrpc.FileSystemServiceImplBase() {},
                new Events(),
                new MessageBusServiceGrpc.MessageBusServiceImplBase() {}));
    }

    /** Echoes sessions; "fail" reports SESSION_NOT_ACTIVE, "throw" throws, "block" waits for {@link #release}. */
    static final class Sessions extends SessionServiceGrpc.SessionServiceImplBase {
        static final AtomicInteger CREATED = new AtomicInteger();
        static volatile CountDownLatch release = new CountDownLatch(0);
        static volatile CountDownLatch entered = new CountDownLatch(0);

        @Override
        public void createSession(CreateSessionRequest r, StreamObserver<Session> out) {
            switch (r.getDisplayName()) {
                case "fail" -> {
                    out.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
                            .setCode(9)
                            .setMessage("session is SESSION_STATUS_PENDING_REVIEW")
                            .addDetails(Any.pack(ErrorInfo.newBuilder()
                                    .setReason("SESSION_NOT_ACTIVE")
                                    .setDomain("aetherfs.io")
                                    .putMetadata("status", "SESSION_STATUS_PENDING_REVIEW")
                                    .build()))
                            .build()));
                    return;
                }
                case "throw" -> throw AfsException.invalid("displayName is thrown at");
                case "block" -> {
                    entered.countDown();
                    await(release);
                }
                default -> {}
            }
            out.onNext(Session.newBuilder()
                    .setId("sess_fake" + CREATED.incrementAndGet())
                    .setDisplayName(r.getDisplayName())
                    .setVisibility(r.getVisibility())
                    .setTtlSeconds(r.getTtlSeconds())
                    .putAllTags(r.getInitialTagsMap())
                    .setOwner(Callers.current().principal())
                    .setStatus(SessionStatus.SESSION_STATUS_ACTIVE)
                    .build());
            out.onCompleted();
        }

        @Override
        public void getSession(GetSessionRequest r, StreamObserver<Session> out) {
            out.onNext(Session.newBuilder().setId(r.getSessionId()).build());
            out.onCompleted();
        }

        @Override
        public void listSessions(ListSessionsRequest r, StreamObserver<ListSessionsResponse> out) {
            ListSessionsResponse.Builder b = ListSessionsResponse.newBuilder()
                    .setNextPageToken(
                            r.getPageToken() + "/" + r.getPageSize() + "/" + String.join(",", r.getTagList()));
            r.getStatusList()
                    .forEach(s -> b.addSessions(SessionSummary.newBuilder().setStatus(s)));
            out.onNext(b.build());
            out.onCompleted();
        }

        @Override
        public void updateSession(UpdateSessionRequest r, StreamObserver<Session> out) {
            out.onNext(Session.newBuilder()
                    .setId(r.getSessionId())
                    .setDisplayName(r.getDisplayName())
                    .setDescription(String.join(",", r.getUpdateMask().getPathsList()))
                    .build());
            out.onCompleted();
        }

        @Override
        public void deleteSession(DeleteSessionRequest r, StreamObserver<Empty> out) {
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }

        private static void await(CountDownLatch l) {
            try {
                l.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Echoes the event query: one event per requested type, carrying afterSequence, startTime and path. */
    static final class Events extends ObservabilityServiceGrpc.ObservabilityServiceImplBase {
        @Override
        public void listEvents(ListEventsRequest r, StreamObserver<ListEventsResponse> out) {
            ListEventsResponse.Builder b = ListEventsResponse.newBuilder();
            for (EventType t : r.getTypesList()) {
                b.addEvents(Event.newBuilder()
                        .setSessionId(r.getSessionId())
                        .setType(t)
                        .setSequence(r.getAfterSequence())
                        .setOccurredAt(r.getStartTime())
                        .setPath(r.getPath()));
            }
            out.onNext(b.build());
            out.onCompleted();
        }
    }
}
