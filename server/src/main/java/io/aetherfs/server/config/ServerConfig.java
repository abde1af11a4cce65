package io.aetherfs.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration of one afs-server process (spec §13.1): one nested record per table of
 * {@code afs-server.toml}. Built only by {@link ConfigLoader}; paths are absolute, and secret values
 * print as {@code [redacted]}.
 */
public record ServerConfig(
        HostPort listenAddr,
        Optional<HostPort> grpcListenAddr,
        Optional<HostPort> adminListenAddr,
        Tls tls,
        Storage storage,
        Auth auth,
        Secrets secrets,
        Limits limits,
        Sessions sessions,
        Policy policy,
        Bridge bridge,
        Sources sources,
        Logging logging,
        Duration shutdownGrace) {

    /** {@code [tls]}: a certificate chain and key (PEM) for all listeners, or neither for plaintext and h2c. */
    public record Tls(Optional<Path> certFile, Optional<Path> keyFile) {
        public boolean enabled() {
            return certFile.isPresent();
        }
    }

    /**
     * {@code [storage]}: where metadata and blobs are kept. {@code backend} is the deployment mode as
     * configured; {@code metadata} and {@code blobs} are the kinds actually opened, the mode's pair unless
     * {@code storage.metadata} or {@code storage.blobs} overrides a half.
     */
    public record Storage(
            StorageBackend backend,
            MetadataKind metadata,
            BlobKind blobs,
            Path dataDir,
            Optional<Secret> postgresUrl,
            int postgresMaxConnections,
            Optional<String> s3Endpoint,
            Optional<String> s3Region,
            Optional<String> s3Bucket,
            String s3Prefix,
            Optional<String> s3AccessKeyId,
            Optional<Secret> s3SecretAccessKey,
            boolean s3PathStyle,
            Duration blobGcGrace) {
        /** Returns the embedded secrets master key file, {@code data_dir/secrets.key}. */
        public Path secretsKeyFile() {
            return dataDir.resolve("secrets.key");
        }

        /**
         * Returns whether this process must own {@code data_dir} alone: SQLite metadata is one process's
         * file, so the data directory is locked whatever holds the blobs.
         */
        public boolean locksDataDir() {
            return !metadata.shared();
        }

        /**
         * Returns whether a missing {@code secrets.master_key} is generated into {@code data_dir}: only for
         * metadata no other node reads; shared metadata needs one configured key on every node.
         */
        public boolean generatesMasterKey() {
            return !metadata.shared();
        }

        /** Returns the setting that chose the metadata kind, e.g. {@code storage.backend = scale-out}. */
        public String metadataSetting() {
            return metadata == backend.metadata()
                    ? "storage.backend = " + backend.configName()
                    : "storage.metadata = " + metadata.kind();
        }

        /** Returns the setting that chose the blob kind, e.g. {@code storage.blobs = s3}. */
        public String blobsSetting() {
            return blobs == backend.blobs()
                    ? "storage.backend = " + backend.configName()
                    : "storage.blobs = " + blobs.kind();
        }

        /** Returns the mode and both halves for logs, e.g. {@code embedded, sqlite metadata + s3 blobs}. */
        public String describeKinds() {
            return backend.configName() + ", " + metadata.kind() + " metadata + " + blobs.kind() + " blobs";
        }
    }

    /**
     * {@code [auth]}: the token kind accepted (§3.1), the keys of afs-server's own HS256 tokens, and the
     * identity provider whose tokens are verified with its published keys, if any.
     */
    public record Auth(
            AuthMode mode, List<HmacKey> hmacKeys, Duration maxTokenTtl, Optional<IdentityProvider> identityProvider) {}

    /** {@code [secrets]}: the master key that encrypts stored secrets, when given in the configuration. */
    public record Secrets(Optional<Secret> masterKey) {}

    /** {@code [limits]}: the request limits of spec §12. */
    public record Limits(
            int defaultPageSize,
            int maxPageSize,
            long maxFileBytes,
            long maxJsonBodyBytes,
            int maxPathBytes,
            int maxComponentBytes,
            int maxBatchOperations,
            long maxCacheValueBytes,
            int maxCacheKeyBytes,
            long maxCacheBytesPerSession,
            long maxBusPayloadBytes,
            int busRetentionMessages,
            int busMaxLagMessages,
            long busMaxLagBytes,
            long maxSecretValueBytes,
            long maxAnnotationCommentBytes,
            int maxTagsOrLabels,
            long maxSessionsPerTenant,
            double rateLimitRpsPerPrincipal,
            long importMaxEntries,
            long importMaxBytes,
            double importMaxExpansionRatio) {
        /** Returns the subset the service layer enforces today (bus limits apart, {@link #toBusSettings}). */
        public io.aetherfs.service.Limits toServiceLimits() {
            return new io.aetherfs.service.Limits(
                    maxFileBytes,
                    maxJsonBodyBytes,
                    maxBatchOperations,
                    maxTagsOrLabels,
                    maxSessionsPerTenant,
                    maxPageSize,
                    defaultPageSize,
                    importMaxEntries,
                    importMaxBytes,
                    importMaxExpansionRatio,
                    maxCacheValueBytes,
                    maxCacheKeyBytes,
                    maxCacheBytesPerSession,
                    maxSecretValueBytes);
        }

        /** Returns the bus settings with the configured payload, retention and slow-subscriber limits. */
        public io.aetherfs.service.bus.BusSettings toBusSettings() {
            var d = io.aetherfs.service.bus.BusSettings.DEFAULT;
            return new io.aetherfs.service.bus.BusSettings(
                    maxBusPayloadBytes,
                    busRetentionMessages,
                    busMaxLagMessages,
                    busMaxLagBytes,
                    d.pollInterval(),
                    d.keepaliveInterval());
        }
    }

    /** {@code [sessions]}: automatic archiving of idle sessions ({@link Duration#ZERO}: off). */
    public record Sessions(Duration idleArchiveAfter) {}

    /** {@code [policy]}: deployment-wide policy switches. */
    public record Policy(boolean requireApprovals) {
        public io.aetherfs.service.Policy toServicePolicy() {
            return new io.aetherfs.service.Policy(requireApprovals);
        }
    }

    /** {@code [bridge]}: the mount bridge of spec §11. */
    public record Bridge(Duration leaseTtl, int changefeedMaxReplay) {}

    /** {@code [sources]}: source import jobs. */
    public record Sources(List<Path> localfsAllowedRoots, int importWorkers, Duration gitTimeout) {}

    /** {@code [logging]}: the root log level and the line format. */
    public record Logging(LogLevel level, LogFormat format) {}

    /**
     * {@code storage.backend}: a deployment mode, naming the metadata and blob kinds it opens unless
     * {@code storage.metadata} or {@code storage.blobs} overrides one (each kind registered by name, see
     * {@code io.aetherfs.server.storage.Stores}).
     */
    public enum StorageBackend {
        EMBEDDED("embedded", MetadataKind.SQLITE, BlobKind.LOCAL),
        SCALE_OUT("scale-out", MetadataKind.POSTGRES, BlobKind.S3);

        private final String configName;
        private final MetadataKind metadata;
        private final BlobKind blobs;

        StorageBackend(String configName, MetadataKind metadata, BlobKind blobs) {
            this.configName = configName;
            this.metadata = metadata;
            this.blobs = blobs;
        }

        public String configName() {
            return configName;
        }

        /** Returns the metadata kind this mode opens when {@code storage.metadata} is not set. */
        public MetadataKind metadata() {
            return metadata;
        }

        /** Returns the blob kind this mode opens when {@code storage.blobs} is not set. */
        public BlobKind blobs() {
            return blobs;
        }
    }

    /**
     * {@code storage.metadata}: the metadata backend, and whether several server processes share it;
     * the data-directory lock, the default auth mode and the master key follow from that.
     */
    public enum MetadataKind {
        /** {@code data_dir/afs.db}, one process: data directory locked, auth dev, key generated. */
        SQLITE("sqlite", false),
        /** {@code storage.postgres_url}, shared by every node: auth jwt, one configured key. */
        POSTGRES("postgres", true);

        private final String kind;
        private final boolean shared;

        MetadataKind(String kind, boolean shared) {
            this.kind = kind;
            this.shared = shared;
        }

        /** Returns the name of the kind, as its factory registers it and the configuration spells it. */
        public String kind() {
            return kind;
        }

        /** Returns whether several server processes may share this metadata. */
        public boolean shared() {
            return shared;
        }
    }

    /** {@code storage.blobs}: the blob backend. */
    public enum BlobKind {
        /** {@code data_dir/blobs}, the directory of this node. */
        LOCAL("local"),
        /** The {@code storage.s3_*} bucket, which any number of nodes may share. */
        S3("s3");

        private final String kind;

        BlobKind(String kind) {
            this.kind = kind;
        }

        /** Returns the name of the kind, as its factory registers it and the configuration spells it. */
        public String kind() {
            return kind;
        }
    }

    /** {@code auth.mode}. */
    public enum AuthMode {
        DEV,
        JWT;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code logging.level}. */
    public enum LogLevel {
        TRACE,
        DEBUG,
        INFO,
        WARN,
        ERROR;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code logging.format}: JSON lines (the default) or a human-readable pattern. */
    public enum LogFormat {
        JSON,
        TEXT;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
