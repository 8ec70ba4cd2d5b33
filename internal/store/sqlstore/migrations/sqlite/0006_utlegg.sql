-- Utleggsbegjæring (spec: utleggsbegjaering.md §6, §9, §10, §11).
-- utlegg_duplikat holds the duplicate key (organisation, begjæringsdato,
-- innsenderReferanse) of every accepted innsending: its primary key is
-- what makes two racing identical submissions yield one case (§9).
CREATE TABLE utlegg_saker (
    ekstern_ref      TEXT PRIMARY KEY,
    org              TEXT NOT NULL,
    saksreferanse    TEXT NOT NULL UNIQUE,
    innsender_ref    TEXT NOT NULL,
    begjaeringsdato  TEXT NOT NULL,
    saksstatus       TEXT NOT NULL,
    versjon          BIGINT NOT NULL,
    opprettet        BIGINT NOT NULL,
    sist_endret      BIGINT NOT NULL,
    forste_underskrift TEXT NOT NULL,
    forste_innsender TEXT NOT NULL,
    forste_dato      TEXT NOT NULL,
    kravgrunnlag     TEXT NOT NULL,
    beslutning       TEXT NOT NULL DEFAULT '',
    ubehandlet_til   BIGINT NOT NULL
);
CREATE INDEX utlegg_saker_org_ref ON utlegg_saker (org, innsender_ref);
CREATE TABLE utlegg_innsendinger (
    ekstern_ref   TEXT NOT NULL,
    versjon       BIGINT NOT NULL,
    mottatt       BIGINT NOT NULL,
    behandlet_fra BIGINT NOT NULL,
    body          TEXT NOT NULL,
    PRIMARY KEY (ekstern_ref, versjon)
);
CREATE TABLE utlegg_duplikat (
    dup_key     TEXT PRIMARY KEY,
    ekstern_ref TEXT NOT NULL
);
CREATE TABLE utlegg_meldinger (
    sekvensnummer BIGINT PRIMARY KEY,
    meldingsid    TEXT NOT NULL UNIQUE,
    org           TEXT NOT NULL,
    ekstern_ref   TEXT NOT NULL,
    opprettet     BIGINT NOT NULL,
    body          TEXT NOT NULL
);
CREATE INDEX utlegg_meldinger_org ON utlegg_meldinger (org, sekvensnummer);
CREATE INDEX utlegg_meldinger_sak ON utlegg_meldinger (ekstern_ref, sekvensnummer);
CREATE TABLE utlegg_vedlegg (
    uuid          TEXT PRIMARY KEY,
    org           TEXT NOT NULL,
    filnavn       TEXT NOT NULL,
    innsender_ref TEXT NOT NULL,
    type          TEXT NOT NULL,
    status        TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    storrelse     BIGINT NOT NULL,
    opprettet     BIGINT NOT NULL,
    data          BLOB
);
