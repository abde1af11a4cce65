package io.aetherfs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The scratch directories of a benchmark run: everything lives under one root ({@code -Dafs.bench.dir},
 * else {@code $AFS_BENCH_DIR}, else {@code $TMPDIR/aetherfs-bench}) on the disk being measured.
 */
final class BenchDirs {
    private static final AtomicLong COUNTER = new AtomicLong();

    private BenchDirs() {}

    /** Returns the root of all scratch directories, creating it. */
    static Path root() {
        String configured = System.getProperty("afs.bench.dir", System.getenv("AFS_BENCH_DIR"));
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "aetherfs-bench");
        try {
            return Files.createDirectories(root.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a new empty directory under the root whose name starts with {@code prefix}. */
    static Path fresh(String prefix) {
        try {
            return Files.createDirectories(root().resolve("work")
                    .resolve(prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the directory of a cached, reusable fixture named {@code name} (it may not exist yet). */
    static Path template(String name) {
        return root().resolve("templates").resolve(name);
    }

    /** Copies a directory tree, files and all. */
    static void copy(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree if it exists. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
