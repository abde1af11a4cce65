package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.ApiClient.JSON;
import static io.aetherfs.server.e2e.ApiClient.enc;
import static io.aetherfs.server.e2e.ApiClient.ok;
import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.rpc.ErrorInfo;
import io.aetherfs.proto.v1.FallocateMode;
import io.aetherfs.proto.v1.FallocateRequest;
import io.aetherfs.proto.v1.PatchSegment;
import io.aetherfs.proto.v1.PatchSegmentsRequest;
import io.aetherfs.proto.v1.PosixLockKind;
import io.aetherfs.proto.v1.PosixLockOwner;
import io.aetherfs.proto.v1.SetPosixLockRequest;
import io.aetherfs.proto.v1.UpdateSessionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge of the API against a real server over a real socket, HTTP and gRPC on one port (issue 8,
 * items 4–8 and 10): int64 ranges that overflow, invalid UTF-8 in paths, malformed protobuf, internal
 * names in error messages, JSON scalars of the wrong type, malformed fingerprints, and names with a
 * backslash next to {@code ..}. Every refused request leaves the session as it was.
 */
class EdgeInputIT {
    private static final String MAX = Long.toString(Long.MAX_VALUE);
    private static final int MAX_FILE = 16 * 1024;

    /** What no error message may contain: Java, Jackson, Armeria or gRPC internals. */
    static final List<String> INTERNAL_NAMES =
            List.of("com.", "java.", "jackson", "Jackson", "armeria", "Armeria", "Exception", "Feature", "`", "\tat ");

    @TempDir
    static Path dir;

    private static InProcessServer server;

    private ApiClient api;
    private GrpcEdge grpc;
    private String tenant;
    private String session;

    @BeforeAll
    static void startServer() {
        server = InProcessServer.start(dir, Map.of("AFS_SERVER_LIMITS_MAX_FILE_BYTES", Integer.toString(MAX_FILE)));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newTenant() {
        tenant = UUID.randomUUID().toString();
        api = server.client(tenant, "alice");
        grpc = new GrpcEdge(server.port(), Credentials.DEV.authorization(tenant, "alice"));
        session = api.newSession("edge");
        api.write(session, "f.txt", "original\n");
    }

    @AfterEach
    void noServerFaults() {
        grpc.close();
        StatusAssert.assertNoServerFaults(api.replies());
    }

    private record State(String fingerprint, int events) {}

    private State state() {
        return new State(api.fingerprint(session), api.events(session).size());
    }

    private String s(String suffix) {
        return "/v1/sessions/" + session + suffix;
    }

    private static void assertNoInternalNames(String message) {
        for (String name : INTERNAL_NAMES) {
            assertThat(message).as("message names internals: %s", message).doesNotContain(name);
        }
    }

    // ---- item 4: int64 edges -----------------------------------------------------------------------

    @Test
    void patchSegments_offsetAtInt64Max_isOutOfRangeAndWritesNothing() {
        State before = state();

        ApiClient.Reply r = api.post(
                s("/patchSegments"),
                "{\"path\":\"p.bin\",\"createIfMissing\":true,\"segments\":[{\"offset\":\"" + MAX
                        + "\",\"data\":\"eA==\"}]}");

        assertError(r, 400, Status.Code.OUT_OF_RANGE.value(), null);
        assertNoInternalNames(r.json().path("message").asText());
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void patchSegments_offsetAtInt64Max_isOutOfRangeOverGrpc() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.files.patchSegments(PatchSegmentsRequest.newBuilder()
                        .setSessionId(session)
                        .setPath("p.bin")
                        .setCreateIfMissing(true)
                        .addSegments(PatchSegment.newBuilder()
                                .setOffset(Long.MAX_VALUE)
                                .setData(ByteString.copyFromUtf8("x")))
                        .build()));

        assertThat(e).isNotNull();
        assertThat(GrpcEdge.code(e)).isEqualTo(Status.Code.OUT_OF_RANGE);
    }

    @Test
    void patchSegments_endPastTheFileLimit_isPayloadTooLarge() {
        State before = state();

        ApiClient.Reply r = api.post(
                s("/patchSegments"),
                "{\"path\":\"p.bin\",\"createIfMissing\":true,\"segments\":[{\"offset\":\"" + MAX_FILE
                        + "\",\"data\":\"eA==\"}]}");

        JsonNode meta = assertError(r, 429, Status.Code.RESOURCE_EXHAUSTED.value(), "PAYLOAD_TOO_LARGE");
        assertThat(meta.path("limit").asText()).isEqualTo(Integer.toString(MAX_FILE));
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void fallocate_rangePastInt64_isOutOfRangeAndRecordsNothing() {
        State before = state();

        ApiClient.Reply r = api.post(
                s("/fallocate"),
                "{\"path\":\"f.txt\",\"offset\":\"" + MAX + "\",\"length\":\"1\",\"mode\":\"ALLOCATE\"}");

        assertError(r, 400, Status.Code.OUT_OF_RANGE.value(), null);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void fallocate_rangePastInt64_isOutOfRangeOverGrpc() {
        State before = state();

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.files.fallocate(FallocateRequest.newBuilder()
                        .setSessionId(session)
                        .setPath("f.txt")
                        .setOffset(Long.MAX_VALUE - 10)
                        .setLength(Long.MAX_VALUE)
                        .setMode(FallocateMode.FALLOCATE_MODE_PUNCH_HOLE)
                        .build()));

        assertThat(e).isNotNull();
        assertThat(GrpcEdge.code(e)).isEqualTo(Status.Code.OUT_OF_RANGE);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void setPosixLock_rangePastInt64_isOutOfRangeAndHoldsNothing() {
        String body = "{\"path\":\"f.txt\",\"owner\":{\"ownerId\":\"o1\",\"pid\":1},\"kind\":\"WRITE\",\"start\":\""
                + MAX + "\",\"length\":\"" + MAX + "\"}";

        assertError(api.post(s(":setPosixLock"), body), 400, Status.Code.OUT_OF_RANGE.value(), null);

        JsonNode probe = ok(api.post(
                        s(":getPosixLock"),
                        "{\"path\":\"f.txt\",\"owner\":{\"ownerId\":\"o2\",\"pid\":2},\"kind\":\"WRITE\"}"))
                .json();
        assertThat(probe.has("conflict")).as(probe.toString()).isFalse();
    }

    @Test
    void setPosixLock_rangePastInt64_isOutOfRangeOverGrpc() {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.files.setPosixLock(SetPosixLockRequest.newBuilder()
                        .setSessionId(session)
                        .setPath("f.txt")
                        .setOwner(PosixLockOwner.newBuilder().setOwnerId("o1").setPid(1))
                        .setKind(PosixLockKind.POSIX_LOCK_KIND_READ)
                        .setStart(1)
                        .setLength(Long.MAX_VALUE)
                        .build()));

        assertThat(e).isNotNull();
        assertThat(GrpcEdge.code(e)).isEqualTo(Status.Code.OUT_OF_RANGE);
    }

    @Test
    void setPosixLock_rangeEndingExactlyAtInt64Max_isAccepted() {
        String body = "{\"path\":\"f.txt\",\"owner\":{\"ownerId\":\"o1\",\"pid\":1},\"kind\":\"WRITE\",\"start\":\"1\","
                + "\"length\":\"" + (Long.MAX_VALUE - 1) + "\"}";

        ok(api.post(s(":setPosixLock"), body));
    }

    // ---- item 5: invalid UTF-8 in paths -----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"%ff", "%fe", "%ed%a0%80", "%c3", "a/%c3", "%c3%28", "%f8%88%80%80%80", "%e2%82"})
    void rawFileRoutes_invalidUtf8InPath_are400AndWriteNothing(String encoded) {
        State before = state();

        List<ApiClient.Reply> replies = List.of(
                api.put(s("/files?createParents=true&path=" + encoded), bytes("x")),
                api.get(s("/files?path=" + encoded)),
                api.send("HEAD", s("/files?path=" + encoded), null),
                api.delete(s("/files?path=" + encoded)),
                api.get(s("/manifest?pathPrefix=" + encoded)),
                api.get(s(":export?pathPrefix=" + encoded)),
                api.get(s(":getXattr?path=" + encoded + "&name=user.k")));

        for (ApiClient.Reply r : replies) {
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            if (!r.request().startsWith("HEAD")) {
                assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
                assertThat(r.json().path("message").asText()).as(r.toString()).contains("UTF-8");
            }
        }
        assertThat(state()).isEqualTo(before);
        assertThat(api.manifest(session))
                .extracting(e -> e.path("path").asText())
                .containsExactly("f.txt");
    }

    @Test
    void putFile_distinctInvalidUtf8Paths_neverOverwriteEachOther() {
        for (String encoded : List.of("%ff", "%fe")) {
            api.put(s("/files?path=" + encoded), bytes(encoded));
        }

        assertThat(api.manifest(session))
                .extracting(e -> e.path("path").asText())
                .containsExactly("f.txt");
    }

    @Test
    void pathVariable_invalidUtf8_is400() {
        assertError(api.get("/v1/sessions/%ff"), 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertError(api.get(s("/checkpoints/%c3")), 400, Status.Code.INVALID_ARGUMENT.value(), null);
    }

    @Test
    void jsonBody_unpairedSurrogateInAPath_is400() {
        State before = state();

        ApiClient.Reply r = api.post(s("/dirs"), "{\"path\":\"a\\ud800b\"}");

        assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void grpc_invalidUtf8InAStringField_isInvalidArgument() {
        byte[] id = bytes(session);
        // CreateDirectoryRequest{session_id = 1, path = 2}, written by hand: protobuf-java refuses to build it
        byte[] request = concat(new byte[] {0x0a, (byte) id.length}, id, new byte[] {0x12, 2, 'a', (byte) 0xff});

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.callRaw("aetherfs.v1.FileSystemService/CreateDirectory", request));

        assertThat(e).isNotNull();
        assertThat(GrpcEdge.code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("UTF-8");
        assertNoInternalNames(e.getStatus().getDescription());
    }

    // ---- item 6: malformed protobuf ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ff", "0a", "0aff01", "08ffffffffffffffffffff01", "0f", "12056162"})
    void grpc_malformedProtobuf_isInvalidArgumentWithoutInternals(String hex) {
        byte[] request = java.util.HexFormat.of().parseHex(hex);

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.callRaw("aetherfs.v1.FileSystemService/CreateDirectory", request));

        assertThat(e).isNotNull();
        assertThat(GrpcEdge.code(e)).as(e.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertNoInternalNames(e.getStatus().getDescription());
    }

    // ---- item 7: no internal names -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"path\":\"new\"} xx",
                "{\"path\":\"new\"} {}",
                "{\"path\":\"new\"",
                "{\"path\":\"new",
                "{'path':'new'}",
                "{\"path\":\"new\" /* c */}",
                "{\"path\":\"new\",\"mode\":NaN}",
                "{\"path\":\"new\",\"mode\":01}",
                "{\"path\":\"new\",\"path\":\"x\"}",
                "{\"path\":\"a\u0001b\"}",
                "{\"path\":\"\\x\"}",
                "{path:\"new\"}",
                "nul",
                "\"just a string\"",
                "{\"path\":\"new\",\"mode\":\"0x1\"}",
                "{\"path\":\"new\",\"mode\":1e999999}",
                "{\"path\":\"new\",\"mode\":99999999999999999999}",
                "{\"path\":\"new\",\"createParents\":\"true\"}",
            })
    void jsonRoutes_malformedBody_messageNamesNoInternals(String body) {
        State before = state();

        ApiClient.Reply r = api.post(s("/dirs"), body);

        assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertNoInternalNames(r.json().path("message").asText());
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void jsonRoutes_deeplyNestedBody_is400WithoutInternals() {
        String deep = "{\"operations\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
        String deepObjects = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
        String fairlyDeep = "{\"operations\":" + "[".repeat(500) + "]".repeat(500) + "}";

        for (ApiClient.Reply r : List.of(
                api.post(s("/batch"), deep), api.post(s("/batch"), deepObjects), api.post(s("/batch"), fairlyDeep))) {
            assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
            assertNoInternalNames(r.json().path("message").asText());
        }
    }

    @Test
    void jsonRoutes_badBase64_is400WithoutInternals() {
        ApiClient.Reply r =
                api.post(s("/batch"), "{\"operations\":[{\"write\":{\"path\":\"n\",\"content\":\"!!not base64!!\"}}]}");

        assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertNoInternalNames(r.json().path("message").asText());
        assertThat(r.json().path("message").asText()).contains("content");
    }

    @Test
    void grpc_oversizeMessage_isResourceExhaustedPayloadTooLargeWithoutInternals() {
        byte[] huge = new byte[16 * 1024 * 1024 + 1];

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.callRaw("aetherfs.v1.FileSystemService/CreateDirectory", huge));

        assertThat(e).isNotNull();
        assertThat(GrpcEdge.code(e)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertNoInternalNames(e.getStatus().getDescription());
        ErrorInfo info = GrpcEdge.errorInfo(e);
        assertThat(info).isNotNull();
        assertThat(info.getReason()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(info.getMetadataMap()).containsEntry("limit", Integer.toString(16 * 1024 * 1024));
    }

    @Test
    void grpc_errorThatEchoesALongValue_reachesTheClientAsItsStatus() {
        String longPath = "p/".repeat(2048) + "x"; // found by EdgeFuzzIT: a 4 KiB echo overflowed 8 KiB of trailers

        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> grpc.sessions.updateSession(UpdateSessionRequest.newBuilder()
                        .setSessionId(session)
                        .setUpdateMask(FieldMask.newBuilder().addPaths(longPath))
                        .build()));

        assertThat(e).isNotNull();
        assertThat(GrpcEdge.code(e)).as(e.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("update_mask").hasSizeLessThanOrEqualTo(1001);
    }

    // ---- item 8: lenient JSON ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "1.5", "{}", "[\"x\"]"})
    void createSession_displayNameOfAnotherType_is400AndCreatesNothing(String value) {
        int sessions = sessionCount();

        ApiClient.Reply r = api.post("/v1/sessions", "{\"displayName\":" + value + "}");

        assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertThat(r.json().path("message").asText()).contains("displayName");
        assertThat(sessionCount()).isEqualTo(sessions);
    }

    @Test
    void jsonScalarsOfTheWrongType_are400NamingTheField() {
        State before = state();
        Map<String, String> bodies = Map.of(
                "createParents", "{\"path\":\"n\",\"createParents\":\"true\"}",
                "mode", "{\"path\":\"n\",\"mode\":true}",
                "path", "{\"path\":7}",
                "mode ", "{\"path\":\"n\",\"mode\":1.5}",
                "mode  ", "{\"path\":\"n\",\"mode\":\"4294967296\"}");

        for (var e : bodies.entrySet()) {
            ApiClient.Reply r = api.post(s("/dirs"), e.getValue());
            assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
            assertThat(r.json().path("message").asText())
                    .as(r.toString())
                    .contains(e.getKey().trim());
            assertNoInternalNames(r.json().path("message").asText());
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void int64Fields_acceptNumbersAndStrings() {
        ok(api.post(
                s("/patchSegments"),
                "{\"path\":\"p\",\"createIfMissing\":true,"
                        + "\"segments\":[{\"offset\":2,\"data\":\"eA==\"},{\"offset\":\"0\",\"data\":\"eQ==\"}]}"));

        assertThat(api.read(session, "p")).isEqualTo(new byte[] {'y', 0, 'x'});
    }

    @Test
    void displayName_withNul_is400AndCreatesNothing() {
        int sessions = sessionCount();

        ApiClient.Reply created = api.post("/v1/sessions", "{\"displayName\":\"a\\u0000b\"}");
        ApiClient.Reply updated =
                api.send("PATCH", s(""), bytes("{\"displayName\":\"a\\u0000b\"}"), "Content-Type", "application/json");

        assertError(created, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertError(updated, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertThat(sessionCount()).isEqualTo(sessions);
        assertThat(api.session(session).path("displayName").asText()).isEqualTo("edge");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "zz",
                "F75E78FD1810B64FEDDF92973CAA41BE42718AFC",
                "f75e78fd",
                "f75e78fd1810b64feddf92973caa41be42718afcd0"
            })
    void commit_malformedExpectedFingerprint_is400(String fingerprint) {
        State before = state();

        ApiClient.Reply r = api.post(
                s("/commit"), JSON.createObjectNode().put("message", "m").put("expectedFingerprint", fingerprint));

        assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertThat(r.json().path("message").asText()).contains("expectedFingerprint");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void syncFromTarball_malformedExpectedFingerprint_is400() {
        State before = state();

        ApiClient.Reply r = api.send(
                "POST",
                s(":syncFromTarball?expectedFingerprint=zz"),
                new byte[1024],
                "Content-Type",
                "application/x-tar");

        assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
        assertThat(r.json().path("message").asText()).contains("expectedFingerprint");
        assertThat(state()).isEqualTo(before);
    }

    // ---- item 10: backslashes next to .. ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"a\\..\\b", "..\\x", "x\\..", "\\..\\", "d\\..\\..\\e"})
    void backslashDotDotNames_createdByJson_areReachableByRawRoutes(String name) {
        ok(api.post(
                s("/batch"),
                "{\"operations\":[{\"write\":{\"path\":" + JSON.getNodeFactory().textNode("dir/" + name)
                        + ",\"content\":\"eA==\",\"createParents\":true}}]}"));
        String path = "dir/" + name;

        assertThat(ok(api.get(s("/files?path=" + enc(path)))).bytes()).isEqualTo(bytes("x"));
        ok(api.send("HEAD", s("/files?path=" + enc(path)), null));
        ok(api.put(s("/files?path=" + enc(path)), bytes("y")));
        assertThat(api.read(session, path)).isEqualTo(bytes("y"));
        JsonNode listed = ok(api.get(s("/manifest?pathPrefix=" + enc(path)))).json();
        assertThat(listed.path("entries").get(0).path("path").asText()).isEqualTo(path);
        ok(api.get(s(":export?pathPrefix=" + enc(path))));
        ok(api.delete(s("/files?path=" + enc(path))));
        assertThat(api.get(s("/files?path=" + enc(path))).status()).isEqualTo(404);
    }

    @Test
    void backslashDotDotName_createdByRawPut_isListedByJson() {
        ok(api.put(s("/files?path=" + enc("a\\..\\b")), bytes("z")));

        assertThat(api.manifest(session))
                .extracting(e -> e.path("path").asText())
                .contains("a\\..\\b");
    }

    @Test
    void realDotDotComponents_inRawRoutes_are400FromPathValidation() {
        for (String path : List.of("../x", "a/../b", "..", "a/..")) {
            ApiClient.Reply r = api.get(s("/files?path=" + enc(path)));
            assertError(r, 400, Status.Code.INVALID_ARGUMENT.value(), null);
            assertThat(r.json().path("message").asText()).contains("\"..\"");
        }
    }

    private int sessionCount() {
        return ok(api.get("/v1/sessions?pageSize=1000")).json().path("sessions").size();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
