package io.aetherfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/afs-walkthrough}: the README's {@code afs} walkthrough, run as written through {@code bin/afs}
 * against a fresh {@code bin/afs-server}, succeeds command by command. Both distributions come from this build
 * ({@code AFS_NO_BUILD}: the scripts never start a nested Maven build).
 */
class WalkthroughScriptIT {
    private static final Path REPO = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .normalize()
            .getParent();

    @TempDir
    Path work;

    @Test
    void readmeWalkthrough_runsAsWritten() throws Exception {
        Path log = work.resolve("walkthrough.log");
        ProcessBuilder pb = new ProcessBuilder(
                        REPO.resolve("scripts/afs-walkthrough").toString(),
                        work.resolve("w").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("AFS_NO_BUILD", "1");
        pb.environment().keySet().removeIf(k -> k.startsWith("AFS_SERVER_") || k.equals("AFS_ENDPOINT"));
        Process p = pb.start();

        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("every command succeeded", "SUCCEEDED", "MERGED", "PROMOTION", "src/main.go", "NOTES.md");
        assertThat(work.resolve("w/walkthrough.tar.gz")).isRegularFile();
    }
}
