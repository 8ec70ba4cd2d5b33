-- Statement analysis (spec: statement-analysis.md §2, §3, §4, §8).
-- Times are Unix microseconds. Names carry the nordigen_ prefix.
CREATE TABLE nordigen_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE nordigen_records (
    request_id  TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL,
    status      TEXT NOT NULL,
    available   TEXT NOT NULL,
    meta        BLOB,
    statement   BLOB,
    request     BLOB,
    result      BLOB,
    webhook     BLOB,
    created_at  INTEGER NOT NULL,
    queued_at   INTEGER NOT NULL DEFAULT 0,
    finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX nordigen_records_created ON nordigen_records (created_at);
CREATE TABLE nordigen_webhook_settings (
    client_id TEXT PRIMARY KEY,
    settings  BLOB NOT NULL
);
