-- Utleggsbegjæring messages waiting for their sekvensnummer (see
-- utlegg.go): a submission writes its message here without taking the
-- message counter's lock, and a short serialised step moves waiting
-- messages into utlegg_meldinger with consecutive numbers.
CREATE TABLE utlegg_meldinger_ventende (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meldingsid  TEXT NOT NULL UNIQUE,
    org         TEXT NOT NULL,
    ekstern_ref TEXT NOT NULL,
    opprettet   BIGINT NOT NULL,
    body        TEXT NOT NULL
);
