package io.aetherfs.fuse.passthrough;

import io.aetherfs.fuse.FuseException;
import io.aetherfs.fuse.FuseSession;
import io.aetherfs.fuse.MountOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A passthrough mounted for one test: a fresh source directory and mount point under the module's
 * {@code target/fuse-it} (the system temp directory is slow here), unmounted on close even when the test
 * failed, with a lazy {@code umount -l} as the last resort.
 */
final class TestMount implements AutoCloseable {

    final Path source;
    final Path mnt;
    final PassthroughFs fs;
    final FuseSession session;

    private TestMount(Path source, Path mnt, PassthroughFs fs, FuseSession session) {
        this.source = source;
        this.mnt = mnt;
        this.fs = fs;
        this.session = session;
    }

    /** Returns the directory under which tests put their trees and mount points. */
    static Path base() {
        return Path.of(System.getProperty("fuse.it.dir", "target/fuse-it")).toAbsolutePath();
    }

    /** Returns a fresh, empty directory {@code name} under {@link #base()}. */
    static Path freshDir(String name) throws IOException {
        Path dir = base().resolve(name);
        unmountIfMounted(dir);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /** Mounts a passthrough of a fresh source directory. */
    static TestMount mount(String name, PassthroughOptions options, MountOptions mount) throws IOException {
        return mount(name, source -> new PassthroughFs(source, options), mount);
    }

    /** Creates a filesystem (a passthrough, or a test subclass of it). */
    interface Factory {
        PassthroughFs create(Path source) throws FuseException;
    }

    /** Mounts the passthrough {@code factory} makes of a fresh source directory. */
    static TestMount mount(String name, Factory factory, MountOptions mount) throws IOException {
        Path dir = freshDir(name);
        Path source = Files.createDirectories(dir.resolve("src"));
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        try {
            PassthroughFs fs = factory.create(source);
            return new TestMount(source, mnt, fs, FuseSession.mount(fs, mnt, mount));
        } catch (FuseException e) {
            throw new IOException(e);
        }
    }

    /** Returns the path {@code relative} inside the mount. */
    Path m(String relative) {
        return mnt.resolve(relative);
    }

    /** Returns the path {@code relative} in the source directory (the host's view). */
    Path h(String relative) {
        return source.resolve(relative);
    }

    @Override
    public void close() throws IOException {
        session.close();
        unmountIfMounted(mnt);
    }

    /** Returns whether {@code dir} is a mount point now (per /proc/self/mountinfo). */
    static boolean isMounted(Path dir) throws IOException {
        String target = " " + dir.toAbsolutePath() + " ";
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            return lines.anyMatch(l -> l.contains(target));
        }
    }

    static void unmountIfMounted(Path dir) throws IOException {
        for (int i = 0; i < 5 && isMounted(dir); i++) {
            try {
                new ProcessBuilder("umount", "-l", dir.toString())
                        .inheritIO()
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
