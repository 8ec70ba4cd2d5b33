-- Statement analysis per-client token buckets (SA_RATE_LIMIT_PER_MINUTE)
-- shared by every process on the database (nordigen.Config.SharedRateLimit).
CREATE TABLE nordigen_rate (
    client_id TEXT PRIMARY KEY,
    tokens    REAL NOT NULL,
    last_us   BIGINT NOT NULL
);
