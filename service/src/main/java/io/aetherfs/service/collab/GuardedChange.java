package io.aetherfs.service.collab;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.RecordType;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.engine.TreeEvent;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.model.Ulid;
import io.aetherfs.core.tree.Canonical;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.TreeOp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link ChangeContext} whose tree writes pass through a {@link LockGuard}: each op and each whole-tree
 * replacement is checked against the session's live locks in the change that makes it, so a refused
 * write leaves no trace. Everything else goes to the change unchanged.
 */
final class GuardedChange implements ChangeContext {
    private final ChangeContext ctx;
    private final LockGuard guard;

    GuardedChange(ChangeContext ctx, LockGuard guard) {
        this.ctx = ctx;
        this.guard = guard;
    }

    @Override
    public DirEntry apply(SessionId id, TreeOp op, UnaryOperator<TreeEvent> note) {
        DirEntry before = ctx.tree(id);
        DirEntry after = ctx.apply(id, op, note);
        guard.check(ctx, id, before, after);
        return after;
    }

    @Override
    public Hash replaceTree(SessionId id, DirEntry root, TreeEvent event) {
        guard.check(ctx, id, ctx.tree(id), root);
        return ctx.replaceTree(id, root, event);
    }

    @Override
    public TenantId tenant() {
        return ctx.tenant();
    }

    @Override
    public Instant now() {
        return ctx.now();
    }

    @Override
    public Actor actor() {
        return ctx.actor();
    }

    @Override
    public Ulid ids() {
        return ctx.ids();
    }

    @Override
    public Optional<Session> findSession(SessionId id) {
        return ctx.findSession(id);
    }

    @Override
    public Session session(SessionId id) {
        return ctx.session(id);
    }

    @Override
    public DirEntry tree(SessionId id) {
        return ctx.tree(id);
    }

    @Override
    public String fingerprint(SessionId id) {
        return ctx.fingerprint(id);
    }

    @Override
    public FileTree fileTree() {
        return ctx.fileTree();
    }

    @Override
    public DirEntry storedTree(Hash root) {
        return ctx.storedTree(root);
    }

    @Override
    public ContentStore content() {
        return ctx.content();
    }

    @Override
    public Canonical canonical() {
        return ctx.canonical();
    }

    @Override
    public void createSession(Session session, DirEntry tree, TreeEvent event) {
        ctx.createSession(session, tree, event);
    }

    @Override
    public Session updateSession(SessionId id, UnaryOperator<Session> change) {
        return ctx.updateSession(id, change);
    }

    @Override
    public void deleteSession(SessionId id) {
        ctx.deleteSession(id);
    }

    @Override
    public Hash flush(SessionId id) {
        return ctx.flush(id);
    }

    @Override
    public Event appendEvent(SessionId id, EventType type, String path, Map<String, Object> details) {
        return ctx.appendEvent(id, type, path, details);
    }

    @Override
    public <I, R> Records<I, R> records(RecordType<I, R> type, SessionId session) {
        return ctx.records(type, session);
    }

    @Override
    public <I, R> Records<I, R> deploymentRecords(RecordType<I, R> type) {
        return ctx.deploymentRecords(type);
    }

    @Override
    public Hash storeTree(DirEntry tree) {
        return ctx.storeTree(tree);
    }

    @Override
    public void storeInline(Hash hash, byte[] data) {
        ctx.storeInline(hash, data);
    }

    @Override
    public void storeNode(Hash id, byte[] encoding) {
        ctx.storeNode(id, encoding);
    }

    @Override
    public void afterCommit(Runnable action) {
        ctx.afterCommit(action);
    }
}
