package io.aetherfs.core.tree;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.aetherfs.core.model.EntryType;
import io.aetherfs.core.model.FsPath;

/**
 * A fully resolved change to a session tree: every input that could differ between runs (times,
 * new inode numbers, content extents) is a field, so applying the same op to the same tree always
 * gives the same result. Ops are the records of the session write-ahead log. Times are nanoseconds
 * since the epoch; {@code inodeBase} is the first of the fresh inode numbers an op may use (one for
 * the entry, then one per directory it creates).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TreeOp.PutFile.class, name = "putFile"),
    @JsonSubTypes.Type(value = TreeOp.SetContent.class, name = "setContent"),
    @JsonSubTypes.Type(value = TreeOp.Remove.class, name = "remove"),
    @JsonSubTypes.Type(value = TreeOp.Mkdir.class, name = "mkdir"),
    @JsonSubTypes.Type(value = TreeOp.Rmdir.class, name = "rmdir"),
    @JsonSubTypes.Type(value = TreeOp.Rename.class, name = "rename"),
    @JsonSubTypes.Type(value = TreeOp.Symlink.class, name = "symlink"),
    @JsonSubTypes.Type(value = TreeOp.Mknod.class, name = "mknod"),
    @JsonSubTypes.Type(value = TreeOp.Link.class, name = "link"),
    @JsonSubTypes.Type(value = TreeOp.SetAttrs.class, name = "setAttrs"),
    @JsonSubTypes.Type(value = TreeOp.SetXattr.class, name = "setXattr"),
    @JsonSubTypes.Type(value = TreeOp.RemoveXattr.class, name = "removeXattr")
})
public sealed interface TreeOp {
    /** The path the op is about (the source path of a rename, the new path of a link). */
    FsPath path();

    /** Creates or replaces a regular file; null mode/uid/gid keep the old values (new files: 0644, 0, 0). */
    record PutFile(
            FsPath path,
            Content content,
            Integer mode,
            Integer uid,
            Integer gid,
            long mtime,
            boolean createParents,
            long inodeBase)
            implements TreeOp {}

    /** Replaces the content of an existing regular file (and of its hard links). */
    record SetContent(FsPath path, Content content, long mtime) implements TreeOp {}

    /** Removes a non-directory entry. */
    record Remove(FsPath path, long mtime) implements TreeOp {}

    /** Creates a directory. */
    record Mkdir(FsPath path, int mode, int uid, int gid, long mtime, boolean createParents, long inodeBase)
            implements TreeOp {}

    /** Removes a directory, which must be empty unless {@code recursive}. */
    record Rmdir(FsPath path, boolean recursive, long mtime) implements TreeOp {}

    /** Moves {@code path} to {@code to}; with {@code exchange}, swaps the two existing paths. */
    record Rename(FsPath path, FsPath to, boolean overwrite, boolean exchange, long mtime) implements TreeOp {}

    /** Creates a symbolic link. */
    record Symlink(FsPath path, String target, int uid, int gid, long mtime, boolean createParents, long inodeBase)
            implements TreeOp {}

    /** Creates a FIFO, socket or device node. */
    record Mknod(
            FsPath path,
            EntryType type,
            int mode,
            long rdev,
            int uid,
            int gid,
            long mtime,
            boolean createParents,
            long inodeBase)
            implements TreeOp {}

    /** Adds {@code path} as a new hard link of the non-directory at {@code existing}. */
    record Link(FsPath existing, FsPath path, long mtime) implements TreeOp {}

    /** Changes attributes; {@code content} is set when the size changed (truncate or extend). */
    record SetAttrs(FsPath path, Integer mode, Integer uid, Integer gid, Long mtime, Content content)
            implements TreeOp {}

    /** Sets an extended attribute; {@code flags} 1 = must not exist, 2 = must exist, 0 = either. */
    record SetXattr(FsPath path, String name, byte[] value, int flags) implements TreeOp {}

    /** Removes an extended attribute, which must exist. */
    record RemoveXattr(FsPath path, String name) implements TreeOp {}
}
