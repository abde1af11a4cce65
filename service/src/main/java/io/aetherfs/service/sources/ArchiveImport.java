package io.aetherfs.service.sources;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveException;
import io.aetherfs.service.archive.ArchiveLimits;
import io.aetherfs.service.archive.ArchiveReader;
import io.aetherfs.service.transfer.ContentStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an uploaded tar, tar.gz or zip into a {@link TreeBuild}, one entry at a time, under the archive
 * safety rules of spec §8.15 (enforced by {@link ArchiveReader}): absolute and {@code ..} paths, links that
 * escape and writes through symlinks fail with ARCHIVE_UNSAFE_PATH, the import limits with
 * LIMIT_EXCEEDED, a broken archive with ARCHIVE_INVALID; devices, FIFOs and sockets are skipped.
 */
final class ArchiveImport {
    private ArchiveImport() {}

    static void read(Engine engine, TenantId tenant, Upload upload, Limits limits, TreeBuild into)
            throws IOException, JobFailure {
        if (upload.format().archive() == null) {
            throw new JobFailure("ARCHIVE_INVALID", "a git bundle cannot be imported as an archive");
        }
        ArchiveLimits lim =
                new ArchiveLimits(limits.importMaxEntries(), limits.importMaxBytes(), limits.importMaxExpansionRatio());
        InputStream body = new ContentStream(engine.content(tenant), upload.content(), 0, upload.sizeBytes());
        try (ArchiveReader r = ArchiveReader.open(upload.format().archive(), body, lim)) {
            ArchiveEntry a;
            while ((a = r.next()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("the import was interrupted");
                }
                switch (a.type()) {
                    case FILE -> into.file(a.path(), a.mode(), a.uid(), a.gid(), a.mtime(), a.xattrs(), r.content());
                    case DIRECTORY -> into.directory(a.path(), a.mode(), a.uid(), a.gid(), a.mtime(), a.xattrs());
                    case SYMLINK -> into.symlink(a.path(), a.linkTarget(), a.uid(), a.gid(), a.mtime());
                    case HARD_LINK -> into.hardLink(a.path(), a.linkTarget(), a.mode(), a.uid(), a.gid(), a.mtime());
                    case FIFO, SOCKET, CHAR_DEVICE, BLOCK_DEVICE -> into.skip();
                }
            }
        } catch (ArchiveException e) {
            throw new JobFailure(e.code(), e.getMessage());
        }
    }
}
