package io.aetherfs.store.sql;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.Keys;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.WriteTx;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction handle over the {@code kv} table, valid until its body returns, as SQLite and
 * PostgreSQL share it: the checks, the binding of the {@link KvSql} statements and the reading of their
 * rows. Each store supplies how it prepares a statement, how it writes a put (at once, or queued), and
 * what a failed statement becomes for the body.
 */
public abstract class SqlKvTx implements WriteTx {
    private final boolean writable;
    private boolean finished;

    protected SqlKvTx(boolean writable) {
        this.writable = writable;
    }

    /** Returns the prepared statement for {@code sql}, which sees every put of this transaction so far. */
    protected abstract PreparedStatement statement(String sql) throws SQLException;

    /** Writes (or queues) one row of {@code kv}: tenant, key and value already checked. */
    protected abstract void store(TenantId tenant, byte[] key, byte[] value) throws SQLException;

    /** Returns what the body sees when a statement failed while {@code action} ("reading a key"). */
    protected abstract RuntimeException failed(String action, SQLException e);

    @Override
    public Optional<byte[]> get(TenantId tenant, String key) {
        byte[] k = keyBytes(key);
        try {
            PreparedStatement ps = statement(KvSql.GET, tenant);
            ps.setBytes(2, k);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(bytes(rs, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("reading a key", e);
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
                    out.add(new KeyValue(new String(bytes(rs, 1), StandardCharsets.US_ASCII), bytes(rs, 2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("scanning keys", e);
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
            store(Objects.requireNonNull(tenant, "tenant"), k, value);
        } catch (SQLException e) {
            throw failed("writing a key", e);
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
            throw failed("deleting a key", e);
        }
    }

    @Override
    public long deleteRange(TenantId tenant, KeyRange range) {
        checkWritable();
        try {
            return bindRange(KvSql.DELETE_RANGE, tenant, range).executeLargeUpdate();
        } catch (SQLException e) {
            throw failed("deleting a key range", e);
        }
    }

    /** Returns every tenant holding at least one key, in id order. */
    public List<TenantId> tenants() {
        checkActive();
        List<TenantId> out = new ArrayList<>();
        try {
            PreparedStatement ps = statement(KvSql.NEXT_TENANT);
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
            throw failed("listing tenants", e);
        }
    }

    /** Ends this handle's validity; later calls fail. The store calls it when the body returns. */
    public void finish() {
        finished = true;
    }

    /** Binds the parameters of {@link KvSql#PUT} into {@code ps}. */
    protected static void bindPut(PreparedStatement ps, TenantId tenant, byte[] key, byte[] value) throws SQLException {
        ps.setString(1, tenant.value());
        ps.setBytes(2, key);
        ps.setBytes(3, value);
    }

    /** Fails when this handle's body has returned. */
    protected void checkActive() {
        if (finished) {
            throw new IllegalStateException("a transaction handle is valid only inside its body");
        }
    }

    private PreparedStatement bindRange(String sql, TenantId tenant, KeyRange range) throws SQLException {
        PreparedStatement ps = statement(sql, tenant);
        // Bounds need not be keys; UTF-8 orders any bound against ASCII keys exactly as String.compareTo does.
        ps.setBytes(2, range.from().getBytes(StandardCharsets.UTF_8));
        ps.setBytes(3, range.to().getBytes(StandardCharsets.UTF_8));
        return ps;
    }

    /** Returns the statement for {@code sql} with the tenant bound as its first parameter. */
    private PreparedStatement statement(String sql, TenantId tenant) throws SQLException {
        checkActive();
        PreparedStatement ps = statement(sql);
        ps.setString(1, Objects.requireNonNull(tenant, "tenant").value());
        return ps;
    }

    private void checkWritable() {
        checkActive();
        if (!writable) {
            throw new IllegalStateException("a read transaction cannot write");
        }
    }

    private static byte[] keyBytes(String key) {
        return Keys.check(key).getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns a bytes column; SQLite reads an empty BLOB as null. */
    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? new byte[0] : b;
    }
}
