package io.aetherfs.service.archive;

/**
 * A device node's major and minor numbers, converted to and from the Linux {@code dev_t} encoding that
 * {@link ArchiveEntry#rdev()} uses.
 */
record DeviceNumber(long major, long minor) {

    /** Returns the numbers glibc's {@code major()}/{@code minor()} extract from {@code rdev}. */
    static DeviceNumber ofRdev(long rdev) {
        long major = ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & 0xfffff000L);
        long minor = (rdev & 0xffL) | ((rdev >>> 12) & 0xffffff00L);
        return new DeviceNumber(major, minor);
    }

    /** Returns the {@code dev_t} glibc's {@code makedev(major, minor)} builds. */
    long rdev() {
        return (minor & 0xffL)
                | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12)
                | ((major & 0xfffff000L) << 32);
    }
}
