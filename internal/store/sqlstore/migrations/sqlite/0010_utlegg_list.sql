-- The operator's list of utleggsbegjæring cases, newest first, all or by
-- submitter (UtleggList): pages read an index range instead of sorting
-- every case.
CREATE INDEX utlegg_saker_opprettet ON utlegg_saker (opprettet, ekstern_ref);
CREATE INDEX utlegg_saker_org_opprettet ON utlegg_saker (org, opprettet, ekstern_ref);
