package io.aetherfs.server.storage;

import io.aetherfs.core.spi.StoreSettings;
import io.aetherfs.server.config.ConfigKey;
import io.aetherfs.server.config.ConfigKeys;
import io.aetherfs.server.config.Secret;
import io.aetherfs.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The validated {@code [storage]} table as one half's backend factory reads it: each {@code storage.*}
 * key by its name, secrets unwrapped only for the factory that opens the store (never printed), and a
 * missing key named with the setting that chose the half ({@code neededBy}, e.g.
 * {@code storage.blobs = s3}).
 */
record StorageSettings(ServerConfig.Storage storage, String neededBy) implements StoreSettings {
    /** Returns the settings the metadata factory reads. */
    static StorageSettings forMetadata(ServerConfig.Storage storage) {
        return new StorageSettings(storage, storage.metadataSetting());
    }

    /** Returns the settings the blob factory reads. */
    static StorageSettings forBlobs(ServerConfig.Storage storage) {
        return new StorageSettings(storage, storage.blobsSetting());
    }

    @Override
    public Path dataDir() {
        return storage.dataDir();
    }

    @Override
    public Optional<String> get(String key) {
        return switch (key) {
            case "postgres_url" -> storage.postgresUrl().map(Secret::value);
            case "postgres_max_connections" -> Optional.of(Integer.toString(storage.postgresMaxConnections()));
            case "s3_endpoint" -> storage.s3Endpoint();
            case "s3_region" -> storage.s3Region();
            case "s3_bucket" -> storage.s3Bucket();
            case "s3_prefix" -> Optional.of(storage.s3Prefix());
            case "s3_access_key_id" -> storage.s3AccessKeyId();
            case "s3_secret_access_key" -> storage.s3SecretAccessKey().map(Secret::value);
            case "s3_path_style" -> Optional.of(Boolean.toString(storage.s3PathStyle()));
            default -> throw new IllegalArgumentException("storage." + key + " is not a configuration key");
        };
    }

    /** Names the key, its environment variable and the setting that needs it, as startup messages do. */
    @Override
    public String require(String key) {
        String envName = Optional.ofNullable(ConfigKeys.byPath("storage." + key))
                .map(ConfigKey::envName)
                .orElse("?");
        return get(key).orElseThrow(
                        () -> new IllegalArgumentException(neededBy + " needs storage." + key + " (" + envName + ")"));
    }

    @Override
    public String toString() {
        return "StorageSettings[" + storage + "]";
    }
}
