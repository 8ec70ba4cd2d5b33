-- DSOP Kontroll (spec: dsop-kontroll.md §5.3, §4.7, §12 items 17, 22).
-- dsop_refs holds every opaque accountReference a bank issued, bound to
-- the consumer, the case (AccountInfoRequestID) and the account; one live
-- reference per (consumer, case, bank, account). dsop_pages holds the
-- opaque page tokens of account lists.
CREATE TABLE dsop_refs (
    ref            TEXT PRIMARY KEY,
    consumer       TEXT NOT NULL,
    request_id     TEXT NOT NULL,
    bank_orgnr     TEXT NOT NULL,
    account_number TEXT NOT NULL,
    party_id       TEXT NOT NULL,
    profile        TEXT NOT NULL,
    issued_at      TEXT NOT NULL,
    UNIQUE (consumer, request_id, bank_orgnr, account_number)
);
CREATE TABLE dsop_pages (
    token      TEXT PRIMARY KEY,
    consumer   TEXT NOT NULL,
    request_id TEXT NOT NULL,
    bank_orgnr TEXT NOT NULL,
    party_id   TEXT NOT NULL,
    page_offset BIGINT NOT NULL,
    issued_at  TEXT NOT NULL
);
