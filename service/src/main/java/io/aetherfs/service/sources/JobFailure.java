package io.aetherfs.service.sources;

/**
 * A permanent failure of a source job, with its error code (spec §6.15: ARCHIVE_INVALID,
 * ARCHIVE_UNSAFE_PATH, UPLOAD_NOT_FOUND, LOCALFS_NOT_ALLOWED, LOCALFS_UNREADABLE, SESSION_NOT_ACTIVE,
 * LIMIT_EXCEEDED, …): the job fails at once instead of being retried.
 */
final class JobFailure extends Exception {
    private final String code;

    JobFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
