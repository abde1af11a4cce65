package io.aetherfs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.TlsKeyPair;
import io.aetherfs.core.memory.InMemoryBlobStore;
import io.aetherfs.core.memory.InMemoryMetaStore;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.BlobInfo;
import io.aetherfs.core.spi.BlobStore;
import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import io.aetherfs.server.storage.Stores;
import io.aetherfs.store.local.LocalBlobStore;
import io.aetherfs.store.sql.sqlite.SqliteMetaStore;
import io.aetherfs.testkit.Await;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the real server on 127.0.0.1 and talks to it over sockets. */
class AfsServerIT {
    private static final String TENANT = "0b9c3c1e-5a7f-4d2e-9c11-2f4b6a8d0e13";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private AfsServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private ServerConfig config(Map<ConfigKey<?>, String> extra) {
        Map<ConfigKey<?>, String> flags = new HashMap<>(extra);
        flags.putIfAbsent(ConfigKeys.LISTEN_ADDR, "127.0.0.1:0");
        flags.put(ConfigKeys.DATA_DIR, dir.resolve("data").toString());
        return new ConfigLoader(dir, Map.of("AFS_SERVER_SHUTDOWN_GRACE_SECS", "10")).load(null, flags);
    }

    private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void start_embedded_servesOperatorEndpointsAndModules() throws Exception {
        server = AfsServer.start(config(Map.of()));
        int port = server.port();

        assertThat(get(port, "/healthz")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
        });
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type"))
                .hasValueSatisfying(
                        ct -> assertThat(ct).startsWith("text/plain").contains("version=0.0.4"));
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge", "afs_test_registrations_total 1.0");

        assertThat(get(port, "/v1/test/whoami", "Authorization", "Bearer " + TENANT + ":alice")
                        .body())
                .isEqualTo(TENANT + ":alice");
        assertThat(get(port, "/v1/test/whoami").statusCode()).isEqualTo(401);
        assertThat(dir.resolve("data/afs.db")).isRegularFile();
        assertThat(dir.resolve("data/blobs")).isDirectory();
        assertThat(dir.resolve("data/secrets.key")).isRegularFile();
    }

    @Test
    void start_sharedPort_speaksHttp2AndGrpc() throws Exception {
        server = AfsServer.start(config(Map.of()));
        int port = server.port();

        HttpClient h2 =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> r = h2.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body()).isEqualTo("ok");

        HealthGrpc.HealthBlockingStub health =
                GrpcClients.newClient("http://127.0.0.1:" + port + "/", HealthGrpc.HealthBlockingStub.class);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void start_separateListeners_splitOperatorAndGrpcTraffic() throws Exception {
        int grpcPort = freePort();
        int adminPort = freePort();
        server = AfsServer.start(config(Map.of(
                ConfigKeys.GRPC_LISTEN_ADDR, "127.0.0.1:" + grpcPort,
                ConfigKeys.ADMIN_LISTEN_ADDR, "127.0.0.1:" + adminPort)));
        int port = server.port();

        assertThat(port).isNotIn(grpcPort, adminPort);
        assertThat(get(adminPort, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(adminPort, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(404);
        assertThat(get(port, "/v1/test/whoami", "Authorization", "Bearer " + TENANT + ":a")
                        .statusCode())
                .isEqualTo(200);
        assertThat(GrpcClients.newClient("http://127.0.0.1:" + grpcPort + "/", HealthGrpc.HealthBlockingStub.class)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void start_withTls_servesHttps() throws Exception {
        TlsKeyPair pair = TlsKeyPair.ofSelfSigned("localhost");
        X509Certificate cert = pair.certificateChain().get(0);
        Path certFile = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyFile = Files.writeString(
                dir.resolve("key.pem"), pem("PRIVATE KEY", pair.privateKey().getEncoded()));
        Map<String, String> env =
                Map.of("AFS_SERVER_TLS_CERT_FILE", certFile.toString(), "AFS_SERVER_TLS_KEY_FILE", keyFile.toString());
        ServerConfig config = new ConfigLoader(dir, env)
                .load(
                        null,
                        Map.of(
                                ConfigKeys.LISTEN_ADDR,
                                "127.0.0.1:0",
                                ConfigKeys.DATA_DIR,
                                dir.resolve("data").toString()));
        server = AfsServer.start(config);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
        HttpResponse<String> r = https.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/healthz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void readyz_failingBlobStore_is503WithReason() throws Exception {
        FlakyBlobStore blobs = new FlakyBlobStore();
        server = AfsServer.start(config(Map.of()), new Stores(new InMemoryMetaStore(), blobs), List.of());
        int port = server.port();
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

        blobs.healthy = false;

        HttpResponse<String> r = get(port, "/readyz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("blob store").contains("disk on fire");
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void readyz_afterMetadataStoreClosed_is503() throws Exception {
        Stores stores = new Stores(
                SqliteMetaStore.open(dir.resolve("data/afs.db")), LocalBlobStore.open(dir.resolve("data/blobs")));
        server = AfsServer.start(config(Map.of()), stores, List.of());
        int port = server.port();
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

        stores.meta().close();

        HttpResponse<String> r = get(port, "/readyz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("metadata store:");
    }

    @Test
    void close_drainsInFlightRequestsAndRefusesNewOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestApiModule module = new TestApiModule(release);
        server = AfsServer.start(
                config(Map.of()), new Stores(new InMemoryMetaStore(), new InMemoryBlobStore()), List.of(module));
        int port = server.port();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/test/slow"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(module.slowEntered.await(10, TimeUnit.SECONDS))
                .as("the slow request is in its handler")
                .isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        awaitStatus(port, "/readyz", 503);

        assertThat(get(port, "/readyz").body()).contains("draining");
        assertThat(module.drainingSeen).isDone();
        assertThat(get(port, "/v1/test/whoami", "Authorization", "Bearer " + TENANT + ":a")
                        .statusCode())
                .isEqualTo(503);
        assertThat(closing).isNotDone();
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
        closing.get(15, TimeUnit.SECONDS);
        assertThatThrownBy(() -> get(port, "/healthz")).isInstanceOf(ConnectException.class);
    }

    @Test
    void start_dataDirectoryInUse_failsClearly() {
        server = AfsServer.start(config(Map.of()));

        assertThatThrownBy(() -> AfsServer.start(config(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another afs-server");
    }

    @Test
    void start_portTaken_failsNamingTheAddressAndReleasesTheDataDirectory() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<ConfigKey<?>, String> flags = Map.of(ConfigKeys.LISTEN_ADDR, "127.0.0.1:" + taken.getLocalPort());

            assertThatThrownBy(() -> AfsServer.start(config(flags)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on http://127.0.0.1:" + taken.getLocalPort());
        }
        server = AfsServer.start(config(Map.of()));
        assertThat(get(server.port(), "/readyz").statusCode()).isEqualTo(200);
    }

    private void awaitStatus(int port, String path, int status) {
        Await.until(Duration.ofSeconds(10), path + " answering " + status, () -> statusOf(port, path) == status);
    }

    /** Returns the status {@code path} answers with, or -1 if the request fails. */
    private int statusOf(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** An in-memory blob store whose health check fails on demand. */
    private static final class FlakyBlobStore implements BlobStore {
        private final InMemoryBlobStore delegate = new InMemoryBlobStore();
        volatile boolean healthy = true;

        @Override
        public void put(TenantId tenant, Hash hash, byte[] data, int offset, int length) {
            delegate.put(tenant, hash, data, offset, length);
        }

        @Override
        public Optional<byte[]> get(TenantId tenant, Hash hash, long offset, int length) {
            return delegate.get(tenant, hash, offset, length);
        }

        @Override
        public Optional<BlobInfo> stat(TenantId tenant, Hash hash) {
            return delegate.stat(tenant, hash);
        }

        @Override
        public boolean delete(TenantId tenant, Hash hash) {
            return delegate.delete(tenant, hash);
        }

        @Override
        public List<BlobInfo> list(TenantId tenant, Hash after, int limit) {
            return delegate.list(tenant, after, limit);
        }

        @Override
        public List<TenantId> tenants() {
            return delegate.tenants();
        }

        @Override
        public void checkHealth() {
            if (!healthy) {
                throw io.aetherfs.core.error.AfsException.unavailable("disk on fire", null);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
