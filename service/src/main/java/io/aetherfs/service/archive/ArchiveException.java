package io.aetherfs.service.archive;

import java.io.IOException;

/**
 * An archive that {@link ArchiveReader} refuses, with the spec error code the import job fails with.
 *
 * <p>It is an {@link IOException} so that it can surface from the content stream and pass through commons-compress
 * unchanged.
 */
public final class ArchiveException extends IOException {

    /** An entry path or hard-link target is absolute, climbs out with {@code ..}, or holds a NUL. */
    public static final String UNSAFE_PATH = "ARCHIVE_UNSAFE_PATH";

    /** The archive is corrupt, truncated, or not an archive of the expected format. */
    public static final String INVALID = "ARCHIVE_INVALID";

    /** The archive exceeds an {@link ArchiveLimits} bound. */
    public static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";

    private final String code;

    ArchiveException(String code, String message) {
        this(code, message, null);
    }

    ArchiveException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Returns one of {@link #UNSAFE_PATH}, {@link #INVALID} or {@link #LIMIT_EXCEEDED}. */
    public String code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code + ": " + super.getMessage();
    }

    static ArchiveException unsafePath(String message) {
        return new ArchiveException(UNSAFE_PATH, message);
    }

    static ArchiveException invalid(String message) {
        return new ArchiveException(INVALID, message);
    }

    static ArchiveException limitExceeded(String message) {
        return new ArchiveException(LIMIT_EXCEEDED, message);
    }

    /** Returns {@code failure} as an ArchiveException, keeping one found in its cause chain, else INVALID. */
    static ArchiveException from(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ArchiveException archive) {
                return archive;
            }
        }
        String detail = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new ArchiveException(INVALID, "corrupt or truncated archive: " + detail, failure);
    }
}
