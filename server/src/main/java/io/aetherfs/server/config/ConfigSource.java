package io.aetherfs.server.config;

/** Where a configuration value came from, as named in error messages (spec §13.1: errors name the source). */
public record ConfigSource(Kind kind, String name) {
    /** The four sources, in increasing precedence. */
    public enum Kind {
        DEFAULT,
        FILE,
        ENV,
        FLAG
    }

    static final ConfigSource DEFAULT = new ConfigSource(Kind.DEFAULT, "");

    static ConfigSource file(java.nio.file.Path path) {
        return new ConfigSource(Kind.FILE, path.toString());
    }

    static ConfigSource env(String variable) {
        return new ConfigSource(Kind.ENV, variable);
    }

    static ConfigSource flag(String flag) {
        return new ConfigSource(Kind.FLAG, flag);
    }

    /** Returns e.g. "config file /etc/afs-server.toml" or "environment variable AFS_SERVER_LISTEN_ADDR". */
    public String describe() {
        return switch (kind) {
            case DEFAULT -> "the built-in default";
            case FILE -> "config file " + name;
            case ENV -> "environment variable " + name;
            case FLAG -> "flag " + name;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
