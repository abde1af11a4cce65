package io.aetherfs.store.sql;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.Job;
import io.aetherfs.core.spi.JobId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements of the {@code jobs} table (db/migration/V2__jobs.sql) that SQLite and PostgreSQL
 * share, and the mapping of its rows to {@link Job}s. Times are epoch milliseconds. Every statement that
 * acts on a claim checks the fencing token (id, owner, attempts), so a claimer whose job was claimed
 * again since changes nothing. Claims differ per engine (PostgreSQL locks with SKIP LOCKED; SQLite has
 * a single writer) and live with each store.
 */
public final class JobSql {
    /** The columns of a job row, in {@link #job} order. */
    public static final String COLUMNS =
            "id, tenant, kind, subject, payload, created_at, due_at, attempts, owner, last_error";

    /** Parameters: id, tenant, kind, subject, payload, created_at, due_at. Columns: {@link #COLUMNS} of the new row. */
    public static final String INSERT = "INSERT INTO jobs (id, tenant, kind, subject, payload, created_at, due_at,"
            + " attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (tenant, kind, subject) DO NOTHING"
            + " RETURNING " + COLUMNS;
    /** Parameters: tenant, kind, subject. Columns: {@link #COLUMNS}. */
    public static final String FIND = "SELECT " + COLUMNS + " FROM jobs WHERE tenant = ? AND kind = ? AND subject = ?";
    /** Parameters: new due_at, id, owner, attempts. */
    public static final String RENEW = "UPDATE jobs SET due_at = ? WHERE id = ? AND owner = ? AND attempts = ?";
    /** Parameters: id, owner, attempts. */
    public static final String COMPLETE = "DELETE FROM jobs WHERE id = ? AND owner = ? AND attempts = ?";
    /** Parameters: new due_at, last_error, id, owner, attempts. */
    public static final String RETRY_LATER =
            "UPDATE jobs SET owner = NULL, due_at = ?, last_error = ?" + " WHERE id = ? AND owner = ? AND attempts = ?";
    /**
     * A claim: {@code %s} is the engine's way to pick the ids of {@link #DUE_IDS} (and lock them). Parameters:
     * owner, lease end, then those of {@link #DUE_IDS}. Columns: {@link #COLUMNS} of the claimed rows.
     */
    public static final String CLAIM =
            "UPDATE jobs SET owner = ?, due_at = ?, attempts = attempts + 1 WHERE id %s RETURNING " + COLUMNS;
    /** The earliest due jobs of some kinds; {@code %s} takes {@link #placeholders}. Parameters: now, kinds…, max. */
    public static final String DUE_IDS =
            "SELECT id FROM jobs WHERE due_at <= ? AND kind IN (%s) ORDER BY due_at, id LIMIT ?";

    private JobSql() {}

    /**
     * Returns {@code ?, ?, …} with {@code n} placeholders, for the kinds of a claim.
     */
    public static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Runs {@code ps}, prepared from {@link #INSERT}; returns the new job, or empty when one of the subject exists. */
    public static Optional<Job> insert(
            PreparedStatement ps,
            JobId id,
            TenantId tenant,
            String kind,
            String subject,
            byte[] payload,
            Instant created,
            Instant due)
            throws SQLException {
        ps.setString(1, id.value());
        ps.setString(2, tenant.value());
        ps.setString(3, kind);
        ps.setString(4, subject);
        ps.setBytes(5, payload);
        ps.setLong(6, created.toEpochMilli());
        ps.setLong(7, due.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.empty();
        }
    }

    /**
     * Runs {@code ps}, prepared from {@link #CLAIM}: gives {@code owner} at most {@code max} of the jobs
     * of {@code kinds} due at {@code now}, leased until {@code leaseEnd}; returns them as claimed.
     */
    public static List<Job> claim(
            PreparedStatement ps, String owner, Instant now, Instant leaseEnd, List<String> kinds, int max)
            throws SQLException {
        ps.setString(1, owner);
        ps.setLong(2, leaseEnd.toEpochMilli());
        ps.setLong(3, now.toEpochMilli());
        ps.setInt(bindKinds(ps, 4, kinds), max);
        return jobs(ps);
    }

    /** Runs {@code ps}, prepared from {@link #RENEW}; returns whether the claim still held. */
    public static boolean renew(PreparedStatement ps, Job claimed, Instant leaseEnd) throws SQLException {
        ps.setLong(1, leaseEnd.toEpochMilli());
        bindClaim(ps, 2, claimed);
        return ps.executeUpdate() == 1;
    }

    /** Runs {@code ps}, prepared from {@link #COMPLETE}; returns whether the claim still held. */
    public static boolean complete(PreparedStatement ps, Job claimed) throws SQLException {
        bindClaim(ps, 1, claimed);
        return ps.executeUpdate() == 1;
    }

    /** Runs {@code ps}, prepared from {@link #RETRY_LATER}; returns whether the claim still held. */
    public static boolean retryLater(PreparedStatement ps, Job claimed, Instant due, String error) throws SQLException {
        ps.setLong(1, due.toEpochMilli());
        bindError(ps, 2, error);
        bindClaim(ps, 3, claimed);
        return ps.executeUpdate() == 1;
    }

    /** Runs {@code ps}, prepared from {@link #FIND}, for one subject; returns its unfinished job, if any. */
    public static Optional<Job> find(PreparedStatement ps, TenantId tenant, String kind, String subject)
            throws SQLException {
        ps.setString(1, tenant.value());
        ps.setString(2, kind);
        ps.setString(3, subject);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.empty();
        }
    }

    /** Binds the kinds of a claim from parameter {@code first} on; returns the next parameter index. */
    public static int bindKinds(PreparedStatement ps, int first, List<String> kinds) throws SQLException {
        int i = first;
        for (String kind : kinds) {
            ps.setString(i++, kind);
        }
        return i;
    }

    /** Runs {@code ps}, a query returning {@link #COLUMNS}, and returns every job of its result. */
    private static List<Job> jobs(PreparedStatement ps) throws SQLException {
        List<Job> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(job(rs));
            }
        }
        return out;
    }

    /** Binds the fencing token of {@code claimed} from parameter {@code first} on: id, owner, attempts. */
    private static void bindClaim(PreparedStatement ps, int first, Job claimed) throws SQLException {
        ps.setString(first, claimed.id().value());
        ps.setString(first + 1, claimed.owner());
        ps.setInt(first + 2, claimed.attempts());
    }

    /** Binds an error text that may be null. */
    private static void bindError(PreparedStatement ps, int index, String error) throws SQLException {
        if (error == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, error);
        }
    }

    /** Returns the job of the current row of a result with {@link #COLUMNS}. */
    private static Job job(ResultSet rs) throws SQLException {
        byte[] payload = rs.getBytes(5);
        return new Job(
                new JobId(rs.getString(1)),
                new TenantId(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                payload == null ? new byte[0] : payload,
                Instant.ofEpochMilli(rs.getLong(6)),
                Instant.ofEpochMilli(rs.getLong(7)),
                rs.getInt(8),
                rs.getString(9),
                rs.getString(10));
    }
}
