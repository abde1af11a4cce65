package io.aetherfs.service.sources;

import io.aetherfs.core.engine.ChangeContext;
import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.EventType;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SourceId;
import io.aetherfs.service.Limits;
import io.aetherfs.service.auth.Caller;
import io.aetherfs.service.auth.Scope;
import io.aetherfs.service.page.Page;
import io.aetherfs.service.page.PageRequest;
import io.aetherfs.service.page.PageTokens;
import io.aetherfs.service.session.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source lifecycle (spec §8.15, §9.6): create (CREATING; no import starts by itself), list, get,
 * update and delete (DELETING, then removed by a job). Every change appends to the source's stream.
 */
public final class Sources {
    private final Engine engine;
    private final Limits limits;
    private final SourceSettings settings;
    private final SourceAccess access;
    private final PageTokens tokens;
    private final SourceJobs jobs;

    Sources(Engine engine, Limits limits, SourceSettings settings, SourceJobs jobs) {
        this.engine = engine;
        this.limits = limits;
        this.settings = settings;
        this.access = new SourceAccess(engine);
        this.tokens = new PageTokens(limits);
        this.jobs = jobs;
    }

    /** Creates a source in CREATING; LOCALFS needs cluster.admin and a path under the allowed roots. */
    public Source create(Caller caller, CreateSource req) {
        caller.require(Scope.SOURCE_WRITE);
        if (req.kind() == null) {
            throw AfsException.invalid("kind is required");
        }
        if (req.kind() == SourceKind.LOCALFS) {
            caller.require(Scope.CLUSTER_ADMIN);
        }
        Validation.text("displayName", req.displayName(), 200);
        Validation.map("labels", req.labels(), limits.maxTagsOrLabels());
        Source.Origin origin = origin(caller, req);
        SourceId id = SourceId.generate(engine.ids());
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Source s = new Source(
                    id,
                    req.displayName(),
                    req.kind(),
                    SourceStatus.CREATING,
                    origin,
                    req.labels(),
                    null,
                    null,
                    null,
                    null,
                    caller.principal(),
                    ctx.now(),
                    ctx.now(),
                    0);
            return SourceRecords.save(ctx, s, EventType.SOURCE_CREATED, Map.of("kind", kindName(req.kind())));
        });
    }

    private Source.Origin origin(Caller caller, CreateSource req) {
        if (req.originKind() != null && req.originKind() != req.kind()) {
            throw AfsException.invalid("origin." + member(req.originKind()) + " does not fit kind "
                    + kindName(req.kind()) + "; set origin." + member(req.kind()));
        }
        Source.Origin o = req.origin() == null ? Source.Origin.NONE : req.origin();
        switch (req.kind()) {
            case GIT_REMOTE -> {
                if (o.url() == null || o.url().isBlank()) {
                    throw AfsException.invalid("origin.gitRemote.url is required for a GIT_REMOTE source");
                }
                Validation.text("origin.gitRemote.url", o.url(), 4096);
                Validation.text("origin.gitRemote.ref", o.ref(), 1024);
                GitTrees.check(caller, o.url(), settings);
                return new Source.Origin(o.url(), o.ref(), o.credentialsSecretName(), null);
            }
            case LOCALFS -> {
                return new Source.Origin(
                        null,
                        null,
                        null,
                        LocalTrees.allowed(o.hostPath(), settings).toString());
            }
            default -> {
                return Source.Origin.NONE;
            }
        }
    }

    /** Returns the source. */
    public Source get(Caller caller, SourceId id) {
        caller.require(Scope.SOURCE_READ);
        return access.load(caller, id);
    }

    /** Lists sources newest first, filtered. */
    public Page<Source> list(Caller caller, SourceFilter filter, PageRequest page) {
        caller.require(Scope.SOURCE_READ);
        int size = tokens.size(page);
        String after = tokens.decode(page, "ListSources", filter.canonical());
        var all = engine.records(caller.tenant()).of(SourceRecords.SOURCES, null);
        List<Source> out = new ArrayList<>();
        String last = null;
        boolean more = false;
        while (!more) {
            RecordPage<Source> batch =
                    all.list(RecordQuery.<SourceId>last(256).after(after == null ? null : new SourceId(after)));
            for (Source s : batch.items()) {
                after = s.id().value();
                if (!filter.matches(s)) {
                    continue;
                }
                if (out.size() == size) {
                    more = true;
                    break;
                }
                out.add(s);
                last = s.id().value();
            }
            if (!batch.more()) {
                break;
            }
        }
        return new Page<>(out, more ? tokens.encode("ListSources", filter.canonical(), last) : "");
    }

    /** Changes the fields named in {@code fields} ("displayName", "labels"). */
    public Source update(
            Caller caller, SourceId id, Set<String> fields, String displayName, Map<String, String> labels) {
        caller.require(Scope.SOURCE_WRITE);
        Validation.text("displayName", displayName, 200);
        Validation.map("labels", labels, limits.maxTagsOrLabels());
        return engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Source cur = SourceAccess.inChange(ctx, id);
            SourceAccess.requireNotDeleting(cur);
            Source next = cur.withSettings(
                    fields.contains("displayName") ? displayName : cur.displayName(),
                    fields.contains("labels") ? labels : cur.labels(),
                    ctx.now());
            return SourceRecords.save(
                    ctx,
                    next,
                    EventType.SOURCE_UPDATED,
                    Map.of("fields", new ArrayList<>(new java.util.TreeSet<>(fields))));
        });
    }

    /**
     * Moves the source to DELETING and queues its removal; SOURCE_IN_USE while sessions reference it,
     * unless {@code force} (they keep their trees).
     */
    public Source delete(Caller caller, SourceId id, boolean force) {
        caller.require(Scope.SOURCE_DELETE);
        Source deleting = engine.execute(caller.tenant(), caller.actor(), ctx -> {
            Source cur = SourceAccess.inChange(ctx, id);
            if (cur.status() == SourceStatus.DELETING) {
                return cur;
            }
            long using = sessionsUsing(ctx, id);
            if (using > 0 && !force) {
                throw AfsException.of(
                        Reason.SOURCE_IN_USE,
                        using + " session(s) reference source " + id + "; delete them first or pass force=true",
                        "sessionCount",
                        Long.toString(using));
            }
            Source s = SourceRecords.save(
                    ctx,
                    cur.withStatus(SourceStatus.DELETING, null, null, ctx.now()),
                    EventType.SOURCE_STATUS_CHANGED,
                    Map.of("from", statusName(cur.status()), "to", statusName(SourceStatus.DELETING)));
            jobs.markRemoval(ctx, id);
            return s;
        });
        jobs.submitRemoval(caller.tenant(), id);
        return deleting;
    }

    /** Returns how many sessions of the tenant were started from the source (forks included). */
    private static long sessionsUsing(ChangeContext ctx, SourceId id) {
        var sessions = ctx.records(EngineRecords.SESSIONS, null);
        long n = 0;
        SessionId after = null;
        while (true) {
            RecordPage<Session> page =
                    sessions.list(RecordQuery.<SessionId>first(500).after(after));
            for (Session s : page.items()) {
                if (s.origin().sourceRef() != null
                        && id.value().equals(s.origin().sourceRef().sourceId())) {
                    n++;
                }
                after = s.id();
            }
            if (!page.more()) {
                return n;
            }
        }
    }

    static String statusName(SourceStatus s) {
        return "UNDERLAY_SOURCE_STATUS_" + s.name();
    }

    static String kindName(SourceKind k) {
        return "UNDERLAY_SOURCE_KIND_" + k.name();
    }

    private static String member(SourceKind k) {
        return switch (k) {
            case GIT_REMOTE -> "gitRemote";
            case UPLOADED_SNAPSHOT -> "uploadedSnapshot";
            case LOCALFS -> "localfs";
            case GIT_BUNDLE -> "gitBundle";
        };
    }
}
