package io.aetherfs.service.archive;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One member of an archive, as {@link ArchiveWriter} takes it and {@link ArchiveReader} returns it.
 *
 * <p>{@code path} is relative and {@code '/'}-separated, with no leading {@code '/'}, no {@code .} or {@code ..}
 * components and no trailing {@code '/'} (directories included). The reader guarantees this shape; the writer
 * rejects anything else.
 *
 * @param path the member's relative path
 * @param type the kind of file
 * @param mode permission bits, {@code 07777} at most (setuid, setgid and sticky included)
 * @param uid numeric owner
 * @param gid numeric group
 * @param mtime modification time, to the nanosecond where the format carries it
 * @param size content length in bytes for {@link ArchiveEntryType#FILE} and for {@link ArchiveEntryType#HARD_LINK}
 *     (the linked file's length); 0 for other types; -1 when a streamed zip does not declare it before the content
 * @param linkTarget the symlink's target verbatim, or the hard link's earlier file path; null for other types
 * @param rdev the Linux {@code dev_t} of a device node, else 0
 * @param xattrs extended attributes by full name (for example {@code user.origin}); values are arbitrary bytes and
 *     must not be modified
 */
public record ArchiveEntry(
        String path,
        ArchiveEntryType type,
        int mode,
        int uid,
        int gid,
        Instant mtime,
        long size,
        String linkTarget,
        long rdev,
        SortedMap<String, byte[]> xattrs) {

    public ArchiveEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException(
                    "mode must hold permission bits only (07777), was 0" + Integer.toOctalString(mode));
        }
        if (size < -1) {
            throw new IllegalArgumentException("size must be -1 (unknown) or more, was " + size);
        }
        boolean linked = type == ArchiveEntryType.SYMLINK || type == ArchiveEntryType.HARD_LINK;
        if (linked == (linkTarget == null)) {
            throw new IllegalArgumentException(
                    linked
                            ? type + " entry " + path + " needs a linkTarget"
                            : type + " entry " + path + " must not have a linkTarget");
        }
        xattrs = copyOf(xattrs);
    }

    /** Returns a regular-file entry with no xattrs. */
    public static ArchiveEntry file(String path, int mode, Instant mtime, long size) {
        return new ArchiveEntry(path, ArchiveEntryType.FILE, mode, 0, 0, mtime, size, null, 0, null);
    }

    /** Returns a directory entry with no xattrs. */
    public static ArchiveEntry directory(String path, int mode, Instant mtime) {
        return new ArchiveEntry(path, ArchiveEntryType.DIRECTORY, mode, 0, 0, mtime, 0, null, 0, null);
    }

    /** Returns a symlink entry whose target is kept verbatim. */
    public static ArchiveEntry symlink(String path, String target, Instant mtime) {
        return new ArchiveEntry(path, ArchiveEntryType.SYMLINK, 0777, 0, 0, mtime, 0, target, 0, null);
    }

    /** Returns a copy of this entry with another path. */
    public ArchiveEntry withPath(String newPath) {
        return new ArchiveEntry(newPath, type, mode, uid, gid, mtime, size, linkTarget, rdev, xattrs);
    }

    /** Returns a copy of this entry with another type, size and link target. */
    ArchiveEntry withShape(ArchiveEntryType newType, long newSize, String newLinkTarget) {
        return new ArchiveEntry(path, newType, mode, uid, gid, mtime, newSize, newLinkTarget, rdev, xattrs);
    }

    /** Compares xattr values by content, unlike the default record equality on arrays. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ArchiveEntry that
                && path.equals(that.path)
                && type == that.type
                && mode == that.mode
                && uid == that.uid
                && gid == that.gid
                && mtime.equals(that.mtime)
                && size == that.size
                && Objects.equals(linkTarget, that.linkTarget)
                && rdev == that.rdev
                && sameXattrs(xattrs, that.xattrs);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(path, type, mode, uid, gid, mtime, size, linkTarget, rdev);
        for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
            hash = 31 * hash + (xattr.getKey().hashCode() ^ Arrays.hashCode(xattr.getValue()));
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder out =
                new StringBuilder("ArchiveEntry[").append(type).append(' ').append(path);
        out.append(" mode=0")
                .append(Integer.toOctalString(mode))
                .append(" uid=")
                .append(uid)
                .append(" gid=")
                .append(gid);
        out.append(" mtime=").append(mtime).append(" size=").append(size);
        if (linkTarget != null) {
            out.append(" -> ").append(linkTarget);
        }
        if (rdev != 0) {
            out.append(" rdev=").append(rdev);
        }
        xattrs.forEach((name, value) ->
                out.append(' ').append(name).append('[').append(value.length).append(']'));
        return out.append(']').toString();
    }

    private static SortedMap<String, byte[]> copyOf(SortedMap<String, byte[]> xattrs) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        if (xattrs != null) {
            xattrs.forEach((name, value) -> copy.put(
                    Objects.requireNonNull(name, "xattr name"),
                    Objects.requireNonNull(value, "xattr value").clone()));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    private static boolean sameXattrs(SortedMap<String, byte[]> a, SortedMap<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> xattr : a.entrySet()) {
            if (!Arrays.equals(xattr.getValue(), b.get(xattr.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
