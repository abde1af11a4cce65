package io.aetherfs.service.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs the real {@code tar}, {@code unzip} and friends the interop tests compare against. */
final class ExternalTools {

    private ExternalTools() {}

    /** Returns true if {@code command} runs and exits 0 with output containing {@code expected}. */
    static boolean available(String expected, String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 && output.contains(expected);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command} in {@code dir}, asserting that it exits 0, and returns its combined output. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as("%s exited with output:%n%s", String.join(" ", command), output)
                .isZero();
        return output;
    }

    static boolean isRoot() {
        return available("uid=0(", "id");
    }
}
