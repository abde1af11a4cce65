package io.aetherfs.store.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/** The crash-safe file primitives of the local blob store: fsynced temp files, atomic renames, directory syncs. */
final class DurableFiles {
    private DurableFiles() {}

    /**
     * Makes {@code target} hold the bytes, durably and all at once: writes a temp file beside it, sets its
     * mtime, fsyncs it, renames it over {@code target} and fsyncs the directory. A concurrent writer of the
     * same target is harmless: each rename installs a complete file.
     */
    static void writeAtomically(Path target, byte[] data, int offset, int length, FileTime mtime) throws IOException {
        writeAtomically(target, data, offset, length, mtime, true);
    }

    /**
     * Writes like {@link #writeAtomically(Path, byte[], int, int, FileTime)}; without {@code sync} neither the
     * file nor its directory entry is synced (a later {@link #syncFile} and {@link #syncDirectory} do it).
     */
    static void writeAtomically(Path target, byte[] data, int offset, int length, FileTime mtime, boolean sync)
            throws IOException {
        Path temp = BlobPaths.tempFor(target);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data, offset, length);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                Files.setLastModifiedTime(temp, mtime);
                if (sync) {
                    ch.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup); // the sweep on the next open removes it
            }
            throw e;
        }
        if (sync) {
            syncDirectory(target.getParent());
        }
    }

    /** Makes a file's content durable (fsync). */
    static void syncFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Creates {@code dir} unless it already is a directory. */
    static void createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Flushes a directory's entries (names created, renamed or removed in it) to stable storage. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
