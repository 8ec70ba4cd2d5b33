-- Maskinporten-compatible token service (spec: maskinporten.md §1.4, §2.5,
-- §5, §6). Times are Unix seconds. Names carry the mp_ prefix.
CREATE TABLE mp_signing_keys (
    kid         TEXT PRIMARY KEY,
    alg         TEXT NOT NULL,
    private_key BYTEA NOT NULL,
    created_at  BIGINT NOT NULL,
    retired_at  BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE mp_test_ca (
    id          BIGINT PRIMARY KEY,
    cert_der    BYTEA NOT NULL,
    private_key BYTEA NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE TABLE mp_clients (
    client_id             TEXT PRIMARY KEY,
    orgnr                 TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    scopes                TEXT NOT NULL DEFAULT '',
    access_token_lifetime BIGINT NOT NULL DEFAULT 0,
    active                BIGINT NOT NULL DEFAULT 1,
    created_at            BIGINT NOT NULL
);
CREATE INDEX mp_clients_org ON mp_clients (orgnr, client_id);
CREATE TABLE mp_client_keys (
    kid         TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES mp_clients (client_id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    public      BYTEA NOT NULL,
    private_key BYTEA,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX mp_client_keys_client ON mp_client_keys (client_id);
CREATE TABLE mp_scopes (
    name                      TEXT PRIMARY KEY,
    owner_orgnr               TEXT NOT NULL DEFAULT '',
    description               TEXT NOT NULL DEFAULT '',
    active                    BIGINT NOT NULL DEFAULT 1,
    allowed_integration_types TEXT NOT NULL DEFAULT 'maskinporten',
    accessible_for_all        BIGINT NOT NULL DEFAULT 0,
    delegation_source         TEXT NOT NULL DEFAULT '',
    at_max_age                BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE mp_scope_access (
    orgnr      TEXT NOT NULL,
    scope      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (orgnr, scope)
);
CREATE TABLE mp_delegations (
    consumer_orgnr TEXT NOT NULL,
    supplier_orgnr TEXT NOT NULL,
    scope          TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (consumer_orgnr, supplier_orgnr, scope)
);
CREATE INDEX mp_delegations_supplier ON mp_delegations (supplier_orgnr);
CREATE TABLE mp_systems (
    id           TEXT PRIMARY KEY,
    vendor_orgnr TEXT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    rights       TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE TABLE mp_system_clients (
    client_id TEXT PRIMARY KEY,
    system_id TEXT NOT NULL REFERENCES mp_systems (id) ON DELETE CASCADE
);
CREATE INDEX mp_system_clients_system ON mp_system_clients (system_id);
CREATE TABLE mp_system_users (
    id             TEXT PRIMARY KEY,
    system_id      TEXT NOT NULL REFERENCES mp_systems (id) ON DELETE CASCADE,
    customer_orgnr TEXT NOT NULL,
    external_ref   TEXT NOT NULL,
    user_type      TEXT NOT NULL DEFAULT 'standard',
    status         TEXT NOT NULL,
    rights         TEXT NOT NULL DEFAULT '',
    deleted        BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX mp_system_users_live ON mp_system_users (system_id, customer_orgnr, external_ref) WHERE deleted = 0;
CREATE TABLE mp_jti (
    client_id  TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, jti)
);
CREATE INDEX mp_jti_expiry ON mp_jti (expires_at);
