package io.aetherfs.service.sources;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * LOCALFS sources (spec §8.15): a host directory under {@code sources.localfs_allowed_roots}, copied into
 * a {@link TreeBuild}. Symlinks are stored verbatim and never followed (the walk does not follow them,
 * and files are opened with {@code NOFOLLOW_LINKS}, so a link swapped in during the walk is not read
 * through); devices, FIFOs and sockets are skipped.
 */
final class LocalTrees {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private LocalTrees() {}

    /** Returns the real path of {@code hostPath}, which must lie under an allowed root; INVALID_ARGUMENT if not. */
    static Path allowed(String hostPath, SourceSettings settings) {
        if (hostPath == null || hostPath.isBlank()) {
            throw AfsException.invalid("origin.localfs.hostPath is required for a LOCALFS source");
        }
        Path p = Path.of(hostPath);
        if (!p.isAbsolute()) {
            throw AfsException.invalid("origin.localfs.hostPath must be absolute: " + hostPath);
        }
        Path norm = p.normalize();
        for (Path root : settings.localfsAllowedRoots()) {
            if (norm.startsWith(root.toAbsolutePath().normalize())) {
                return norm;
            }
        }
        throw new AfsException(
                ErrorCode.INVALID_ARGUMENT,
                "origin.localfs.hostPath " + hostPath + " is not under sources.localfs_allowed_roots "
                        + settings.localfsAllowedRoots());
    }

    /** Copies the directory {@code hostPath} into {@code into}; LOCALFS_NOT_ALLOWED / LOCALFS_UNREADABLE on failure. */
    static void read(String hostPath, SourceSettings settings, TreeBuild into) throws JobFailure {
        Path dir;
        try {
            dir = allowed(hostPath, settings);
            Path real = dir.toRealPath();
            if (settings.localfsAllowedRoots().stream().noneMatch(r -> real.startsWith(realOrSelf(r)))) {
                throw new JobFailure(
                        "LOCALFS_NOT_ALLOWED", hostPath + " resolves outside sources.localfs_allowed_roots");
            }
            dir = real;
        } catch (AfsException e) {
            throw new JobFailure("LOCALFS_NOT_ALLOWED", e.getMessage());
        } catch (IOException e) {
            throw new JobFailure("LOCALFS_UNREADABLE", hostPath + ": " + e);
        }
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            throw new JobFailure("LOCALFS_UNREADABLE", hostPath + " is not a directory");
        }
        Path root = dir;
        JobFailure[] failed = {null};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                    if (!d.equals(root)) {
                        Map<String, Object> u = Files.readAttributes(d, "unix:mode,uid,gid", NOFOLLOW);
                        try {
                            into.directory(
                                    rel(root, d),
                                    mode(u),
                                    (int) u.get("uid"),
                                    (int) u.get("gid"),
                                    time(a.lastModifiedTime()),
                                    null);
                        } catch (JobFailure f) {
                            failed[0] = f;
                            return FileVisitResult.TERMINATE;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new java.io.InterruptedIOException("the import was interrupted");
                    }
                    try {
                        if (a.isSymbolicLink()) {
                            Map<String, Object> u = Files.readAttributes(f, "unix:uid,gid", NOFOLLOW);
                            into.symlink(
                                    rel(root, f),
                                    Files.readSymbolicLink(f).toString(),
                                    (int) u.get("uid"),
                                    (int) u.get("gid"),
                                    time(a.lastModifiedTime()));
                        } else if (a.isRegularFile()) {
                            Map<String, Object> u = Files.readAttributes(f, "unix:mode,uid,gid", NOFOLLOW);
                            try (InputStream in =
                                    Files.newInputStream(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                                into.file(
                                        rel(root, f),
                                        mode(u),
                                        (int) u.get("uid"),
                                        (int) u.get("gid"),
                                        time(a.lastModifiedTime()),
                                        null,
                                        in);
                            }
                        } else {
                            into.skip();
                        }
                    } catch (JobFailure e) {
                        failed[0] = e;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (java.io.InterruptedIOException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new JobFailure("LOCALFS_UNREADABLE", hostPath + ": " + e);
        }
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    private static int mode(Map<String, Object> unix) {
        return ((Integer) unix.get("mode")) & 07777;
    }

    private static Instant time(FileTime t) {
        return t.toInstant();
    }
}
