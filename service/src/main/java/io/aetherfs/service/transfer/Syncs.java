package io.aetherfs.service.transfer;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.content.Prepared;
import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.engine.TreeEvent;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.ChangeStats;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.Content;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.FileEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.Links;
import io.aetherfs.core.tree.SpecialEntry;
import io.aetherfs.core.tree.SymlinkEntry;
import io.aetherfs.core.tree.Xattrs;
import io.aetherfs.service.Limits;
import io.aetherfs.service.archive.ArchiveEntry;
import io.aetherfs.service.archive.ArchiveException;
import io.aetherfs.service.archive.ArchiveLimits;
import io.aetherfs.service.archive.ArchiveReader;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.LockGuard;
import io.aetherfs.service.persistence.Changes;
import io.aetherfs.service.session.Fingerprints;
import io.aetherfs.service.session.SessionAccess;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Tarball sync (spec §8.16): reads the archive into a plan (content stored as it streams), applies it
 * to a snapshot outside the committer, and commits the new tree atomically with one TARBALL_SYNCED
 * event; if the session moved meanwhile, the plan is re-applied to the current tree in the change.
 */
public final class Syncs {
    private final Engine engine;
    private final Limits limits;
    private final SessionAccess access;

    public Syncs(Engine engine, Limits limits) {
        this.engine = engine;
        this.limits = limits;
        this.access = new SessionAccess(engine);
    }

    public SyncResult sync(Caller caller, SessionId id, SyncRequest req, InputStream body) throws IOException {
        caller.require(Scope.FILESYSTEM_WRITE);
        Fingerprints.checkExpected(req.expectedFingerprint());
        access.load(caller, id, SessionAccess.ACTIVE_ONLY);
        SyncPlan plan = new SyncPlan(req.basePath(), req.deleteMissing());
        Map<Hash, byte[]> inline = new HashMap<>();
        read(caller, req, body, plan, inline);
        long inodeBase = engine.inodes().allocate(caller.tenant(), plan.inodesNeeded());
        SessionState snap = access.load(caller, id, SessionAccess.ACTIVE_ONLY);
        FileTree ft = engine.fileTree(caller.tenant());
        long now = nowNanos();
        DirEntry prepared = plan.apply(ft, snap.tree(), now, inodeBase);
        long walSeq = snap.session().head().walSeq();
        return engine.execute(caller.tenant(), caller.actor(), change -> {
            ChangeContext ctx = LockGuard.enforcing(change, req.lockToken());
            SessionAccess.inChange(ctx, caller, id, SessionAccess.ACTIVE_ONLY);
            String current = ctx.fingerprint(id);
            if (req.expectedFingerprint() != null
                    && !req.expectedFingerprint().isEmpty()
                    && !req.expectedFingerprint().equals(current)) {
                throw AfsException.of(
                        Reason.STALE_FINGERPRINT,
                        "session " + id + " moved on: its fingerprint is now " + current,
                        "currentFingerprint",
                        current);
            }
            DirEntry before = ctx.tree(id);
            DirEntry after = ctx.session(id).head().walSeq() == walSeq && before == snap.tree()
                    ? prepared
                    : plan.apply(ctx.fileTree(), before, now, inodeBase);
            ChangeStats stats = Changes.stats(
                    Changes.between(ctx.fileTree().source(), ctx.canonical(), before, after, FsPath.ROOT));
            inline.forEach(ctx::storeInline);
            Map<String, Object> d = new HashMap<>();
            d.put("basePath", req.basePath().value());
            d.put("deleteMissing", req.deleteMissing());
            d.put("added", stats.added());
            d.put("modified", stats.modified());
            d.put("deleted", stats.deleted());
            d.put("entries", plan.size());
            ctx.replaceTree(
                    id,
                    after,
                    new TreeEvent(EventType.TARBALL_SYNCED, req.basePath().value(), d));
            return new SyncResult(stats, ctx.session(id).head().rootFingerprint());
        });
    }

    private void read(Caller caller, SyncRequest req, InputStream body, SyncPlan plan, Map<Hash, byte[]> inline)
            throws IOException {
        ContentStore store = engine.content(caller.tenant());
        ArchiveLimits lim =
                new ArchiveLimits(limits.importMaxEntries(), limits.importMaxBytes(), limits.importMaxExpansionRatio());
        try (ArchiveReader r = req.format() == null
                ? ArchiveReader.openDetect(body, lim)
                : ArchiveReader.open(req.format(), body, lim)) {
            ArchiveEntry a;
            while ((a = r.next()) != null) {
                FsPath p = plan.resolve(a.path());
                Attrs attrs = new Attrs(
                        0,
                        a.mode() & 07777,
                        a.uid(),
                        a.gid(),
                        nanos(a.mtime()),
                        a.xattrs().isEmpty() ? Xattrs.NONE : Xattrs.of(a.xattrs()));
                switch (a.type()) {
                    case FILE -> {
                        Prepared prepared = store.write(r.content(), limits.maxFileBytes());
                        inline.putAll(prepared.inline());
                        plan.add(new SyncPlan.Item(
                                p, new FileEntry(attrs, prepared.content(), Links.NONE), prepared.content(), null));
                    }
                    case DIRECTORY -> plan.add(new SyncPlan.Item(p, DirEntry.empty(attrs), null, null));
                    case SYMLINK ->
                        plan.add(new SyncPlan.Item(
                                p, new SymlinkEntry(attrs.withMode(0777), a.linkTarget(), Links.NONE), null, null));
                    case HARD_LINK ->
                        plan.add(new SyncPlan.Item(
                                p,
                                new FileEntry(attrs, Content.EMPTY, Links.NONE),
                                null,
                                plan.resolve(a.linkTarget())));
                    case FIFO, SOCKET, CHAR_DEVICE, BLOCK_DEVICE ->
                        plan.add(new SyncPlan.Item(
                                p,
                                new SpecialEntry(
                                        attrs,
                                        io.aetherfs.core.model.EntryType.valueOf(
                                                a.type().name()),
                                        a.rdev(),
                                        Links.NONE),
                                null,
                                null));
                }
            }
        } catch (ArchiveException e) {
            throw switch (e.code()) {
                case "LIMIT_EXCEEDED" ->
                    AfsException.of(Reason.PAYLOAD_TOO_LARGE, "archive rejected: " + e.getMessage(), "limit", "import");
                default ->
                    new AfsException(
                            ErrorCode.INVALID_ARGUMENT, "archive rejected (" + e.code() + "): " + e.getMessage());
            };
        }
    }

    private static long nanos(java.time.Instant t) {
        return t == null ? 0 : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private long nowNanos() {
        return nanos(engine.clock().instant());
    }
}
