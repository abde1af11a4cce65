package io.aetherfs.server.config;

import static io.aetherfs.server.config.ConfigKeys.*;

import io.aetherfs.server.config.ServerConfig.AuthMode;
import io.aetherfs.server.config.ServerConfig.BlobKind;
import io.aetherfs.server.config.ServerConfig.MetadataKind;
import io.aetherfs.server.config.ServerConfig.StorageBackend;
import io.aetherfs.service.bus.BusSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns layered configuration values into a {@link ServerConfig}, checking the rules that span
 * several keys (TLS files in pairs, page sizes, the bus lag bound against the largest bus payload,
 * distinct listener ports, the keys each storage half needs, a configured master key for shared
 * metadata; {@link AuthBinder} checks the {@code [auth]} table) and resolving defaults that depend on
 * other keys (the metadata and blob kinds follow {@code storage.backend} unless overridden, the auth
 * mode follows the metadata kind).
 */
final class ConfigBinder {
    private ConfigBinder() {}

    static ServerConfig bind(ConfigValues v, Path workingDir) {
        checkTls(v);
        checkListeners(v);
        checkPageSizes(v);
        checkBusLag(v);
        StorageBackend backend = v.get(STORAGE_BACKEND);
        MetadataKind metadata = v.get(STORAGE_METADATA).orElse(backend.metadata());
        BlobKind blobs = v.get(STORAGE_BLOBS).orElse(backend.blobs());
        // Nodes sharing metadata share its sessions and tokens, so they default to verified tokens.
        AuthMode authMode = v.get(AUTH_MODE).orElse(metadata.shared() ? AuthMode.JWT : AuthMode.DEV);
        ServerConfig.Auth auth =
                AuthBinder.bind(v, authMode, "auth.mode (the default for " + setting(v, metadata) + ")", workingDir);
        checkMasterKey(v, metadata);
        checkStorageKeys(v, metadata, blobs);
        return new ServerConfig(
                v.get(LISTEN_ADDR),
                v.get(GRPC_LISTEN_ADDR),
                v.get(ADMIN_LISTEN_ADDR),
                new ServerConfig.Tls(
                        v.get(TLS_CERT_FILE).map(workingDir::resolve),
                        v.get(TLS_KEY_FILE).map(workingDir::resolve)),
                new ServerConfig.Storage(
                        backend,
                        metadata,
                        blobs,
                        workingDir.resolve(v.get(DATA_DIR)).normalize(),
                        v.get(POSTGRES_URL),
                        toInt(v.get(POSTGRES_MAX_CONNECTIONS)),
                        v.get(S3_ENDPOINT),
                        v.get(S3_REGION),
                        v.get(S3_BUCKET),
                        v.get(S3_PREFIX),
                        v.get(S3_ACCESS_KEY_ID),
                        v.get(S3_SECRET_ACCESS_KEY),
                        v.get(S3_PATH_STYLE),
                        seconds(v.get(BLOB_GC_GRACE_SECS))),
                auth,
                new ServerConfig.Secrets(v.get(SECRETS_MASTER_KEY)),
                limits(v),
                new ServerConfig.Sessions(seconds(v.get(IDLE_ARCHIVE_AFTER_SECS))),
                new ServerConfig.Policy(v.get(REQUIRE_APPROVALS)),
                new ServerConfig.Bridge(seconds(v.get(LEASE_TTL_SECS)), toInt(v.get(CHANGEFEED_MAX_REPLAY))),
                new ServerConfig.Sources(
                        v.get(LOCALFS_ALLOWED_ROOTS), toInt(v.get(IMPORT_WORKERS)), seconds(v.get(GIT_TIMEOUT_SECS))),
                new ServerConfig.Logging(v.get(LOG_LEVEL), v.get(LOG_FORMAT)),
                seconds(v.get(SHUTDOWN_GRACE_SECS)));
    }

    private static ServerConfig.Limits limits(ConfigValues v) {
        return new ServerConfig.Limits(
                toInt(v.get(DEFAULT_PAGE_SIZE)),
                toInt(v.get(MAX_PAGE_SIZE)),
                v.get(MAX_FILE_BYTES),
                v.get(MAX_JSON_BODY_BYTES),
                toInt(v.get(MAX_PATH_BYTES)),
                toInt(v.get(MAX_COMPONENT_BYTES)),
                toInt(v.get(MAX_BATCH_OPERATIONS)),
                v.get(MAX_CACHE_VALUE_BYTES),
                toInt(v.get(MAX_CACHE_KEY_BYTES)),
                v.get(MAX_CACHE_BYTES_PER_SESSION),
                v.get(MAX_BUS_PAYLOAD_BYTES),
                toInt(v.get(BUS_RETENTION_MESSAGES)),
                toInt(v.get(BUS_MAX_LAG_MESSAGES)),
                v.get(BUS_MAX_LAG_BYTES),
                v.get(MAX_SECRET_VALUE_BYTES),
                v.get(MAX_ANNOTATION_COMMENT_BYTES),
                toInt(v.get(MAX_TAGS_OR_LABELS)),
                v.get(MAX_SESSIONS_PER_TENANT),
                v.get(RATE_LIMIT_RPS_PER_PRINCIPAL),
                v.get(IMPORT_MAX_ENTRIES),
                v.get(IMPORT_MAX_BYTES),
                v.get(IMPORT_MAX_EXPANSION_RATIO));
    }

    private static void checkTls(ConfigValues v) {
        if (v.get(TLS_CERT_FILE).isPresent() != v.get(TLS_KEY_FILE).isPresent()) {
            throw new ConfigException("invalid configuration: " + v.origin(TLS_CERT_FILE) + " and "
                    + v.origin(TLS_KEY_FILE) + " must be set together");
        }
    }

    /** Separate listeners are told apart by port, so each needs its own explicit one. */
    private static void checkListeners(ConfigValues v) {
        int main = v.get(LISTEN_ADDR).port();
        for (ConfigKey<Optional<HostPort>> key : List.of(GRPC_LISTEN_ADDR, ADMIN_LISTEN_ADDR)) {
            Optional<HostPort> addr = v.get(key);
            if (addr.isEmpty()) {
                continue;
            }
            if (addr.get().port() == 0) {
                throw new ConfigException("invalid configuration: " + v.origin(key)
                        + " needs an explicit port (0 is only allowed for listen_addr)");
            }
            if (addr.get().port() == main) {
                throw new ConfigException("invalid configuration: " + v.origin(key) + " uses the same port as "
                        + v.origin(LISTEN_ADDR) + "; leave it empty to share that port");
            }
        }
        Optional<HostPort> grpc = v.get(GRPC_LISTEN_ADDR);
        Optional<HostPort> admin = v.get(ADMIN_LISTEN_ADDR);
        if (grpc.isPresent()
                && admin.isPresent()
                && grpc.get().port() == admin.get().port()) {
            throw new ConfigException("invalid configuration: " + v.origin(GRPC_LISTEN_ADDR) + " and "
                    + v.origin(ADMIN_LISTEN_ADDR) + " use the same port");
        }
    }

    /** Nodes sharing metadata share its stored secrets, so they must share the key that encrypts them. */
    private static void checkMasterKey(ConfigValues v, MetadataKind metadata) {
        if (metadata.shared() && v.get(SECRETS_MASTER_KEY).isEmpty()) {
            throw new ConfigException("invalid configuration: " + origin(v, metadata)
                    + ", which needs secrets.master_key: the base64 of 32 random bytes, the same on"
                    + " every node (e.g. AFS_SERVER_SECRETS_MASTER_KEY=$(head -c 32 /dev/urandom | base64));"
                    + " only SQLite metadata (embedded) generates data_dir/secrets.key");
        }
    }

    /**
     * Each half needs its store named: PostgreSQL metadata its URL, S3 blobs a bucket and its
     * credentials; the message names the setting that chose the half and every missing key.
     */
    private static void checkStorageKeys(ConfigValues v, MetadataKind metadata, BlobKind blobs) {
        Map<String, List<String>> missingBy = new LinkedHashMap<>();
        if (metadata == MetadataKind.POSTGRES) {
            addMissing(v, origin(v, metadata), List.of(POSTGRES_URL), missingBy);
        }
        if (blobs == BlobKind.S3) {
            addMissing(v, origin(v, blobs), List.of(S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY), missingBy);
        }
        if (!missingBy.isEmpty()) {
            List<String> clauses = new ArrayList<>();
            missingBy.forEach((origin, keys) -> clauses.add(origin + ", which also needs " + String.join(", ", keys)));
            throw new ConfigException(
                    "invalid configuration: " + String.join("; ", clauses) + "; see docs/OPERATIONS.md");
        }
    }

    private static void addMissing(
            ConfigValues v, String origin, List<ConfigKey<? extends Optional<?>>> keys, Map<String, List<String>> out) {
        for (ConfigKey<? extends Optional<?>> key : keys) {
            if (v.get(key).isEmpty()) {
                out.computeIfAbsent(origin, o -> new ArrayList<>()).add(key.path() + " (" + key.envName() + ")");
            }
        }
    }

    /** Returns e.g. "storage.metadata (from flag --storage-metadata) is postgres": what chose this kind. */
    private static String origin(ConfigValues v, MetadataKind metadata) {
        return v.get(STORAGE_METADATA).isPresent()
                ? v.origin(STORAGE_METADATA) + " is " + metadata.kind()
                : v.origin(STORAGE_BACKEND) + " is " + v.get(STORAGE_BACKEND).configName();
    }

    /** Returns e.g. "storage.blobs (from flag --storage-blobs) is s3": what chose this kind. */
    private static String origin(ConfigValues v, BlobKind blobs) {
        return v.get(STORAGE_BLOBS).isPresent()
                ? v.origin(STORAGE_BLOBS) + " is " + blobs.kind()
                : v.origin(STORAGE_BACKEND) + " is " + v.get(STORAGE_BACKEND).configName();
    }

    /** Returns e.g. "storage.backend = scale-out": the setting that chose this metadata kind. */
    private static String setting(ConfigValues v, MetadataKind metadata) {
        return v.get(STORAGE_METADATA).isPresent()
                ? "storage.metadata = " + metadata.kind()
                : "storage.backend = " + v.get(STORAGE_BACKEND).configName();
    }

    private static void checkPageSizes(ConfigValues v) {
        if (v.get(DEFAULT_PAGE_SIZE) > v.get(MAX_PAGE_SIZE)) {
            throw new ConfigException("invalid configuration: " + v.origin(DEFAULT_PAGE_SIZE) + " is larger than "
                    + v.origin(MAX_PAGE_SIZE));
        }
    }

    /** A subscriber must be able to have a few of the largest bus messages on their way to it. */
    private static void checkBusLag(ConfigValues v) {
        long min = BusSettings.minLagBytes(v.get(MAX_BUS_PAYLOAD_BYTES));
        if (v.get(BUS_MAX_LAG_BYTES) < min) {
            throw new ConfigException("invalid configuration: " + v.origin(BUS_MAX_LAG_BYTES) + " must be at least "
                    + min + " (4 × (" + v.origin(MAX_BUS_PAYLOAD_BYTES) + " + 1024))");
        }
    }

    private static Duration seconds(long secs) {
        return Duration.ofSeconds(secs);
    }

    private static int toInt(long value) {
        return Math.toIntExact(value);
    }
}
