package io.aetherfs.service.archive;

import java.io.IOException;
import java.io.InputStream;

/** Supplies the bytes of one file to {@link ArchiveWriter}, which opens it once, reads it to the end and closes it. */
@FunctionalInterface
public interface ContentSource {

    /** Returns a fresh stream over the file's content; the caller closes it. */
    InputStream open() throws IOException;
}
