package io.aetherfs.server.config;

import java.util.Locale;

/**
 * One key of the server configuration (spec §13.1): its dotted path in {@code afs-server.toml}, its
 * value type, its default, its command-line flag if it has one, and whether its value is secret.
 */
public record ConfigKey<T>(String path, ValueType<T> type, T defaultValue, String flag, boolean secret) {
    /** Returns the environment variable that sets this key: {@code AFS_SERVER_} + the upper-cased path, '.' as '_'. */
    public String envName() {
        return "AFS_SERVER_" + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    @Override
    public String toString() {
        return path;
    }
}
