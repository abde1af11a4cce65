package io.aetherfs.service.archive;

/** The kind of file an {@link ArchiveEntry} describes, mirroring the Unix file types an archive can carry. */
public enum ArchiveEntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    /** A second name for an earlier {@link #FILE} entry; {@link ArchiveEntry#linkTarget()} names that entry. */
    HARD_LINK,
    FIFO,
    SOCKET,
    CHAR_DEVICE,
    BLOCK_DEVICE;

    /** Returns true for the device types, whose {@link ArchiveEntry#rdev()} is meaningful. */
    public boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }
}
