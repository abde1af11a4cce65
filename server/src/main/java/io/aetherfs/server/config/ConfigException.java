package io.aetherfs.server.config;

/**
 * An invalid server configuration: the message names the source (file, environment variable or flag)
 * and the key, and never contains the value of a secret key. The commands exit with status 2 on it.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns the error for an invalid value of {@code key} given by {@code source}. */
    static ConfigException invalid(ConfigKey<?> key, ConfigSource source, String rawValue, String problem) {
        String shown = key.secret() || rawValue == null ? "" : " (got " + quote(rawValue) + ")";
        return new ConfigException(
                "invalid value for " + key.path() + " in " + source.describe() + ": " + problem + shown);
    }

    /** Returns the error for a key that the configuration does not have. */
    static ConfigException unknown(String path, ConfigSource source) {
        return new ConfigException("unknown configuration key " + path + " in " + source.describe());
    }

    private static String quote(String s) {
        String shortened = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return '"' + shortened.replace("\"", "\\\"") + '"';
    }
}
