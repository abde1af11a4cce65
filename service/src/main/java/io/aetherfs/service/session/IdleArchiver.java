package io.aetherfs.service.session;

import io.aetherfs.core.engine.Engine;
import io.aetherfs.core.engine.EngineRecords;
import io.aetherfs.core.engine.RecordPage;
import io.aetherfs.core.engine.RecordQuery;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.Actor;
import io.aetherfs.core.model.Session;
import io.aetherfs.core.model.SessionId;
import io.aetherfs.core.model.SessionStatus;
import io.aetherfs.core.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives ACTIVE sessions left idle for {@code sessions.idle_archive_after_secs} (spec §13.1), as
 * {@code :archive} would with trigger {@code idle}: ARCHIVING in a change, then the archive job. Idle means
 * the session record's {@code lastActivityAt} (advanced by every tree mutation, event-recording write and
 * status change) is at least that long ago. Each node's job runner sweeps every tenant's sessions; the
 * change re-reads the session, so when nodes race only the first one archives it and the rest find it
 * no longer ACTIVE.
 */
final class IdleArchiver {
    private static final Logger log = LoggerFactory.getLogger(IdleArchiver.class);
    private static final int PAGE = 500;

    private final Engine engine;
    private final TransitionJobs jobs;
    private final Duration after;

    IdleArchiver(Engine engine, TransitionJobs jobs, Duration after) {
        this.engine = engine;
        this.jobs = jobs;
        this.after = after;
    }

    /** Returns whether archiving idle sessions is on (a positive {@code idle_archive_after_secs}). */
    boolean enabled() {
        return after.isPositive();
    }

    /** Archives every ACTIVE session of every tenant idle for at least the configured time; returns how many. */
    int sweep() {
        if (!enabled()) {
            return 0;
        }
        int archived = 0;
        for (TenantId tenant : engine.tenants()) {
            RecordQuery<SessionId> query = RecordQuery.first(PAGE);
            while (true) {
                RecordPage<Session> page =
                        engine.records(tenant).of(EngineRecords.SESSIONS, null).list(query);
                Instant cutoff = engine.clock().instant().minus(after);
                for (Session s : page.items()) {
                    if (idle(s, cutoff) && archive(tenant, s.id())) {
                        archived++;
                    }
                }
                if (!page.more()) {
                    break;
                }
                query = query.after(page.items().getLast().id());
            }
        }
        return archived;
    }

    private boolean archive(TenantId tenant, SessionId id) {
        try {
            boolean moved = engine.execute(tenant, Actor.system(), ctx -> {
                Session s = ctx.findSession(id).orElse(null);
                if (s == null || !idle(s, ctx.now().minus(after))) {
                    return false; // deleted, no longer ACTIVE, or touched since the scan: another node or a client won
                }
                Transitions.change(ctx, id, SessionStatus.ARCHIVING, "idle", null);
                return true;
            });
            if (moved) {
                log.info("session {} of tenant {} was idle for {}s: archiving it", id, tenant, after.toSeconds());
                jobs.submit(tenant, id, SessionStatus.ARCHIVING);
            }
            return moved;
        } catch (AfsException e) {
            log.warn("archiving idle session {} failed: {}", id, e.getMessage());
            return false;
        }
    }

    private static boolean idle(Session s, Instant cutoff) {
        Instant last = s.head().lastActivityAt() != null
                ? s.head().lastActivityAt()
                : s.head().updatedAt();
        return s.status() == SessionStatus.ACTIVE && last != null && !last.isAfter(cutoff);
    }
}
