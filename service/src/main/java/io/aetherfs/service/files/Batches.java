package io.aetherfs.service.files;

import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.TreeOp;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    public BatchResult apply(Caller caller, SessionId id, List<BatchOp> ops) {
        if (ops.isEmpty()) {
            throw AfsException.invalid("a batch needs at least one operation");
        }
        if (ops.size() > limits.maxBatchOperations()) {
            throw AfsException.invalid(
                    "a batch holds at most " + limits.maxBatchOperations() + " operations, got " + ops.size());
        }
        boolean anyMetadata = ops.stream().anyMatch(Batches::isMetadata);
        boolean anyContent = ops.stream().anyMatch(o -> !isMetadata(o));
        if (anyMetadata) {
            caller.require(Scope.FILESYSTEM_METADATA);
        }
        Scope frame = anyContent ? Scope.FILESYSTEM_WRITE : Scope.FILESYSTEM_METADATA;
        m.precheck(caller, frame, id);
        Map<Integer, Prepared> contents = new HashMap<>();
        // each operation may create its entry and every missing parent: depth + 1 fresh inode numbers
        long[] inodes = new long[ops.size() + 1];
        for (int i = 0; i < ops.size(); i++) {
            inodes[i + 1] = inodes[i] + ops.get(i).path().depth() + 1;
        }
        long inodeBase = engine.inodes().allocate(caller.tenant(), inodes[ops.size()]);
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
        return m.run(caller, frame, id, ctx -> {
            List<EntryView> results = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                BatchOp op = ops.get(i);
                try {
                    results.add(one(ctx, id, op, contents.get(i), inodeBase + inodes[i]));
                } catch (AfsException e) {
                    throw e.prefixed("operation " + i + " (" + kind(op) + " \"" + op.path() + "\"): ");
                }
            }
            return new BatchResult(results, ctx.fingerprint(id));
        });
    }

    private EntryView one(ChangeContext ctx, SessionId id, BatchOp op, Prepared prepared, long inode) {
        long now = Mutations.nanos(ctx.now());
        return switch (op) {
            case BatchOp.Write w -> {
                m.expectHash(ctx, w.path(), Mutations.current(ctx, id, w.path()), w.expectedHash());
                prepared.inline().forEach(ctx::storeInline);
                Integer mode = w.mode() == null ? null : Mutations.mode(w.mode(), 0644);
                DirEntry t = ctx.apply(
                        id,
                        new TreeOp.PutFile(
                                w.path(), prepared.content(), mode, null, null, now, w.createParents(), inode));
                yield m.view(ctx, t, w.path());
            }
            case BatchOp.Delete d -> {
                Entry e = ctx.fileTree().require(ctx.tree(id), d.path());
                m.expectHash(ctx, d.path(), e, d.expectedHash());
                ctx.apply(id, new TreeOp.Remove(d.path(), now));
                yield null;
            }
            case BatchOp.Mkdir d -> {
                int mode = Mutations.mode(d.mode(), 0755);
                DirEntry t = ctx.apply(id, new TreeOp.Mkdir(d.path(), mode, 0, 0, now, d.createParents(), inode));
                yield m.view(ctx, t, d.path());
            }
            case BatchOp.Rmdir d -> {
                m.expectHash(ctx, d.path(), Mutations.current(ctx, id, d.path()), d.expectedHash());
                ctx.apply(id, new TreeOp.Rmdir(d.path(), d.recursive(), now));
                yield null;
            }
            case BatchOp.Rename r -> {
                m.expectHash(ctx, r.path(), ctx.fileTree().require(ctx.tree(id), r.path()), r.expectedHash());
                DirEntry t = ctx.apply(id, new TreeOp.Rename(r.path(), r.to(), r.overwrite(), r.exchange(), now));
                yield m.view(ctx, t, r.to());
            }
            case BatchOp.Symlink s -> {
                NamespaceWrites.checkTarget(s.target());
                DirEntry t = ctx.apply(id, new TreeOp.Symlink(s.path(), s.target(), 0, 0, now, false, inode));
                yield m.view(ctx, t, s.path());
            }
            case BatchOp.Link l -> {
                m.expectHash(ctx, l.existing(), ctx.fileTree().require(ctx.tree(id), l.existing()), l.expectedHash());
                DirEntry t = ctx.apply(id, new TreeOp.Link(l.existing(), l.path(), now));
                yield m.view(ctx, t, l.path());
            }
            case BatchOp.SetAttributes a -> setAttributes(ctx, id, a);
            case BatchOp.SetXattr x -> {
                ContentWrites.checkXattrName(x.name());
                m.expectHash(ctx, x.path(), ctx.fileTree().require(ctx.tree(id), x.path()), x.expectedHash());
                DirEntry t = ctx.apply(id, new TreeOp.SetXattr(x.path(), x.name(), x.value(), x.flags()));
                yield m.view(ctx, t, x.path());
            }
            case BatchOp.RemoveXattr x -> {
                m.expectHash(ctx, x.path(), ctx.fileTree().require(ctx.tree(id), x.path()), x.expectedHash());
                DirEntry t = ctx.apply(id, new TreeOp.RemoveXattr(x.path(), x.name()));
                yield m.view(ctx, t, x.path());
            }
        };
    }

    /** A size change resizes inside the change (a truncation rewrites at most the last extent). */
    private EntryView setAttributes(ChangeContext ctx, SessionId id, BatchOp.SetAttributes a) {
        Entry e = ctx.fileTree().require(ctx.tree(id), a.path());
        m.expectHash(ctx, a.path(), e, a.expectedHash());
        Content content = null;
        if (a.size() != null) {
            FileEntry f = FileReads.regularFile(a.path(), e);
            Prepared p = ctx.content().patch(f.content(), List.of(), a.size(), limits.maxFileBytes());
            p.inline().forEach(ctx::storeInline);
            content = p.content();
        }
        Integer mode = a.mode() == null ? null : Mutations.mode(a.mode(), 0);
        Long mtime = a.mtimeNanos() != null ? a.mtimeNanos() : (content != null ? Mutations.nanos(ctx.now()) : null);
        // a batch's attribute event names the new size only (-1: unchanged), as it always has
        Map<String, Object> details = Map.of("size", content == null ? -1 : content.size());
        DirEntry t = ctx.apply(
                id,
                new TreeOp.SetAttrs(a.path(), mode, a.uid(), a.gid(), mtime, content),
                ev -> ev.withDetails(details));
        return m.view(ctx, t, a.path());
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
