package io.aetherfs.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Loads the server configuration (spec §13.1): built-in defaults, then {@code afs-server.toml} (from
 * {@code --config}, else {@code AFS_SERVER_CONFIG}, else {@code ./afs-server.toml} if present), then
 * {@code AFS_SERVER_*} environment variables, then flags; each later source wins. Unknown keys and
 * invalid values fail with a {@link ConfigException} naming the source and the key.
 */
public final class ConfigLoader {
    /** The environment variable naming the config file. */
    public static final String CONFIG_FILE_ENV = "AFS_SERVER_CONFIG";
    /** The config file read from the working directory when no other is named. */
    public static final String DEFAULT_FILE_NAME = "afs-server.toml";

    private static final String ENV_PREFIX = "AFS_SERVER_";
    private static final TomlMapper TOML = new TomlMapper();

    private final Path workingDir;
    private final Map<String, String> env;

    /** Creates a loader that resolves relative paths against {@code workingDir} and reads {@code env}. */
    public ConfigLoader(Path workingDir, Map<String, String> env) {
        this.workingDir = workingDir.toAbsolutePath();
        this.env = Map.copyOf(env);
    }

    /** Returns a loader for this process: its working directory and environment. */
    public static ConfigLoader forProcess() {
        return new ConfigLoader(Path.of(""), System.getenv());
    }

    /**
     * Returns the validated configuration.
     *
     * @param configFlag the value of {@code --config}, or null
     * @param flags the configuration flags given on the command line, by key, as text
     */
    public ServerConfig load(Path configFlag, Map<ConfigKey<?>, String> flags) {
        ConfigValues values = resolve(configFlag, flags);
        return ConfigBinder.bind(values, workingDir);
    }

    /** Layers every source over the defaults and returns the values with their sources. */
    ConfigValues resolve(Path configFlag, Map<ConfigKey<?>, String> flags) {
        ConfigValues values = ConfigValues.defaults();
        Optional<Path> file = locateFile(configFlag);
        if (file.isPresent()) {
            readFile(file.get(), values);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX) || name.equals(CONFIG_FILE_ENV)) {
                continue;
            }
            ConfigKey<?> key = ConfigKeys.byEnvName(name);
            if (key == null) {
                throw new ConfigException("unknown environment variable " + name
                        + ": it names no configuration key (AFS_SERVER_ + the key path upper-cased, '.' as '_')");
            }
            values.setText(key, e.getValue(), ConfigSource.env(name));
        }
        for (Map.Entry<ConfigKey<?>, String> e : flags.entrySet()) {
            ConfigKey<?> key = e.getKey();
            String flag = key.flag() != null ? key.flag() : "--" + key.path();
            values.setText(key, e.getValue(), ConfigSource.flag(flag));
        }
        return values;
    }

    /** Returns the config file named by the flag, else by the environment, else ./afs-server.toml if present. */
    Optional<Path> locateFile(Path configFlag) {
        if (configFlag != null) {
            return Optional.of(requireFile(workingDir.resolve(configFlag), "--config"));
        }
        String fromEnv = env.getOrDefault(CONFIG_FILE_ENV, "");
        if (!fromEnv.isEmpty()) {
            return Optional.of(requireFile(workingDir.resolve(fromEnv), "environment variable " + CONFIG_FILE_ENV));
        }
        Path implicit = workingDir.resolve(DEFAULT_FILE_NAME);
        return Files.isRegularFile(implicit) ? Optional.of(implicit) : Optional.empty();
    }

    private static Path requireFile(Path file, String namedBy) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " (named by " + namedBy + ") does not exist");
        }
        return file;
    }

    private static void readFile(Path file, ConfigValues values) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = TOML.readTree(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (JacksonException e) {
            throw new ConfigException(
                    "config file " + file + " is not valid TOML: " + e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        if (root != null) {
            readTable(root, "", ConfigSource.file(file), values);
        }
    }

    private static void readTable(JsonNode table, String prefix, ConfigSource source, ConfigValues values) {
        for (Map.Entry<String, JsonNode> field : table.properties()) {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode node = field.getValue();
            ConfigKey<?> key = ConfigKeys.byPath(path);
            if (key != null) {
                setFromToml(key, node, source, values);
            } else if (ConfigKeys.isSection(path)) {
                if (!node.isObject()) {
                    throw new ConfigException(path + " in " + source.describe() + " must be a table ([" + path + "])");
                }
                readTable(node, path, source, values);
            } else {
                throw ConfigException.unknown(path, source);
            }
        }
    }

    private static <T> void setFromToml(ConfigKey<T> key, JsonNode node, ConfigSource source, ConfigValues values) {
        T value;
        try {
            if (node.isObject()) {
                throw new IllegalArgumentException("expected " + key.type().describe() + ", got a table");
            }
            value = key.type().fromToml(node);
        } catch (IllegalArgumentException e) {
            String raw = node.isValueNode() ? node.asText() : node.toString();
            throw ConfigException.invalid(key, source, raw, e.getMessage());
        }
        values.set(key, value, source);
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1
                ? ""
                : " (line " + e.getLocation().getLineNr() + ")";
    }
}
