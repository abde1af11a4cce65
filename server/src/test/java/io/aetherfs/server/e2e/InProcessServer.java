package io.aetherfs.server.e2e;

import io.aetherfs.server.AfsServer;
import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real afs-server started in this JVM exactly as {@code afs-server serve} starts it, with every API
 * module, listening on a free 127.0.0.1 port: on the embedded stores (SQLite {@code afs.db} and the local
 * blob directory under {@code <dir>/data}, dev auth unless told otherwise), or as a scale-out node on a
 * real PostgreSQL and S3-compatible server ({@link ScaleOutStores}, jwt auth). {@code <dir>/afs-server.toml}
 * is read when present. Configuration comes through the real loader, so {@code AFS_SERVER_*} settings
 * given here are validated as an operator's would be.
 */
final class InProcessServer implements AutoCloseable {
    private final AfsServer server;
    private final Path dataDir;
    private final Credentials credentials;

    private InProcessServer(AfsServer server, Path dataDir, Credentials credentials) {
        this.server = server;
        this.dataDir = dataDir;
        this.credentials = credentials;
    }

    /** Starts a server with data under {@code dir/data} and the given {@code AFS_SERVER_*} settings. */
    static InProcessServer start(Path dir, Map<String, String> env) {
        return start(dir, env, "dev");
    }

    /** Starts a server like {@link #start(Path, Map)} but in {@code auth.mode = authMode}. */
    static InProcessServer start(Path dir, Map<String, String> env, String authMode) {
        Map<String, String> vars = new HashMap<>(env);
        vars.putIfAbsent("AFS_SERVER_SHUTDOWN_GRACE_SECS", "5");
        Path data = dir.resolve("data");
        Map<ConfigKey<?>, String> flags = Map.of(
                ConfigKeys.LISTEN_ADDR,
                "127.0.0.1:0",
                ConfigKeys.DATA_DIR,
                data.toString(),
                ConfigKeys.STORAGE_BACKEND,
                "embedded",
                ConfigKeys.AUTH_MODE,
                authMode);
        ServerConfig config = new ConfigLoader(dir, vars).load(null, flags);
        return new InProcessServer(AfsServer.start(config), data, Credentials.DEV);
    }

    /** Starts a scale-out node over {@code stores}; its clients send signed tokens. */
    static InProcessServer startScaleOut(Path dir, ScaleOutStores stores) {
        Map<String, String> vars = new HashMap<>(stores.env());
        vars.putIfAbsent("AFS_SERVER_SHUTDOWN_GRACE_SECS", "5");
        Map<ConfigKey<?>, String> flags = Map.of(ConfigKeys.LISTEN_ADDR, "127.0.0.1:0");
        ServerConfig config = new ConfigLoader(dir, vars).load(null, flags);
        return new InProcessServer(AfsServer.start(config), null, stores.credentials());
    }

    int port() {
        return server.port();
    }

    Path dataDir() {
        return dataDir;
    }

    /** Returns the {@code Authorization} value of {@code principal} of {@code tenant} (for gRPC clients). */
    String authorization(String tenant, String principal) {
        return credentials.authorization(tenant, principal);
    }

    /** Returns a client acting as {@code principal} of {@code tenant}. */
    ApiClient client(String tenant, String principal) {
        return ApiClient.of(port(), tenant, principal, credentials);
    }

    @Override
    public void close() {
        server.close();
    }
}
