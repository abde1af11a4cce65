package io.aetherfs.service.files;

import io.aetherfs.core.model.FsPath;

/** One operation of a batch (spec §8.9); each may carry its own expected hash. */
public sealed interface BatchOp {
    /** The path the operation acts on, for error messages. */
    FsPath path();

    record Write(FsPath path, byte[] content, Integer mode, boolean createParents, String expectedHash)
            implements BatchOp {}

    record Delete(FsPath path, String expectedHash) implements BatchOp {}

    record Mkdir(FsPath path, Integer mode, boolean createParents) implements BatchOp {}

    record Rmdir(FsPath path, boolean recursive, String expectedHash) implements BatchOp {}

    record Rename(FsPath path, FsPath to, boolean overwrite, boolean exchange, String expectedHash)
            implements BatchOp {}

    record Symlink(FsPath path, String target) implements BatchOp {}

    record Link(FsPath existing, FsPath path, String expectedHash) implements BatchOp {}

    record SetAttributes(
            FsPath path, Integer mode, Integer uid, Integer gid, Long size, Long mtimeNanos, String expectedHash)
            implements BatchOp {}

    record SetXattr(FsPath path, String name, byte[] value, int flags, String expectedHash) implements BatchOp {}

    record RemoveXattr(FsPath path, String name, String expectedHash) implements BatchOp {}
}
