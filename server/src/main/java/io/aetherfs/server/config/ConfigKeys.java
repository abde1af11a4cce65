package io.aetherfs.server.config;

import static io.aetherfs.server.config.ValueTypes.address;
import static io.aetherfs.server.config.ValueTypes.bool;
import static io.aetherfs.server.config.ValueTypes.choice;
import static io.aetherfs.server.config.ValueTypes.decimal;
import static io.aetherfs.server.config.ValueTypes.integer;
import static io.aetherfs.server.config.ValueTypes.list;
import static io.aetherfs.server.config.ValueTypes.names;
import static io.aetherfs.server.config.ValueTypes.optional;
import static io.aetherfs.server.config.ValueTypes.optionalSecret;
import static io.aetherfs.server.config.ValueTypes.path;
import static io.aetherfs.server.config.ValueTypes.string;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.server.config.ServerConfig.AuthMode;
import io.aetherfs.server.config.ServerConfig.BlobKind;
import io.aetherfs.server.config.ServerConfig.LogFormat;
import io.aetherfs.server.config.ServerConfig.LogLevel;
import io.aetherfs.server.config.ServerConfig.MetadataKind;
import io.aetherfs.server.config.ServerConfig.StorageBackend;
import io.aetherfs.service.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key of {@code afs-server.toml} (spec §13.1 and the limits of §12) with its type and default:
 * the one table that file, environment and flag parsing, unknown-key detection and binding all use.
 */
public final class ConfigKeys {
    private static final List<ConfigKey<?>> ALL = new ArrayList<>();
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long MAX = Long.MAX_VALUE;
    private static final Limits L = Limits.DEFAULT;

    public static final ConfigKey<HostPort> LISTEN_ADDR =
            key("listen_addr", address(), new HostPort("127.0.0.1", 8080), "--listen-addr");
    public static final ConfigKey<Optional<HostPort>> GRPC_LISTEN_ADDR =
            key("grpc_listen_addr", optional(address()), Optional.empty(), "--grpc-listen-addr");
    public static final ConfigKey<Optional<HostPort>> ADMIN_LISTEN_ADDR =
            key("admin_listen_addr", optional(address()), Optional.empty(), "--admin-listen-addr");
    public static final ConfigKey<Optional<Path>> TLS_CERT_FILE =
            key("tls.cert_file", optional(path()), Optional.empty());
    public static final ConfigKey<Optional<Path>> TLS_KEY_FILE =
            key("tls.key_file", optional(path()), Optional.empty());

    public static final ConfigKey<StorageBackend> STORAGE_BACKEND = key(
            "storage.backend",
            choice(names(StorageBackend::configName, StorageBackend.values())),
            StorageBackend.EMBEDDED,
            "--storage-backend");
    /** Empty means the backend's metadata kind: sqlite for embedded, postgres for scale-out. */
    public static final ConfigKey<Optional<MetadataKind>> STORAGE_METADATA = key(
            "storage.metadata",
            optional(choice(names(MetadataKind::kind, MetadataKind.values()))),
            Optional.empty(),
            "--storage-metadata");
    /** Empty means the backend's blob kind: local for embedded, s3 for scale-out. */
    public static final ConfigKey<Optional<BlobKind>> STORAGE_BLOBS = key(
            "storage.blobs",
            optional(choice(names(BlobKind::kind, BlobKind.values()))),
            Optional.empty(),
            "--storage-blobs");

    public static final ConfigKey<Path> DATA_DIR = key("storage.data_dir", path(), Path.of("./data"), "--data-dir");
    public static final ConfigKey<Optional<Secret>> POSTGRES_URL =
            secret("storage.postgres_url", optionalSecret(), Optional.empty());
    public static final ConfigKey<Long> POSTGRES_MAX_CONNECTIONS =
            key("storage.postgres_max_connections", integer(2, 10_000), 20L);
    public static final ConfigKey<Optional<String>> S3_ENDPOINT =
            key("storage.s3_endpoint", optional(string()), Optional.empty());
    public static final ConfigKey<Optional<String>> S3_REGION =
            key("storage.s3_region", optional(string()), Optional.empty());
    public static final ConfigKey<Optional<String>> S3_BUCKET =
            key("storage.s3_bucket", optional(string()), Optional.empty());
    public static final ConfigKey<String> S3_PREFIX = key("storage.s3_prefix", string(), "");
    public static final ConfigKey<Optional<String>> S3_ACCESS_KEY_ID =
            key("storage.s3_access_key_id", optional(string()), Optional.empty());
    public static final ConfigKey<Optional<Secret>> S3_SECRET_ACCESS_KEY =
            secret("storage.s3_secret_access_key", optionalSecret(), Optional.empty());
    public static final ConfigKey<Boolean> S3_PATH_STYLE = key("storage.s3_path_style", bool(), false);
    public static final ConfigKey<Long> BLOB_GC_GRACE_SECS = key("storage.blob_gc_grace_secs", integer(0, MAX), 3600L);

    /** Empty means the metadata's default: dev for sqlite (one process), jwt for postgres (shared). */
    public static final ConfigKey<Optional<AuthMode>> AUTH_MODE = key(
            "auth.mode",
            optional(choice(names(AuthMode::configName, AuthMode.values()))),
            Optional.empty(),
            "--auth-mode");

    public static final ConfigKey<List<HmacKey>> AUTH_HMAC_KEYS =
            secret("auth.hmac_keys", list(ValueTypes.of("kid:base64key", HmacKey::parse)), List.of());
    public static final ConfigKey<Long> AUTH_MAX_TOKEN_TTL_SECS =
            key("auth.max_token_ttl_secs", integer(1, MAX), 2_592_000L);
    public static final ConfigKey<Optional<URI>> AUTH_JWKS_URL = key(
            "auth.jwks_url",
            optional(ValueTypes.of("an http:// or https:// URL", IdentityProvider::parseUrl)),
            Optional.empty());
    public static final ConfigKey<Optional<Path>> AUTH_JWKS_FILE =
            key("auth.jwks_file", optional(path()), Optional.empty());
    public static final ConfigKey<Long> AUTH_JWKS_REFRESH_SECS =
            key("auth.jwks_refresh_secs", integer(1, 86_400), 300L);
    public static final ConfigKey<Long> AUTH_JWKS_MIN_REFETCH_SECS =
            key("auth.jwks_min_refetch_secs", integer(0, 3600), 30L);
    public static final ConfigKey<List<SignatureAlgorithm>> AUTH_JWKS_ALGORITHMS = key(
            "auth.jwks_algorithms",
            list(ValueTypes.of(SignatureAlgorithm.describe(), SignatureAlgorithm::parse)),
            List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
    public static final ConfigKey<Optional<String>> AUTH_ISSUER =
            key("auth.issuer", optional(string()), Optional.empty());
    public static final ConfigKey<Optional<String>> AUTH_AUDIENCE =
            key("auth.audience", optional(string()), Optional.empty());
    public static final ConfigKey<String> AUTH_CLAIMS_TENANT = key("auth.claims.tenant", claimName(), "tenant");
    public static final ConfigKey<Optional<TenantId>> AUTH_CLAIMS_FIXED_TENANT = key(
            "auth.claims.fixed_tenant",
            optional(ValueTypes.of("a canonical UUID", ConfigKeys::tenant)),
            Optional.empty());
    public static final ConfigKey<String> AUTH_CLAIMS_PRINCIPAL = key("auth.claims.principal", claimName(), "sub");
    public static final ConfigKey<String> AUTH_CLAIMS_SCOPES = key("auth.claims.scopes", claimName(), "scopes");
    public static final ConfigKey<String> AUTH_CLAIMS_SCOPE_PREFIX = key("auth.claims.scope_prefix", string(), "");
    public static final ConfigKey<List<ScopeAlias>> AUTH_CLAIMS_SCOPE_MAP =
            key("auth.claims.scope_map", list(ValueTypes.of("idp-name=canonical.scope", ScopeAlias::parse)), List.of());
    public static final ConfigKey<Optional<Secret>> SECRETS_MASTER_KEY = secret(
            "secrets.master_key",
            optional(ValueTypes.of("base64 of 32 bytes", ConfigKeys::masterKey)),
            Optional.empty());

    public static final ConfigKey<Long> DEFAULT_PAGE_SIZE =
            limit("default_page_size", 1, 1_000_000, L.defaultPageSize());
    public static final ConfigKey<Long> MAX_PAGE_SIZE = limit("max_page_size", 1, 1_000_000, L.maxPageSize());
    public static final ConfigKey<Long> MAX_FILE_BYTES = limit("max_file_bytes", 0, MAX, L.maxFileBytes());
    public static final ConfigKey<Long> MAX_JSON_BODY_BYTES =
            limit("max_json_body_bytes", 1, MAX, L.maxJsonBodyBytes());
    public static final ConfigKey<Long> MAX_PATH_BYTES = limit("max_path_bytes", 1, 4096, 4096);
    public static final ConfigKey<Long> MAX_COMPONENT_BYTES = limit("max_component_bytes", 1, 255, 255);
    public static final ConfigKey<Long> MAX_BATCH_OPERATIONS =
            limit("max_batch_operations", 1, 1_000_000, L.maxBatchOperations());
    public static final ConfigKey<Long> MAX_CACHE_VALUE_BYTES =
            limit("max_cache_value_bytes", 0, MAX, L.maxCacheValueBytes());
    public static final ConfigKey<Long> MAX_CACHE_KEY_BYTES =
            limit("max_cache_key_bytes", 1, Limits.MAX_CACHE_KEY_BYTES, L.maxCacheKeyBytes());
    public static final ConfigKey<Long> MAX_CACHE_BYTES_PER_SESSION =
            limit("max_cache_bytes_per_session", 0, MAX, L.maxCacheBytesPerSession());
    public static final ConfigKey<Long> MAX_BUS_PAYLOAD_BYTES = limit("max_bus_payload_bytes", 0, MAX, 256 * KIB);
    public static final ConfigKey<Long> BUS_RETENTION_MESSAGES = limit("bus_retention_messages", 1, 10_000_000, 1000);
    /** A bus subscriber with more messages than this waiting for it is closed with RESOURCE_EXHAUSTED (§8.11). */
    public static final ConfigKey<Long> BUS_MAX_LAG_MESSAGES = limit("bus_max_lag_messages", 1, 10_000_000, 1000);
    /** ... or with more bytes than this held for it: queued messages and frames its connection has not taken. */
    public static final ConfigKey<Long> BUS_MAX_LAG_BYTES = limit("bus_max_lag_bytes", 1, MAX, 8 * MIB);

    public static final ConfigKey<Long> MAX_SECRET_VALUE_BYTES = limit("max_secret_value_bytes", 0, MAX, 64 * KIB);
    public static final ConfigKey<Long> MAX_ANNOTATION_COMMENT_BYTES =
            limit("max_annotation_comment_bytes", 0, MAX, 16 * KIB);
    public static final ConfigKey<Long> MAX_TAGS_OR_LABELS =
            limit("max_tags_or_labels", 0, 1_000_000, L.maxTagsOrLabels());
    public static final ConfigKey<Long> MAX_SESSIONS_PER_TENANT =
            limit("max_sessions_per_tenant", 0, MAX, L.maxSessionsPerTenant());
    /** Requests per second per principal; 0 turns rate limiting off. */
    public static final ConfigKey<Double> RATE_LIMIT_RPS_PER_PRINCIPAL =
            key("limits.rate_limit_rps_per_principal", decimal(0, 1e9), 0.0);

    public static final ConfigKey<Long> IMPORT_MAX_ENTRIES = limit("import_max_entries", 1, MAX, L.importMaxEntries());
    public static final ConfigKey<Long> IMPORT_MAX_BYTES = limit("import_max_bytes", 1, MAX, L.importMaxBytes());
    public static final ConfigKey<Double> IMPORT_MAX_EXPANSION_RATIO =
            key("limits.import_max_expansion_ratio", decimal(1, 1e9), L.importMaxExpansionRatio());

    public static final ConfigKey<Long> IDLE_ARCHIVE_AFTER_SECS =
            key("sessions.idle_archive_after_secs", integer(0, MAX), 0L);
    public static final ConfigKey<Boolean> REQUIRE_APPROVALS = key("policy.require_approvals", bool(), false);
    public static final ConfigKey<Long> LEASE_TTL_SECS = key("bridge.lease_ttl_secs", integer(1, 86_400), 30L);
    public static final ConfigKey<Long> CHANGEFEED_MAX_REPLAY =
            key("bridge.changefeed_max_replay", integer(1, 100_000_000), 10_000L);
    public static final ConfigKey<List<Path>> LOCALFS_ALLOWED_ROOTS = key(
            "sources.localfs_allowed_roots",
            list(ValueTypes.of("an absolute path", ConfigKeys::absolutePath)),
            List.of());
    public static final ConfigKey<Long> IMPORT_WORKERS = key("sources.import_workers", integer(1, 256), 2L);
    public static final ConfigKey<Long> GIT_TIMEOUT_SECS = key("sources.git_timeout_secs", integer(1, MAX), 600L);

    public static final ConfigKey<LogLevel> LOG_LEVEL =
            key("logging.level", choice(names(LogLevel::configName, LogLevel.values())), LogLevel.INFO, "--log-level");
    public static final ConfigKey<LogFormat> LOG_FORMAT =
            key("logging.format", choice(names(LogFormat::configName, LogFormat.values())), LogFormat.JSON);
    public static final ConfigKey<Long> SHUTDOWN_GRACE_SECS = key("shutdown_grace_secs", integer(0, 3600), 30L);

    private static final Map<String, ConfigKey<?>> BY_PATH = index(false);
    private static final Map<String, ConfigKey<?>> BY_ENV = index(true);

    private ConfigKeys() {}

    /** Returns every key, in declaration order. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** Returns the key with this dotted path, or null. */
    public static ConfigKey<?> byPath(String path) {
        return BY_PATH.get(path);
    }

    /** Returns the key set by this environment variable, or null. */
    public static ConfigKey<?> byEnvName(String variable) {
        return BY_ENV.get(variable);
    }

    /** Returns whether {@code prefix} is a table (section) of the configuration, like {@code storage}. */
    public static boolean isSection(String prefix) {
        String dotted = prefix + ".";
        return ALL.stream().anyMatch(k -> k.path().startsWith(dotted));
    }

    private static <T> ConfigKey<T> key(String path, ValueType<T> type, T defaultValue) {
        return key(path, type, defaultValue, null);
    }

    private static <T> ConfigKey<T> key(String path, ValueType<T> type, T defaultValue, String flag) {
        ConfigKey<T> key = new ConfigKey<>(path, type, defaultValue, flag, false);
        ALL.add(key);
        return key;
    }

    private static <T> ConfigKey<T> secret(String path, ValueType<T> type, T defaultValue) {
        ConfigKey<T> key = new ConfigKey<>(path, type, defaultValue, null, true);
        ALL.add(key);
        return key;
    }

    private static ConfigKey<Long> limit(String name, long min, long max, long defaultValue) {
        return key("limits." + name, integer(min, max), defaultValue);
    }

    private static Map<String, ConfigKey<?>> index(boolean byEnv) {
        Map<String, ConfigKey<?>> map = new LinkedHashMap<>();
        for (ConfigKey<?> k : ALL) {
            if (map.put(byEnv ? k.envName() : k.path(), k) != null) {
                throw new IllegalStateException("two configuration keys map to " + k.envName());
            }
        }
        return Map.copyOf(map);
    }

    private static Secret masterKey(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected base64 of 32 bytes; it is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("expected base64 of 32 bytes; it decodes to " + bytes.length + " bytes");
        }
        return new Secret(text.strip());
    }

    private static ValueType<String> claimName() {
        return ValueTypes.of("a claim name, or a JSON Pointer starting with '/'", IdentityProvider::parseClaimName);
    }

    private static TenantId tenant(String text) {
        if (!TenantId.isValid(text.strip())) {
            throw new IllegalArgumentException("expected a canonical UUID");
        }
        return TenantId.parse(text.strip());
    }

    private static Path absolutePath(String text) {
        Path p = ValueTypes.path().parse(text);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("expected an absolute path");
        }
        return p.normalize();
    }
}
