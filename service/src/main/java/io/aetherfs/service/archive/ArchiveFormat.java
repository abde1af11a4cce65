package io.aetherfs.service.archive;

import java.util.Locale;

/** An archive container format the export and import paths can write and read. */
public enum ArchiveFormat {
    /** POSIX pax tar, uncompressed. */
    TAR("application/x-tar"),
    /** POSIX pax tar inside a gzip stream. */
    TAR_GZ("application/gzip"),
    /** Zip with Unix extra fields and Zip64 when needed. */
    ZIP("application/zip");

    private final String contentType;

    ArchiveFormat(String contentType) {
        this.contentType = contentType;
    }

    /** Returns the MIME type an HTTP response carrying this format declares. */
    public String contentType() {
        return contentType;
    }

    /**
     * Returns the format named by {@code name}: {@code tar}, {@code tar.gz}, {@code tgz} or {@code zip}, in any case.
     *
     * @throws IllegalArgumentException if {@code name} is null or names no supported format
     */
    public static ArchiveFormat parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("archive format is missing; expected one of tar, tar.gz, tgz, zip");
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "tar" -> TAR;
            case "tar.gz", "tgz" -> TAR_GZ;
            case "zip" -> ZIP;
            default ->
                throw new IllegalArgumentException(
                        "unsupported archive format '" + name + "'; expected one of tar, tar.gz, tgz, zip");
        };
    }

    /**
     * Returns the format whose signature starts {@code head}: gzip ({@code 1f 8b}) is taken to hold a tar, a zip
     * local-file or end-of-central-directory signature means zip, and anything else is tried as tar.
     */
    static ArchiveFormat sniff(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return TAR_GZ;
        }
        if (length >= 4
                && head[0] == 'P'
                && head[1] == 'K'
                && (head[2] == 3 || head[2] == 5)
                && head[3] == head[2] + 1) {
            return ZIP;
        }
        return TAR;
    }
}
