package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.core.spi.KeyRange;
import io.aetherfs.core.spi.KeyValue;
import io.aetherfs.core.spi.Keys;
import io.aetherfs.core.spi.MetaStore;
import io.aetherfs.core.spi.WriteTx;
import io.aetherfs.store.sql.KvSql;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction handle over the {@code kv} table of one connection, valid until its body returns; the
 * SQL is portable (SQLite and PostgreSQL) and every statement names the tenant.
 */
final class KvTx implements WriteTx {
    private final SqliteConnection c;
    private final boolean writable;
    private boolean finished;

    KvTx(SqliteConnection c, boolean writable) {
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
                return rs.next() ? Optional.of(bytes(rs, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("reading a key", e);
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
            throw SqliteErrors.unavailable("scanning keys", e);
        }
    }

    @Override
    public void put(TenantId tenant, String key, byte[] value) {
        byte[] k = keyBytes(key);
        Objects.requireNonNull(value, "value");
        if (value.length > MetaStore.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("metadata value larger than " + MetaStore.MAX_VALUE_BYTES + " bytes");
        }
        try {
            PreparedStatement ps = writeStatement(KvSql.PUT, tenant);
            ps.setBytes(2, k);
            ps.setBytes(3, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("writing a key", e);
        }
    }

    @Override
    public boolean delete(TenantId tenant, String key) {
        byte[] k = keyBytes(key);
        try {
            PreparedStatement ps = writeStatement(KvSql.DELETE, tenant);
            ps.setBytes(2, k);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("deleting a key", e);
        }
    }

    @Override
    public long deleteRange(TenantId tenant, KeyRange range) {
        checkWritable();
        try {
            return bindRange(KvSql.DELETE_RANGE, tenant, range).executeUpdate();
        } catch (SQLException e) {
            throw SqliteErrors.unavailable("deleting a key range", e);
        }
    }

    /** Returns every tenant holding at least one key, in id order. */
    List<TenantId> tenants() {
        checkActive();
        List<TenantId> out = new ArrayList<>();
        try {
            PreparedStatement ps = c.prepare(KvSql.NEXT_TENANT);
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
            throw SqliteErrors.unavailable("listing tenants", e);
        }
    }

    /** Ends this handle's validity; later calls fail. */
    void finish() {
        finished = true;
    }

    private PreparedStatement bindRange(String sql, TenantId tenant, KeyRange range) throws SQLException {
        PreparedStatement ps = statement(sql, tenant);
        // Bounds need not be keys; UTF-8 orders any bound against ASCII keys exactly as String.compareTo does.
        ps.setBytes(2, range.from().getBytes(StandardCharsets.UTF_8));
        ps.setBytes(3, range.to().getBytes(StandardCharsets.UTF_8));
        return ps;
    }

    private PreparedStatement writeStatement(String sql, TenantId tenant) throws SQLException {
        checkWritable();
        return statement(sql, tenant);
    }

    private PreparedStatement statement(String sql, TenantId tenant) throws SQLException {
        checkActive();
        PreparedStatement ps = c.prepare(sql);
        ps.setString(1, Objects.requireNonNull(tenant, "tenant").value());
        return ps;
    }

    private static byte[] keyBytes(String key) {
        return Keys.check(key).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? new byte[0] : b;
    }

    private void checkWritable() {
        if (!writable) {
            throw new IllegalStateException("a read transaction cannot write");
        }
    }

    private void checkActive() {
        if (finished) {
            throw new IllegalStateException("a transaction handle is valid only inside its body");
        }
    }
}
