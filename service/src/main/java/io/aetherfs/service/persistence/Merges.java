package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.KeySpace;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.merge.MergeConflict;
import io.aetherfs.core.merge.MergeOutcome;
import io.aetherfs.core.merge.TreeMerge;
import io.aetherfs.core.model.ConflictState;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.core.tree.TreeDiff;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.session.SessionAccess;
import io.aetherfs.service.session.Transitions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Merge and mergeFrom (spec §8.5): the merge is computed outside the committer against snapshots of
 * both sessions; its change then checks the target did not move, and either replaces the target tree
 * atomically or moves it to CONFLICT, recording the matching event.
 */
public final class Merges {
    private static final int MAX_ATTEMPTS = 5;
    private static final int MAX_LISTED = 1000;

    private final Engine engine;
    private final SessionAccess access;

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
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SessionState source = access.load(caller, req.source(), SessionAccess.TREE_READABLE);
            SessionState target = access.load(caller, req.target(), SessionAccess.MERGE_TARGET);
            if (req.requireDescendant() && !MergeBases.descends(source.session(), req.target())) {
                throw AfsException.of(
                        Reason.NOT_A_DESCENDANT,
                        "session " + req.source() + " does not descend from " + req.target()
                                + "; use mergeFrom to merge unrelated sessions");
            }
            Hash sourceRoot = engine.execute(caller.tenant(), caller.actor(), ctx -> ctx.flush(req.source()));
            source = engine.snapshot(caller.tenant(), req.source());
            Hash ancestorRoot = MergeBases.ancestor(engine.meta(), caller.tenant(), target.session(), source.session());
            DirEntry ancestor =
                    ancestorRoot == null ? EmptyTree.ROOT : engine.storedTree(caller.tenant(), ancestorRoot);
            Map<Hash, byte[]> inline = new ConcurrentHashMap<>();
            TextFiles text = new TextFiles(engine.content(caller.tenant()), inline);
            TreeMerge.Options options = new TreeMerge.Options(
                    req.resolutions(), req.strategy(), req.lineMerge(), text::isText, text::merge);
            MergeOutcome outcome = new TreeMerge(
                            engine.fileTree(caller.tenant()).source(), options)
                    .merge(ancestor, target.tree(), source.tree());
            Canonical canonical = engine.canonical(caller.tenant());
            String ancestorFp = canonical.fingerprint(ancestor);
            List<ChangeEntry> applied = new ArrayList<>();
            for (TreeDiff.Change c : outcome.applied()) {
                applied.add(Changes.entry(canonical, c));
            }
            applied.sort(Changes.BY_PATH);
            List<MergeReport.Conflict> conflicts = outcome.conflicts().stream()
                    .map(c -> conflict(canonical, c))
                    .toList();
            if (req.dryRun()) {
                return report(
                        req,
                        MergeReport.Result.DRY_RUN,
                        ancestorFp,
                        canonical.fingerprint(target.tree()),
                        applied,
                        outcome,
                        conflicts);
            }
            long walSeq = target.session().head().walSeq();
            long rootWal = target.session().head().rootWal();
            MergeReport done = engine.execute(caller.tenant(), caller.actor(), ctx -> {
                Session cur = SessionAccess.inChange(ctx, caller, req.target(), SessionAccess.MERGE_TARGET);
                if (cur.head().walSeq() != walSeq || cur.head().rootWal() != rootWal) {
                    return null; // the target changed while the merge was computed: compute again
                }
                if (!conflicts.isEmpty()) {
                    ConflictState state = new ConflictState(
                            req.source(),
                            conflicts.stream()
                                    .limit(MAX_LISTED)
                                    .map(c -> c.path().value())
                                    .toList(),
                            conflicts.size(),
                            ctx.now());
                    ctx.updateSession(
                            req.target(),
                            s -> s.withLifecycle(new Session.Lifecycle(
                                    s.status(),
                                    state,
                                    s.lifecycle().pendingApprovalId(),
                                    s.lifecycle().archivedAt(),
                                    s.lifecycle().lastCommitId())));
                    if (cur.status() != SessionStatus.CONFLICT) {
                        Transitions.change(ctx, req.target(), SessionStatus.CONFLICT, "merge", null);
                    }
                    ctx.appendEvent(
                            req.target(),
                            EventType.MERGE_CONFLICTED,
                            null,
                            Map.of("sourceSessionId", req.source().value(), "conflictCount", conflicts.size()));
                    return report(
                            req,
                            MergeReport.Result.CONFLICT,
                            ancestorFp,
                            ctx.fingerprint(req.target()),
                            applied,
                            outcome,
                            conflicts);
                }
                inline.forEach(ctx::storeInline);
                if (!applied.isEmpty()) {
                    ctx.replaceTree(req.target(), outcome.merged());
                }
                ctx.put(KeySpace.mergeBase(req.target(), req.source()), sourceRoot.toBytes());
                if (cur.status() == SessionStatus.CONFLICT) {
                    Transitions.change(ctx, req.target(), SessionStatus.ACTIVE, "merge", null);
                }
                Map<String, Object> d = new HashMap<>();
                d.put("sourceSessionId", req.source().value());
                d.put("applied", applied.size());
                d.put("lineMerged", outcome.lineMerged().size());
                ctx.appendEvent(req.target(), EventType.MERGE_COMPLETED, null, d);
                MergeReport.Result r = applied.isEmpty() ? MergeReport.Result.UP_TO_DATE : MergeReport.Result.MERGED;
                return report(req, r, ancestorFp, ctx.fingerprint(req.target()), applied, outcome, conflicts);
            });
            if (done != null) {
                return done;
            }
        }
        throw new AfsException(ErrorCode.ABORTED, "session " + req.target() + " kept changing during the merge; retry");
    }

    private static MergeReport report(
            MergeRequest req,
            MergeReport.Result result,
            String ancestorFp,
            String fingerprint,
            List<ChangeEntry> applied,
            MergeOutcome outcome,
            List<MergeReport.Conflict> conflicts) {
        boolean truncated = applied.size() > MAX_LISTED;
        return new MergeReport(
                result,
                req.target(),
                req.source(),
                ancestorFp,
                fingerprint,
                truncated ? applied.subList(0, MAX_LISTED) : applied,
                truncated,
                outcome.lineMerged(),
                conflicts.size() > MAX_LISTED ? conflicts.subList(0, MAX_LISTED) : conflicts,
                Changes.stats(applied));
    }

    private static MergeReport.Conflict conflict(Canonical canonical, MergeConflict c) {
        return new MergeReport.Conflict(
                c.path(),
                c.kind(),
                hash(canonical, c.ancestor()),
                hash(canonical, c.ours()),
                hash(canonical, c.theirs()),
                c.textMergeAttempted());
    }

    private static String hash(Canonical canonical, Entry e) {
        return Changes.hash(canonical, e);
    }
}
