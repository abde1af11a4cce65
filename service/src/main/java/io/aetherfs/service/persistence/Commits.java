package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.ChangeStats;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.CommitObject;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.service.Limits;
import io.aetherfs.service.approvals.Approval;
import io.aetherfs.service.approvals.ApprovalGate;
import io.aetherfs.service.approvals.ApprovalReason;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.Fingerprints;
import io.aetherfs.service.session.SessionAccess;
import java.util.List;

/** Commits and commit summaries (spec §8.4): immutable records of a session's tree with a message. */
public final class Commits {
    private static final int SUMMARY_MAX = 1000;

    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final Fingerprints fingerprints;

    public Commits(Engine engine, Limits limits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
        this.fingerprints = new Fingerprints(engine);
    }

    /** Commits the working tree; checks capability, status, expected fingerprint and approvals in that order. */
    public Commit commit(Caller caller, SessionId id, String message, String expectedFingerprint, boolean allowEmpty) {
        caller.require(Scope.SESSION_WRITE);
        if (message == null || message.isEmpty() || message.length() > 16384) {
            throw AfsException.invalid("message must be 1 to 16384 characters");
        }
        Fingerprints.checkExpected(expectedFingerprint);
        fingerprints.warm(caller.tenant(), id);
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Session s = prepare(ctx, caller, id);
            Plan plan = decide(ctx, s, expectedFingerprint, allowEmpty);
            return apply(ctx, caller, s.id(), message, plan);
        });
    }

    /**
     * What a commit records: the commit it follows (null: the base), the tree's fingerprint, the changes
     * and the approval it consumes (null when approvals are off).
     */
    private record Plan(Commit parent, String fingerprint, ChangeStats stats, Approval approval) {}

    /** Returns the session if the caller may commit it: visible, commits enabled, ACTIVE. */
    private static Session prepare(ChangeContext ctx, Caller caller, SessionId id) {
        Session s = ctx.findSession(id).orElseThrow(() -> AfsException.notFound("session " + id + " not found"));
        SessionAccess.checkVisible(caller, s);
        if (!s.settings().capabilities().commit()) {
            throw AfsException.of(
                    Reason.CAPABILITY_DISABLED, "commits are disabled for session " + id, "capability", "commit");
        }
        SessionAccess.requireStatus(s, SessionAccess.ACTIVE_ONLY);
        return s;
    }

    /** Checks the expected fingerprint and approvals, then what changed since the parent; refuses an empty commit. */
    private static Plan decide(ChangeContext ctx, Session s, String expectedFingerprint, boolean allowEmpty) {
        String fingerprint = ctx.fingerprint(s.id());
        checkExpected(s, expectedFingerprint, fingerprint);
        Approval approval = ApprovalGate.require(ctx, s, ApprovalReason.COMMIT_TO_MAIN);
        CommitId last = s.lifecycle().lastCommitId();
        Commit parent = last == null
                ? null
                : ctx.records(CommitRecords.COMMITS, s.id()).get(last).orElse(null);
        DirEntry fromTree =
                ctx.storedTree(parent != null ? parent.root() : s.origin().baseRoot());
        ChangeStats stats = Changes.stats(
                Changes.between(ctx.fileTree().source(), ctx.canonical(), fromTree, ctx.tree(s.id()), FsPath.ROOT));
        if (stats.isEmpty() && !allowEmpty) {
            throw AfsException.of(
                    Reason.NOTHING_TO_COMMIT,
                    "nothing changed since " + (parent != null ? "commit " + parent.id() : "the base")
                            + "; pass allowEmpty to commit anyway");
        }
        return new Plan(parent, fingerprint, stats, approval);
    }

    /** Refuses a commit of a tree other than the expected one. */
    private static void checkExpected(Session s, String expectedFingerprint, String fingerprint) {
        if (expectedFingerprint != null && !expectedFingerprint.isEmpty() && !expectedFingerprint.equals(fingerprint)) {
            throw AfsException.of(
                    Reason.STALE_FINGERPRINT,
                    "session " + s.id() + " moved on: its fingerprint is now " + fingerprint,
                    "currentFingerprint",
                    fingerprint);
        }
    }

    /**
     * Stores the tree and its commit object and records the commit (its kind records COMMIT_CREATED), then
     * consumes the approval it needed (APPROVAL_CONSUMED), all in the commit's change.
     */
    private static Commit apply(ChangeContext ctx, Caller caller, SessionId id, String message, Plan plan) {
        Hash root = ctx.flush(id);
        Commit parent = plan.parent();
        byte[] object = new CommitObject(
                        root,
                        parent != null ? parent.object() : null,
                        caller.principal(),
                        ctx.now().toEpochMilli(),
                        message)
                .encode();
        Hash objectId = Hash.of(object);
        ctx.storeNode(objectId, object);
        CommitId cid = CommitId.generate(ctx.ids());
        Commit c = new Commit(
                cid,
                id,
                parent != null ? parent.id() : null,
                root,
                objectId,
                plan.fingerprint(),
                message,
                caller.principal(),
                ctx.now(),
                plan.stats(),
                plan.approval() == null ? null : plan.approval().id().value());
        ctx.records(CommitRecords.COMMITS, id).put(c);
        if (plan.approval() != null) {
            ApprovalGate.markConsumed(ctx, plan.approval(), "commit:" + cid.value());
        }
        ctx.updateSession(id, x -> x.withLifecycle(x.lifecycle().withLastCommit(cid)));
        return c;
    }

    /** Lists commits newest first. */
    public Page<Commit> list(Caller caller, SessionId id, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String after = tokens.decode(page, "ListCommits:" + id, "");
        RecordPage<Commit> rows = engine.records(caller.tenant())
                .of(CommitRecords.COMMITS, id)
                .list(RecordQuery.<CommitId>last(size).after(after == null ? null : new CommitId(after)));
        List<Commit> items = rows.items();
        return new Page<>(
                items,
                rows.more()
                        ? tokens.encode(
                                "ListCommits:" + id, "", items.getLast().id().value())
                        : "");
    }

    /** Returns one commit. */
    public Commit get(Caller caller, SessionId id, CommitId commitId) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        return find(engine, caller.tenant(), id, commitId);
    }

    /**
     * Returns a commit of a session without checking access (callers have checked it), or throws NOT_FOUND
     * ("commit … not found in session …").
     */
    public static Commit find(Engine engine, TenantId tenant, SessionId id, CommitId commitId) {
        return engine.records(tenant).of(CommitRecords.COMMITS, id).require(commitId);
    }

    /** Summarizes the changes since the last commit (or the base) below {@code prefix}. */
    public CommitSummary summary(Caller caller, SessionId id, FsPath prefix) {
        caller.require(Scope.SESSION_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        CommitId last = s.session().lifecycle().lastCommitId();
        Commit parent = last == null ? null : get(caller, id, last);
        Hash fromRoot = parent != null ? parent.root() : s.session().origin().baseRoot();
        DirEntry from = engine.storedTree(caller.tenant(), fromRoot);
        List<ChangeEntry> all = Changes.between(
                engine.fileTree(caller.tenant()).source(), engine.canonical(caller.tenant()), from, s.tree(), prefix);
        ChangeStats stats = Changes.stats(all);
        String fromFp =
                parent != null ? parent.fingerprint() : s.session().origin().baseFingerprint();
        return new CommitSummary(
                last,
                fromFp,
                fingerprints.of(caller.tenant(), s),
                all.size() > SUMMARY_MAX ? all.subList(0, SUMMARY_MAX) : all,
                all.size() > SUMMARY_MAX,
                stats,
                Summaries.paragraph(all, stats));
    }

    /** Returns the commit id {@code raw} names; NOT_FOUND when it is malformed (it names no commit). */
    public static CommitId parseId(String raw) {
        if (!CommitId.isValid(raw)) {
            throw AfsException.notFound("commit " + raw + " not found");
        }
        return new CommitId(raw);
    }
}
