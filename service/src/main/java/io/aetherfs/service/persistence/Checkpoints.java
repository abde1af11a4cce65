package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.engine.TreeEvent;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.CheckpointId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.LockGuard;
import io.aetherfs.service.collab.LockToken;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.Fingerprints;
import io.aetherfs.service.session.SessionAccess;
import io.aetherfs.service.session.SessionView;
import io.aetherfs.service.session.Transitions;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints and restore (spec §8.3): a checkpoint records the session's stored root; restore points
 * the working tree at one. Both cost the session's unfolded changes only, never the tree's size.
 */
public final class Checkpoints {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final Fingerprints fingerprints;

    public Checkpoints(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
        this.fingerprints = new Fingerprints(engine);
    }

    /** Records the session's current tree; names are optional and unique per session. */
    public Checkpoint create(Caller caller, SessionId id, String name, String description) {
        caller.require(Scope.SESSION_WRITE);
        if (name != null && (name.isEmpty() || name.codePointCount(0, name.length()) > 128)) {
            throw AfsException.invalid("checkpoint name must be 1 to 128 characters");
        }
        if (description != null && description.length() > 4096) {
            throw AfsException.invalid("checkpoint description is longer than 4096 characters");
        }
        fingerprints.warm(caller.tenant(), id);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            return take(ctx, caller.principal(), id, name, description);
        });
    }

    /** Takes a checkpoint inside a change (also used for restore's safety checkpoint). */
    static Checkpoint take(ChangeContext ctx, String principal, SessionId id, String name, String description) {
        Records<String, CheckpointId> names = ctx.records(CheckpointRecords.NAMES, id);
        if (name != null && names.get(name).isPresent()) {
            throw new AfsException(
                    ErrorCode.ALREADY_EXISTS, "session " + id + " already has a checkpoint named \"" + name + "\"");
        }
        Hash root = ctx.flush(id);
        Session s = ctx.session(id);
        DirEntry tree = ctx.tree(id);
        Checkpoint c = new Checkpoint(
                CheckpointId.generate(ctx.ids()),
                id,
                name,
                description,
                root,
                s.head().rootFingerprint(),
                tree.stats().files(),
                tree.stats().bytes(),
                principal,
                ctx.now());
        ctx.records(CheckpointRecords.CHECKPOINTS, id).put(c);
        if (name != null) {
            names.put(name, c.id());
        }
        return c;
    }

    /** Returns {@code base}, or {@code base-2}, {@code base-3}, … if taken, so automatic names never collide. */
    private static String freeName(ChangeContext ctx, SessionId id, String base) {
        String name = base;
        Records<String, CheckpointId> names = ctx.records(CheckpointRecords.NAMES, id);
        for (int i = 2; names.get(name).isPresent(); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    /** Lists checkpoints newest first. */
    public Page<Checkpoint> list(Caller caller, SessionId id, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String after = tokens.decode(page, "ListCheckpoints:" + id, "");
        RecordPage<Checkpoint> rows = engine.records(caller.tenant())
                .of(CheckpointRecords.CHECKPOINTS, id)
                .list(RecordQuery.<CheckpointId>last(size).after(after == null ? null : new CheckpointId(after)));
        List<Checkpoint> items = rows.items();
        String next = rows.more()
                ? tokens.encode(
                        "ListCheckpoints:" + id, "", items.getLast().id().value())
                : "";
        return new Page<>(items, next);
    }

    /** Returns the checkpoint id {@code raw} names; NOT_FOUND when it is malformed (it names no checkpoint). */
    public static CheckpointId parseId(String raw) {
        if (!CheckpointId.isValid(raw)) {
            throw AfsException.notFound("checkpoint " + raw + " not found");
        }
        return new CheckpointId(raw);
    }

    /** Returns one checkpoint. */
    public Checkpoint get(Caller caller, SessionId id, CheckpointId checkpointId) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        return find(caller, id, checkpointId);
    }

    Checkpoint find(Caller caller, SessionId id, CheckpointId checkpointId) {
        return engine.records(caller.tenant())
                .of(CheckpointRecords.CHECKPOINTS, id)
                .get(checkpointId)
                .orElseThrow(() -> AfsException.notFound("checkpoint " + checkpointId + " not found in session " + id));
    }

    /**
     * Returns a checkpoint of a session without checking access (callers have checked it), or throws
     * NOT_FOUND ("checkpoint … not found in session …").
     */
    public static Checkpoint find(Engine engine, TenantId tenant, SessionId id, CheckpointId checkpointId) {
        return engine.records(tenant).of(CheckpointRecords.CHECKPOINTS, id).require(checkpointId);
    }

    /** Deletes a checkpoint record; storage is reclaimed by GC. */
    public void delete(Caller caller, SessionId id, CheckpointId checkpointId) {
        caller.require(Scope.SESSION_WRITE);
        Checkpoint c = get(caller, id, checkpointId);
        engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            if (!ctx.records(CheckpointRecords.CHECKPOINTS, id).delete(c.id())) {
                throw AfsException.notFound("checkpoint " + checkpointId + " not found in session " + id);
            }
            if (c.name() != null) {
                ctx.records(CheckpointRecords.NAMES, id).delete(c.name());
            }
            return null;
        });
    }

    /**
     * Replaces the working tree with a checkpoint's tree; clears CONFLICT. A restore that would change a
     * path under a collaboration lock needs that lock's {@code token} (PATH_LOCKED otherwise).
     */
    public SessionView restore(
            Caller caller, SessionId id, CheckpointId checkpointId, boolean safetyCheckpoint, LockToken token) {
        caller.require(Scope.SESSION_WRITE);
        Checkpoint c = get(caller, id, checkpointId);
        DirEntry target = engine.storedTree(caller.tenant(), c.root());
        fingerprints.warm(caller.tenant(), id);
        Session s = engine.execute(caller.tenant(), caller.actor(), change -> {
            ChangeContext ctx = LockGuard.enforcing(change, token);
            Session cur = SessionAccess.inChange(ctx, caller, id, SessionAccess.MERGE_TARGET);
            String from = ctx.fingerprint(id);
            if (safetyCheckpoint) {
                take(
                        ctx,
                        caller.principal(),
                        id,
                        freeName(ctx, id, "before-restore-" + STAMP.format(ctx.now())),
                        "automatic checkpoint before restoring " + checkpointId);
            }
            if (cur.status() == SessionStatus.CONFLICT) {
                Transitions.change(ctx, id, SessionStatus.ACTIVE, "restore", null);
            }
            ctx.replaceTree(
                    id,
                    target,
                    new TreeEvent(
                            EventType.SESSION_RESTORED,
                            null,
                            Map.of(
                                    "checkpointId",
                                    c.id().value(),
                                    "fromFingerprint",
                                    from,
                                    "toFingerprint",
                                    c.fingerprint())));
            return ctx.session(id);
        });
        return fingerprints.view(caller.tenant(), s);
    }
}
