package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.aetherfs.proto.v1.GetSessionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls of what the server does not have, on one port serving HTTP and gRPC: an unknown gRPC service or
 * method answers the gRPC status UNIMPLEMENTED (headers only, gRPC content type, google.rpc.Status
 * details), while an unknown {@code /v1} route keeps the HTTP API's JSON 404 and a plain request to an
 * unknown path is still a plain 404.
 */
class UnknownCallsIT {
    @TempDir
    static Path dir;

    private static InProcessServer server;

    private String tenant;
    private ApiClient api;
    private GrpcEdge grpc;

    @BeforeAll
    static void startServer() {
        server = InProcessServer.start(dir, Map.of());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void clients() {
        tenant = UUID.randomUUID().toString();
        api = server.client(tenant, "alice");
        grpc = new GrpcEdge(server.port(), Credentials.DEV.authorization(tenant, "alice"));
    }

    @AfterEach
    void close() {
        grpc.close();
    }

    @Test
    void unknownMethodOfAKnownService_isUnimplemented() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.callRaw("aetherfs.v1.SessionService/ExplodeSession", new byte[0]));

        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(e.getStatus().getDescription())
                .isEqualTo("method ExplodeSession is not a method of aetherfs.v1.SessionService");
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertThat(details).isNotNull();
        assertThat(details.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED.value());
        assertThat(details.getMessage()).isEqualTo(e.getStatus().getDescription());
    }

    @Test
    void unknownService_isUnimplemented_evenWithoutAToken() {
        GrpcEdge anonymous = new GrpcEdge(server.port(), "");
        try {
            StatusRuntimeException e = catchThrowableOfType(
                    StatusRuntimeException.class, () -> anonymous.callRaw("acme.v9.Teleporter/Beam", new byte[] {1}));

            assertThat(e).isNotNull();
            assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(Status.Code.UNIMPLEMENTED);
            assertThat(e.getStatus().getDescription()).isEqualTo("service acme.v9.Teleporter is not served here");
        } finally {
            anonymous.close();
        }
    }

    @Test
    void unknownMethod_isAHeadersOnlyGrpcResponse() {
        AggregatedHttpResponse r = WebClient.of("h2c://127.0.0.1:" + server.port())
                .execute(
                        RequestHeaders.builder(HttpMethod.POST, "/aetherfs.v1.SessionService/Nope")
                                .contentType(MediaType.parse("application/grpc+proto"))
                                .add("te", "trailers")
                                .build(),
                        HttpData.wrap(new byte[5])) // one empty, uncompressed message
                .aggregate()
                .join();

        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().isEndOfStream())
                .as("one HEADERS frame that ends the stream")
                .isTrue();
        assertThat(r.headers().get("content-type")).isEqualTo("application/grpc+proto");
        assertThat(r.headers().get("grpc-status")).isEqualTo("12");
        assertThat(r.headers().get("grpc-message"))
                .isEqualTo("method Nope is not a method of aetherfs.v1.SessionService");
        assertThat(r.headers().get("grpc-status-details-bin")).isNotBlank();
        assertThat(r.content().isEmpty()).isTrue();
        assertThat(r.trailers().isEmpty()).isTrue();
    }

    @Test
    void knownMethods_stillAnswer() {
        String id = api.newSession("known");

        assertThat(grpc.sessions
                        .getSession(
                                GetSessionRequest.newBuilder().setSessionId(id).build())
                        .getId())
                .isEqualTo(id);
    }

    @Test
    void unknownRestRoute_keepsTheJson404_andOtherPathsThePlain404() {
        assertError(api.get("/v1/nothing"), 404, Status.Code.NOT_FOUND.value(), null);
        assertError(api.post("/v1/sessions:explode", "{}"), 404, Status.Code.NOT_FOUND.value(), null);

        AggregatedHttpResponse plain = WebClient.of("http://127.0.0.1:" + server.port())
                .execute(RequestHeaders.builder(HttpMethod.POST, "/aetherfs.v1.SessionService/Nope")
                        .contentType(MediaType.JSON_UTF_8)
                        .build())
                .aggregate()
                .join();
        assertThat(plain.status().code()).isEqualTo(404);
        assertThat(plain.headers().get("grpc-status")).isNull();
    }
}
