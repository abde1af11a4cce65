package io.aetherfs.service.files;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.content.Segment;
import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.core.util.Backoff;
import io.aetherfs.core.util.Retry;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.session.SessionAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Content and attribute mutations: whole-file writes, byte-range patches, fallocate, attribute and
 * xattr changes. Content is prepared (hashed, large extents stored) before the change; the change
 * then checks the file is still what the preparation read, so concurrent writers never lose updates.
 * Each takes the caller's lock token (null when the request carried none) for locked paths.
 */
public final class ContentWrites {
    /** Rounds of a prepared write: all but the last prepare outside the committer. */
    private static final int ROUNDS = 5;
    /** The optimistic rounds, then one that prepares inside its change and so cannot lose. */
    private final Retry rounds = new Retry("a prepared write", ROUNDS, Backoff.NONE);

    public static final int MAX_XATTR_NAME_BYTES = 255;
    public static final int MAX_XATTR_VALUE_BYTES = 64 * 1024;
    public static final int MAX_XATTR_TOTAL_BYTES = 256 * 1024;

    private final Mutations m;
    private final Engine engine;
    private final Limits limits;

    public ContentWrites(Engine engine, Limits limits) {
        this.m = new Mutations(engine);
        this.engine = engine;
        this.limits = limits;
    }

    /** Replaces (or creates) a file with the bytes of {@code body}, atomically. */
    public EntryView write(Caller caller, SessionId id, WriteFile w, InputStream body, LockToken token)
            throws IOException {
        m.precheck(caller, Scope.FILESYSTEM_WRITE, id);
        Integer mode = w.mode() == null ? null : Mutations.mode(w.mode(), 0644);
        Prepared p = engine.content(caller.tenant()).write(body, limits.maxFileBytes());
        long inode = engine.inodes().allocate(caller.tenant(), w.path().depth() + 1);
        return m.write(caller, Scope.FILESYSTEM_WRITE, id, token, ctx -> {
            Entry cur = Mutations.current(ctx, id, w.path());
            if (w.createOnly() && cur != null) {
                throw AfsException.of(
                        Reason.PATH_EXISTS,
                        "\"" + w.path() + "\" already exists",
                        "path",
                        w.path().value());
            }
            m.expectHash(ctx, w.path(), cur, w.expectedHash());
            p.inline().forEach(ctx::storeInline);
            long mtime = w.mtimeNanos() != null ? w.mtimeNanos() : Mutations.nanos(ctx.now());
            DirEntry tree = ctx.apply(
                    id, new TreeOp.PutFile(w.path(), p.content(), mode, null, null, mtime, w.createParents(), inode));
            return new Mutations.Written(tree, w.path());
        });
    }

    /** Writes byte ranges into a file (optionally creating it, then truncating or extending it). */
    public EntryView patchSegments(
            Caller caller,
            SessionId id,
            FsPath path,
            List<Segment> segments,
            Long truncateTo,
            String expectedHash,
            boolean createIfMissing,
            LockToken token) {
        if (truncateTo != null && truncateTo < 0) {
            throw new AfsException(ErrorCode.OUT_OF_RANGE, "truncateTo must not be negative");
        }
        for (int i = 0; i < segments.size(); i++) {
            String what = "segments[" + i + "]";
            Segment s = segments.get(i);
            FileRanges.withinFileLimit(what, FileRanges.end(what, s.offset(), s.data().length), limits.maxFileBytes());
        }
        long inode = engine.inodes().allocate(caller.tenant(), path.depth() + 1);
        return withPreparedContent(
                caller,
                id,
                path,
                createIfMissing,
                token,
                (store, base) -> store.patch(base, segments, truncateTo, limits.maxFileBytes()),
                (ctx, cur, p) -> {
                    m.expectHash(ctx, path, cur, expectedHash);
                    p.inline().forEach(ctx::storeInline);
                    long now = Mutations.nanos(ctx.now());
                    DirEntry tree = cur == null
                            ? ctx.apply(id, new TreeOp.PutFile(path, p.content(), null, null, null, now, false, inode))
                            : ctx.apply(id, new TreeOp.SetContent(path, p.content(), now));
                    return new Mutations.Written(tree, path);
                });
    }

    /** Allocates space (extending the size unless {@code keepSize}) or punches a hole. */
    public EntryView fallocate(
            Caller caller,
            SessionId id,
            FsPath path,
            long offset,
            long length,
            FallocateMode mode,
            boolean keepSize,
            LockToken token) {
        if (length == 0) {
            throw new AfsException(ErrorCode.OUT_OF_RANGE, "fallocate needs a length > 0");
        }
        long end = FileRanges.end("the fallocate range", offset, length);
        FileRanges.withinFileLimit("the fallocate range", end, limits.maxFileBytes());
        return withPreparedContent(
                caller,
                id,
                path,
                false,
                token,
                (store, base) -> switch (mode) {
                    case ALLOCATE ->
                        keepSize || end <= base.size()
                                ? new Prepared(base, Map.of())
                                : store.patch(base, List.of(), end, limits.maxFileBytes());
                    case PUNCH_HOLE -> store.punchHole(base, offset, length);
                },
                (ctx, cur, p) -> {
                    DirEntry tree = ctx.apply(id, new TreeOp.SetContent(path, p.content(), Mutations.nanos(ctx.now())));
                    p.inline().forEach(ctx::storeInline);
                    return new Mutations.Written(tree, path);
                });
    }

    /** Changes mode, owner, mtime and (for files) size. */
    public EntryView setAttributes(Caller caller, SessionId id, SetAttributes a, LockToken token) {
        Integer mode = a.mode() == null ? null : Mutations.mode(a.mode(), 0);
        if (a.size() != null && (a.size() < 0 || a.size() > limits.maxFileBytes())) {
            throw new AfsException(ErrorCode.OUT_OF_RANGE, "size must be between 0 and " + limits.maxFileBytes());
        }
        if (a.size() == null) {
            TreeOp.SetAttrs op = new TreeOp.SetAttrs(a.path(), mode, a.uid(), a.gid(), a.mtimeNanos(), null);
            return m.write(
                    caller,
                    Scope.FILESYSTEM_METADATA,
                    id,
                    token,
                    ctx -> new Mutations.Written(ctx.apply(id, op), a.path()));
        }
        return withPreparedContent(
                caller,
                id,
                a.path(),
                false,
                token,
                (store, base) -> store.patch(base, List.of(), a.size(), limits.maxFileBytes()),
                (ctx, cur, p) -> {
                    p.inline().forEach(ctx::storeInline);
                    long mtime = a.mtimeNanos() != null ? a.mtimeNanos() : Mutations.nanos(ctx.now());
                    TreeOp op = new TreeOp.SetAttrs(a.path(), mode, a.uid(), a.gid(), mtime, p.content());
                    return new Mutations.Written(ctx.apply(id, op), a.path());
                });
    }

    /** Sets an extended attribute; flags 1 = create only, 2 = replace only. */
    public void setXattr(
            Caller caller, SessionId id, FsPath path, String name, byte[] value, int flags, LockToken token) {
        checkXattrName(name);
        if (value == null || value.length > MAX_XATTR_VALUE_BYTES) {
            throw AfsException.of(
                    Reason.PAYLOAD_TOO_LARGE,
                    "xattr values are limited to 64 KiB",
                    "limit",
                    Integer.toString(MAX_XATTR_VALUE_BYTES));
        }
        m.run(caller, Scope.FILESYSTEM_METADATA, id, token, ctx -> {
            Entry e = ctx.fileTree().require(ctx.tree(id), path);
            if (e.attrs().xattrs().without(name).totalBytes() + name.length() + value.length > MAX_XATTR_TOTAL_BYTES) {
                throw AfsException.of(
                        Reason.PAYLOAD_TOO_LARGE,
                        "xattrs of one entry are limited to 256 KiB",
                        "limit",
                        Integer.toString(MAX_XATTR_TOTAL_BYTES));
            }
            ctx.apply(id, new TreeOp.SetXattr(path, name, value, flags));
            return null;
        });
    }

    /** Removes an extended attribute; NOT_FOUND if it is not set. */
    public void removeXattr(Caller caller, SessionId id, FsPath path, String name, LockToken token) {
        checkXattrName(name);
        m.run(caller, Scope.FILESYSTEM_METADATA, id, token, ctx -> {
            ctx.apply(id, new TreeOp.RemoveXattr(path, name));
            return null;
        });
    }

    static void checkXattrName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw AfsException.invalid("xattr name must be non-empty and free of NUL");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_XATTR_NAME_BYTES) {
            throw AfsException.invalid("xattr name is longer than 255 bytes");
        }
    }

    /** Prepares new content from the file's current content, read through {@code store}. */
    @FunctionalInterface
    private interface Preparer {
        Prepared prepare(ContentStore store, Content base);
    }

    /** Commits prepared content to a file that still has the content it was prepared from. */
    @FunctionalInterface
    private interface Committer {
        Mutations.Written commit(ChangeContext ctx, FileEntry current, Prepared prepared);
    }

    /**
     * Prepares content outside the committer (hashing, storing large extents) and commits it if the
     * file still has the content it was prepared from. When concurrent writes keep changing the file,
     * the last round prepares inside its change, serialized with the session's writes, so a patch
     * under steady writers always finishes. The view of the result is built after the change.
     */
    private EntryView withPreparedContent(
            Caller caller,
            SessionId id,
            FsPath path,
            boolean createIfMissing,
            LockToken token,
            Preparer prepare,
            Committer commit) {
        Round r = new Round(caller, id, path, createIfMissing, token);
        return rounds.run(round ->
                round.last() ? Retry.done(preparedInside(r, prepare, commit)) : preparedOutside(r, prepare, commit));
    }

    /** What every round of a prepared write works on. */
    private record Round(Caller caller, SessionId id, FsPath path, boolean createIfMissing, LockToken token) {}

    /** The last round: prepares inside the change, serialized with the session's writes. */
    private EntryView preparedInside(Round r, Preparer prepare, Committer commit) {
        return m.write(r.caller(), Scope.FILESYSTEM_WRITE, r.id(), r.token(), ctx -> {
            FileEntry cur = existing(Mutations.current(ctx, r.id(), r.path()), r.path(), r.createIfMissing());
            Prepared p = prepare.prepare(ctx.content(), cur == null ? Content.EMPTY : cur.content());
            return commit.commit(ctx, cur, p);
        });
    }

    /** One optimistic round: prepares outside the committer, commits if the file is still the same. */
    private Retry.Outcome<EntryView> preparedOutside(Round r, Preparer prepare, Committer commit) {
        Caller caller = r.caller();
        SessionId id = r.id();
        FsPath path = r.path();
        boolean createIfMissing = r.createIfMissing();
        m.precheck(caller, Scope.FILESYSTEM_WRITE, id);
        SessionState s = new SessionAccess(engine).load(caller, id, SessionAccess.ACTIVE_ONLY);
        FileEntry base =
                existing(engine.fileTree(caller.tenant()).lookup(s.tree(), path).orElse(null), path, createIfMissing);
        Prepared p = prepare.prepare(engine.content(caller.tenant()), base == null ? Content.EMPTY : base.content());
        Content expected = base == null ? null : base.content();
        Mutations.Written v = m.run(caller, Scope.FILESYSTEM_WRITE, id, r.token(), ctx -> {
            Entry cur = Mutations.current(ctx, id, path);
            Content now = cur instanceof FileEntry f ? f.content() : null;
            if (!Objects.equals(now, expected) || (cur != null && !(cur instanceof FileEntry))) {
                return null; // changed since we read it: prepare again
            }
            return commit.commit(ctx, (FileEntry) cur, p);
        });
        return v == null ? Retry.againNow() : Retry.done(m.view(caller.tenant(), v));
    }

    /** Returns the regular file at {@code path}, or null if it is absent and may be created. */
    private static FileEntry existing(Entry e, FsPath path, boolean createIfMissing) {
        if (e == null && !createIfMissing) {
            throw io.aetherfs.core.tree.FileTree.notFound(path);
        }
        return e == null ? null : FileReads.regularFile(path, e);
    }
}
