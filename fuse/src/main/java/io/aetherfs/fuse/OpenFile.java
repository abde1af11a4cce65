package io.aetherfs.fuse;

/**
 * How a file or directory was opened, as {@code open}, {@code opendir} and {@code create} answer: the
 * filesystem's handle, passed back in every later request on it, and the kernel caching behaviour for it.
 *
 * @param fh the filesystem's handle for the open file (any value; the binding does not interpret it)
 * @param directIo bypass the page cache for this open file
 * @param keepCache keep cached data from earlier opens (the file did not change behind the kernel's back)
 * @param nonSeekable the file is a stream
 * @param cacheReaddir let the kernel cache directory entries read through this handle (opendir only)
 * @param noFlush do not send {@code flush} when a descriptor of this file is closed
 */
public record OpenFile(
        long fh, boolean directIo, boolean keepCache, boolean nonSeekable, boolean cacheReaddir, boolean noFlush) {

    /** Returns a handle with default caching (the kernel drops cached data on open). */
    public static OpenFile of(long fh) {
        return new OpenFile(fh, false, false, false, false, false);
    }

    /** Returns a handle whose cached data survives reopening. */
    public static OpenFile cached(long fh) {
        return new OpenFile(fh, false, true, false, false, false);
    }
}
