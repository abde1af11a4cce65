-- The job queue: unfinished background jobs shared by every server node, claimed under leases.
-- Times are epoch milliseconds (BIGINT), so both engines compare them the same way.
-- A finished job is deleted; at most one unfinished job per (tenant, kind, subject).
-- Portable: runs unchanged on SQLite and on PostgreSQL.
CREATE TABLE jobs (
    id         VARCHAR(30)  NOT NULL PRIMARY KEY,
    tenant     VARCHAR(36)  NOT NULL,
    kind       VARCHAR(64)  NOT NULL,
    subject    VARCHAR(256) NOT NULL,
    payload    BYTEA        NOT NULL,
    created_at BIGINT       NOT NULL,
    due_at     BIGINT       NOT NULL,
    attempts   INTEGER      NOT NULL,
    owner      VARCHAR(200),
    last_error TEXT,
    UNIQUE (tenant, kind, subject)
);
CREATE INDEX jobs_due ON jobs (due_at, id);
