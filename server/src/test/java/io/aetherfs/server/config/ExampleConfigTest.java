package io.aetherfs.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/afs-server.example.toml loadable and complete: it must mention every configuration key. */
class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "afs-server.example.toml");

    @Test
    void exampleFile_loads_andGivesTheDefaults(@TempDir Path dir) {
        ServerConfig fromFile = new ConfigLoader(dir, Map.of()).load(EXAMPLE.toAbsolutePath(), Map.of());
        ServerConfig defaults = new ConfigLoader(dir, Map.of()).load(null, Map.of());
        assertThat(fromFile).isEqualTo(defaults);
    }

    @Test
    void exampleFile_mentionsEveryKey() throws IOException {
        String text = Files.readString(EXAMPLE);
        for (ConfigKey<?> k : ConfigKeys.all()) {
            String leaf = k.path().substring(k.path().lastIndexOf('.') + 1);
            assertThat(text).as("the example names %s", k.path()).containsPattern("(?m)^#? ?" + leaf + " =");
        }
    }
}
