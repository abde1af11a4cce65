package io.aetherfs.store.sql.postgres;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.Keys;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.WriteTx;
import io.aetherfs.store.sql.KvSql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction handle over the {@code kv} table on one pooled connection, valid until its body returns.
 *
 * <p>Puts are queued as one JDBC batch and sent in a single round trip just before the next statement
 * that must see them (a read or a delete) or at commit, so a group commit of many puts costs one round
 * trip instead of one per put. The first SQL failure is remembered: the transaction is then doomed
 * whatever the body does with the exception, and the runner decides between retry and error.
 */
final class PgKvTx implements WriteTx {
    /** Queued put bytes that trigger an early send, bounding the memory a huge transaction holds. */
    private static final long MAX_QUEUED_BYTES = 16L << 20;

    private final Connection c;
    private final boolean writable;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private int queuedPuts;
    private long queuedBytes;
    private SQLException failure;
    private boolean finished;

    PgKvTx(Connection c, boolean writable) {
        this.c = c;
        this.writable = writable;
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, String key) {
        byte[] k = keyBytes(key);
        try {
            PreparedStatement ps = statement(KvSql.GET, tenant);
            ps.setBytes(2, k);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public List<KeyValue> scan(TenantId tenant, KeyRange range, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("scan limit must be at least 1");
        }
        try {
            PreparedStatement ps = bindRange(range.reverse() ? KvSql.SCAN_DESC : KvSql.SCAN_ASC, tenant, range);
            ps.setInt(4, limit);
            List<KeyValue> out = new ArrayList<>(Math.min(limit, 256));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyValue(new String(rs.getBytes(1), StandardCharsets.US_ASCII), rs.getBytes(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void put(TenantId tenant, String key, byte[] value) {
        checkWritable();
        byte[] k = keyBytes(key);
        Objects.requireNonNull(value, "value");
        if (value.length > MetaStore.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("metadata value larger than " + MetaStore.MAX_VALUE_BYTES + " bytes");
        }
        try {
            PreparedStatement ps = prepare(KvSql.PUT);
            ps.setString(1, Objects.requireNonNull(tenant, "tenant").value());
            ps.setBytes(2, k);
            // The driver copies the array here, so the caller may reuse it before the batch is sent.
            ps.setBytes(3, value);
            ps.addBatch();
            queuedPuts++;
            queuedBytes += k.length + value.length;
            if (queuedBytes >= MAX_QUEUED_BYTES) {
                sendQueuedPuts();
            }
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean delete(TenantId tenant, String key) {
        checkWritable();
        byte[] k = keyBytes(key);
        try {
            PreparedStatement ps = statement(KvSql.DELETE, tenant);
            ps.setBytes(2, k);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long deleteRange(TenantId tenant, KeyRange range) {
        checkWritable();
        try {
            return bindRange(KvSql.DELETE_RANGE, tenant, range).executeLargeUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /** Returns every tenant holding at least one key, in id order. */
    List<TenantId> tenants() {
        List<TenantId> out = new ArrayList<>();
        try {
            checkActive();
            PreparedStatement ps = prepare(KvSql.NEXT_TENANT);
            String after = "";
            while (true) {
                ps.setString(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return out;
                    }
                    after = rs.getString(1);
                }
                out.add(new TenantId(after));
            }
        } catch (SQLException e) {
            throw fail(e);
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
    void finish() {
        finished = true;
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // Closing only drops the driver's handle; the connection's statement cache keeps the plan.
            }
        }
        statements.clear();
    }

    private PreparedStatement bindRange(String sql, TenantId tenant, KeyRange range) throws SQLException {
        PreparedStatement ps = statement(sql, tenant);
        // Bounds need not be keys; UTF-8 orders any bound against ASCII keys exactly as String.compareTo does.
        ps.setBytes(2, range.from().getBytes(StandardCharsets.UTF_8));
        ps.setBytes(3, range.to().getBytes(StandardCharsets.UTF_8));
        return ps;
    }

    /** Returns the statement for {@code sql} with the tenant bound, after sending queued puts it must see. */
    private PreparedStatement statement(String sql, TenantId tenant) throws SQLException {
        checkActive();
        sendQueuedPuts();
        PreparedStatement ps = prepare(sql);
        ps.setString(1, Objects.requireNonNull(tenant, "tenant").value());
        return ps;
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

    private RuntimeException fail(SQLException e) {
        if (failure == null) {
            failure = e;
        }
        return new Failed(failure);
    }

    private static byte[] keyBytes(String key) {
        return Keys.check(key).getBytes(StandardCharsets.US_ASCII);
    }

    private void checkWritable() {
        checkActive();
        if (!writable) {
            throw new IllegalStateException("a read transaction cannot write");
        }
    }

    private void checkActive() {
        if (finished) {
            throw new IllegalStateException("a transaction handle is valid only inside its body");
        }
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
