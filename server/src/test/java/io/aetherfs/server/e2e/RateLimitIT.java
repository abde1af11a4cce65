package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limits.rate_limit_rps_per_principal} over real sockets: a principal past its bucket gets HTTP 429
 * RATE_LIMITED with {@code Retry-After}, and gRPC RESOURCE_EXHAUSTED with a RetryInfo; the bucket is shared
 * by both transports, other principals are not affected, and operator endpoints are never limited.
 */
class RateLimitIT {
    private static final String TENANT = "7a7e0000-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    @Test
    void pastItsBucket_aPrincipalIsRefusedOnBothTransports_andOthersAndOperatorsAreNot() throws Exception {
        try (InProcessServer server =
                InProcessServer.start(dir, Map.of("AFS_SERVER_LIMITS_RATE_LIMIT_RPS_PER_PRINCIPAL", "0.2"))) {
            ApiClient agent = server.client(TENANT, "agent");
            String s = ApiClient.ok(agent.post("/v1/sessions", "{}"))
                    .json()
                    .path("id")
                    .asText(); // the one token

            ApiClient.Reply refused = agent.get("/v1/sessions/" + s);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(Integer.parseInt(refused.header("retry-after"))).isBetween(1, 5);
            JsonNode info = refused.json().path("details").get(0);
            assertThat(info.path("reason").asText()).isEqualTo("RATE_LIMITED");
            assertThat(info.path("metadata").path("limit").asText()).isEqualTo("0.2");

            StatusRuntimeException e = grpcGet(server, "agent", s);
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            com.google.rpc.Status status = StatusProto.fromThrowable(e);
            assertThat(unpack(status, ErrorInfo.class).getReason()).isEqualTo("RATE_LIMITED");
            assertThat(unpack(status, RetryInfo.class).getRetryDelay().getSeconds())
                    .isBetween(1L, 5L);

            assertThat(server.client(TENANT, "reviewer")
                            .get("/v1/sessions/" + s)
                            .status())
                    .isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                assertThat(agent.get("/healthz").status()).isEqualTo(200);
                assertThat(agent.get("/metrics").status()).isEqualTo(200);
            }
        }
    }

    private static StatusRuntimeException grpcGet(InProcessServer server, String principal, String session) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    server.authorization(TENANT, principal));
            var stub = SessionServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            try {
                stub.getSession(
                        GetSessionRequest.newBuilder().setSessionId(session).build());
            } catch (StatusRuntimeException e) {
                return e;
            }
            throw new AssertionError("the gRPC call was not limited");
        } finally {
            channel.shutdownNow();
        }
    }

    private static <T extends com.google.protobuf.Message> T unpack(com.google.rpc.Status s, Class<T> type)
            throws InvalidProtocolBufferException {
        for (var d : s.getDetailsList()) {
            if (d.is(type)) {
                return d.unpack(type);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + s);
    }
}
