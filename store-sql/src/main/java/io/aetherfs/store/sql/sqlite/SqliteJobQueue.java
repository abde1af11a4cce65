/*
 * Layout: the portable table of db/migration/V2__jobs.sql, in the store's afs.db:
 *
 *   jobs(id         VARCHAR(30) PRIMARY KEY,  -- job_<ulid>
 *        tenant     VARCHAR(36),              -- canonical lowercase tenant UUID
 *        kind       VARCHAR(64),              -- what to do, e.g. session.archive
 *        subject    VARCHAR(256),             -- what it acts on, e.g. a session id
 *        payload    BYTEA,                    -- opaque to the queue
 *        created_at BIGINT,                   -- epoch ms
 *        due_at     BIGINT,                   -- epoch ms: not-before while free, lease end while claimed
 *        attempts   INTEGER,                  -- claims so far; with owner and id the fencing token
 *        owner      VARCHAR(200),             -- the claimer, NULL while free
 *        last_error TEXT,                     -- why the last attempt was handed back
 *        UNIQUE (tenant, kind, subject))      -- one unfinished job per subject; finished jobs are deleted
 *   INDEX jobs_due (due_at, id)               -- claims take the earliest due rows
 */
package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.error.AfsException;
import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.model.Ulid;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobArgs;
import io.aetherfs.core.spi.JobId;
import io.aetherfs.core.spi.JobQueue;
import io.aetherfs.store.sql.JobSql;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded {@link JobQueue}: the {@code jobs} table of the SQLite metadata file, written through the
 * {@link SqliteMetaStore}'s single writer connection (so job statements queue behind the engine's group
 * commits rather than racing them for the file lock). One writer means claims never overlap; a claim
 * first asks a reader whether anything is due, so an idle node's polling never takes the write lock.
 */
final class SqliteJobQueue implements JobQueue {
    private static final String ANY_DUE = "SELECT 1 FROM jobs WHERE due_at <= ? AND kind IN (%s) LIMIT 1";

    private final SqliteMetaStore store;
    private final Clock clock;
    private final Ulid ids;
    private volatile boolean closed;

    SqliteJobQueue(SqliteMetaStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.ids = new Ulid(clock, new SecureRandom());
    }

    @Override
    public Job enqueue(TenantId tenant, String kind, String subject, byte[] payload, Instant notBefore) {
        JobArgs.enqueue(tenant, kind, subject, payload);
        Instant now = now();
        Instant due = JobArgs.dueAt(notBefore, now);
        checkOpen();
        return store.writeSql("enqueueing a job", c -> {
            Optional<Job> inserted = JobSql.insert(
                    c.prepare(JobSql.INSERT), JobId.generate(ids), tenant, kind, subject, payload, now, due);
            if (inserted.isPresent()) {
                return inserted.get();
            }
            // One writer: the conflicting row cannot have gone since the insert saw it.
            return find(c, tenant, kind, subject).orElseThrow(() -> new SQLException("the conflicting job vanished"));
        });
    }

    @Override
    public List<Job> claim(String owner, Set<String> kinds, int max, Duration lease) {
        JobArgs.claim(owner, kinds, max, lease);
        checkOpen();
        Instant now = now();
        List<String> kindList = List.copyOf(kinds);
        String placeholders = JobSql.placeholders(kindList.size());
        boolean anyDue = store.readSql("looking for due jobs", c -> {
            PreparedStatement ps = c.prepare(ANY_DUE.formatted(placeholders));
            ps.setLong(1, now.toEpochMilli());
            JobSql.bindKinds(ps, 2, kindList);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
        if (!anyDue) {
            return List.of();
        }
        String sql = JobSql.CLAIM.formatted("IN (" + JobSql.DUE_IDS.formatted(placeholders) + ")");
        return store.writeSql(
                "claiming jobs", c -> JobSql.claim(c.prepare(sql), owner, now, now.plus(lease), kindList, max));
    }

    @Override
    public boolean renew(Job claimed, Duration lease) {
        JobArgs.claimed(claimed);
        JobArgs.lease(lease);
        checkOpen();
        Instant until = now().plus(lease);
        return store.writeSql("renewing a job lease", c -> JobSql.renew(c.prepare(JobSql.RENEW), claimed, until));
    }

    @Override
    public boolean complete(Job claimed) {
        JobArgs.claimed(claimed);
        checkOpen();
        return store.writeSql("completing a job", c -> JobSql.complete(c.prepare(JobSql.COMPLETE), claimed));
    }

    @Override
    public boolean retryLater(Job claimed, Instant notBefore, String error) {
        JobArgs.claimed(claimed);
        Instant due = JobArgs.dueAt(notBefore, now());
        checkOpen();
        return store.writeSql(
                "handing a job back",
                c -> JobSql.retryLater(c.prepare(JobSql.RETRY_LATER), claimed, due, JobArgs.error(error)));
    }

    @Override
    public Optional<Job> find(TenantId tenant, String kind, String subject) {
        checkOpen();
        return store.readSql("reading a job", c -> find(c, tenant, kind, subject));
    }

    @Override
    public void close() {
        closed = true;
    }

    private static Optional<Job> find(SqliteConnection c, TenantId tenant, String kind, String subject)
            throws SQLException {
        return JobSql.find(c.prepare(JobSql.FIND), tenant, kind, subject);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void checkOpen() {
        if (closed) {
            throw AfsException.unavailable("the SQLite job queue is closed", null);
        }
    }
}
