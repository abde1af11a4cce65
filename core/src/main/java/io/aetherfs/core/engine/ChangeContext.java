package io.aetherfs.core.engine;

import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Event;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.FileTree;
import io.aetherfs.core.tree.TreeOp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a {@link Change} can see and do, all within one tenant. Reads see the latest committed state
 * plus the effects of changes queued before this one; writes become visible to later changes at
 * once and durable when the batch commits.
 */
public interface ChangeContext {
    TenantId tenant();

    /** Returns the time this change runs at (the same for every call within it). */
    Instant now();

    /** Returns the actor events of this change are attributed to. */
    Actor actor();

    /** Returns the generator of new ids. */
    io.aetherfs.core.model.Ulid ids();

    /** Returns the session record, or empty if it does not exist. */
    Optional<Session> findSession(SessionId id);

    /** Returns the session record or throws NOT_FOUND. */
    Session session(SessionId id);

    /** Returns the current working tree of a session. */
    DirEntry tree(SessionId id);

    /** Returns the fingerprint of the current working tree. */
    String fingerprint(SessionId id);

    /** Returns a path-level view of this tenant's trees. */
    FileTree fileTree();

    /**
     * Returns the tree stored under a tree-root id (a checkpoint, commit or merge-base root), including
     * roots stored by this change or an earlier one of its batch, which the store does not hold yet.
     */
    DirEntry storedTree(Hash root);

    /** Returns the tenant's content store, which also sees inline extents stored earlier in this batch. */
    io.aetherfs.core.content.ContentStore content();

    /** Returns the fingerprint calculator, reading content the way {@link #content()} does. */
    io.aetherfs.core.tree.Canonical canonical();

    /**
     * Creates a session whose tree is {@code tree} and appends {@code event} (its creation or fork) as its
     * first event; its head is filled in by the engine.
     */
    void createSession(Session session, DirEntry tree, TreeEvent event);

    /** Replaces the session record with {@code change(current)}; the engine keeps the head current. */
    Session updateSession(SessionId id, UnaryOperator<Session> change);

    /** Deletes the session record and every key it owns ({@link KeySpace#ownedBy}). */
    void deleteSession(SessionId id);

    /**
     * Applies a tree op to the session's tree, logs it and appends its event ({@link TreeEvent#of}) in
     * this change; returns the new tree.
     */
    default DirEntry apply(SessionId id, TreeOp op) {
        return apply(id, op, UnaryOperator.identity());
    }

    /**
     * Applies a tree op like {@link #apply(SessionId, TreeOp)}; {@code note} adds to the derived event what
     * only the caller knows (for example that a removal was an unlink).
     */
    DirEntry apply(SessionId id, TreeOp op, UnaryOperator<TreeEvent> note);

    /**
     * Replaces the whole tree (restore, merge, sync), stores it and appends {@code event}, the operation
     * that replaced it; returns the stored root id.
     */
    Hash replaceTree(SessionId id, DirEntry root, TreeEvent event);

    /**
     * Stores a tree that belongs to no session (a source revision) with every node of it not stored yet;
     * returns its root id. The root is no live root until a record that names it commits with it.
     */
    Hash storeTree(DirEntry tree);

    /** Stores the session's working tree and folds its log; returns the stored root id. */
    Hash flush(SessionId id);

    /** Appends an event to the session's log (next gapless sequence) and advances its activity time. */
    Event appendEvent(SessionId id, EventType type, String path, Map<String, Object> details);

    /**
     * Returns the records of one kind in a session ({@code session} null for kinds that live beside the
     * sessions). Writes through it record their kind's events in this change.
     */
    <I, R> Records<I, R> records(RecordType<I, R> type, SessionId session);

    /**
     * Returns the records of one kind kept outside every tenant, in the reserved keyspace of
     * {@link TenantId#DEPLOYMENT} (deployment-wide state such as unscoped secrets), written in this change;
     * the events their kind derives go to this change's tenant.
     */
    <I, R> Records<I, R> deploymentRecords(RecordType<I, R> type);

    /** Stores an inline content extent the change refers to. */
    void storeInline(Hash hash, byte[] data);

    /** Stores a content-addressed node (for example a commit object). */
    void storeNode(Hash id, byte[] encoding);

    /** Runs {@code action} after the batch holding this change committed durably. */
    void afterCommit(Runnable action);
}
