package io.aetherfs.service.archive;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds raw archives with commons-compress directly, bypassing ArchiveWriter's checks, for the safety tests. */
final class HostileArchives {

    /** Writes members into a raw tar stream. */
    @FunctionalInterface
    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** Writes members into a raw zip stream. */
    @FunctionalInterface
    interface ZipBody {
        void write(ZipArchiveOutputStream zip) throws IOException;
    }

    private HostileArchives() {}

    /** Returns a tar whose long names use {@code longFileMode} (a TarArchiveOutputStream LONGFILE_* constant). */
    static byte[] tar(int longFileMode, String encoding, TarBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, encoding)) {
            tar.setLongFileMode(longFileMode);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.write(tar);
            tar.finish();
        }
        return out.toByteArray();
    }

    static byte[] tar(TarBody body) throws IOException {
        return tar(TarArchiveOutputStream.LONGFILE_POSIX, UTF_8.name(), body);
    }

    static byte[] zip(ZipBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            body.write(zip);
            zip.finish();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    /** Adds a regular file whose name is kept verbatim, leading '/' included. */
    static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    static void file(TarArchiveOutputStream tar, String name) throws IOException {
        file(tar, name, "x".getBytes(UTF_8));
    }

    /** Adds a link entry ({@link TarConstants#LF_LINK} or {@link TarConstants#LF_SYMLINK}) named verbatim. */
    static void link(TarArchiveOutputStream tar, byte linkFlag, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true));
        tar.closeArchiveEntry();
    }

    static void zipFile(ZipArchiveOutputStream zip, String name, byte[] content) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(content);
        zip.closeArchiveEntry();
    }
}
