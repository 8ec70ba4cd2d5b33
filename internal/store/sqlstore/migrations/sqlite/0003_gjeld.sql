-- Norsk Gjeldsinformasjon: clients, signing keys, codes, tokens, consents,
-- their uses, the consent feed and creditor response modes (spec:
-- gjeldsinformasjon.md §4, §5, §7, §8, §9.4). Instants are Unix seconds
-- unless named *_text. Names carry the gj_ prefix.
CREATE TABLE gj_keys (
    kid         TEXT PRIMARY KEY,
    private_pem TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE gj_clients (
    client_id          TEXT PRIMARY KEY,
    secret_hash        TEXT NOT NULL,
    orgnr              TEXT NOT NULL,
    name               TEXT NOT NULL,
    redirect_uris      TEXT NOT NULL DEFAULT '',
    purposes           TEXT NOT NULL DEFAULT '',
    agreement_consents INTEGER NOT NULL DEFAULT 0,
    consent_events     INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL
);
CREATE TABLE gj_consents (
    id                TEXT PRIMARY KEY,
    client_id         TEXT NOT NULL REFERENCES gj_clients (client_id),
    nin               TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    single_use        INTEGER NOT NULL,
    duration_days     INTEGER NOT NULL,
    origin            TEXT NOT NULL,
    client_consent_id TEXT,
    fingerprint       TEXT NOT NULL DEFAULT '',
    state             TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    inactive_at       INTEGER NOT NULL DEFAULT 0,
    archived_seq      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX gj_consents_ext ON gj_consents (client_id, client_consent_id);
CREATE INDEX gj_consents_nin ON gj_consents (nin, created_at);
CREATE INDEX gj_consents_due ON gj_consents (archived_seq, expires_at);
CREATE TABLE gj_consent_uses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    consent_id  TEXT NOT NULL REFERENCES gj_consents (id),
    client_id   TEXT NOT NULL,
    at          INTEGER NOT NULL,
    endpoint    TEXT NOT NULL,
    trace_id    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX gj_consent_uses_consent ON gj_consent_uses (consent_id, id);
CREATE TABLE gj_feed (
    seq         INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    consent_id  TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    occurred    TEXT NOT NULL,
    appended_at INTEGER NOT NULL,
    scope       TEXT NOT NULL DEFAULT '',
    external_id TEXT
);
CREATE INDEX gj_feed_client ON gj_feed (client_id, seq);
CREATE TABLE gj_codes (
    hash         TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    consent_id   TEXT NOT NULL,
    nin          TEXT NOT NULL,
    scope        TEXT NOT NULL,
    nonce        TEXT NOT NULL DEFAULT '',
    challenge    TEXT NOT NULL DEFAULT '',
    method       TEXT NOT NULL DEFAULT '',
    auth_time    INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE gj_tokens (
    hash       TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    audience   TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    consent_id TEXT NOT NULL DEFAULT '',
    nin        TEXT NOT NULL DEFAULT '',
    code_hash  TEXT NOT NULL DEFAULT '',
    openid     INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX gj_tokens_code ON gj_tokens (code_hash);
CREATE TABLE gj_creditor_modes (
    orgnr TEXT NOT NULL,
    nin   TEXT NOT NULL DEFAULT '',
    mode  TEXT NOT NULL,
    PRIMARY KEY (orgnr, nin)
);
