package io.aetherfs.store.sql.sqlite;

import io.aetherfs.core.model.TenantId;
import io.aetherfs.store.sql.KvSql;
import io.aetherfs.store.sql.SqlKvTx;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A transaction handle over the {@code kv} table of one connection, valid until its body returns: the
 * shared {@link SqlKvTx} on this store's cached statements, writing each put at once.
 */
final class KvTx extends SqlKvTx {
    private final SqliteConnection c;

    KvTx(SqliteConnection c, boolean writable) {
        super(writable);
        this.c = c;
    }

    @Override
    protected PreparedStatement statement(String sql) throws SQLException {
        return c.prepare(sql);
    }

    @Override
    protected void store(TenantId tenant, byte[] key, byte[] value) throws SQLException {
        PreparedStatement ps = statement(KvSql.PUT);
        bindPut(ps, tenant, key, value);
        ps.executeUpdate();
    }

    @Override
    protected RuntimeException failed(String action, SQLException e) {
        return SqliteErrors.unavailable(action, e);
    }
}
