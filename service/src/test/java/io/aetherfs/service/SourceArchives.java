package io.aetherfs.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Date;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds source archives for the sources tests with commons-compress, hostile ones included. */
final class SourceArchives {
    /** Fills a tar. */
    @FunctionalInterface
    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static final Date MTIME = new Date(1_700_000_000_000L);

    private SourceArchives() {}

    static byte[] tarGz(TarBody body) throws IOException {
        return gzip(tar(body));
    }

    static byte[] tar(TarBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.write(tar);
            tar.finish();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A zip of one entry of {@code size} zero bytes (compresses about 1000:1). */
    static byte[] zipBomb(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            ZipArchiveEntry e = new ZipArchiveEntry("zeros.bin");
            zip.putArchiveEntry(e);
            zip.write(new byte[size]);
            zip.closeArchiveEntry();
            zip.finish();
        }
        return out.toByteArray();
    }

    static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
        byte[] b = content.getBytes(UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        e.setMode(0100000 | mode);
        e.setModTime(MTIME);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        e.setMode(040755);
        e.setModTime(MTIME);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        link(tar, TarConstants.LF_SYMLINK, name, target);
    }

    static void hardLink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        link(tar, TarConstants.LF_LINK, name, target);
    }

    static void fifo(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, byte flag, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
        e.setLinkName(target);
        e.setModTime(MTIME);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** A tar.gz with a README, an executable, a symlink, an empty directory and a FIFO. */
    static byte[] sample() throws IOException {
        return tarGz(t -> {
            file(t, "README.md", 0644, "hello\n");
            dir(t, "bin");
            file(t, "bin/run.sh", 0755, "#!/bin/sh\necho hi\n");
            symlink(t, "link", "README.md");
            dir(t, "empty");
            fifo(t, "pipe");
        });
    }
}
