package io.aetherfs.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineConfig;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.memory.InProcessNotifier;
import io.aetherfs.proto.v1.BatchOperation;
import io.aetherfs.proto.v1.BatchRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.FileChunk;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.ReadFileRequest;
import io.aetherfs.proto.v1.Session;
import io.aetherfs.proto.v1.WriteOp;
import io.aetherfs.server.api.AuthDecorator;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.Services;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC service objects called in-process, the way the HTTP layer calls them: inside an Armeria request
 * context that went through {@link AuthDecorator}, with a plain collecting observer instead of a gRPC call.
 */
class InProcessCallTest {
    private static final String TOKEN = "Bearer " + GrpcTestServer.TENANT + ":alice";

    private final Engine engine =
            new Engine(new InMemoryMetaStore(), new InMemoryBlobStore(), Clock.systemUTC(), EngineConfig.DEFAULT);
    private final InProcessNotifier notifier = new InProcessNotifier();
    private final Services services = new Services(engine, notifier, Limits.DEFAULT, Policy.DEFAULT);
    private final GrpcServices grpc = GrpcServices.create(services);

    @AfterEach
    void close() {
        services.close();
        engine.close();
        notifier.close();
    }

    @Test
    void unaryAndServerStreamingCalls_answerSynchronouslyThroughAPlainObserver() {
        Collector<Session> created = new Collector<>();
        inRequest(TOKEN, () -> grpc.sessions().createSession(CreateSessionRequest.getDefaultInstance(), created));
        String id = created.single().getId();

        Collector<io.aetherfs.proto.v1.BatchResponse> batch = new Collector<>();
        inRequest(TOKEN, () -> grpc.files()
                .batch(
                        BatchRequest.newBuilder()
                                .setSessionId(id)
                                .addOperations(BatchOperation.newBuilder()
                                        .setWrite(WriteOp.newBuilder()
                                                .setPath("a.txt")
                                                .setContent(com.google.protobuf.ByteString.copyFromUtf8("hello"))))
                                .build(),
                        batch));
        assertThat(batch.single().getResultsCount()).isEqualTo(1);

        Collector<FileChunk> chunks = new Collector<>();
        inRequest(TOKEN, () -> grpc.files()
                .readFile(
                        ReadFileRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("a.txt")
                                .build(),
                        chunks));
        assertThat(chunks.completed).isTrue();
        assertThat(chunks.values).singleElement().satisfies(c -> {
            assertThat(c.getEntry().getPath()).isEqualTo("a.txt");
            assertThat(c.getData().toStringUtf8()).isEqualTo("hello");
        });
    }

    @Test
    void failures_arriveAsStatusRuntimeExceptionsWithTheRpcStatus() {
        Collector<Session> anonymous = new Collector<>();
        inRequest(null, () -> grpc.sessions()
                .getSession(
                        GetSessionRequest.newBuilder().setSessionId("sess_x").build(), anonymous));
        assertThat(anonymous.status()).isEqualTo(Status.Code.UNAUTHENTICATED);

        Collector<Session> missing = new Collector<>();
        inRequest(TOKEN, () -> grpc.sessions()
                .getSession(
                        GetSessionRequest.newBuilder().setSessionId("sess_x").build(), missing));
        assertThat(missing.status()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(StatusProto.fromThrowable(missing.error).getCode()).isEqualTo(5);
    }

    /** Runs {@code call} the way an HTTP route does: in a request context, after authentication. */
    private static void inRequest(String authorization, Runnable call) {
        RequestHeaders headers = authorization == null
                ? RequestHeaders.of(HttpMethod.POST, "/v1/x")
                : RequestHeaders.of(HttpMethod.POST, "/v1/x", HttpHeaderNames.AUTHORIZATION, authorization);
        HttpRequest req = HttpRequest.of(headers);
        ServiceRequestContext ctx = ServiceRequestContext.of(req);
        SafeCloseable pushed = ctx.push();
        try {
            new AuthDecorator(GrpcTestServer::resolve)
                    .serve(
                            (c, r) -> {
                                call.run();
                                return HttpResponse.of(200);
                            },
                            ctx,
                            req);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pushed.close();
        }
    }

    /** A StreamObserver that records what it is given. */
    private static final class Collector<T> implements StreamObserver<T> {
        final List<T> values = new ArrayList<>();
        Throwable error;
        boolean completed;

        @Override
        public void onNext(T value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }

        T single() {
            assertThat(error).isNull();
            assertThat(completed).isTrue();
            assertThat(values).hasSize(1);
            return values.getFirst();
        }

        Status.Code status() {
            assertThat(error).isInstanceOf(StatusRuntimeException.class);
            return ((StatusRuntimeException) error).getStatus().getCode();
        }
    }
}
