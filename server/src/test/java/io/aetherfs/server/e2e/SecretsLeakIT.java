package io.aetherfs.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.aetherfs.proto.v1.DeleteSecretRequest;
import io.aetherfs.proto.v1.GetSecretRequest;
import io.aetherfs.proto.v1.ListSecretsRequest;
import io.aetherfs.proto.v1.PutSecretRequest;
import io.aetherfs.proto.v1.SecretScope;
import io.aetherfs.proto.v1.SecretsServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Acceptance test 3 of issue 11: secret values never leave the secrets API. Secrets of every scope are
 * stored, read, overwritten, listed, deleted and refused (oversize, bad names, bad bodies) over HTTP and
 * gRPC; then the stored data (here the data directory: SQLite file, WAL and blobs; {@link
 * ScaleOutSecretsLeakIT}: a {@code pg_dump} of the database), every log line the server wrote (at DEBUG for
 * its own loggers), every event, every error answer and {@code /metrics} are searched for each plaintext,
 * in its raw, base64 and hex spellings, and nothing is found.
 */
class SecretsLeakIT {
    static final String TENANT = "5ec7e700-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger ours = (Logger) LoggerFactory.getLogger("io.aetherfs");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            super.append(e);
        }
    };
    private Level rootBefore;
    private Level oursBefore;
    private final List<String> plaintexts = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();

    InProcessServer startServer(Path dir) {
        return InProcessServer.start(dir, Map.of());
    }

    /** Returns what the backend stored, as text to search (the data directory's files, or a database dump). */
    List<byte[]> storedData(InProcessServer server) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(server.dataDir())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        assertThat(out).as("afs.db and its blobs were read").isNotEmpty();
        return out;
    }

    @BeforeEach
    void captureLogs() {
        rootBefore = root.getLevel();
        oursBefore = ours.getLevel();
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
        root.setLevel(rootBefore);
        ours.setLevel(oursBefore);
    }

    private String secret(String label) {
        byte[] r = new byte[16];
        new SecureRandom().nextBytes(r);
        String v = "afs-leak-" + label + "-" + HexFormat.of().formatHex(r);
        plaintexts.add(v);
        return v;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(String value) {
        return "{\"value\":\"" + b64(value) + "\"}";
    }

    private static String jsonScoped(String value, String scope) {
        return "{\"value\":\"" + b64(value) + "\",\"scope\":\"" + scope + "\"}";
    }

    private ApiClient.Reply put(ApiClient api, String s, String name, String body) {
        return api.put(
                "/v1/sessions/" + s + "/secrets/" + name,
                body.getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "application/json");
    }

    private ApiClient.Reply keep(ApiClient.Reply r) {
        answers.add(r.status() + " " + r.text());
        return r;
    }

    @Test
    void secretValues_appearNowhereButInGetAnswers() throws Exception {
        try (InProcessServer server = startServer(dir)) {
            ApiClient api = server.client(TENANT, "agent");
            String s = api.newSession("secrets");
            String session1 = secret("session-1");
            String session2 = secret("session-2");
            String tenant = secret("tenant");
            String unscoped = secret("unscoped");
            String deleted = secret("deleted");
            String refused = secret("refused");
            String grpcValue = secret("grpc");
            String grpcRefused = secret("grpc-refused");

            // HTTP: every scope, read back, overwritten, listed, deleted
            ApiClient.ok(put(api, s, "DB_PASSWORD", json(session1)));
            ApiClient.ok(put(api, s, "TENANT_KEY", jsonScoped(tenant, "SECRET_SCOPE_TENANT")));
            ApiClient.ok(put(api, s, "GLOBAL_KEY", jsonScoped(unscoped, "UNSCOPED")));
            ApiClient.ok(put(api, s, "GONE", json(deleted)));
            assertThat(value(api.get("/v1/sessions/" + s + "/secrets/DB_PASSWORD")))
                    .isEqualTo(session1);
            ApiClient.ok(put(api, s, "DB_PASSWORD", json(session2)));
            assertThat(value(api.get("/v1/sessions/" + s + "/secrets/DB_PASSWORD")))
                    .isEqualTo(session2);
            assertThat(value(api.get("/v1/sessions/" + s + "/secrets/TENANT_KEY")))
                    .isEqualTo(tenant);
            assertThat(value(api.get("/v1/sessions/" + s + "/secrets/GLOBAL_KEY")))
                    .isEqualTo(unscoped);
            String other = server.client("5ec7e700-0000-4000-8000-000000000002", "elsewhere")
                    .newSession("other");
            assertThat(value(server.client("5ec7e700-0000-4000-8000-000000000002", "elsewhere")
                            .get("/v1/sessions/" + other + "/secrets/GLOBAL_KEY")))
                    .isEqualTo(unscoped);
            JsonNode list =
                    ApiClient.ok(api.get("/v1/sessions/" + s + "/secrets")).json();
            answers.add(list.toString());
            assertThat(list.path("secrets")).hasSize(4);
            ApiClient.ok(api.delete("/v1/sessions/" + s + "/secrets/GONE"));
            assertThat(keep(api.get("/v1/sessions/" + s + "/secrets/GONE")).status())
                    .isEqualTo(404);

            // HTTP refusals that carry a value
            String big = refused + "x".repeat(64 * 1024);
            ApiClient.Reply tooBig = keep(put(api, s, "BIG", json(big)));
            assertThat(tooBig.status()).isEqualTo(429);
            assertThat(keep(put(api, s, "bad%20name", json(refused))).status()).isEqualTo(400);
            assertThat(keep(put(api, s, "OK", "{\"value\":\"" + refused + "!\"}"))
                            .status())
                    .isEqualTo(400);
            assertThat(keep(put(api, s, "OK", "{\"valu\":\"" + b64(refused) + "\"}"))
                            .status())
                    .isEqualTo(400);
            assertThat(keep(put(api, s, "OK", "{\"value\":\"" + b64(refused) + "\",\"scope\":\"NOPE\"}"))
                            .status())
                    .isEqualTo(400);
            assertThat(keep(put(api, s, "OK", "{\"value\":\"" + b64(refused))).status())
                    .isEqualTo(400);
            assertThat(keep(put(api, "sess_00000000000000000000000000", "OK", json(refused)))
                            .status())
                    .isEqualTo(404);

            // gRPC: the same traffic
            grpc(server, s, grpcValue, grpcRefused);

            // events, /metrics, error answers
            List<JsonNode> events = api.events(s);
            assertThat(events.stream().map(e -> e.path("type").asText()))
                    .contains("EVENT_TYPE_SECRET_SET", "EVENT_TYPE_SECRET_DELETED");
            List<String> searched = new ArrayList<>();
            events.forEach(e -> searched.add(e.toString()));
            searched.add(api.get("/metrics").text());
            searched.addAll(answers);
            List<byte[]> stored = storedData(server);
            server.close();
            stored.addAll(afterClose(server));
            logs.list.forEach(e -> searched.add(line(e)));
            assertThat(logs.list).as("the server's log lines were captured").isNotEmpty();

            // the search looks where the records are: the stored data holds the secrets' names
            for (String name : List.of("DB_PASSWORD", "TENANT_KEY", "GLOBAL_KEY")) {
                assertThat(stored.stream()
                                .map(b -> new String(b, StandardCharsets.ISO_8859_1))
                                .anyMatch(t -> spellings(name).stream().anyMatch(t::contains)))
                        .as("the stored data holds secret " + name)
                        .isTrue();
            }
            for (String p : plaintexts) {
                for (String spelling : spellings(p)) {
                    for (String text : searched) {
                        assertThat(text).as("a secret leaked").doesNotContain(spelling);
                    }
                    for (byte[] bytes : stored) {
                        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                                .as("a secret is stored in the clear")
                                .doesNotContain(spelling);
                    }
                }
            }
        }
    }

    /** Returns the data to search once the server has stopped (SQLite checkpoints its WAL on close). */
    List<byte[]> afterClose(InProcessServer server) throws Exception {
        return storedData(server);
    }

    private void grpc(InProcessServer server, String s, String value, String refused) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    server.authorization(TENANT, "agent"));
            var stub = SecretsServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            stub.putSecret(PutSecretRequest.newBuilder()
                    .setSessionId(s)
                    .setSecretName("GRPC_KEY")
                    .setValue(ByteString.copyFromUtf8(value))
                    .setScope(SecretScope.SECRET_SCOPE_TENANT)
                    .build());
            assertThat(stub.getSecret(GetSecretRequest.newBuilder()
                                    .setSessionId(s)
                                    .setSecretName("GRPC_KEY")
                                    .build())
                            .getValue()
                            .toStringUtf8())
                    .isEqualTo(value);
            assertThat(stub.listSecrets(ListSecretsRequest.newBuilder()
                                    .setSessionId(s)
                                    .build())
                            .getSecretsCount())
                    .isEqualTo(4);
            for (PutSecretRequest bad : List.of(
                    PutSecretRequest.newBuilder()
                            .setSessionId(s)
                            .setSecretName("BIG")
                            .setValue(ByteString.copyFromUtf8(refused + "y".repeat(70_000)))
                            .build(),
                    PutSecretRequest.newBuilder()
                            .setSessionId(s)
                            .setSecretName("bad/name")
                            .setValue(ByteString.copyFromUtf8(refused))
                            .build())) {
                assertThatThrownBy(() -> stub.putSecret(bad))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            answers.add(e.getMessage() + " " + StatusProto.fromThrowable(e));
                            assertThat(e.getStatus().getCode().value()).isIn(3, 8);
                        });
            }
            stub.deleteSecret(DeleteSecretRequest.newBuilder()
                    .setSessionId(s)
                    .setSecretName("GRPC_KEY")
                    .setScope(SecretScope.SECRET_SCOPE_TENANT)
                    .build());
        } finally {
            channel.shutdownNow();
        }
    }

    private String value(ApiClient.Reply r) {
        JsonNode j = ApiClient.ok(r).json();
        return new String(Base64.getDecoder().decode(j.path("value").asText()), StandardCharsets.UTF_8);
    }

    /** Returns the ways a plaintext could be written down: itself, base64 (as JSON has it) and hex (as pg_dump has bytea). */
    static List<String> spellings(String p) {
        byte[] raw = p.getBytes(StandardCharsets.UTF_8);
        return List.of(
                p,
                b64(p),
                HexFormat.of().formatHex(raw),
                HexFormat.of().formatHex(b64(p).getBytes(StandardCharsets.US_ASCII)));
    }

    private static String line(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
                b.append(' ').append(s.getSTEAsString());
            }
        }
        return b.toString();
    }
}
