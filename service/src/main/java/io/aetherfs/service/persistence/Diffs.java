package io.aetherfs.service.persistence;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.Names;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.Fingerprints;
import io.aetherfs.service.session.SessionAccess;
import java.util.List;

/** Diffs from a reference tree to a session's working tree (spec §8.4): base, lastCommit, checkpoint:, session:. */
public final class Diffs {
    private final Engine engine;
    private final SessionAccess access;
    private final PageTokens tokens;
    private final Fingerprints fingerprints;
    private final Checkpoints checkpoints;
    private final Commits commits;

    public Diffs(Engine engine, Limits limits, Checkpoints checkpoints, Commits commits) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.tokens = new PageTokens(limits);
        this.fingerprints = new Fingerprints(engine);
        this.checkpoints = checkpoints;
        this.commits = commits;
    }

    private record Ref(DirEntry tree, String fingerprint) {}

    public DiffResult diff(Caller caller, SessionId id, String against, FsPath prefix, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        String a = against == null || against.isEmpty() ? "base" : against;
        Ref from = resolve(caller, s, a);
        int size = tokens.size(page);
        String filter = a + "|" + prefix;
        String after = tokens.decode(page, "GetDiff:" + id, filter);
        List<ChangeEntry> all = Changes.between(
                engine.fileTree(caller.tenant()).source(),
                engine.canonical(caller.tenant()),
                from.tree(),
                s.tree(),
                prefix);
        List<ChangeEntry> rest = after == null
                ? all
                : all.stream()
                        .filter(c -> Names.compare(c.path().value(), after) > 0)
                        .toList();
        List<ChangeEntry> pageItems = rest.size() > size ? rest.subList(0, size) : rest;
        String next = rest.size() > size
                ? tokens.encode(
                        "GetDiff:" + id, filter, pageItems.getLast().path().value())
                : "";
        return new DiffResult(
                a, from.fingerprint(), fingerprints.of(caller.tenant(), s), pageItems, Changes.stats(all), next);
    }

    private Ref resolve(Caller caller, SessionState s, String against) {
        var session = s.session();
        if (against.equals("base")) {
            return new Ref(
                    engine.storedTree(caller.tenant(), session.origin().baseRoot()),
                    session.origin().baseFingerprint());
        }
        if (against.equals("lastCommit")) {
            if (session.lifecycle().lastCommitId() == null) {
                return resolve(caller, s, "base");
            }
            Commit c = commits.get(caller, session.id(), session.lifecycle().lastCommitId());
            return new Ref(engine.storedTree(caller.tenant(), c.root()), c.fingerprint());
        }
        if (against.startsWith("checkpoint:")) {
            Checkpoint c = checkpoints.find(
                    caller, session.id(), Checkpoints.parseId(against.substring("checkpoint:".length())));
            return new Ref(engine.storedTree(caller.tenant(), c.root()), c.fingerprint());
        }
        if (against.startsWith("session:")) {
            SessionId other = SessionAccess.parseId(against.substring("session:".length()));
            SessionState o = access.load(caller, other, SessionAccess.TREE_READABLE);
            return new Ref(o.tree(), fingerprints.of(caller.tenant(), o));
        }
        throw AfsException.invalid(
                "against must be base, lastCommit, checkpoint:<id> or session:<id>, got \"" + against + "\"");
    }
}
