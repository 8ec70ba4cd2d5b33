package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// This file implements utleggstore.Storage for the utleggsbegjæring API
// (spec: utleggsbegjaering.md §6, §9, §10, §11).
//
// Invariant: a reader never sees message sekvensnummer N+1 before N.
// Numbers are only given under the message counter's row lock, which
// stays held until commit (see trekkpaalegg.go for why that orders
// commits on both dialects). The transactions that read a case and then
// change it take that lock first (lockUtleggSeq), which also serialises
// them, and number their messages at once.
//
// A submission (UtleggCreate) changes no existing case and does not take
// the lock: holding it across every submission's commit made PostgreSQL
// run one submission at a time, each waiting for the one before it to
// reach the disk. It writes its message to utlegg_meldinger_ventende
// instead, and utleggNummerer moves waiting messages into
// utlegg_meldinger under the lock, many in one short transaction. Every
// read of messages numbers what is waiting first, so a client reads its
// own submission's message at once; a submission also starts a run in
// the background. The transactions that take the lock number the waiting
// messages before their own, so a case's messages keep their order.
//
// Duplicates (§9): the key goes into utlegg_duplikat with ON CONFLICT DO
// NOTHING inside the storing transaction. On PostgreSQL a racing insert
// of the same key waits for the first transaction and then inserts
// nothing; on SQLite writers are serialised. Either way exactly one case
// gets the key and the other transaction returns a *DuplikatError.

var _ utleggstore.Storage = (*DB)(nil)

const (
	seqUtleggMelding = "utlegg.sekvensnummer"
	seqUtleggSak     = "utlegg.saksnummer."
)

const utleggSakCols = `s.ekstern_ref, s.org, s.saksreferanse, s.innsender_ref, s.begjaeringsdato, s.saksstatus, s.versjon,
	s.opprettet, s.sist_endret, s.forste_underskrift, s.forste_innsender, s.forste_dato, s.kravgrunnlag, s.beslutning,
	s.ubehandlet_til, i.body, i.mottatt`

const utleggSakFrom = ` FROM utlegg_saker s JOIN utlegg_innsendinger i ON i.ekstern_ref = s.ekstern_ref AND i.versjon = s.versjon`

func scanUtleggSak(s scanner) (utleggstore.Sak, error) {
	var (
		k                                utleggstore.Sak
		opprettet, endret, ubeh, mottatt int64
		krav, beslutning, body           string
	)
	err := s.Scan(&k.EksternSaksreferanse, &k.Org, &k.Saksreferanse, &k.InnsenderReferanse, &k.Begjaeringsdato, &k.Saksstatus,
		&k.Versjon, &opprettet, &endret, &k.ForsteUnderskrift, &k.ForsteInnsenderOrgnr, &k.ForsteBegjaeringsdato, &krav,
		&beslutning, &ubeh, &body, &mottatt)
	if err != nil {
		return k, err
	}
	k.Opprettet, k.SistEndret = time.UnixMicro(opprettet).UTC(), time.UnixMicro(endret).UTC()
	k.UbehandletTil, k.Mottatt = time.UnixMicro(ubeh).UTC(), time.UnixMicro(mottatt).UTC()
	k.Kravgrunnlag = map[string]string{}
	if krav != "" {
		if err := json.Unmarshal([]byte(krav), &k.Kravgrunnlag); err != nil {
			return k, err
		}
	}
	if beslutning != "" {
		k.Beslutning = []byte(beslutning)
	}
	k.Body = []byte(body)
	return k, nil
}

type rowQuerier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func utleggGet(ctx context.Context, q rowQuerier, org, ref string) (utleggstore.Sak, error) {
	k, err := scanUtleggSak(q.QueryRowContext(ctx, `SELECT `+utleggSakCols+utleggSakFrom+` WHERE s.ekstern_ref = $1`, ref))
	if err != nil {
		return k, notFound(err)
	}
	if org != "" && k.Org != org {
		return utleggstore.Sak{}, store.ErrNotFound
	}
	return k, nil
}

// utleggClaimDup inserts the duplicate key for ref; a key held by another
// case is a *DuplikatError.
func utleggClaimDup(ctx context.Context, tx *sql.Tx, key, ref string) error {
	if key == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO utlegg_duplikat (dup_key, ekstern_ref) VALUES ($1, $2) ON CONFLICT (dup_key) DO NOTHING`, key, ref)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var owner string
	if err := tx.QueryRowContext(ctx, `SELECT ekstern_ref FROM utlegg_duplikat WHERE dup_key = $1`, key).Scan(&owner); err != nil {
		return err
	}
	if owner == ref {
		return nil
	}
	return &utleggstore.DuplikatError{EksternSaksreferanse: owner}
}

func utleggInsertMelding(ctx context.Context, tx *sql.Tx, m utleggstore.Melding) error {
	seq, err := NextSequenceTx(ctx, tx, seqUtleggMelding)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO utlegg_meldinger (sekvensnummer, meldingsid, org, ekstern_ref, opprettet, body)
		VALUES ($1, $2, $3, $4, $5, $6)`, seq, m.Meldingsid, m.Org, m.EksternSaksreferanse, m.Opprettet.UnixMicro(), string(m.Body))
	return err
}

// lockUtleggSeq takes the message counter's lock as the first statement
// of a transaction that will append messages (see the file comment).
func lockUtleggSeq(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sequences (name, value) VALUES ($1, 0)
		ON CONFLICT (name) DO UPDATE SET value = sequences.value`, seqUtleggMelding)
	return err
}

// UtleggCreate stores a new case; see utleggstore.Storage.
func (db *DB) UtleggCreate(ctx context.Context, n utleggstore.NySak) (utleggstore.Sak, error) {
	k := n.Sak
	krav, err := json.Marshal(k.Kravgrunnlag)
	if err != nil {
		return utleggstore.Sak{}, err
	}
	k.Versjon, k.UbehandletTil = 1, n.BehandletFra
	var nr int64
	if db.dialect == Postgres {
		if nr, err = db.utleggSaksnummer(ctx, n.SaksreferanseAar); err != nil {
			return utleggstore.Sak{}, err
		}
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		// No counter is locked across this transaction (see the file
		// comment); on SQLite, where writers take turns anyway, the case
		// number is allocated here.
		if err := utleggClaimDup(ctx, tx, n.DupKey, k.EksternSaksreferanse); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO utlegg_innsendinger (ekstern_ref, versjon, mottatt, behandlet_fra, body)
			VALUES ($1, 1, $2, $3, $4)`, k.EksternSaksreferanse, k.Mottatt.UnixMicro(), n.BehandletFra.UnixMicro(), string(k.Body)); err != nil {
			return err
		}
		if n.JobKind != "" {
			if _, err := EnqueueJobTx(ctx, tx, store.Job{Kind: n.JobKind, Key: k.EksternSaksreferanse,
				Payload: []byte(k.EksternSaksreferanse), RunAt: n.JobAt}); err != nil {
				return err
			}
		}
		if db.dialect != Postgres {
			var err error
			if nr, err = NextSequenceTx(ctx, tx, fmt.Sprintf("%s%d", seqUtleggSak, n.SaksreferanseAar)); err != nil {
				return err
			}
		}
		k.Saksreferanse = fmt.Sprintf("UTLBGJ/%d/%d", n.SaksreferanseAar, nr)
		if _, err := tx.ExecContext(ctx, `INSERT INTO utlegg_saker (ekstern_ref, org, saksreferanse, innsender_ref, begjaeringsdato,
			saksstatus, versjon, opprettet, sist_endret, forste_underskrift, forste_innsender, forste_dato, kravgrunnlag, beslutning, ubehandlet_til)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, '', $13)`,
			k.EksternSaksreferanse, k.Org, k.Saksreferanse, k.InnsenderReferanse, k.Begjaeringsdato, k.Saksstatus,
			k.Opprettet.UnixMicro(), k.SistEndret.UnixMicro(), k.ForsteUnderskrift, k.ForsteInnsenderOrgnr, k.ForsteBegjaeringsdato,
			string(krav), n.BehandletFra.UnixMicro()); err != nil {
			if IsUniqueViolation(err) {
				return fmt.Errorf("%w: case %s exists", store.ErrConflict, k.EksternSaksreferanse)
			}
			return err
		}
		m := n.Melding
		m.Org, m.EksternSaksreferanse = k.Org, k.EksternSaksreferanse
		if n.MeldingBody != nil {
			m.Body = n.MeldingBody(k.Saksreferanse)
		}
		return utleggVent(ctx, tx, m)
	})
	if err != nil {
		return utleggstore.Sak{}, err
	}
	db.utleggNummererSnart()
	return k, nil
}

// UtleggChange stores a new version; see utleggstore.Storage.
func (db *DB) UtleggChange(ctx context.Context, e utleggstore.Endring) (utleggstore.Sak, error) {
	var out utleggstore.Sak
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := lockUtleggSeq(ctx, tx); err != nil {
			return err
		}
		if err := utleggNummererTx(ctx, tx); err != nil {
			return err
		}
		k, err := utleggGet(ctx, tx, e.Org, e.EksternSaksreferanse)
		if err != nil {
			return err
		}
		if e.Mottatt.Before(k.UbehandletTil) {
			return fmt.Errorf("%w: case %s has an unprocessed innsending", utleggstore.ErrState, k.EksternSaksreferanse)
		}
		if !slices.Contains(e.TillatteStatuser, k.Saksstatus) {
			return fmt.Errorf("%w: case %s is %s", utleggstore.ErrState, k.EksternSaksreferanse, k.Saksstatus)
		}
		if err := utleggClaimDup(ctx, tx, e.DupKey, k.EksternSaksreferanse); err != nil {
			return err
		}
		for kr, id := range e.NyeKrav {
			if _, ok := k.Kravgrunnlag[kr]; !ok {
				k.Kravgrunnlag[kr] = id
			}
		}
		krav, err := json.Marshal(k.Kravgrunnlag)
		if err != nil {
			return err
		}
		k.Versjon++
		if _, err := tx.ExecContext(ctx, `INSERT INTO utlegg_innsendinger (ekstern_ref, versjon, mottatt, behandlet_fra, body)
			VALUES ($1, $2, $3, $4, $5)`, k.EksternSaksreferanse, k.Versjon, e.Mottatt.UnixMicro(), e.BehandletFra.UnixMicro(), string(e.Body)); err != nil {
			if IsUniqueViolation(err) {
				return fmt.Errorf("%w: case %s changed concurrently", utleggstore.ErrState, k.EksternSaksreferanse)
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE utlegg_saker SET versjon = $1, sist_endret = $2, ubehandlet_til = $3,
			innsender_ref = $4, kravgrunnlag = $5 WHERE ekstern_ref = $6`,
			k.Versjon, e.Mottatt.UnixMicro(), e.BehandletFra.UnixMicro(), e.InnsenderReferanse, string(krav), k.EksternSaksreferanse); err != nil {
			return err
		}
		m := e.Melding
		m.Org, m.EksternSaksreferanse = k.Org, k.EksternSaksreferanse
		if err := utleggInsertMelding(ctx, tx, m); err != nil {
			return err
		}
		out, err = utleggGet(ctx, tx, "", k.EksternSaksreferanse)
		return err
	})
	return out, err
}

// UtleggGet reads a case of org ("" matches any).
func (db *DB) UtleggGet(ctx context.Context, org, ref string) (utleggstore.Sak, error) {
	return utleggGet(ctx, db.r, org, ref)
}

// UtleggFind lists org's cases with the innsenderReferanse.
func (db *DB) UtleggFind(ctx context.Context, org, innsenderRef string) ([]utleggstore.Sak, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+utleggSakCols+utleggSakFrom+` WHERE s.org = $1 AND s.innsender_ref = $2
		ORDER BY s.opprettet, s.ekstern_ref`, org, innsenderRef)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUtleggSak)
}

// UtleggList lists cases newest first; see utleggstore.Storage. The
// cursor "<opprettet µs>.<ekstern_ref>" continues after that case.
func (db *DB) UtleggList(ctx context.Context, q utleggstore.SakQuery) ([]utleggstore.Sak, error) {
	var (
		afterT   int64 = math.MaxInt64
		afterRef string
	)
	if q.After != "" {
		n, ref, ok := utleggstore.ParseCursor(q.After)
		if !ok {
			return nil, fmt.Errorf("utlegg: unreadable cursor %q", q.After)
		}
		afterT, afterRef = n, ref
	}
	limit := min(max(q.Limit, 1), 1000)
	// Only the filters that are set go into the query, so that a
	// submitter's page reads the (org, opprettet) index (migration 0010).
	where := `(s.opprettet < $1 OR (s.opprettet = $1 AND s.ekstern_ref < $2))`
	args := []any{afterT, afterRef}
	if q.Org != "" {
		args = append(args, q.Org)
		where += fmt.Sprintf(" AND s.org = $%d", len(args))
	}
	if q.Saksstatus != "" {
		args = append(args, q.Saksstatus)
		where += fmt.Sprintf(" AND s.saksstatus = $%d", len(args))
	}
	args = append(args, limit)
	rows, err := db.r.QueryContext(ctx, `SELECT `+utleggSakListCols+utleggSakFrom+` WHERE `+where+`
		ORDER BY s.opprettet DESC, s.ekstern_ref DESC LIMIT `+fmt.Sprintf("$%d", len(args)), args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUtleggSak)
}

// utleggSakListCols are utleggSakCols without the begjæring's body.
var utleggSakListCols = strings.Replace(utleggSakCols, "i.body", "''", 1)

// UtleggDuplikat returns the case holding dupKey, "" if none.
func (db *DB) UtleggDuplikat(ctx context.Context, dupKey string) (string, error) {
	var ref string
	err := db.r.QueryRowContext(ctx, `SELECT ekstern_ref FROM utlegg_duplikat WHERE dup_key = $1`, dupKey).Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return ref, err
}

// UtleggTransition changes a case's status and appends messages.
func (db *DB) UtleggTransition(ctx context.Context, o utleggstore.Overgang) (utleggstore.Sak, error) {
	var out utleggstore.Sak
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := lockUtleggSeq(ctx, tx); err != nil {
			return err
		}
		if err := utleggNummererTx(ctx, tx); err != nil {
			return err
		}
		k, err := utleggGet(ctx, tx, "", o.EksternSaksreferanse)
		if err != nil {
			return err
		}
		if len(o.Fra) > 0 && !slices.Contains(o.Fra, k.Saksstatus) {
			return fmt.Errorf("%w: case %s is %s", utleggstore.ErrState, k.EksternSaksreferanse, k.Saksstatus)
		}
		if o.Til != "" {
			beslutning := string(k.Beslutning)
			if o.Beslutning != nil {
				beslutning = string(o.Beslutning)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE utlegg_saker SET saksstatus = $1, beslutning = $2, sist_endret = $3 WHERE ekstern_ref = $4`,
				o.Til, beslutning, o.Tidspunkt.UnixMicro(), k.EksternSaksreferanse); err != nil {
				return err
			}
		}
		for _, m := range o.Meldinger {
			m.Org, m.EksternSaksreferanse = k.Org, k.EksternSaksreferanse
			if err := utleggInsertMelding(ctx, tx, m); err != nil {
				return err
			}
		}
		out, err = utleggGet(ctx, tx, "", k.EksternSaksreferanse)
		return err
	})
	return out, err
}

// UtleggBehandle marks a case's innsendinger processed at now.
func (db *DB) UtleggBehandle(ctx context.Context, ref string, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		t := now.UnixMicro()
		res, err := tx.ExecContext(ctx, `UPDATE utlegg_saker SET ubehandlet_til = $1 WHERE ekstern_ref = $2 AND ubehandlet_til > $1`, t, ref)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, `SELECT 1 FROM utlegg_saker WHERE ekstern_ref = $1`, ref).Scan(&one); err != nil {
				return notFound(err)
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE utlegg_innsendinger SET behandlet_fra = $1 WHERE ekstern_ref = $2 AND behandlet_fra > $1`, t, ref)
		return err
	})
}

func scanUtleggMelding(s scanner) (utleggstore.Melding, error) {
	var (
		m         utleggstore.Melding
		opprettet int64
		body      string
	)
	err := s.Scan(&m.Sekvensnummer, &m.Meldingsid, &m.Org, &m.EksternSaksreferanse, &opprettet, &body)
	m.Opprettet, m.Body = time.UnixMicro(opprettet).UTC(), []byte(body)
	return m, err
}

const utleggMeldingCols = `sekvensnummer, meldingsid, org, ekstern_ref, opprettet, body`

// UtleggMeldinger lists org's messages after a sekvensnummer.
func (db *DB) UtleggMeldinger(ctx context.Context, org string, after int64, limit int) ([]utleggstore.Melding, error) {
	if err := db.utleggNummerer(ctx); err != nil {
		return nil, err
	}
	q := `SELECT ` + utleggMeldingCols + ` FROM utlegg_meldinger WHERE org = $1 AND sekvensnummer > $2 ORDER BY sekvensnummer`
	args := []any{org, after}
	if limit > 0 {
		q += ` LIMIT $3`
		args = append(args, limit)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUtleggMelding)
}

// UtleggSakMeldinger lists one case's messages.
func (db *DB) UtleggSakMeldinger(ctx context.Context, ref string) ([]utleggstore.Melding, error) {
	if err := db.utleggNummerer(ctx); err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+utleggMeldingCols+` FROM utlegg_meldinger WHERE ekstern_ref = $1 ORDER BY sekvensnummer`, ref)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUtleggMelding)
}

// UtleggPutVedlegg stores an attachment.
func (db *DB) UtleggPutVedlegg(ctx context.Context, v utleggstore.Vedlegg) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO utlegg_vedlegg (uuid, org, filnavn, innsender_ref, type, status, content_type, storrelse, opprettet, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, v.UUID, v.Org, v.Filnavn, v.InnsenderReferanse, v.Type, v.Status,
			v.ContentType, v.Storrelse, v.Opprettet.UnixMicro(), v.Data)
		if IsUniqueViolation(err) {
			return fmt.Errorf("%w: vedlegg %s exists", store.ErrConflict, v.UUID)
		}
		return err
	})
}

// UtleggGetVedlegg reads attachments' metadata by uuid.
func (db *DB) UtleggGetVedlegg(ctx context.Context, uuids []string) (map[string]utleggstore.Vedlegg, error) {
	out := map[string]utleggstore.Vedlegg{}
	if len(uuids) == 0 {
		return out, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT uuid, org, filnavn, innsender_ref, type, status, content_type, storrelse, opprettet
		FROM utlegg_vedlegg WHERE uuid IN (`+placeholders(1, len(uuids))+`)`, strArgs(nil, uuids)...)
	if err != nil {
		return nil, err
	}
	vs, err := collect(rows, func(s scanner) (utleggstore.Vedlegg, error) {
		var (
			v   utleggstore.Vedlegg
			opp int64
		)
		err := s.Scan(&v.UUID, &v.Org, &v.Filnavn, &v.InnsenderReferanse, &v.Type, &v.Status, &v.ContentType, &v.Storrelse, &opp)
		v.Opprettet = time.UnixMicro(opp).UTC()
		return v, err
	})
	for _, v := range vs {
		out[v.UUID] = v
	}
	return out, err
}

// UtleggSetVedleggStatus changes an attachment's status.
func (db *DB) UtleggSetVedleggStatus(ctx context.Context, uuid, status string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE utlegg_vedlegg SET status = $1 WHERE uuid = $2`, status, uuid)
		return affected(res, err)
	})
}
