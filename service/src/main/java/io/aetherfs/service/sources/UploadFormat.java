package io.aetherfs.service.sources;

import io.aetherfs.service.archive.ArchiveFormat;

/** The format of an uploaded source archive (spec §7 ArchiveFormat); git bundles are no archive. */
public enum UploadFormat {
    TAR(ArchiveFormat.TAR),
    TAR_GZ(ArchiveFormat.TAR_GZ),
    ZIP(ArchiveFormat.ZIP),
    GIT_BUNDLE(null);

    private final ArchiveFormat archive;

    UploadFormat(ArchiveFormat archive) {
        this.archive = archive;
    }

    /** Returns the archive codec of this format, or null for a git bundle. */
    public ArchiveFormat archive() {
        return archive;
    }
}
