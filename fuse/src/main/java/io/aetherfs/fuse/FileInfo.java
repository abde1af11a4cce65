package io.aetherfs.fuse;

/**
 * What the kernel says about an open file in a request on it.
 *
 * @param flags the {@code open(2)} flags it was opened with (in open and create requests, the requested ones)
 * @param fh the handle the filesystem gave it when it was opened
 * @param lockOwner the owner of POSIX locks (a process's file table) or of a BSD lock (an open file)
 * @param flush whether a release also stands for a flush
 * @param flockRelease whether a release must also drop the BSD ({@code flock}) lock of {@code lockOwner}
 */
public record FileInfo(int flags, long fh, long lockOwner, boolean flush, boolean flockRelease) {}
