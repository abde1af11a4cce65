package io.aetherfs.service.files;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.TreeEvent;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.LockToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Applies up to {@link Limits#maxBatchOperations()} operations all or nothing, in one change: each
 * operation sees the effects of the ones before it, records its own event, and any failure leaves
 * the session exactly as it was (the error names the failing operation).
 */
public final class Batches {
    private final Engine engine;
    private final Limits limits;
    private final Mutations m;

    public Batches(Engine engine, Limits limits) {
        this.engine = engine;
        this.limits = limits;
        this.m = new Mutations(engine);
    }

    /**
     * Applies {@code ops} in order as one change; the result holds a view per op (null for removals).
     * {@code token} (null: none) unlocks the paths of the collaboration lock it belongs to.
     */
    public BatchResult apply(Caller caller, SessionId id, List<BatchOp> ops, LockToken token) {
        checkSize(ops);
        Scope frame = requireScopes(caller, ops);
        m.precheck(caller, frame, id);
        // each operation may create its entry and every missing parent: depth + 1 fresh inode numbers
        long[] inodes = new long[ops.size() + 1];
        for (int i = 0; i < ops.size(); i++) {
            inodes[i + 1] = inodes[i] + ops.get(i).path().depth() + 1;
        }
        long inodeBase = engine.inodes().allocate(caller.tenant(), inodes[ops.size()]);
        Map<Integer, Prepared> contents = prepare(caller, ops);
        Applied applied = m.run(caller, frame, id, token, ctx -> {
            List<Mutations.Written> written = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                written.add(one(ctx, id, i, ops.get(i), contents.get(i), inodeBase + inodes[i]));
            }
            return new Applied(written, ctx.tree(id));
        });
        return result(caller, applied);
    }

    /** What the change leaves: each op's written entry (null for removals) and the session's tree. */
    private record Applied(List<Mutations.Written> written, DirEntry tree) {}

    private void checkSize(List<BatchOp> ops) {
        if (ops.isEmpty()) {
            throw AfsException.invalid("a batch needs at least one operation");
        }
        if (ops.size() > limits.maxBatchOperations()) {
            throw AfsException.invalid(
                    "a batch holds at most " + limits.maxBatchOperations() + " operations, got " + ops.size());
        }
    }

    /** Checks the caller's scopes and returns the one the change runs under. */
    private static Scope requireScopes(Caller caller, List<BatchOp> ops) {
        if (ops.stream().anyMatch(Batches::isMetadata)) {
            caller.require(Scope.FILESYSTEM_METADATA);
        }
        return ops.stream().anyMatch(o -> !isMetadata(o)) ? Scope.FILESYSTEM_WRITE : Scope.FILESYSTEM_METADATA;
    }

    /** Stores the content of every write before the change, by operation index. */
    private Map<Integer, Prepared> prepare(Caller caller, List<BatchOp> ops) {
        Map<Integer, Prepared> contents = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof BatchOp.Write w) {
                if (w.content().length > limits.maxFileBytes()) {
                    throw AfsException.of(
                            Reason.PAYLOAD_TOO_LARGE,
                            "operation " + i + ": content exceeds the file size limit of " + limits.maxFileBytes()
                                    + " bytes",
                            "limit",
                            Long.toString(limits.maxFileBytes()));
                }
                contents.put(i, engine.content(caller.tenant()).write(w.content()));
            }
        }
        return contents;
    }

    /** Builds the answer after the change, off the committer: the views and the final fingerprint. */
    private BatchResult result(Caller caller, Applied applied) {
        List<EntryView> views = new ArrayList<>();
        for (Mutations.Written w : applied.written()) {
            views.add(w == null ? null : m.view(caller.tenant(), w));
        }
        return new BatchResult(views, engine.canonical(caller.tenant()).fingerprint(applied.tree()));
    }

    /** Applies operation {@code i}; its errors name it. */
    private Mutations.Written one(ChangeContext ctx, SessionId id, int i, BatchOp op, Prepared prepared, long inode) {
        try {
            check(ctx, id, op);
            TreeOp t = treeOp(ctx, id, op, prepared, inode);
            DirEntry tree = ctx.apply(id, t, note(t));
            return switch (op) {
                case BatchOp.Delete _, BatchOp.Rmdir _ -> null;
                case BatchOp.Rename r -> new Mutations.Written(tree, r.to());
                default -> new Mutations.Written(tree, op.path());
            };
        } catch (AfsException e) {
            throw e.prefixed("operation " + i + " (" + kind(op) + " \"" + op.path() + "\"): ");
        }
    }

    /** Checks an operation's preconditions against the tree as the operations before it left it. */
    private void check(ChangeContext ctx, SessionId id, BatchOp op) {
        switch (op) {
            case BatchOp.Write w -> m.expectHash(ctx, w.path(), Mutations.current(ctx, id, w.path()), w.expectedHash());
            case BatchOp.Rmdir d -> m.expectHash(ctx, d.path(), Mutations.current(ctx, id, d.path()), d.expectedHash());
            case BatchOp.Delete d -> expectExisting(ctx, id, d.path(), d.expectedHash());
            case BatchOp.Rename r -> expectExisting(ctx, id, r.path(), r.expectedHash());
            case BatchOp.Link l -> expectExisting(ctx, id, l.existing(), l.expectedHash());
            case BatchOp.SetAttributes a -> expectExisting(ctx, id, a.path(), a.expectedHash());
            case BatchOp.SetXattr x -> {
                ContentWrites.checkXattrName(x.name());
                expectExisting(ctx, id, x.path(), x.expectedHash());
            }
            case BatchOp.RemoveXattr x -> expectExisting(ctx, id, x.path(), x.expectedHash());
            case BatchOp.Symlink s -> NamespaceWrites.checkTarget(s.target());
            case BatchOp.Mkdir _ -> {}
        }
    }

    /** Throws NOT_FOUND unless {@code path} exists, and STALE_EXPECTED_HASH unless it has the expected hash. */
    private void expectExisting(ChangeContext ctx, SessionId id, FsPath path, String expected) {
        m.expectHash(ctx, path, ctx.fileTree().require(ctx.tree(id), path), expected);
    }

    /** Returns the tree op of a checked operation, storing the inline content it refers to. */
    private TreeOp treeOp(ChangeContext ctx, SessionId id, BatchOp op, Prepared prepared, long inode) {
        long now = Mutations.nanos(ctx.now());
        return switch (op) {
            case BatchOp.Write w -> {
                prepared.inline().forEach(ctx::storeInline);
                Integer mode = w.mode() == null ? null : Mutations.mode(w.mode(), 0644);
                yield new TreeOp.PutFile(w.path(), prepared.content(), mode, null, null, now, w.createParents(), inode);
            }
            case BatchOp.SetAttributes a -> setAttrs(ctx, id, a);
            case BatchOp.Delete d -> new TreeOp.Remove(d.path(), now);
            case BatchOp.Rmdir d -> new TreeOp.Rmdir(d.path(), d.recursive(), now);
            case BatchOp.Mkdir d ->
                new TreeOp.Mkdir(d.path(), Mutations.mode(d.mode(), 0755), 0, 0, now, d.createParents(), inode);
            case BatchOp.Symlink s -> new TreeOp.Symlink(s.path(), s.target(), 0, 0, now, false, inode);
            case BatchOp.Rename r -> new TreeOp.Rename(r.path(), r.to(), r.overwrite(), r.exchange(), now);
            case BatchOp.Link l -> new TreeOp.Link(l.existing(), l.path(), now);
            case BatchOp.SetXattr x -> new TreeOp.SetXattr(x.path(), x.name(), x.value(), x.flags());
            case BatchOp.RemoveXattr x -> new TreeOp.RemoveXattr(x.path(), x.name());
        };
    }

    /** A size change resizes inside the change (a truncation rewrites at most the last extent). */
    private TreeOp setAttrs(ChangeContext ctx, SessionId id, BatchOp.SetAttributes a) {
        Content content = null;
        if (a.size() != null) {
            FileEntry f = FileReads.regularFile(a.path(), ctx.fileTree().require(ctx.tree(id), a.path()));
            Prepared p = ctx.content().patch(f.content(), List.of(), a.size(), limits.maxFileBytes());
            p.inline().forEach(ctx::storeInline);
            content = p.content();
        }
        Integer mode = a.mode() == null ? null : Mutations.mode(a.mode(), 0);
        Long mtime = a.mtimeNanos() != null ? a.mtimeNanos() : (content != null ? Mutations.nanos(ctx.now()) : null);
        return new TreeOp.SetAttrs(a.path(), mode, a.uid(), a.gid(), mtime, content);
    }

    /** A batch's attribute event names the new size only (-1: unchanged), as it always has; others are derived. */
    private static UnaryOperator<TreeEvent> note(TreeOp op) {
        if (op instanceof TreeOp.SetAttrs a) {
            Map<String, Object> details =
                    Map.of("size", a.content() == null ? -1 : a.content().size());
            return e -> e.withDetails(details);
        }
        return UnaryOperator.identity();
    }

    private static String kind(BatchOp op) {
        String n = op.getClass().getSimpleName();
        return Character.toLowerCase(n.charAt(0)) + n.substring(1);
    }

    /** Returns whether an operation needs tenant.filesystem.metadata rather than .write. */
    private static boolean isMetadata(BatchOp o) {
        return o instanceof BatchOp.SetXattr
                || o instanceof BatchOp.RemoveXattr
                || (o instanceof BatchOp.SetAttributes a && a.size() == null);
    }
}
