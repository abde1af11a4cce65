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

    /** {@code [storage]}: which backend holds metadata and blobs, and where. */
    public record Storage(
            StorageBackend backend,
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
        /** Returns the subset the service layer enforces today. */
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
                    importMaxExpansionRatio);
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
     * {@code storage.backend}: a deployment mode, naming the metadata and blob backends it opens (each
     * registered by kind, see {@code io.aetherfs.server.storage.Stores}).
     */
    public enum StorageBackend {
        EMBEDDED("embedded", "sqlite", "local"),
        SCALE_OUT("scale-out", "postgres", "s3");

        private final String configName;
        private final String metadataKind;
        private final String blobKind;

        StorageBackend(String configName, String metadataKind, String blobKind) {
            this.configName = configName;
            this.metadataKind = metadataKind;
            this.blobKind = blobKind;
        }

        public String configName() {
            return configName;
        }

        /** Returns the kind of metadata backend this mode opens. */
        public String metadataKind() {
            return metadataKind;
        }

        /** Returns the kind of blob backend this mode opens. */
        public String blobKind() {
            return blobKind;
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
