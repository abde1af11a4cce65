package io.aetherfs.server.config;

/** A configuration value that must never be logged or shown: its {@link #toString()} is redacted. */
public record Secret(String value) {
    @Override
    public String toString() {
        return "[redacted]";
    }
}
