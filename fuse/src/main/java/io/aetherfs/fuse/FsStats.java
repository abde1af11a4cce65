package io.aetherfs.fuse;

/** The numbers {@code statvfs(2)} reports for the mounted filesystem, as {@link FuseFilesystem#statfs} answers. */
public record FsStats(
        long blockSize,
        long fragmentSize,
        long blocks,
        long blocksFree,
        long blocksAvailable,
        long files,
        long filesFree,
        long filesAvailable,
        long maxNameLength) {}
