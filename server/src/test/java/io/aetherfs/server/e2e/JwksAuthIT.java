package io.aetherfs.server.e2e;

import static io.aetherfs.server.e2e.StatusAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.proto.v1.CreateDirectoryRequest;
import io.aetherfs.proto.v1.CreateSessionRequest;
import io.aetherfs.proto.v1.FileSystemServiceGrpc;
import io.aetherfs.proto.v1.GetFileManifestRequest;
import io.aetherfs.proto.v1.SessionServiceGrpc;
import io.aetherfs.server.auth.JwtSigner;
import io.aetherfs.server.auth.TestIdp;
import io.aetherfs.server.auth.TokenClaims;
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
import java.net.URI;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server in {@code auth.mode = jwt} with an HS256 key and an identity provider whose JWKS is
 * served over HTTP on 127.0.0.1: the provider's RS256 and ES256 tokens work over HTTP and gRPC with the
 * scopes the claim mapping grants, a key rotated in at the provider is picked up on its first token,
 * wrong issuers, audiences and expired tokens get 401, HS256 tokens keep working, and once the JWKS URL
 * is down the keys already read still verify. The outage test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksAuthIT {
    private static final String TENANT = TestIdp.TENANT;
    private static final String READ = "openid tenant.session.read tenant.filesystem.read";
    private static final String WRITE = READ + " afs-writers";
    private static final RSAKey R1 = TestIdp.rsa("r1");
    private static final ECKey E1 = TestIdp.ec("e1", Curve.P_256);
    private static final HmacKey K1 = randomKey("k1");

    @TempDir
    static Path dir;

    private static final TestIdp idp = new TestIdp();
    private static InProcessServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws IOException {
        idp.publish(R1, E1);
        URI jwks = idp.serve();
        Files.writeString(dir.resolve("afs-server.toml"), """
                [auth]
                mode = "jwt"
                hmac_keys = ["%s"]
                jwks_url = "%s"
                jwks_refresh_secs = 3600
                jwks_min_refetch_secs = 0
                issuer = "%s"
                audience = "aetherfs"

                [auth.claims]
                scopes = "scope"
                scope_map = ["afs-writers=tenant.session.write", "afs-writers=tenant.filesystem.write"]
                """.formatted(
                        K1.kid() + ":" + Base64.getEncoder().encodeToString(K1.key()), jwks, TestIdp.ISSUER));
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
        idp.close();
    }

    @Test
    @Order(1)
    void http_rs256TokenOfTheProvider_actsAsItsPrincipalWithTheMappedScopes() {
        ApiClient writer = http(TestIdp.sign(R1, JWSAlgorithm.RS256, claims(WRITE)));
        ApiClient reader = http(TestIdp.sign(E1, JWSAlgorithm.ES256, claims(READ)));

        String id = writer.newSession("idp");
        writer.write(id, "docs/a.txt", "hello");

        assertThat(writer.session(id).path("owner").asText()).isEqualTo("alice@example.com");
        assertThat(reader.read(id, "docs/a.txt")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        ApiClient.Reply denied = reader.put("/v1/sessions/" + id + "/files?path=docs/b.txt", new byte[] {1});
        assertError(denied, 403, Status.Code.PERMISSION_DENIED.value(), null);
    }

    @Test
    @Order(2)
    void grpc_es256AndRs256Tokens_areAcceptedAndScopesEnforced() {
        String writer = TestIdp.sign(E1, JWSAlgorithm.ES256, claims(WRITE));
        String reader = TestIdp.sign(R1, JWSAlgorithm.RS256, claims(READ));

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
    @Order(3)
    void wrongIssuerAudienceOrExpiry_get401SayingWhich() {
        assertUnauthenticated(claims(READ).put("iss", "https://evil.test/"), "iss claim must be \"https://idp.test/\"");
        assertUnauthenticated(claims(READ).put("aud", "someone-else"), "aud claim must name \"aetherfs\"");
        ObjectNode expired = TestIdp.claims(Instant.now().minusSeconds(7200), 3600, READ);
        assertUnauthenticated(expired, "expired at");
        assertCode(
                () -> sessions(TestIdp.sign(R1, JWSAlgorithm.RS256, expired))
                        .createSession(CreateSessionRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED,
                "expired at");
    }

    @Test
    @Order(4)
    void hs256Tokens_keepWorkingBesideTheProvider() {
        Instant now = Instant.now();
        String token = new JwtSigner(K1)
                .sign(new TokenClaims(
                        new TenantId(TENANT),
                        "ci-bot",
                        EnumSet.of(Scope.SESSION_READ, Scope.SESSION_WRITE),
                        now,
                        now.plusSeconds(600)));

        assertThat(http(token).newSession("native")).isNotBlank();
    }

    @Test
    @Order(5)
    void keyRotatedInAtTheProvider_isReadOnItsFirstToken() {
        RSAKey r2 = TestIdp.rsa("r2");
        idp.publish(R1, E1, r2);
        int reads = idp.reads();

        assertThat(http(TestIdp.sign(r2, JWSAlgorithm.RS256, claims(WRITE))).newSession("rotated"))
                .isNotBlank();
        assertThat(idp.reads()).isEqualTo(reads + 1);
        assertThat(http(TestIdp.sign(R1, JWSAlgorithm.RS256, claims(READ)))
                        .get("/v1/sessions")
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Order(6)
    void jwksUrlDown_keysAlreadyReadStillVerify() {
        RSAKey r3 = TestIdp.rsa("r3");
        idp.publish(R1, E1, r3);
        idp.close();

        ApiClient.Reply unknown =
                http(TestIdp.sign(r3, JWSAlgorithm.RS256, claims(READ))).get("/v1/sessions");
        assertError(unknown, 401, Status.Code.UNAUTHENTICATED.value(), null);
        assertThat(unknown.json().path("message").asText()).contains("unknown kid \"r3\"");

        assertThat(http(TestIdp.sign(R1, JWSAlgorithm.RS256, claims(READ)))
                        .get("/v1/sessions")
                        .status())
                .isEqualTo(200);
        assertThat(sessions(TestIdp.sign(E1, JWSAlgorithm.ES256, claims(WRITE)))
                        .createSession(CreateSessionRequest.getDefaultInstance())
                        .getId())
                .isNotBlank();
    }

    @Test
    void start_withAnUnreachableJwksUrl_failsSayingSo(@TempDir Path other) throws IOException {
        Files.writeString(other.resolve("afs-server.toml"), """
                [auth]
                mode = "jwt"
                jwks_url = "http://127.0.0.1:1/jwks.json"
                issuer = "https://idp.test/"
                """);

        assertThatThrownBy(() -> InProcessServer.start(other, Map.of(), "jwt"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot load the identity provider's key set from http://127.0.0.1:1/jwks.json")
                .hasMessageContaining("does not start without it");
    }

    private static ObjectNode claims(String scope) {
        return TestIdp.claims(Instant.now().minusSeconds(5), 600, scope);
    }

    private static void assertUnauthenticated(ObjectNode claims, String message) {
        ApiClient.Reply r = http(TestIdp.sign(R1, JWSAlgorithm.RS256, claims)).get("/v1/sessions");
        assertError(r, 401, Status.Code.UNAUTHENTICATED.value(), null);
        assertThat(r.json().path("message").asText()).contains(message).doesNotContain("nimbus", "java.");
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
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    private static void assertCode(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    private static HmacKey randomKey(String kid) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new HmacKey(kid, key);
    }
}
