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
 * A real afs-server started in this JVM exactly as {@code afs-server serve} starts it: the embedded
 * stores (SQLite {@code afs.db} and the local blob directory) under {@code <dir>/data}, dev auth unless
 * told otherwise, every API module, listening on a free 127.0.0.1 port; {@code <dir>/afs-server.toml}
 * is read when present. Configuration comes through the real loader, so
 * {@code AFS_SERVER_*} settings given here are validated as an operator's would be.
 */
final class EmbeddedServer implements AutoCloseable {
    private final AfsServer server;
    private final Path dataDir;

    private EmbeddedServer(AfsServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts a server with data under {@code dir/data} and the given {@code AFS_SERVER_*} settings. */
    static EmbeddedServer start(Path dir, Map<String, String> env) {
        return start(dir, env, "dev");
    }

    /** Starts a server like {@link #start(Path, Map)} but in {@code auth.mode = authMode}. */
    static EmbeddedServer start(Path dir, Map<String, String> env, String authMode) {
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
        return new EmbeddedServer(AfsServer.start(config), data);
    }

    int port() {
        return server.port();
    }

    Path dataDir() {
        return dataDir;
    }

    /** Returns a client acting as {@code principal} of {@code tenant}. */
    ApiClient client(String tenant, String principal) {
        return ApiClient.of(port(), tenant, principal);
    }

    @Override
    public void close() {
        server.close();
    }
}
