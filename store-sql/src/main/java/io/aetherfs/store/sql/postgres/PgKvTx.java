package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.store.sql.KvSql;
import io.aetherfs.store.sql.SqlKvTx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A transaction handle over the {@code kv} table on one pooled connection, valid until its body returns.
 *
 * <p>Puts are queued as one JDBC batch and sent in a single round trip just before the next statement
 * that must see them (a read or a delete) or at commit, so a group commit of many puts costs one round
 * trip instead of one per put. The first SQL failure is remembered: the transaction is then doomed
 * whatever the body does with the exception, and the runner decides between retry and error.
 */
final class PgKvTx extends SqlKvTx {
    /** Queued put bytes that trigger an early send, bounding the memory a huge transaction holds. */
    private static final long MAX_QUEUED_BYTES = 16L << 20;

    private final Connection c;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private int queuedPuts;
    private long queuedBytes;
    private SQLException failure;

    PgKvTx(Connection c, boolean writable) {
        super(writable);
        this.c = c;
    }

    /** Queues the put in the batch; the driver copies the arrays, so the caller may reuse them at once. */
    @Override
    protected void store(TenantId tenant, byte[] key, byte[] value) throws SQLException {
        PreparedStatement ps = prepare(KvSql.PUT);
        bindPut(ps, tenant, key, value);
        ps.addBatch();
        queuedPuts++;
        queuedBytes += key.length + value.length;
        if (queuedBytes >= MAX_QUEUED_BYTES) {
            sendQueuedPuts();
        }
    }

    /** Sends the queued puts; called before commit. Failures are remembered like any other. */
    void sendQueuedPuts() throws SQLException {
        if (queuedPuts == 0) {
            return;
        }
        queuedPuts = 0;
        queuedBytes = 0;
        try {
            statements.get(KvSql.PUT).executeBatch();
        } catch (SQLException e) {
            failure = failure == null ? e : failure;
            throw e;
        }
    }

    /** Returns the first SQL failure of this transaction, or null. */
    SQLException failure() {
        return failure;
    }

    /** Ends this handle's validity and closes its statements; later calls fail. */
    @Override
    public void finish() {
        super.finish();
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // Closing only drops the driver's handle; the connection's statement cache keeps the plan.
            }
        }
        statements.clear();
    }

    /** Returns the statement for {@code sql}, after sending the queued puts it must see. */
    @Override
    protected PreparedStatement statement(String sql) throws SQLException {
        checkActive();
        sendQueuedPuts();
        return prepare(sql);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        checkActive();
        if (failure != null) {
            // The server ignores every statement after an error until rollback; fail fast and identically.
            throw failure;
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Remembers the first failure: the transaction is doomed, and the runner decides retry or error. */
    @Override
    protected RuntimeException failed(String action, SQLException e) {
        if (failure == null) {
            failure = e;
        }
        return new Failed(failure);
    }

    /**
     * Thrown into the body when a statement failed; the runner replaces it with the retry or the
     * AfsException the failure calls for, even if the body caught it.
     */
    static final class Failed extends RuntimeException {
        Failed(SQLException cause) {
            super("a metadata statement failed", cause, false, false);
        }
    }
}
