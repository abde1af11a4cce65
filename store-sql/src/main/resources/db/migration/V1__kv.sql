-- The metadata store: one ordered key-value table whose every row belongs to a tenant.
-- Keys are stored as their ASCII bytes so ORDER BY k is byte order on every engine.
-- Portable: runs unchanged on SQLite (BYTEA is only a type name there; blobs are kept verbatim)
-- and on PostgreSQL.
CREATE TABLE kv (
    tenant VARCHAR(36) NOT NULL,
    k      BYTEA       NOT NULL,
    v      BYTEA       NOT NULL,
    PRIMARY KEY (tenant, k)
);
