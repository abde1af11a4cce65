package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.KeySpace;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.ChangeStats;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.NodeCodec;
import io.aetherfs.core.util.Json;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.Fingerprints;
import io.aetherfs.service.session.SessionAccess;
import java.util.List;
import java.util.Map;

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
            Session s = ctx.findSession(id).orElseThrow(() -> AfsException.notFound("session " + id + " not found"));
            SessionAccess.checkVisible(caller, s);
            if (!s.settings().capabilities().commit()) {
                throw AfsException.of(
                        Reason.CAPABILITY_DISABLED, "commits are disabled for session " + id, "capability", "commit");
            }
            SessionAccess.requireStatus(s, SessionAccess.ACTIVE_ONLY);
            String fingerprint = ctx.fingerprint(id);
            if (expectedFingerprint != null
                    && !expectedFingerprint.isEmpty()
                    && !expectedFingerprint.equals(fingerprint)) {
                throw AfsException.of(
                        Reason.STALE_FINGERPRINT,
                        "session " + id + " moved on: its fingerprint is now " + fingerprint,
                        "currentFingerprint",
                        fingerprint);
            }
            if (s.settings().capabilities().approvals()) {
                throw AfsException.of(
                        Reason.APPROVAL_REQUIRED,
                        "committing session " + id
                                + " needs a granted APPROVAL_REASON_COMMIT_TO_MAIN approval for fingerprint "
                                + fingerprint,
                        "reason",
                        "APPROVAL_REASON_COMMIT_TO_MAIN");
            }
            Commit parent = s.lifecycle().lastCommitId() == null
                    ? null
                    : read(ctx.get(KeySpace.commit(id, s.lifecycle().lastCommitId()))
                            .orElse(null));
            Hash from = parent != null ? parent.root() : s.origin().baseRoot();
            DirEntry fromTree = ctx.storedTree(from);
            ChangeStats stats = Changes.stats(
                    Changes.between(ctx.fileTree().source(), ctx.canonical(), fromTree, ctx.tree(id), FsPath.ROOT));
            if (stats.isEmpty() && !allowEmpty) {
                throw AfsException.of(
                        Reason.NOTHING_TO_COMMIT,
                        "nothing changed since " + (parent != null ? "commit " + parent.id() : "the base")
                                + "; pass allowEmpty to commit anyway");
            }
            Hash root = ctx.flush(id);
            byte[] object = NodeCodec.encodeCommit(new NodeCodec.CommitNode(
                    root,
                    parent != null ? parent.object() : null,
                    caller.principal(),
                    ctx.now().toEpochMilli(),
                    message));
            Hash objectId = Hash.of(object);
            ctx.storeNode(objectId, object);
            CommitId cid = CommitId.generate(ctx.ids());
            Commit c = new Commit(
                    cid,
                    id,
                    parent != null ? parent.id() : null,
                    root,
                    objectId,
                    fingerprint,
                    message,
                    caller.principal(),
                    ctx.now(),
                    stats,
                    null);
            ctx.put(KeySpace.commit(id, cid), Json.write(c));
            ctx.updateSession(id, x -> x.withLifecycle(x.lifecycle().withLastCommit(cid)));
            ctx.appendEvent(
                    id,
                    EventType.COMMIT_CREATED,
                    null,
                    Map.of(
                            "commitId",
                            cid.value(),
                            "fingerprint",
                            fingerprint,
                            "added",
                            stats.added(),
                            "modified",
                            stats.modified(),
                            "deleted",
                            stats.deleted()));
            return c;
        });
    }

    /** Lists commits newest first. */
    public Page<Commit> list(Caller caller, SessionId id, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        int size = tokens.size(page);
        String after = tokens.decode(page, "ListCommits:" + id, "");
        var range = KeySpace.commits(id).reversed();
        var r = after == null ? range : range.after(KeySpace.commit(id, new CommitId(after)));
        List<KeyValue> rows = engine.meta().read(tx -> tx.scan(caller.tenant(), r, size + 1));
        List<Commit> items = rows.stream()
                .limit(size)
                .map(kv -> Json.read(kv.value(), Commit.class))
                .toList();
        return new Page<>(
                items,
                rows.size() > size
                        ? tokens.encode(
                                "ListCommits:" + id, "", items.getLast().id().value())
                        : "");
    }

    /** Returns one commit. */
    public Commit get(Caller caller, SessionId id, CommitId commitId) {
        caller.require(Scope.SESSION_READ);
        access.load(caller, id);
        return engine.meta()
                .read(tx -> tx.get(caller.tenant(), KeySpace.commit(id, commitId)))
                .map(Commits::read)
                .orElseThrow(() -> AfsException.notFound("commit " + commitId + " not found in session " + id));
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

    static Commit read(byte[] json) {
        return json == null ? null : Json.read(json, Commit.class);
    }
}
