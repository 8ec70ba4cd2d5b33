-- A statement analysis record's uploaded statement in a table of its own:
-- in nordigen_records it sat before request and result, so every poll of
-- a record walked the statement's overflow pages (about 0.7 ms for a
-- 10 MiB upload against 0.2 ms for a small one).
CREATE TABLE nordigen_statements (
    request_id TEXT PRIMARY KEY,
    statement  BLOB NOT NULL
);
INSERT INTO nordigen_statements (request_id, statement)
    SELECT request_id, statement FROM nordigen_records WHERE statement IS NOT NULL;
UPDATE nordigen_records SET statement = NULL WHERE statement IS NOT NULL;
