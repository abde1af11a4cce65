package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.auth.JwtSigner;
import io.aetherfs.server.auth.TokenClaims;
import io.aetherfs.server.config.HmacKey;
import io.aetherfs.service.auth.Scope;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A real server on the embedded stores in {@code auth.mode = jwt}, for tests of scope checks over both
 * transports: it signs tokens carrying exactly the scopes a test names, and hands out HTTP clients and
 * gRPC stubs that send them.
 */
final class ScopedServer implements AutoCloseable {
    /** The scopes of an ordinary session user: everything of the tenant but usage and admin. */
    static final Set<Scope> USER = EnumSet.of(
            Scope.SESSION_READ,
            Scope.SESSION_WRITE,
            Scope.SESSION_DELETE,
            Scope.FILESYSTEM_READ,
            Scope.FILESYSTEM_WRITE);

    private final InProcessServer server;
    private final JwtSigner signer;
    private final ManagedChannel channel;

    private ScopedServer(InProcessServer server, JwtSigner signer) {
        this.server = server;
        this.signer = signer;
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .build();
    }

    /** Starts a server with its data under {@code dir} and the given {@code AFS_SERVER_*} settings. */
    static ScopedServer start(Path dir, Map<String, String> env) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        HmacKey k = new HmacKey("k1", key);
        try {
            Files.writeString(
                    dir.resolve("afs-server.toml"),
                    "[auth]\nmode = \"jwt\"\nhmac_keys = [\"k1:"
                            + Base64.getEncoder().encodeToString(key) + "\"]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ScopedServer(InProcessServer.start(dir, env, "jwt"), new JwtSigner(k));
    }

    int port() {
        return server.port();
    }

    /** Returns a bearer token of {@code principal} in {@code tenant} with exactly {@code scopes}. */
    String token(String tenant, String principal, Set<Scope> scopes) {
        Instant now = Instant.now();
        return signer.sign(new TokenClaims(TenantId.parse(tenant), principal, scopes, now, now.plusSeconds(3600)));
    }

    /** Returns an HTTP client acting with such a token. */
    ApiClient http(String tenant, String principal, Set<Scope> scopes) {
        return ApiClient.of(port(), tenant, principal).withAuthorization("Bearer " + token(tenant, principal, scopes));
    }

    /** Returns {@code stub} (of this server's channel) sending such a token. */
    <S extends AbstractStub<S>> S grpc(
            java.util.function.Function<ManagedChannel, S> stub, String tenant, String principal, Set<Scope> scopes) {
        Metadata m = new Metadata();
        m.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + token(tenant, principal, scopes));
        return stub.apply(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    /** Asserts that a gRPC call fails with {@code code} (and {@code reason}, unless null); returns its ErrorInfo. */
    static ErrorInfo assertGrpcError(ThrowingCallable call, Status.Code code, String reason) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) t;
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        assertThat(e.getStatus().getDescription()).isNotBlank();
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        ErrorInfo info = ErrorInfo.getDefaultInstance();
        if (s != null) {
            for (var d : s.getDetailsList()) {
                if (d.is(ErrorInfo.class)) {
                    try {
                        info = d.unpack(ErrorInfo.class);
                    } catch (InvalidProtocolBufferException ex) {
                        throw new AssertionError(ex);
                    }
                }
            }
        }
        if (reason != null) {
            assertThat(info.getReason()).isEqualTo(reason);
        }
        return info;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.close();
    }
}
