-- The synthetic world and the cross-cutting records.
CREATE TABLE organisations (
    orgnr       TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    roles       TEXT NOT NULL DEFAULT '',
    street      TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    bank_reg_no TEXT NOT NULL DEFAULT ''
);
CREATE TABLE persons (
    nin         TEXT PRIMARY KEY,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    gender      TEXT NOT NULL,
    street      TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    protection  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE accounts (
    account_number    TEXT PRIMARY KEY,
    bank_orgnr        TEXT NOT NULL,
    owner_id          TEXT NOT NULL,
    type              TEXT NOT NULL,
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL,
    name              TEXT NOT NULL DEFAULT '',
    start_date        TEXT NOT NULL,
    end_date          TEXT NOT NULL DEFAULT '',
    owner_since       TEXT NOT NULL,
    booked_balance    INTEGER NOT NULL DEFAULT 0,
    available_balance INTEGER NOT NULL DEFAULT 0,
    credit_line       INTEGER NOT NULL DEFAULT 0,
    online_available  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX accounts_owner ON accounts (owner_id, bank_orgnr);
CREATE TABLE account_parties (
    account_number TEXT NOT NULL,
    party_id       TEXT NOT NULL,
    role           TEXT NOT NULL,
    start_date     TEXT NOT NULL,
    end_date       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_number, party_id, role)
);
CREATE INDEX account_parties_party ON account_parties (party_id);
CREATE TABLE employments (
    id               INTEGER PRIMARY KEY,
    person_nin       TEXT NOT NULL,
    employer_orgnr   TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL DEFAULT '',
    annual_salary    INTEGER NOT NULL,
    position_percent INTEGER NOT NULL
);
CREATE INDEX employments_person ON employments (person_nin);
CREATE INDEX employments_employer ON employments (employer_orgnr);
CREATE TABLE debts (
    id                           TEXT PRIMARY KEY,
    person_nin                   TEXT NOT NULL,
    creditor_orgnr               TEXT NOT NULL,
    type                         TEXT NOT NULL,
    co_borrower                  INTEGER NOT NULL DEFAULT 0,
    credit_limit                 INTEGER NOT NULL DEFAULT 0,
    interest_bearing_balance     INTEGER NOT NULL DEFAULT 0,
    non_interest_bearing_balance INTEGER NOT NULL DEFAULT 0,
    original_balance             INTEGER NOT NULL DEFAULT 0,
    balance                      INTEGER NOT NULL DEFAULT 0,
    terms                        INTEGER NOT NULL DEFAULT 0,
    nominal_interest_rate        INTEGER NOT NULL DEFAULT 0,
    installment_charges          INTEGER NOT NULL DEFAULT 0,
    installment_charge_period    TEXT NOT NULL DEFAULT '',
    extracted_at                 TEXT NOT NULL
);
CREATE INDEX debts_person ON debts (person_nin);

CREATE TABLE audit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    service      TEXT NOT NULL,
    action       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    on_behalf_of TEXT NOT NULL DEFAULT '',
    subject_id   TEXT NOT NULL DEFAULT '',
    legal_basis  TEXT NOT NULL DEFAULT '',
    correlation  TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL,
    details      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_subject ON audit (subject_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    job_key    TEXT NOT NULL DEFAULT '',
    payload    BLOB,
    state      TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    run_at     INTEGER NOT NULL,
    lease_till INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX jobs_kind_key ON jobs (kind, job_key) WHERE job_key <> '';
CREATE INDEX jobs_ready ON jobs (state, run_at);

CREATE TABLE idempotency (
    scope       TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    result      BLOB,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
