package io.aetherfs.store.sql;

/**
 * The statements of the {@code kv} table (db/migration/V1__kv.sql), written once in the SQL that
 * SQLite and PostgreSQL both accept, so the two metadata stores cannot drift apart. Every statement
 * names the tenant as its first parameter; keys and range bounds are bound as bytes, so
 * {@code ORDER BY k} is byte order on both engines.
 */
public final class KvSql {
    /** Parameters: tenant, key. Columns: value. */
    public static final String GET = "SELECT v FROM kv WHERE tenant = ? AND k = ?";
    /** Parameters: tenant, key, value. */
    public static final String PUT =
            "INSERT INTO kv (tenant, k, v) VALUES (?, ?, ?) ON CONFLICT (tenant, k) DO UPDATE SET v = excluded.v";
    /** Parameters: tenant, key. */
    public static final String DELETE = "DELETE FROM kv WHERE tenant = ? AND k = ?";
    /** Parameters: tenant, from (inclusive), to (exclusive). */
    public static final String DELETE_RANGE = "DELETE FROM kv WHERE tenant = ? AND k >= ? AND k < ?";

    private static final String SCAN = "SELECT k, v FROM kv WHERE tenant = ? AND k >= ? AND k < ? ORDER BY k";
    /** Parameters: tenant, from, to, limit. Columns: key, value. */
    public static final String SCAN_ASC = SCAN + " LIMIT ?";
    /** Parameters: tenant, from, to, limit. Columns: key, value; keys descending. */
    public static final String SCAN_DESC = SCAN + " DESC LIMIT ?";
    /** Parameters: the previous tenant ("" first). One index probe per tenant instead of a DISTINCT over every key. */
    public static final String NEXT_TENANT = "SELECT tenant FROM kv WHERE tenant > ? ORDER BY tenant LIMIT 1";

    private KvSql() {}
}
