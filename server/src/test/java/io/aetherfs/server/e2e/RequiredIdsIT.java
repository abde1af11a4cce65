package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Message;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.DeleteCheckpointRequest;
import io.aetherfs.proto.v1.GetCheckpointRequest;
import io.aetherfs.proto.v1.GetCommitRequest;
import io.aetherfs.proto.v1.MergeFromRequest;
import io.aetherfs.proto.v1.MergeRequest;
import io.aetherfs.proto.v1.RestoreCheckpointRequest;
import io.aetherfs.proto.v1.SourceRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request that leaves out a required id (a checkpoint, commit, child or source session, or a source of
 * a new session) is INVALID_ARGUMENT naming the field on both transports, never the NOT_FOUND of an empty
 * id, and changes nothing. The ids a route carries in its URL path cannot be left out over HTTP (no route
 * matches an empty segment), so those fields are checked over gRPC only.
 */
class RequiredIdsIT {
    @TempDir
    static Path dir;

    private static InProcessServer server;

    private ApiClient api;
    private GrpcEdge grpc;
    private String session;

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
    void newSession() {
        String tenant = UUID.randomUUID().toString();
        api = server.client(tenant, "alice");
        grpc = new GrpcEdge(server.port(), Credentials.DEV.authorization(tenant, "alice"));
        session = api.newSession("ids");
        api.write(session, "f.txt", "text\n");
    }

    @AfterEach
    void close() {
        grpc.close();
        StatusAssert.assertNoServerFaults(api.replies());
    }

    /**
     * One required id: its JSON name, the HTTP route that takes it in the body (null: it is a path
     * variable), and the gRPC request without it, for a session.
     */
    record Case(String field, String httpPath, String rpc, Function<String, Message> request) {
        @Override
        public String toString() {
            return field + " of " + rpc;
        }
    }

    static Stream<Arguments> requiredIds() {
        return Stream.of(
                        new Case(
                                "checkpointId",
                                "/v1/sessions/{s}/restore",
                                "aetherfs.v1.PersistenceService/RestoreCheckpoint",
                                s -> RestoreCheckpointRequest.newBuilder()
                                        .setSessionId(s)
                                        .setCreateSafetyCheckpoint(true)
                                        .build()),
                        new Case(
                                "childSessionId",
                                "/v1/sessions/{s}:merge",
                                "aetherfs.v1.PersistenceService/Merge",
                                s -> MergeRequest.newBuilder()
                                        .setParentSessionId(s)
                                        .build()),
                        new Case(
                                "sourceSessionId",
                                "/v1/sessions/{s}:mergeFrom",
                                "aetherfs.v1.PersistenceService/MergeFrom",
                                s -> MergeFromRequest.newBuilder()
                                        .setTargetSessionId(s)
                                        .build()),
                        new Case(
                                "sourceRef.sourceId",
                                "/v1/sessions",
                                "aetherfs.v1.SessionService/CreateSession",
                                s -> CreateSessionRequest.newBuilder()
                                        .setSourceRef(SourceRef.getDefaultInstance())
                                        .build()),
                        new Case(
                                "checkpointId",
                                null,
                                "aetherfs.v1.PersistenceService/GetCheckpoint",
                                s -> GetCheckpointRequest.newBuilder()
                                        .setSessionId(s)
                                        .build()),
                        new Case(
                                "checkpointId",
                                null,
                                "aetherfs.v1.PersistenceService/DeleteCheckpoint",
                                s -> DeleteCheckpointRequest.newBuilder()
                                        .setSessionId(s)
                                        .build()),
                        new Case(
                                "commitId",
                                null,
                                "aetherfs.v1.PersistenceService/GetCommit",
                                s -> GetCommitRequest.newBuilder()
                                        .setSessionId(s)
                                        .build()))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredIds")
    void missingId_isInvalidArgumentNamingTheField_onHttp(Case c) {
        if (c.httpPath() == null) {
            return; // a path variable: no HTTP request can leave it out
        }
        String fingerprint = api.fingerprint(session);
        int events = api.events(session).size();

        ApiClient.Reply r = api.post(c.httpPath().replace("{s}", session), body(c));

        assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertThat(r.json().path("message").asText()).isEqualTo(c.field() + " is required");
        assertThat(api.fingerprint(session)).isEqualTo(fingerprint);
        assertThat(api.events(session)).hasSize(events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredIds")
    void missingId_isInvalidArgumentNamingTheField_onGrpc(Case c) {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.callRaw(c.rpc(), c.request().apply(session).toByteArray()));

        assertThat(e).as("%s must fail", c).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).isEqualTo(c.field() + " is required");
    }

    /** Returns a JSON body the route accepts except for the missing id. */
    private static String body(Case c) {
        return switch (c.field()) {
            case "checkpointId" -> "{\"createSafetyCheckpoint\":true}";
            case "sourceRef.sourceId" -> "{\"sourceRef\":{}}";
            default -> "{\"dryRun\":true}";
        };
    }
}
