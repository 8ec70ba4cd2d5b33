-- Statement analysis (spec: statement-analysis.md §2, §3, §4, §8).
-- Times are Unix microseconds. Names carry the nordigen_ prefix.
CREATE TABLE nordigen_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE nordigen_records (
    request_id  TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    status      TEXT NOT NULL,
    available   TEXT NOT NULL,
    meta        BYTEA,
    statement   BYTEA,
    request     BYTEA,
    result      BYTEA,
    webhook     BYTEA,
    created_at  BIGINT NOT NULL,
    queued_at   BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX nordigen_records_created ON nordigen_records (created_at);
CREATE TABLE nordigen_webhook_settings (
    client_id TEXT PRIMARY KEY,
    settings  BYTEA NOT NULL
);
