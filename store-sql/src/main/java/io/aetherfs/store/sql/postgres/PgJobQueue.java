/*
 * Layout: the portable table of db/migration/V2__jobs.sql (the same file SQLite runs), next to kv:
 *
 *   jobs(id         VARCHAR(30) PRIMARY KEY,  -- job_<ulid>
 *        tenant     VARCHAR(36),              -- canonical lowercase tenant UUID
 *        kind       VARCHAR(64),              -- what to do, e.g. session.archive
 *        subject    VARCHAR(256),             -- what it acts on, e.g. a session id
 *        payload    BYTEA,                    -- opaque to the queue
 *        created_at BIGINT,                   -- epoch ms
 *        due_at     BIGINT,                   -- epoch ms: not-before while free, lease end while claimed
 *        attempts   INTEGER,                  -- claims so far; with owner and id the fencing token
 *        owner      VARCHAR(200),             -- the claiming node, NULL while free
 *        last_error TEXT,                     -- why the last attempt was handed back
 *        UNIQUE (tenant, kind, subject))      -- one unfinished job per subject; finished jobs are deleted
 *   INDEX jobs_due (due_at, id)               -- claims take the earliest due rows
 */
package io.aetherfs.store.sql.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.error.Reason;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.model.Ulid;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobArgs;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.core.util.Backoff;
import io.aetherfs.core.util.Retry;
import io.aetherfs.store.sql.JobSql;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The scale-out {@link JobQueue}: the {@code jobs} table in the PostgreSQL database of a
 * {@link PostgresMetaStore}, on that store's connection pool, shared by every node. Every operation is
 * one auto-committed statement. A claim locks the earliest due rows with {@code FOR UPDATE SKIP LOCKED}
 * and updates exactly those, so concurrent claimers of any node take disjoint jobs without waiting for
 * each other; the other operations touch one row and check its fencing token in their {@code WHERE}
 * clause. A serialization failure or deadlock (possible only when the server's default isolation is
 * stricter than READ COMMITTED) runs the statement again after a jittered backoff.
 */
final class PgJobQueue implements JobQueue {
    private static final int MAX_CONFLICTS = 10;
    /**
     * The rows to claim are chosen once, by an uncorrelated {@code ARRAY(…)} sub-select (an init plan),
     * so the planner can never re-run the locking sub-select and claim more than {@code max}.
     */
    private static final String CLAIMED_IDS = "= ANY(ARRAY(" + JobSql.DUE_IDS + " FOR UPDATE SKIP LOCKED))";

    private final HikariDataSource pool;
    private final String where;
    private final Runnable checkStoreOpen;
    private final Clock clock;
    private final Ulid ids;
    private final Retry statements = new Retry("a job queue statement", MAX_CONFLICTS, PgTransactions.BACKOFF);
    private final Retry reinserts = new Retry("enqueueing a job", MAX_CONFLICTS, Backoff.NONE);
    private volatile boolean closed;

    PgJobQueue(HikariDataSource pool, String where, Runnable checkStoreOpen, Clock clock) {
        this.pool = pool;
        this.where = where;
        this.checkStoreOpen = checkStoreOpen;
        this.clock = clock;
        this.ids = new Ulid(clock, new SecureRandom());
    }

    /** One statement's work on a pooled connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public Job enqueue(TenantId tenant, String kind, String subject, byte[] payload, Instant notBefore) {
        JobArgs.enqueue(tenant, kind, subject, payload);
        Instant now = now();
        Instant due = JobArgs.dueAt(notBefore, now);
        JobId id = JobId.generate(ids);
        // The conflicting job may finish between the insert and the read: then insert again.
        return reinserts.run(round -> run("enqueueing a job", c -> {
                    try (PreparedStatement ps = c.prepareStatement(JobSql.INSERT)) {
                        Optional<Job> inserted = JobSql.insert(ps, id, tenant, kind, subject, payload, now, due);
                        if (inserted.isPresent()) {
                            return inserted;
                        }
                    }
                    return find(c, tenant, kind, subject);
                })
                .<Retry.Outcome<Job>>map(Retry::done)
                .orElseGet(() -> Retry.againNow(() -> AfsException.of(
                        Reason.CONCURRENT_UPDATE,
                        "a job of kind " + kind + " kept finishing and reappearing while being enqueued; retry"))));
    }

    @Override
    public List<Job> claim(String owner, Set<String> kinds, int max, Duration lease) {
        JobArgs.claim(owner, kinds, max, lease);
        List<String> kindList = List.copyOf(kinds);
        String sql = JobSql.CLAIM.formatted(CLAIMED_IDS.formatted(JobSql.placeholders(kindList.size())));
        return run("claiming jobs", c -> {
            Instant now = now();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return JobSql.claim(ps, owner, now, now.plus(lease), kindList, max);
            }
        });
    }

    @Override
    public boolean renew(Job claimed, Duration lease) {
        JobArgs.claimed(claimed);
        JobArgs.lease(lease);
        return run("renewing a job lease", c -> {
            try (PreparedStatement ps = c.prepareStatement(JobSql.RENEW)) {
                return JobSql.renew(ps, claimed, now().plus(lease));
            }
        });
    }

    @Override
    public boolean complete(Job claimed) {
        JobArgs.claimed(claimed);
        return run("completing a job", c -> {
            try (PreparedStatement ps = c.prepareStatement(JobSql.COMPLETE)) {
                return JobSql.complete(ps, claimed);
            }
        });
    }

    @Override
    public boolean retryLater(Job claimed, Instant notBefore, String error) {
        JobArgs.claimed(claimed);
        Objects.requireNonNull(notBefore, "notBefore");
        String cut = JobArgs.error(error);
        return run("handing a job back", c -> {
            try (PreparedStatement ps = c.prepareStatement(JobSql.RETRY_LATER)) {
                return JobSql.retryLater(ps, claimed, JobArgs.dueAt(notBefore, now()), cut);
            }
        });
    }

    @Override
    public Optional<Job> find(TenantId tenant, String kind, String subject) {
        return run("reading a job", c -> find(c, tenant, kind, subject));
    }

    @Override
    public void close() {
        closed = true;
    }

    private static Optional<Job> find(Connection c, TenantId tenant, String kind, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(JobSql.FIND)) {
            return JobSql.find(ps, tenant, kind, subject);
        }
    }

    /** Runs one auto-committed statement, again after a serialization failure or deadlock. */
    private <T> T run(String action, Work<T> work) {
        if (closed) {
            throw PgErrors.closed("job queue");
        }
        checkStoreOpen.run();
        return statements.run(round -> {
            try (Connection c = pool.getConnection()) {
                return Retry.done(work.run(c));
            } catch (SQLException e) {
                if (PgErrors.classify(e) != PgErrors.Kind.CONFLICT) {
                    throw PgErrors.unavailable(where, action, e);
                }
                return Retry.again(() -> PgErrors.aborted(where, round.attempt(), e));
            }
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
