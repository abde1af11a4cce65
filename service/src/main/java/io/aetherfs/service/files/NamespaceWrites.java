package io.aetherfs.service.files;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.LockToken;
import java.nio.charset.StandardCharsets;

/**
 * Namespace mutations: delete, mkdir, rmdir, rename, link, unlink and symlink (spec §9.2). Each takes the
 * caller's lock token (null when the request carried none) for paths under collaboration locks.
 */
public final class NamespaceWrites {
    private final Mutations m;

    public NamespaceWrites(Engine engine) {
        this.m = new Mutations(engine);
    }

    /** Deletes a non-directory entry (DeleteFile). */
    public void deleteFile(Caller caller, SessionId id, FsPath path, String expectedHash, LockToken token) {
        removeName(caller, id, path, expectedHash, false, token);
    }

    /** Creates a directory (mode defaults to 0755). */
    public EntryView mkdir(
            Caller caller, SessionId id, FsPath path, Integer mode, boolean createParents, LockToken token) {
        int md = Mutations.mode(mode, 0755);
        long inode = m.engine().inodes().allocate(caller.tenant(), path.depth() + 1);
        return m.write(caller, Scope.FILESYSTEM_WRITE, id, token, ctx -> {
            DirEntry tree =
                    ctx.apply(id, new TreeOp.Mkdir(path, md, 0, 0, Mutations.nanos(ctx.now()), createParents, inode));
            return new Mutations.Written(tree, path);
        });
    }

    /** Removes a directory; it must be empty unless {@code recursive}. */
    public void rmdir(Caller caller, SessionId id, FsPath path, boolean recursive, LockToken token) {
        m.run(caller, Scope.FILESYSTEM_WRITE, id, token, ctx -> {
            ctx.apply(id, new TreeOp.Rmdir(path, recursive, Mutations.nanos(ctx.now())));
            return null;
        });
    }

    /** Moves {@code from} to {@code to}, or swaps them with {@code exchange}. */
    public EntryView rename(
            Caller caller,
            SessionId id,
            FsPath from,
            FsPath to,
            String expectedHash,
            boolean overwrite,
            boolean exchange,
            LockToken token) {
        return m.write(caller, Scope.FILESYSTEM_WRITE, id, token, ctx -> {
            Entry e = Mutations.current(ctx, id, from);
            if (e == null) {
                throw io.aetherfs.core.tree.FileTree.notFound(from);
            }
            m.expectHash(ctx, from, e, expectedHash);
            DirEntry tree = ctx.apply(id, new TreeOp.Rename(from, to, overwrite, exchange, Mutations.nanos(ctx.now())));
            return new Mutations.Written(tree, to);
        });
    }

    /** Adds {@code newPath} as a hard link of {@code existing}. */
    public EntryView link(Caller caller, SessionId id, FsPath existing, FsPath newPath, LockToken token) {
        return m.write(caller, Scope.FILESYSTEM_WRITE, id, token, ctx -> {
            DirEntry tree = ctx.apply(id, new TreeOp.Link(existing, newPath, Mutations.nanos(ctx.now())));
            return new Mutations.Written(tree, newPath);
        });
    }

    /** Removes one name of a non-directory (Unlink): the content stays while other links remain. */
    public void unlink(Caller caller, SessionId id, FsPath path, String expectedHash, LockToken token) {
        removeName(caller, id, path, expectedHash, true, token);
    }

    private void removeName(
            Caller caller, SessionId id, FsPath path, String expectedHash, boolean unlink, LockToken token) {
        m.run(caller, Scope.FILESYSTEM_WRITE, id, token, ctx -> {
            Entry e = Mutations.current(ctx, id, path);
            if (e == null) {
                throw io.aetherfs.core.tree.FileTree.notFound(path);
            }
            if (e instanceof DirEntry) {
                throw AfsException.of(
                        Reason.IS_A_DIRECTORY,
                        "\"" + path + "\" is a directory; use DeleteDirectory",
                        "path",
                        path.value());
            }
            m.expectHash(ctx, path, e, expectedHash);
            ctx.apply(id, new TreeOp.Remove(path, Mutations.nanos(ctx.now())), ev -> ev.with("unlink", unlink));
            return null;
        });
    }

    /** Creates a symlink; its target is stored verbatim and never resolved. */
    public EntryView symlink(Caller caller, SessionId id, FsPath path, String target, LockToken token) {
        checkTarget(target);
        long inode = m.engine().inodes().allocate(caller.tenant(), 1);
        return m.write(caller, Scope.FILESYSTEM_WRITE, id, token, ctx -> {
            DirEntry tree =
                    ctx.apply(id, new TreeOp.Symlink(path, target, 0, 0, Mutations.nanos(ctx.now()), false, inode));
            return new Mutations.Written(tree, path);
        });
    }

    /** Validates a symlink target: 1 to 4096 bytes of UTF-8 without NUL. */
    static void checkTarget(String target) {
        if (target == null || target.isEmpty()) {
            throw AfsException.invalid("symlink target is required");
        }
        if (target.indexOf('\0') >= 0) {
            throw AfsException.invalid("symlink target contains a NUL character");
        }
        if (target.getBytes(StandardCharsets.UTF_8).length > 4096) {
            throw AfsException.invalid("symlink target is longer than 4096 bytes");
        }
    }
}
