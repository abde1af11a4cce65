package io.aetherfs.server.config;

import io.aetherfs.server.config.ServerConfig.StorageBackend;

/**
 * The configuration choices this build cannot run yet: selecting one fails startup with a clear
 * message instead of silently running something else. Each check goes away when its feature lands.
 */
final class BuildSupport {
    private BuildSupport() {}

    static void require(ServerConfig config, ConfigValues values) {
        if (config.storage().backend() == StorageBackend.SCALE_OUT) {
            throw new ConfigException("storage.backend = scale-out (from "
                    + values.source(ConfigKeys.STORAGE_BACKEND).describe()
                    + ") is not available in this build yet (PostgreSQL + S3 storage is a later issue);"
                    + " use storage.backend = embedded");
        }
    }
}
