package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.proto.v1.CreateDirectoryRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.GetFileManifestRequest;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.server.auth.JwtSigner;
import io.aetherfs.server.auth.TokenClaims;
import io.aetherfs.server.cli.Main;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Scope;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server on the embedded stores in {@code auth.mode = jwt}, with two signing keys: tokens from
 * {@code afs-server token issue} work over HTTP and gRPC, scopes are enforced exactly, tokens of the
 * second (rotated) key still verify, and expired, dev-form and missing tokens get 401.
 */
class JwtAuthIT {
    private static final String TENANT = "7d1f4c2a-3b5e-4f60-8a9b-0c1d2e3f4a5b";
    private static final String READ = "tenant.session.read,tenant.filesystem.read";
    private static final String WRITE = READ + ",tenant.session.write,tenant.filesystem.write";

    @TempDir
    static Path dir;

    private static final HmacKey K1 = randomKey("k1");
    private static final HmacKey K2 = randomKey("k2");
    private static Path config;
    private static InProcessServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws IOException {
        config = Files.writeString(
                dir.resolve("afs-server.toml"),
                "[auth]\nmode = \"jwt\"\nhmac_keys = [\"" + entry(K1) + "\", \"" + entry(K2) + "\"]\n");
        server = InProcessServer.start(dir, Map.of(), "jwt");
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .build();
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void http_issuedTokens_actAsTheirPrincipalWithExactlyTheirScopes() {
        ApiClient writer = http(issue("writer", WRITE));
        ApiClient reader = writer.withAuthorization("Bearer " + issue("reader", READ));

        String id = writer.newSession("jwt");
        writer.write(id, "docs/a.txt", "hello");

        assertThat(writer.session(id).path("owner").asText()).isEqualTo("writer");
        assertThat(reader.read(id, "docs/a.txt")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        ApiClient.Reply denied = reader.put("/v1/sessions/" + id + "/files?path=docs/b.txt", new byte[] {1});
        assertError(denied, 403, Status.Code.PERMISSION_DENIED.value(), null);
        assertThat(denied.json().path("message").asText()).contains("tenant.filesystem.write");
        assertThat(reader.get("/v1/sessions/" + id + "/files?path=docs/b.txt").status())
                .isEqualTo(404);
    }

    @Test
    void http_tokenOfTheSecondKey_stillVerifies() {
        String token = new JwtSigner(K2).sign(claims(Instant.now(), 3600));

        assertThat(http(token).newSession("rotated")).isNotBlank();
    }

    @Test
    void http_expiredDevFormAndMissingTokens_get401WithAStatusBody() {
        ApiClient expired = http(new JwtSigner(K1).sign(claims(Instant.now().minusSeconds(7200), 3600)));
        ApiClient.Reply r = expired.get("/v1/sessions");
        assertError(r, 401, Status.Code.UNAUTHENTICATED.value(), null);
        assertThat(r.json().path("message").asText()).contains("expired at");

        ApiClient.Reply dev = expired.as(TENANT, "alice").get("/v1/sessions");
        assertError(dev, 401, Status.Code.UNAUTHENTICATED.value(), null);
        assertThat(dev.json().path("message").asText()).contains("dev tokens", "not accepted");

        ApiClient.Reply none = expired.withAuthorization(null).get("/v1/sessions");
        assertError(none, 401, Status.Code.UNAUTHENTICATED.value(), null);

        ApiClient.Reply forged = expired.withAuthorization(
                        "Bearer " + new JwtSigner(randomKey("k1")).sign(claims(Instant.now(), 60)))
                .get("/v1/sessions");
        assertError(forged, 401, Status.Code.UNAUTHENTICATED.value(), null);
        assertThat(forged.json().path("message").asText()).contains("signature does not verify");
    }

    @Test
    void grpc_issuedTokens_areAcceptedAndScopesEnforced() {
        String writer = issue("writer", WRITE);
        String reader = issue("reader", READ);

        String id = sessions(writer)
                .createSession(CreateSessionRequest.getDefaultInstance())
                .getId();
        files(writer)
                .createDirectory(CreateDirectoryRequest.newBuilder()
                        .setSessionId(id)
                        .setPath("src")
                        .build());

        assertThat(files(reader)
                        .getFileManifest(GetFileManifestRequest.newBuilder()
                                .setSessionId(id)
                                .build())
                        .getEntriesList())
                .anySatisfy(e -> assertThat(e.getPath()).isEqualTo("src"));
        assertCode(
                () -> files(reader)
                        .createDirectory(CreateDirectoryRequest.newBuilder()
                                .setSessionId(id)
                                .setPath("lib")
                                .build()),
                Status.Code.PERMISSION_DENIED,
                "tenant.filesystem.write");
    }

    @Test
    void grpc_expiredAndMissingTokens_areUnauthenticated() {
        String expired = new JwtSigner(K1).sign(claims(Instant.now().minusSeconds(7200), 3600));

        assertCode(
                () -> sessions(expired).createSession(CreateSessionRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED,
                "expired at");
        assertCode(
                () -> sessions(null).createSession(CreateSessionRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED,
                "Authorization");
    }

    /** Runs {@code afs-server token issue} in-process with this test's config file and returns stdout. */
    private static String issue(String principal, String scopes) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(
                "token",
                "issue",
                "--config",
                config.toString(),
                "--tenant",
                TENANT,
                "--principal",
                principal,
                "--scopes",
                scopes,
                "--ttl",
                "1h");
        assertThat(code).as("token issue: %s", err).isZero();
        return out.toString().strip();
    }

    private static ApiClient http(String token) {
        return ApiClient.of(server.port(), TENANT, "unused").withAuthorization("Bearer " + token);
    }

    private static SessionServiceGrpc.SessionServiceBlockingStub sessions(String token) {
        return auth(SessionServiceGrpc.newBlockingStub(channel), token);
    }

    private static FileSystemServiceGrpc.FileSystemServiceBlockingStub files(String token) {
        return auth(FileSystemServiceGrpc.newBlockingStub(channel), token);
    }

    private static <S extends AbstractStub<S>> S auth(S stub, String token) {
        S s = stub.withDeadlineAfter(30, TimeUnit.SECONDS);
        if (token == null) {
            return s;
        }
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    private static void assertCode(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    private static TokenClaims claims(Instant iat, long lifetimeSecs) {
        return new TokenClaims(
                new TenantId(TENANT),
                "writer",
                EnumSet.of(Scope.SESSION_READ, Scope.SESSION_WRITE),
                iat,
                iat.plusSeconds(lifetimeSecs));
    }

    private static HmacKey randomKey(String kid) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new HmacKey(kid, key);
    }

    private static String entry(HmacKey key) {
        return key.kid() + ":" + Base64.getEncoder().encodeToString(key.key());
    }
}
