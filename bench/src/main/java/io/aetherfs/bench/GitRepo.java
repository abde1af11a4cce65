package io.aetherfs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A git repository holding a {@link TreeShape} in one commit, built with the git CLI once per size and
 * run, plus the process helpers the native baselines time.
 */
final class GitRepo {
    private static final List<String> GIT = List.of(
            "git",
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@aetherfs.invalid",
            "-c",
            "gc.auto=0",
            "-c",
            "maintenance.auto=false",
            "-c",
            "advice.detachedHead=false");

    private GitRepo() {}

    /** Returns the work tree of a repository whose HEAD holds {@code files} files, building it if needed. */
    static Path open(int files) {
        Path repo = BenchDirs.template("git-" + files);
        if (Files.exists(repo.resolve(".git/bench-ready"))) {
            return repo;
        }
        long start = System.nanoTime();
        BenchDirs.delete(repo);
        try {
            Files.createDirectories(repo);
            new TreeShape(files).writeTo(repo);
            git(repo, "init", "-q");
            git(repo, "add", "-A");
            git(repo, "commit", "-q", "-m", "import");
            Files.writeString(repo.resolve(".git/bench-ready"), "ok");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("# built a %,d-file git repository in %.1f s%n", files, (System.nanoTime() - start) / 1e9);
        return repo;
    }

    /** Runs git with a fixed identity and no background maintenance in {@code dir}; fails on a non-zero exit. */
    static void git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(GIT);
        cmd.addAll(List.of(args));
        run(dir, cmd);
    }

    /** Runs a command in {@code dir} and waits for it; fails with its output on a non-zero exit. */
    static void run(Path dir, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + code + ": "
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        }
    }
}
