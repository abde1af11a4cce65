package io.aetherfs.bench.memory;

import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.archive.ArchiveWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/** Generated request bodies of the memory benchmark: a tar of many small files, a large unique byte stream. */
final class Payloads {
    private Payloads() {}

    /** Returns a tar stream of {@code files} small files, all in the directory {@code dir}, written by a thread. */
    static InputStream tarOfFiles(String dir, int files) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread.ofVirtual().name("tar-writer").start(() -> {
            try (OutputStream o = out;
                    ArchiveWriter w = ArchiveWriter.open(ArchiveFormat.TAR, o)) {
                Instant mtime = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 0; i < files; i++) {
                    byte[] data = ("file " + i + " of the big directory\n").getBytes(StandardCharsets.UTF_8);
                    w.add(
                            ArchiveEntry.file(dir + "/f" + i + ".txt", 0644, mtime, data.length),
                            () -> new ByteArrayInputStream(data));
                }
                w.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return in;
    }

    /**
     * Returns a stream of {@code size} bytes in which every 4 MiB block is unique (a counter in each 8-byte
     * word), so nothing deduplicates; {@code digest}, when given, sees every byte.
     */
    static InputStream unique(long size, MessageDigest digest) {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    long p = pos + i;
                    b[off + i] = (byte) ((p >>> 3) >>> ((p & 7) * 8));
                }
                if (digest != null) {
                    digest.update(b, off, n);
                }
                pos += n;
                return n;
            }
        };
    }
}
