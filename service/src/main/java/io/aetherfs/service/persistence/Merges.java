package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.engine.TreeEvent;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.ConflictState;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.util.Backoff;
import io.aetherfs.core.util.Retry;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.collab.LockGuard;
import io.aetherfs.service.session.SessionAccess;
import io.aetherfs.service.session.Transitions;
import io.aetherfs.service.sources.SourceRevisions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Merge and mergeFrom (spec §8.5). A merge is computed outside the committer against snapshots of
 * both sessions; its change applies it on top of whatever the target became meanwhile (writes to
 * other paths are kept, never overwritten), or computes it again when a concurrent change touched the
 * same paths. After a few such rounds the last one computes the merge inside its change, serialized
 * with the target's writes, so a merge under steady writers always finishes.
 */
public final class Merges {
    /** Rounds computed outside the committer before the merge is computed inside its change. */
    static final int OPTIMISTIC_ROUNDS = 4;

    private final Engine engine;
    private final SessionAccess access;
    /** The optimistic rounds, then one that cannot lose (so it never gives up). */
    private final Retry rounds = new Retry("a merge", OPTIMISTIC_ROUNDS + 1, Backoff.NONE);

    public Merges(Engine engine) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
    }

    public MergeReport merge(Caller caller, MergeRequest req) {
        caller.require(Scope.SESSION_MERGE);
        caller.require(Scope.SESSION_READ);
        if (req.target().equals(req.source())) {
            throw AfsException.invalid("a session cannot be merged with itself");
        }
        return rounds.run(round -> round.last() ? Retry.done(mergeInside(caller, req)) : tryPlan(caller, req));
    }

    /**
     * Computes the merge outside the committer and applies it if it still fits the target: done, or
     * "again" when another merge of the pair committed or a concurrent change touched the same paths.
     */
    private Retry.Outcome<MergeReport> tryPlan(Caller caller, MergeRequest req) {
        MergePlan plan = prepare(caller, req);
        if (req.dryRun()) {
            return Retry.done(plan.report(
                    MergeReport.Result.DRY_RUN,
                    engine.canonical(caller.tenant()).fingerprint(plan.base())));
        }
        Optional<MergeReport> done = engine.execute(caller.tenant(), caller.actor(), ctx -> decide(ctx, caller, plan)
                .map(t -> apply(ctx, plan, t)));
        return done.<Retry.Outcome<MergeReport>>map(Retry::done).orElseGet(Retry::againNow);
    }

    /**
     * Returns the tree the plan gives on top of the target as it is now, or empty when the plan no
     * longer fits: the pair's merge base moved, or the plan conflicts with what the target became.
     */
    private static Optional<DirEntry> decide(ChangeContext ctx, Caller caller, MergePlan plan) {
        MergeRequest req = plan.req();
        SessionAccess.inChange(ctx, caller, req.target(), SessionAccess.MERGE_TARGET);
        if (!plan.sameBase(recordedBase(ctx, req))) {
            return Optional.empty(); // a merge of the same pair committed meanwhile: compute again
        }
        return plan.onto(ctx.tree(req.target()), ctx.fileTree().source());
    }

    /** The last round: computes the merge inside its change, serialized with the target's writes. */
    private MergeReport mergeInside(Caller caller, MergeRequest req) {
        Hash sourceRoot = flushSource(caller, req);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            MergePlan plan = computeIn(ctx, caller, req, sourceRoot);
            return apply(ctx, plan, plan.outcome().merged());
        });
    }

    /** Computes the merge against committed snapshots of both sessions. */
    private MergePlan prepare(Caller caller, MergeRequest req) {
        SessionState source = access.load(caller, req.source(), SessionAccess.TREE_READABLE);
        access.load(caller, req.target(), SessionAccess.MERGE_TARGET);
        checkDescent(req, source.session());
        Hash sourceRoot = flushSource(caller, req);
        TenantId tenant = caller.tenant();
        SessionState target = access.load(caller, req.target(), SessionAccess.MERGE_TARGET);
        Hash recorded = engine.records(tenant)
                .of(MergeBases.RECORDED, req.target())
                .get(req.source())
                .orElse(null);
        Hash ancestorRoot = MergeBases.ancestor(
                recorded, target.session(), source.session(), ref -> SourceRevisions.root(engine, tenant, ref)
                        .orElse(null));
        DirEntry ancestor = ancestorRoot == null ? EmptyTree.ROOT : engine.storedTree(tenant, ancestorRoot);
        MergePlan.Reader reader = new MergePlan.Reader(
                engine.fileTree(tenant).source(), engine.content(tenant), engine.canonical(tenant));
        return MergePlan.compute(
                req, reader, recorded, ancestor, target.tree(), engine.storedTree(tenant, sourceRoot), sourceRoot);
    }

    /** Computes the merge inside a change, against the target's tree as it is now. */
    private static MergePlan computeIn(ChangeContext ctx, Caller caller, MergeRequest req, Hash sourceRoot) {
        Session source = SessionAccess.inChange(ctx, caller, req.source(), SessionAccess.TREE_READABLE);
        Session target = SessionAccess.inChange(ctx, caller, req.target(), SessionAccess.MERGE_TARGET);
        checkDescent(req, source);
        Hash recorded = recordedBase(ctx, req);
        Hash ancestorRoot = MergeBases.ancestor(
                recorded, target, source, ref -> SourceRevisions.root(ctx, ref).orElse(null));
        DirEntry ancestor = ancestorRoot == null ? EmptyTree.ROOT : ctx.storedTree(ancestorRoot);
        MergePlan.Reader reader = new MergePlan.Reader(ctx.fileTree().source(), ctx.content(), ctx.canonical());
        return MergePlan.compute(
                req, reader, recorded, ancestor, ctx.tree(req.target()), ctx.storedTree(sourceRoot), sourceRoot);
    }

    /** Returns the pair's merge base as the change sees it (the source root of their last merge), or null. */
    private static Hash recordedBase(ChangeContext ctx, MergeRequest req) {
        return ctx.records(MergeBases.RECORDED, req.target()).get(req.source()).orElse(null);
    }

    /** Stores the source's pending changes and returns its root: the tree this merge takes. */
    private Hash flushSource(Caller caller, MergeRequest req) {
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SessionAccess.inChange(ctx, caller, req.source(), SessionAccess.TREE_READABLE);
            return ctx.flush(req.source());
        });
    }

    private static void checkDescent(MergeRequest req, Session source) {
        if (req.requireDescendant() && !MergeBases.descends(source, req.target())) {
            throw AfsException.of(
                    Reason.NOT_A_DESCENDANT,
                    "session " + req.source() + " does not descend from " + req.target()
                            + "; use mergeFrom to merge unrelated sessions");
        }
    }

    /** Records the plan on the target: its conflicts, or {@code merged} as the new tree. */
    private static MergeReport apply(ChangeContext ctx, MergePlan plan, DirEntry merged) {
        Session cur = ctx.session(plan.req().target());
        return plan.hasConflicts() ? conflicted(ctx, plan, cur) : merged(ctx, plan, cur, merged);
    }

    /** Puts the target in CONFLICT with the plan's conflicts; its tree stays as it is. */
    private static MergeReport conflicted(ChangeContext ctx, MergePlan plan, Session cur) {
        MergeRequest req = plan.req();
        ConflictState state = new ConflictState(
                req.source(), plan.conflictPaths(), plan.conflicts().size(), ctx.now());
        ctx.updateSession(req.target(), s -> s.withLifecycle(s.lifecycle().withConflict(state)));
        if (cur.status() != SessionStatus.CONFLICT) {
            Transitions.change(ctx, req.target(), SessionStatus.CONFLICT, "merge", null);
        }
        ctx.appendEvent(
                req.target(),
                EventType.MERGE_CONFLICTED,
                null,
                Map.of(
                        "sourceSessionId",
                        req.source().value(),
                        "conflictCount",
                        plan.conflicts().size()));
        return plan.report(MergeReport.Result.CONFLICT, ctx.fingerprint(req.target()));
    }

    /** Makes {@code merged} the target's tree and records the source root as the pair's merge base. */
    private static MergeReport merged(ChangeContext ctx, MergePlan plan, Session cur, DirEntry merged) {
        MergeRequest req = plan.req();
        plan.inline().forEach(ctx::storeInline);
        ctx.records(MergeBases.RECORDED, req.target()).put(req.source(), plan.sourceRoot());
        if (cur.status() == SessionStatus.CONFLICT) {
            Transitions.change(ctx, req.target(), SessionStatus.ACTIVE, "merge", null);
        }
        Map<String, Object> d = new HashMap<>();
        d.put("sourceSessionId", req.source().value());
        d.put("applied", plan.applied().size());
        d.put("lineMerged", plan.outcome().lineMerged().size());
        if (plan.applied().isEmpty()) {
            ctx.appendEvent(req.target(), EventType.MERGE_COMPLETED, null, d); // nothing to replace
        } else {
            LockGuard.enforcing(ctx, req.lockToken())
                    .replaceTree(req.target(), merged, new TreeEvent(EventType.MERGE_COMPLETED, null, d));
        }
        MergeReport.Result r = plan.applied().isEmpty() ? MergeReport.Result.UP_TO_DATE : MergeReport.Result.MERGED;
        return plan.report(r, ctx.fingerprint(req.target()));
    }
}
