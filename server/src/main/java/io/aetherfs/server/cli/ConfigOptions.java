package io.aetherfs.server.cli;

import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import io.aetherfs.server.config.ConfigLoader;
import io.aetherfs.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration flags of spec §13.1, shared by every command that loads the configuration. Flags
 * win over environment variables, which win over the config file.
 */
final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file (default: $AFS_SERVER_CONFIG, else ./afs-server.toml if present).")
    Path config;

    @Option(
            names = "--listen-addr",
            paramLabel = "HOST:PORT",
            description = "HTTP, HTTP/2 and gRPC listener (default 127.0.0.1:8080).")
    String listenAddr;

    @Option(
            names = "--grpc-listen-addr",
            paramLabel = "HOST:PORT",
            description = "Separate gRPC listener (default: share --listen-addr).")
    String grpcListenAddr;

    @Option(
            names = "--admin-listen-addr",
            paramLabel = "HOST:PORT",
            description = "Separate listener for /healthz, /readyz, /metrics.")
    String adminListenAddr;

    @Option(names = "--storage-backend", paramLabel = "BACKEND", description = "embedded (default) or scale-out.")
    String storageBackend;

    @Option(
            names = "--storage-metadata",
            paramLabel = "KIND",
            description = "sqlite or postgres (default: the backend's, sqlite for embedded, postgres for scale-out).")
    String storageMetadata;

    @Option(
            names = "--storage-blobs",
            paramLabel = "KIND",
            description = "local or s3 (default: the backend's, local for embedded, s3 for scale-out).")
    String storageBlobs;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded data directory (default ./data).")
    String dataDir;

    @Option(
            names = "--auth-mode",
            paramLabel = "MODE",
            description = "dev or jwt (default: dev with sqlite metadata, jwt with postgres metadata).")
    String authMode;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "trace, debug, info (default), warn or error.")
    String logLevel;

    /** Returns the flags given, by configuration key. */
    Map<ConfigKey<?>, String> flags() {
        Map<ConfigKey<?>, String> flags = new LinkedHashMap<>();
        put(flags, ConfigKeys.LISTEN_ADDR, listenAddr);
        put(flags, ConfigKeys.GRPC_LISTEN_ADDR, grpcListenAddr);
        put(flags, ConfigKeys.ADMIN_LISTEN_ADDR, adminListenAddr);
        put(flags, ConfigKeys.STORAGE_BACKEND, storageBackend);
        put(flags, ConfigKeys.STORAGE_METADATA, storageMetadata);
        put(flags, ConfigKeys.STORAGE_BLOBS, storageBlobs);
        put(flags, ConfigKeys.DATA_DIR, dataDir);
        put(flags, ConfigKeys.AUTH_MODE, authMode);
        put(flags, ConfigKeys.LOG_LEVEL, logLevel);
        return flags;
    }

    /** Returns these options with each one not given taken from {@code outer} (flags before the subcommand). */
    ConfigOptions orElse(ConfigOptions outer) {
        ConfigOptions merged = new ConfigOptions();
        merged.config = config != null ? config : outer.config;
        merged.listenAddr = listenAddr != null ? listenAddr : outer.listenAddr;
        merged.grpcListenAddr = grpcListenAddr != null ? grpcListenAddr : outer.grpcListenAddr;
        merged.adminListenAddr = adminListenAddr != null ? adminListenAddr : outer.adminListenAddr;
        merged.storageBackend = storageBackend != null ? storageBackend : outer.storageBackend;
        merged.storageMetadata = storageMetadata != null ? storageMetadata : outer.storageMetadata;
        merged.storageBlobs = storageBlobs != null ? storageBlobs : outer.storageBlobs;
        merged.dataDir = dataDir != null ? dataDir : outer.dataDir;
        merged.authMode = authMode != null ? authMode : outer.authMode;
        merged.logLevel = logLevel != null ? logLevel : outer.logLevel;
        return merged;
    }

    /** Loads and validates the configuration of this process with these flags. */
    ServerConfig load() {
        return ConfigLoader.forProcess().load(config, flags());
    }

    private static void put(Map<ConfigKey<?>, String> flags, ConfigKey<?> key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
