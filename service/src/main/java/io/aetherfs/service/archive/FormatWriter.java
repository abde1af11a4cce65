package io.aetherfs.service.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The format-specific half of {@link ArchiveWriter}: turns validated entries into one container format's records. */
sealed interface FormatWriter permits TarFormatWriter, ZipFormatWriter {

    /**
     * Writes {@code entry}, streaming {@code content} for the types that carry bytes.
     *
     * @return false if the format cannot represent the entry's type and nothing was written
     * @throws IOException if the output fails or the content does not match {@code entry.size()}; the archive is then
     *     unusable
     */
    boolean write(ArchiveEntry entry, ContentSource content) throws IOException;

    /** Writes the format's trailer and flushes, leaving the caller's stream open. */
    void finish() throws IOException;

    /**
     * Copies exactly {@code size} bytes from {@code content} to {@code out}.
     *
     * @throws IOException if the content is shorter or longer than {@code size}
     */
    static void copyExactly(ContentSource content, OutputStream out, long size, String path) throws IOException {
        if (content == null) {
            if (size == 0) {
                return;
            }
            throw new IllegalArgumentException("entry " + path + " has " + size + " bytes but no content source");
        }
        try (InputStream in = content.open()) {
            byte[] buffer = new byte[65536];
            long copied = 0;
            while (copied < size) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
                if (n < 0) {
                    throw new IOException("content of " + path + " ended after " + copied + " of " + size + " bytes");
                }
                out.write(buffer, 0, n);
                copied += n;
            }
            if (in.read() >= 0) {
                throw new IOException("content of " + path + " is longer than its declared " + size + " bytes");
            }
        }
    }
}
