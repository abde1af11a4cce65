package io.aetherfs.server.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of every configuration key after layering defaults, file, environment and flags, each
 * with the source that set it, so later checks can name where a bad value came from.
 */
final class ConfigValues {
    private record Entry(Object value, ConfigSource source) {}

    private final Map<ConfigKey<?>, Entry> entries = new LinkedHashMap<>();

    /** Returns every key at its default. */
    static ConfigValues defaults() {
        ConfigValues v = new ConfigValues();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            v.entries.put(key, new Entry(key.defaultValue(), ConfigSource.DEFAULT));
        }
        return v;
    }

    /** Sets {@code key} from {@code source}, replacing a value of lower precedence. */
    <T> void set(ConfigKey<T> key, T value, ConfigSource source) {
        entries.put(key, new Entry(value, source));
    }

    /** Parses {@code text} as {@code key}'s type and sets it, or fails naming the key and the source. */
    <T> void setText(ConfigKey<T> key, String text, ConfigSource source) {
        T value;
        try {
            value = key.type().parse(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(key, source, text, e.getMessage());
        }
        set(key, value, source);
    }

    /** Returns the value of {@code key}. */
    @SuppressWarnings("unchecked")
    <T> T get(ConfigKey<T> key) {
        return (T) entries.get(key).value();
    }

    /** Returns where the value of {@code key} came from. */
    ConfigSource source(ConfigKey<?> key) {
        return entries.get(key).source();
    }

    /** Returns "key (from source)", for messages about a value. */
    String origin(ConfigKey<?> key) {
        ConfigSource s = source(key);
        return key.path() + (s.kind() == ConfigSource.Kind.DEFAULT ? " (default)" : " (from " + s.describe() + ")");
    }
}
