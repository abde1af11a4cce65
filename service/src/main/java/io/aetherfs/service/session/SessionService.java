package io.aetherfs.service.session;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.engine.Records;
import io.aetherfs.core.engine.SessionState;
import io.aetherfs.core.engine.TreeEvent;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.ErrorCode;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.Capabilities;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.ForkPoint;
import io.aetherfs.core.model.Hash;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.tree.Attrs;
import io.aetherfs.core.tree.DirEntry;
import io.aetherfs.core.tree.Xattrs;
import io.aetherfs.service.Limits;
import io.aetherfs.service.Policy;
import io.aetherfs.service.approvals.ApprovalGate;
import io.aetherfs.service.approvals.ApprovalReason;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.SessionRecords.Expiry;
import io.aetherfs.service.usage.SessionLifetimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Session lifecycle use cases: create, list, get, update, delete and fork (spec §8.1, §8.2, §9.1). */
public final class SessionService {
    private final Engine engine;
    private final SessionAccess access;
    private final Limits limits;
    private final Policy policy;
    private final PageTokens tokens;
    private final Fingerprints fingerprints;
    private final SourceBases sources;

    public SessionService(Engine engine, Limits limits, Policy policy) {
        this(engine, limits, policy, SourceBases.NONE);
    }

    /** Sessions whose {@code sourceRef}s are resolved by {@code sources}. */
    public SessionService(Engine engine, Limits limits, Policy policy, SourceBases sources) {
        this.sources = sources;
        this.engine = engine;
        this.access = new SessionAccess(engine);
        this.limits = limits;
        this.policy = policy;
        this.tokens = new PageTokens(limits);
        this.fingerprints = new Fingerprints(engine);
    }

    /**
     * Creates an ACTIVE session on the empty underlay or, with a {@code sourceRef}, on a READY source's
     * revision: its stored root becomes the session's tree and base, like a fork, so the cost does not
     * depend on the revision's size.
     */
    public SessionView create(Caller caller, CreateSession req) {
        caller.require(Scope.SESSION_WRITE);
        validate(req.tags(), req.labels(), req.displayName(), req.description(), req.sharedWith(), req.ttlSeconds());
        if (req.owner() != null) {
            Validation.principal("owner", req.owner());
        }
        Capabilities caps = (req.capabilities() == null ? new CapabilitiesPatch(null, null, null) : req.capabilities())
                .applyTo(Capabilities.DEFAULT);
        if (policy.requireApprovals()) {
            caps = new Capabilities(caps.commit(), true, caps.annotations());
        }
        Capabilities capabilities = caps;
        SessionId id = SessionId.generate(engine.ids());
        Session created = engine.execute(caller.tenant(), caller.actor(), ctx -> {
            SourceBases.Base source = req.sourceRef() == null ? null : sources.resolve(ctx, req.sourceRef());
            reserveQuota(ctx);
            Instant now = ctx.now();
            DirEntry root = source != null
                    ? ctx.storedTree(source.root())
                    : DirEntry.empty(new Attrs(1, 0755, 0, 0, nanos(now), Xattrs.NONE));
            Instant expiresAt = req.ttlSeconds() == null ? null : now.plusSeconds(req.ttlSeconds());
            Session s = new Session(
                    id,
                    new Session.Origin(
                            source == null,
                            source == null ? null : source.ref(),
                            null,
                            null,
                            null,
                            null,
                            List.of(),
                            caller.principal(),
                            now),
                    new Session.Settings(
                            req.displayName(),
                            req.description(),
                            req.tags(),
                            req.labels(),
                            capabilities,
                            req.owner() != null ? req.owner() : caller.principal(),
                            req.visibility(),
                            req.sharedWith(),
                            req.ttlSeconds(),
                            expiresAt),
                    new Session.Lifecycle(SessionStatus.ACTIVE, null, null, null, null),
                    new Session.Head(null, null, 0, 0, 0, now, now));
            ctx.createSession(s, root, new TreeEvent(EventType.SESSION_CREATED, null, createdDetails(source)));
            Hash base = ctx.session(id).head().root();
            String fp = ctx.session(id).head().rootFingerprint();
            ctx.updateSession(id, x -> withBase(x, base, fp));
            if (expiresAt != null) {
                ctx.records(SessionRecords.EXPIRY, null).put(new Expiry(expiresAt, id));
            }
            return ctx.session(id);
        });
        return fingerprints.view(caller.tenant(), created);
    }

    private static Map<String, Object> createdDetails(SourceBases.Base source) {
        if (source == null) {
            return Map.of("underlay", "UNDERLAY_KIND_EMPTY");
        }
        return Map.of(
                "underlay",
                "UNDERLAY_KIND_SOURCE",
                "sourceId",
                source.ref().sourceId(),
                "revisionId",
                source.ref().revisionId());
    }

    /** Returns the session the caller may see. */
    public SessionView get(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_READ);
        SessionState s = access.load(caller, id);
        return fingerprints.view(caller.tenant(), s);
    }

    /** Lists sessions newest first, filtered, skipping private sessions the caller may not see. */
    public Page<SessionView> list(Caller caller, SessionFilter filter, PageRequest page) {
        caller.require(Scope.SESSION_READ);
        int size = tokens.size(page);
        String after = tokens.decode(page, "ListSessions", filter.canonical());
        Records<SessionId, Session> sessions = engine.records(caller.tenant()).of(EngineRecords.SESSIONS, null);
        List<SessionView> out = new ArrayList<>();
        String last = null;
        boolean more = false;
        while (!more) {
            RecordPage<Session> batch =
                    sessions.list(RecordQuery.<SessionId>last(256).after(after == null ? null : new SessionId(after)));
            for (Session s : batch.items()) {
                after = s.id().value();
                if (!filter.matches(s) || !SessionAccess.visible(caller, s)) {
                    continue;
                }
                if (out.size() == size) {
                    more = true;
                    break;
                }
                out.add(fingerprints.view(caller.tenant(), s));
                last = s.id().value();
            }
            if (!batch.more()) {
                break;
            }
        }
        return new Page<>(out, more ? tokens.encode("ListSessions", filter.canonical(), last) : "");
    }

    /** Applies a PATCH; capability changes need tenant.admin. */
    public SessionView update(Caller caller, SessionId id, SessionUpdate u) {
        caller.require(Scope.SESSION_WRITE);
        validate(u.tags(), u.labels(), u.displayName(), u.description(), u.sharedWith(), u.ttlSeconds());
        if (u.has("capabilities")) {
            caller.require(Scope.ADMIN);
        }
        Session updated = engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Session cur = SessionAccess.inChange(ctx, caller, id, SessionAccess.METADATA_WRITABLE);
            Session.Settings s = cur.settings();
            Instant expiresAt = s.expiresAt();
            if (u.has("ttlSeconds")) {
                Records<Expiry, Expiry> expiry = ctx.records(SessionRecords.EXPIRY, null);
                if (expiresAt != null) {
                    expiry.delete(new Expiry(expiresAt, id));
                }
                expiresAt = u.ttlSeconds() == null ? null : ctx.now().plusSeconds(u.ttlSeconds());
                if (expiresAt != null) {
                    expiry.put(new Expiry(expiresAt, id));
                }
            }
            Capabilities caps = u.has("capabilities") && u.capabilities() != null
                    ? u.capabilities().applyTo(s.capabilities())
                    : s.capabilities();
            Session.Settings next = new Session.Settings(
                    u.has("displayName") ? u.displayName() : s.displayName(),
                    u.has("description") ? u.description() : s.description(),
                    u.has("tags") ? u.tags() : s.tags(),
                    u.has("labels") ? u.labels() : s.labels(),
                    caps,
                    s.owner(),
                    u.has("visibility") && u.visibility() != null ? u.visibility() : s.visibility(),
                    u.has("sharedWith") ? u.sharedWith() : s.sharedWith(),
                    u.has("ttlSeconds") ? u.ttlSeconds() : s.ttlSeconds(),
                    expiresAt);
            ctx.updateSession(id, x -> x.withSettings(next));
            ctx.appendEvent(
                    id,
                    EventType.SESSION_UPDATED,
                    null,
                    Map.of("fields", new ArrayList<>(new java.util.TreeSet<>(u.fields()))));
            return ctx.session(id);
        });
        return fingerprints.view(caller.tenant(), updated);
    }

    /**
     * Deletes a session and all its state; forks and stored trees are unaffected. With
     * {@code capabilities.approvals} on it consumes a GRANTED DESTRUCTIVE_CLEANUP approval of the current
     * fingerprint ({@link ApprovalGate}), else it fails with APPROVAL_REQUIRED.
     */
    public void delete(Caller caller, SessionId id) {
        caller.require(Scope.SESSION_DELETE);
        engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Session s = SessionAccess.inChange(
                    ctx,
                    caller,
                    id,
                    java.util.EnumSet.of(
                            SessionStatus.ACTIVE,
                            SessionStatus.PENDING_REVIEW,
                            SessionStatus.CONFLICT,
                            SessionStatus.ARCHIVED));
            ApprovalGate.consume(ctx, s, ApprovalReason.DESTRUCTIVE_CLEANUP, "delete");
            remove(ctx, s);
            return null;
        });
    }

    /** Deletes a session as part of a change (also used by expiry, which needs no approval). */
    static void remove(ChangeContext ctx, Session s) {
        if (s.settings().expiresAt() != null) {
            ctx.records(SessionRecords.EXPIRY, null)
                    .delete(new Expiry(s.settings().expiresAt(), s.id()));
        }
        ctx.deleteSession(s.id());
        SessionLifetimes.ended(ctx, s);
        Records<String, Long> counters = ctx.records(SessionRecords.COUNTERS, null);
        long count = counters.get(SessionRecords.SESSION_COUNT).orElse(1L);
        counters.put(SessionRecords.SESSION_COUNT, Math.max(0, count - 1));
    }

    /** Forks a session: the child starts from the parent's current tree, uncommitted work included. */
    public SessionView fork(
            Caller caller,
            SessionId parentId,
            Map<String, String> tags,
            Map<String, String> labels,
            String displayName) {
        caller.require(Scope.SESSION_WRITE);
        validate(tags, labels, displayName, null, null, null);
        SessionId childId = SessionId.generate(engine.ids());
        fingerprints.warm(caller.tenant(), parentId);
        Session child = engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Session parent = SessionAccess.inChange(ctx, caller, parentId, SessionAccess.TREE_READABLE);
            reserveQuota(ctx);
            Session s = forkOf(ctx, parent, childId, caller.principal(), tags, labels, displayName);
            String fp = s.origin().forkFingerprint();
            ctx.createSession(s, ctx.tree(parentId), forkedEvent(parentId, fp));
            ctx.appendEvent(
                    parentId,
                    EventType.FORK_CREATED,
                    null,
                    Map.of("childSessionId", childId.value(), "forkFingerprint", fp));
            return ctx.session(childId);
        });
        return fingerprints.view(caller.tenant(), child);
    }

    /** Returns the child session of a fork of {@code parent} at its tree as stored now. */
    private Session forkOf(
            ChangeContext ctx,
            Session parent,
            SessionId childId,
            String principal,
            Map<String, String> tags,
            Map<String, String> labels,
            String displayName) {
        Hash root = ctx.flush(parent.id());
        String fp = ctx.session(parent.id()).head().rootFingerprint();
        Instant now = ctx.now();
        Session.Settings settings = forkSettings(parent.settings(), principal, tags, labels, displayName);
        List<ForkPoint> lineage = new ArrayList<>(parent.origin().lineage());
        lineage.add(new ForkPoint(parent.id(), childId, root, now));
        Session.Origin origin = new Session.Origin(
                parent.origin().emptyUnderlay(),
                parent.origin().sourceRef(),
                root,
                fp,
                parent.id(),
                fp,
                lineage,
                principal,
                now);
        return new Session(
                childId,
                origin,
                settings,
                new Session.Lifecycle(SessionStatus.ACTIVE, null, null, null, null),
                new Session.Head(null, null, 0, 0, 0, now, now));
    }

    /** Returns a fork's settings: the parent's tags, labels and capabilities plus the given ones. */
    private Session.Settings forkSettings(
            Session.Settings parent,
            String principal,
            Map<String, String> tags,
            Map<String, String> labels,
            String displayName) {
        Map<String, String> childTags = new LinkedHashMap<>(parent.tags());
        if (tags != null) {
            childTags.putAll(tags);
        }
        Map<String, String> childLabels = new LinkedHashMap<>(parent.labels());
        if (labels != null) {
            childLabels.putAll(labels);
        }
        if (childTags.size() > limits.maxTagsOrLabels() || childLabels.size() > limits.maxTagsOrLabels()) {
            throw AfsException.invalid("the fork would have more than " + limits.maxTagsOrLabels() + " tags or labels");
        }
        return new Session.Settings(
                displayName, null, childTags, childLabels, parent.capabilities(), principal, null, null, null, null);
    }

    /** Records the fork in both logs: SESSION_FORKED in the child's, FORK_CREATED in the parent's. */
    /** Returns the child's first event: SESSION_FORKED, naming its parent and the fingerprint it forked. */
    private static TreeEvent forkedEvent(SessionId parentId, String fp) {
        Map<String, Object> details = new HashMap<>();
        details.put("parentSessionId", parentId.value());
        details.put("forkFingerprint", fp);
        return new TreeEvent(EventType.SESSION_FORKED, null, details);
    }

    private void reserveQuota(ChangeContext ctx) {
        Records<String, Long> counters = ctx.records(SessionRecords.COUNTERS, null);
        long count = counters.get(SessionRecords.SESSION_COUNT).orElse(0L);
        if (count >= limits.maxSessionsPerTenant()) {
            throw AfsException.of(
                    Reason.QUOTA_EXCEEDED,
                    "the tenant already has " + count + " sessions (limit " + limits.maxSessionsPerTenant()
                            + "); delete some first",
                    "limit",
                    Long.toString(limits.maxSessionsPerTenant()));
        }
        counters.put(SessionRecords.SESSION_COUNT, count + 1);
    }

    private void validate(
            Map<String, String> tags,
            Map<String, String> labels,
            String displayName,
            String description,
            List<String> sharedWith,
            Long ttl) {
        Validation.map("tags", tags, limits.maxTagsOrLabels());
        Validation.map("labels", labels, limits.maxTagsOrLabels());
        Validation.text("displayName", displayName, 200);
        Validation.text("description", description, 4096);
        Validation.principals("sharedWith", sharedWith);
        Validation.ttl(ttl);
    }

    private static Session withBase(Session s, Hash base, String fingerprint) {
        Session.Origin o = s.origin();
        return new Session(
                s.id(),
                new Session.Origin(
                        o.emptyUnderlay(),
                        o.sourceRef(),
                        base,
                        fingerprint,
                        o.parentSessionId(),
                        o.forkFingerprint(),
                        o.lineage(),
                        o.createdBy(),
                        o.createdAt()),
                s.settings(),
                s.lifecycle(),
                s.head());
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Returns the error for internal invariant breaks that should never reach users. */
    static AfsException internal(String what) {
        return new AfsException(ErrorCode.INTERNAL, what);
    }
}
