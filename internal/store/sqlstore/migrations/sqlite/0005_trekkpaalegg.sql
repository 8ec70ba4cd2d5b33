-- Trekkpålegg (spec: trekkpaalegg.md §6, §8, §12).
-- trekkpaalegg_versjoner holds every published version exactly as it is
-- served (body); trekkpaalegg holds one row per order pointing at its
-- latest version, so "latest version of each order of one employer after
-- sequence number N" is one range scan of trekkpaalegg_pliktig_seq.
CREATE TABLE trekkpaalegg_versjoner (
    sekvensnummer BIGINT PRIMARY KEY,
    trekkid       TEXT NOT NULL,
    trekkversjon  BIGINT NOT NULL,
    trekkpliktig  TEXT NOT NULL,
    trekkstatus   TEXT NOT NULL,
    siste_sluttdato TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL,
    UNIQUE (trekkid, trekkversjon)
);
CREATE TABLE trekkpaalegg (
    trekkid             TEXT PRIMARY KEY,
    trekkpliktig        TEXT NOT NULL,
    skyldner            TEXT NOT NULL,
    saksnummer          TEXT NOT NULL,
    kidnummer           TEXT NOT NULL,
    siste_versjon       BIGINT NOT NULL,
    siste_sekvensnummer BIGINT NOT NULL,
    trekkstatus         TEXT NOT NULL,
    siste_sluttdato     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trekkpaalegg_pliktig_seq ON trekkpaalegg (trekkpliktig, siste_sekvensnummer);
CREATE INDEX trekkpaalegg_kid ON trekkpaalegg (kidnummer);
CREATE INDEX trekkpaalegg_status ON trekkpaalegg (trekkstatus, siste_sluttdato);
CREATE INDEX trekkpaalegg_skyldner ON trekkpaalegg (skyldner);
