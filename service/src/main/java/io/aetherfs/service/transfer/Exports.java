package io.aetherfs.service.transfer;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Checkpoint;
import io.aetherfs.core.model.CheckpointId;
import io.aetherfs.core.model.Commit;
import io.aetherfs.core.model.CommitId;
import io.aetherfs.core.model.FsPath;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Entry;
import io.aetherfs.service.archive.ArchiveFormat;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.persistence.Checkpoints;
import io.aetherfs.service.persistence.Commits;
import io.aetherfs.service.session.SessionAccess;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Export (spec §8.16): resolves what to export and checks access first, so a transport can answer
 * errors before streaming; then writes the archive.
 */
public final class Exports {
    private final Engine engine;
    private final SessionAccess access;

    public Exports(Engine engine) {
        this.engine = engine;
        this.access = new SessionAccess(engine);
    }

    /** A resolved export, ready to write. */
    public final class Export {
        private final TenantId tenant;
        private final DirEntry root;
        private final FsPath prefix;
        private final ArchiveFormat format;

        private Export(TenantId tenant, DirEntry root, FsPath prefix, ArchiveFormat format) {
            this.tenant = tenant;
            this.root = root;
            this.prefix = prefix;
            this.format = format;
        }

        public ArchiveFormat format() {
            return format;
        }

        /** Streams the archive to {@code out} (not closed). */
        public void writeTo(OutputStream out) throws IOException {
            ContentStore store = engine.content(tenant);
            new TreeArchiver(engine.fileTree(tenant), store).write(root, prefix, format, out);
        }
    }

    /** Resolves {@code at} (working, commit:&lt;id&gt;, checkpoint:&lt;id&gt;) and the prefix; fails before any byte is written. */
    public Export open(Caller caller, SessionId id, ArchiveFormat format, String at, FsPath prefix) {
        caller.require(Scope.FILESYSTEM_READ);
        SessionState s = access.load(caller, id, SessionAccess.TREE_READABLE);
        DirEntry root = tree(caller.tenant(), s, at == null || at.isEmpty() ? "working" : at);
        Entry e = engine.fileTree(caller.tenant()).lookup(root, prefix).orElse(null);
        if (e == null) {
            throw io.aetherfs.core.tree.FileTree.notFound(prefix);
        }
        return new Export(caller.tenant(), root, prefix, format);
    }

    private DirEntry tree(TenantId tenant, SessionState s, String at) {
        SessionId id = s.session().id();
        if (at.equals("working")) {
            return s.tree();
        }
        if (at.startsWith("commit:") && CommitId.isValid(at.substring(7))) {
            Commit c = Commits.find(engine, tenant, id, new CommitId(at.substring(7)));
            return engine.storedTree(tenant, c.root());
        }
        if (at.startsWith("checkpoint:") && CheckpointId.isValid(at.substring(11))) {
            Checkpoint c = Checkpoints.find(engine, tenant, id, new CheckpointId(at.substring(11)));
            return engine.storedTree(tenant, c.root());
        }
        if (at.startsWith("commit:") || at.startsWith("checkpoint:")) {
            throw AfsException.notFound(at + " not found");
        }
        throw AfsException.invalid("at must be working, commit:<id> or checkpoint:<id>, got \"" + at + "\"");
    }
}
