package io.aetherfs.service.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** The format-specific half of {@link ArchiveReader}: decodes one container format's records into raw entries. */
sealed interface FormatReader extends Closeable permits TarFormatReader, ZipFormatReader {

    /**
     * Returns the next entry exactly as the archive names it (path and hard-link target not yet checked or normalized),
     * or null once the archive has ended properly.
     *
     * @throws ArchiveException {@link ArchiveException#INVALID} for corrupt, truncated or unsupported data
     * @throws IOException if the underlying stream fails
     */
    ArchiveEntry next() throws IOException;

    /** Returns the stream of the current entry's content, which ends at the entry's end. */
    InputStream content();
}
