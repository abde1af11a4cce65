package io.aetherfs.cli;

import io.aetherfs.client.AetherFsClient;
import io.aetherfs.server.AfsServer;
import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import io.aetherfs.server.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A real afs-server started in the test JVM as {@code afs-server serve} starts it (every API module,
 * embedded stores under {@code dir/data}, dev auth) on a free 127.0.0.1 port, plus a dev token of a fresh
 * tenant for the CLI and for test set-up through the Java client.
 */
final class TestServer implements AutoCloseable {
    private final AfsServer server;
    private final String tenant = UUID.randomUUID().toString();
    private final String token = tenant + ":alice";

    private TestServer(AfsServer server) {
        this.server = server;
    }

    static TestServer start(Path dir) {
        Map<ConfigKey<?>, String> flags = Map.of(
                ConfigKeys.LISTEN_ADDR,
                "127.0.0.1:0",
                ConfigKeys.DATA_DIR,
                dir.resolve("data").toString(),
                ConfigKeys.STORAGE_BACKEND,
                "embedded",
                ConfigKeys.AUTH_MODE,
                "dev");
        var config = new ConfigLoader(dir, Map.of("AFS_SERVER_SHUTDOWN_GRACE_SECS", "2")).load(null, flags);
        return new TestServer(AfsServer.start(config));
    }

    /** Returns the endpoint URL, as AFS_ENDPOINT takes it. */
    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Returns the dev token of this server's test tenant. */
    String token() {
        return token;
    }

    /** Returns the dev token of another principal of the same tenant. */
    String token(String principal) {
        return tenant + ":" + principal;
    }

    /** Returns a Java client acting as the test principal, for set-up and checks. */
    AetherFsClient client() {
        return AetherFsClient.connect(URI.create(endpoint()), token, "cli-test", "1");
    }

    @Override
    public void close() {
        server.close();
    }
}
