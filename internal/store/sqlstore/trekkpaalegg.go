package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

// This file implements trekkstore.Storage for the trekkpålegg API (spec:
// trekkpaalegg.md §8, §12).
//
// Invariant: a reader never sees sekvensnummer N+1 before N. Every write
// of a version allocates its sekvensnummer with NextSequenceTx as the
// first statement of its transaction and inserts the version in the same
// transaction. On SQLite there is one writer connection, so transactions
// run one after another and commit in allocation order. On PostgreSQL the
// counter row stays locked from the allocation until commit or rollback;
// the next writer blocks on that lock and only gets N+1 after N's
// transaction has ended (and is visible to new snapshots), so commits
// happen in sequence order across any number of processes. A rollback
// also rolls the counter back, so no number is lost. The list query is
// one statement, hence one snapshot.

var _ trekkstore.Storage = (*DB)(nil)

// Counter names in the sequences table.
const (
	seqTrekkSekvens = "trekkpaalegg.sekvensnummer"
	seqTrekkID      = "trekkpaalegg.trekkid"
	// trekkIDBase offsets generated trekkid values above the published
	// examples (10001–10010).
	trekkIDBase = 100000
)

const trekkVersionCols = `v.sekvensnummer, v.trekkid, v.trekkversjon, v.trekkpliktig, v.trekkstatus, v.siste_sluttdato, v.body,
	t.skyldner, t.saksnummer, t.kidnummer`

func scanTrekkVersion(s scanner) (trekkstore.Version, error) {
	var (
		v    trekkstore.Version
		body string
	)
	err := s.Scan(&v.Sekvensnummer, &v.Trekkid, &v.Trekkversjon, &v.Trekkpliktig, &v.Trekkstatus, &v.SisteSluttdato, &body,
		&v.Skyldner, &v.Saksnummer, &v.Kidnummer)
	v.Body = []byte(body)
	return v, err
}

func trekkLatestTx(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, trekkid string) (trekkstore.Version, error) {
	v, err := scanTrekkVersion(q.QueryRowContext(ctx, `SELECT `+trekkVersionCols+`
		FROM trekkpaalegg t JOIN trekkpaalegg_versjoner v ON v.sekvensnummer = t.siste_sekvensnummer
		WHERE t.trekkid = $1`, trekkid))
	return v, notFound(err)
}

func trekkExists(ctx context.Context, tx *sql.Tx, q string, arg any) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, q, arg).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// insertTrekkVersion inserts v and points its order's head at it.
func insertTrekkVersion(ctx context.Context, tx *sql.Tx, v trekkstore.Version, isNew bool) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO trekkpaalegg_versjoner
		(sekvensnummer, trekkid, trekkversjon, trekkpliktig, trekkstatus, siste_sluttdato, body)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`,
		v.Sekvensnummer, v.Trekkid, v.Trekkversjon, v.Trekkpliktig, v.Trekkstatus, v.SisteSluttdato, string(v.Body)); err != nil {
		if IsUniqueViolation(err) {
			return fmt.Errorf("%w: trekkpålegg %s versjon %d or sekvensnummer %d exists", store.ErrConflict, v.Trekkid, v.Trekkversjon, v.Sekvensnummer)
		}
		return err
	}
	if isNew {
		_, err := tx.ExecContext(ctx, `INSERT INTO trekkpaalegg
			(trekkid, trekkpliktig, skyldner, saksnummer, kidnummer, siste_versjon, siste_sekvensnummer, trekkstatus, siste_sluttdato)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
			v.Trekkid, v.Trekkpliktig, v.Skyldner, v.Saksnummer, v.Kidnummer, v.Trekkversjon, v.Sekvensnummer, v.Trekkstatus, v.SisteSluttdato)
		if IsUniqueViolation(err) {
			return fmt.Errorf("%w: trekkpålegg %s exists", store.ErrConflict, v.Trekkid)
		}
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE trekkpaalegg SET siste_versjon = $1, siste_sekvensnummer = $2, trekkstatus = $3, siste_sluttdato = $4
		WHERE trekkid = $5`, v.Trekkversjon, v.Sekvensnummer, v.Trekkstatus, v.SisteSluttdato, v.Trekkid)
	return affected(res, err)
}

// TrekkPublish allocates the next sekvensnummer, builds the version from
// the order's latest one and inserts it, all in one transaction.
func (db *DB) TrekkPublish(ctx context.Context, p trekkstore.Publish) (trekkstore.Version, error) {
	var out trekkstore.Version
	err := db.tx(ctx, func(tx *sql.Tx) error {
		// First statement: takes the counter lock (see the file comment).
		seq, err := NextSequenceTx(ctx, tx, seqTrekkSekvens)
		if err != nil {
			return err
		}
		if err := claimTrekkIdem(ctx, tx, p); err != nil {
			return err
		}
		a := trekkstore.Alloc{Sekvensnummer: seq}
		var prev *trekkstore.Version
		if p.Trekkid == "" {
			if a.Trekkid, err = newTrekkID(ctx, tx); err != nil {
				return err
			}
			if a.Kidnummer, err = newTrekkKID(ctx, tx, p.NewKID); err != nil {
				return err
			}
		} else {
			v, err := trekkLatestTx(ctx, tx, p.Trekkid)
			if err != nil {
				return err
			}
			prev, a.Trekkid, a.Kidnummer = &v, v.Trekkid, v.Kidnummer
		}
		v, err := p.Build(prev, a)
		if err != nil {
			return err
		}
		// The store, not Build, owns these.
		v.Sekvensnummer, v.Trekkid = a.Sekvensnummer, a.Trekkid
		if prev != nil {
			if v.Trekkversjon != prev.Trekkversjon+1 || v.Trekkpliktig != prev.Trekkpliktig || v.Kidnummer != prev.Kidnummer {
				return fmt.Errorf("trekkpålegg %s: new version breaks the constant fields", v.Trekkid)
			}
		}
		if err := insertTrekkVersion(ctx, tx, v, prev == nil); err != nil {
			return err
		}
		if p.IdempotencyKey != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE idempotency SET result = $1 WHERE scope = $2 AND key = $3`,
				[]byte(v.Trekkid+"/"+strconv.FormatInt(v.Trekkversjon, 10)), trekkIdemScope, p.IdempotencyKey); err != nil {
				return err
			}
		}
		out = v
		return nil
	})
	var replay *trekkReplay
	if errors.As(err, &replay) {
		// The transaction rolled back, the sequence number with it.
		out, err = db.TrekkGetVersion(ctx, "", replay.trekkid, replay.versjon)
		out.Replayed = true
	}
	return out, err
}

// trekkIdemScope is the idempotency table's scope of TrekkPublish keys.
const trekkIdemScope = "trekkpaalegg.publish"

// trekkReplay aborts a publication whose key an earlier one holds.
type trekkReplay struct {
	trekkid string
	versjon int64
}

func (*trekkReplay) Error() string { return "trekkpålegg: publication replayed" }

// claimTrekkIdem records p's idempotency key, or answers a *trekkReplay
// (same fingerprint) or store.ErrConflict (another). It runs under the
// counter lock, so a racing repeat waits for the first and sees its row.
func claimTrekkIdem(ctx context.Context, tx *sql.Tx, p trekkstore.Publish) error {
	if p.IdempotencyKey == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO idempotency (scope, key, fingerprint, result, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING`,
		trekkIdemScope, p.IdempotencyKey, p.Fingerprint, []byte{}, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var (
		fp     string
		result []byte
	)
	if err := tx.QueryRowContext(ctx, `SELECT fingerprint, result FROM idempotency WHERE scope = $1 AND key = $2`,
		trekkIdemScope, p.IdempotencyKey).Scan(&fp, &result); err != nil {
		return err
	}
	if fp != p.Fingerprint {
		return fmt.Errorf("%w: Idempotency-Key %q was used for another request", store.ErrConflict, p.IdempotencyKey)
	}
	id, v, _ := strings.Cut(string(result), "/")
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return fmt.Errorf("trekkpålegg: idempotency record %q unreadable", result)
	}
	return &trekkReplay{trekkid: id, versjon: n}
}

func newTrekkID(ctx context.Context, tx *sql.Tx) (string, error) {
	for {
		n, err := NextSequenceTx(ctx, tx, seqTrekkID)
		if err != nil {
			return "", err
		}
		id := strconv.FormatInt(trekkIDBase+n, 10)
		used, err := trekkExists(ctx, tx, `SELECT 1 FROM trekkpaalegg WHERE trekkid = $1`, id)
		if err != nil || !used {
			return id, err
		}
	}
}

func newTrekkKID(ctx context.Context, tx *sql.Tx, gen func() string) (string, error) {
	if gen == nil {
		return "", errors.New("trekkpålegg: no KID generator")
	}
	for range 1000 {
		k := gen()
		used, err := trekkExists(ctx, tx, `SELECT 1 FROM trekkpaalegg WHERE kidnummer = $1`, k)
		if err != nil || !used {
			return k, err
		}
	}
	return "", errors.New("trekkpålegg: no unused KID found")
}

// TrekkLoad stores fixture versions verbatim; see trekkstore.Storage.
func (db *DB) TrekkLoad(ctx context.Context, vs []trekkstore.Version) (int, error) {
	loaded := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		loaded = 0
		// Lock the counter first, like TrekkPublish, and read it.
		var counter int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO sequences (name, value) VALUES ($1, 0)
			ON CONFLICT (name) DO UPDATE SET value = sequences.value RETURNING value`, seqTrekkSekvens).Scan(&counter); err != nil {
			return err
		}
		top := counter
		for _, v := range vs {
			skip, err := trekkLoadOne(ctx, tx, v, counter)
			if err != nil {
				return err
			}
			if !skip {
				loaded++
				top = max(top, v.Sekvensnummer)
			}
		}
		if top > counter {
			_, err := tx.ExecContext(ctx, `UPDATE sequences SET value = $1 WHERE name = $2`, top, seqTrekkSekvens)
			return err
		}
		return nil
	})
	return loaded, err
}

// trekkLoadOne inserts one fixture version; skip reports an identical
// version already stored.
func trekkLoadOne(ctx context.Context, tx *sql.Tx, v trekkstore.Version, counter int64) (skip bool, err error) {
	var body string
	err = tx.QueryRowContext(ctx, `SELECT body FROM trekkpaalegg_versjoner WHERE trekkid = $1 AND trekkversjon = $2`,
		v.Trekkid, v.Trekkversjon).Scan(&body)
	switch {
	case err == nil:
		if bytes.Equal([]byte(body), v.Body) {
			return true, nil
		}
		return false, fmt.Errorf("%w: trekkpålegg %s versjon %d is already stored with other content", store.ErrConflict, v.Trekkid, v.Trekkversjon)
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	if v.Sekvensnummer <= counter {
		return false, fmt.Errorf("%w: sekvensnummer %d of trekkpålegg %s versjon %d is not above the last published sekvensnummer %d; a polling client would never see it",
			store.ErrConflict, v.Sekvensnummer, v.Trekkid, v.Trekkversjon, counter)
	}
	prev, err := trekkLatestTx(ctx, tx, v.Trekkid)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if v.Trekkversjon != 1 {
			return false, fmt.Errorf("%w: trekkpålegg %s starts at versjon %d, want 1", store.ErrConflict, v.Trekkid, v.Trekkversjon)
		}
		return false, insertTrekkVersion(ctx, tx, v, true)
	case err != nil:
		return false, err
	}
	switch {
	case v.Trekkversjon != prev.Trekkversjon+1:
		return false, fmt.Errorf("%w: trekkpålegg %s versjon %d does not follow the stored versjon %d", store.ErrConflict, v.Trekkid, v.Trekkversjon, prev.Trekkversjon)
	case v.Sekvensnummer <= prev.Sekvensnummer:
		return false, fmt.Errorf("%w: trekkpålegg %s versjon %d has sekvensnummer %d, not above versjon %d's %d", store.ErrConflict, v.Trekkid, v.Trekkversjon, v.Sekvensnummer, prev.Trekkversjon, prev.Sekvensnummer)
	case v.Trekkpliktig != prev.Trekkpliktig || v.Skyldner != prev.Skyldner || v.Saksnummer != prev.Saksnummer || v.Kidnummer != prev.Kidnummer:
		return false, fmt.Errorf("%w: trekkpålegg %s versjon %d changes trekkpliktig, skyldner, saksnummer or kidnummer", store.ErrConflict, v.Trekkid, v.Trekkversjon)
	}
	return false, insertTrekkVersion(ctx, tx, v, false)
}

// TrekkList returns the latest versions of trekkpliktig's orders after
// sekvensnummer after, ascending.
func (db *DB) TrekkList(ctx context.Context, trekkpliktig string, after, limit int64) ([]trekkstore.Version, error) {
	if limit <= 0 {
		limit = math.MaxInt64
	}
	stmt, err := db.trekkListStmt(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, trekkpliktig, after, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (trekkstore.Version, error) {
		var v trekkstore.Version
		err := s.Scan(&v.Trekkid, &v.Trekkversjon, &v.Sekvensnummer, &v.Skyldner, &v.Body)
		return v, err
	})
}

const trekkListQuery = `SELECT t.trekkid, t.siste_versjon, t.siste_sekvensnummer, t.skyldner, v.body FROM trekkpaalegg t
	JOIN trekkpaalegg_versjoner v ON v.sekvensnummer = t.siste_sekvensnummer
	WHERE t.trekkpliktig = $1 AND t.siste_sekvensnummer > $2
	ORDER BY t.siste_sekvensnummer LIMIT $3`

// trekkListStmts holds the prepared poll query per database: polling is
// the hot path, and SQLite would otherwise parse the statement on every
// call (about a fifth of a poll's CPU).
var trekkListStmts sync.Map // *DB → *sql.Stmt

func (db *DB) trekkListStmt(ctx context.Context) (*sql.Stmt, error) {
	if s, ok := trekkListStmts.Load(db); ok {
		return s.(*sql.Stmt), nil
	}
	s, err := db.r.PrepareContext(ctx, trekkListQuery)
	if err != nil {
		return nil, err
	}
	if prev, loaded := trekkListStmts.LoadOrStore(db, s); loaded {
		s.Close()
		return prev.(*sql.Stmt), nil
	}
	return s, nil
}

// TrekkGetVersion returns one version of an order of trekkpliktig.
func (db *DB) TrekkGetVersion(ctx context.Context, trekkpliktig, trekkid string, versjon int64) (trekkstore.Version, error) {
	v, err := scanTrekkVersion(db.r.QueryRowContext(ctx, `SELECT `+trekkVersionCols+`
		FROM trekkpaalegg_versjoner v JOIN trekkpaalegg t ON t.trekkid = v.trekkid
		WHERE v.trekkid = $1 AND v.trekkversjon = $2 AND ($3 = '' OR v.trekkpliktig = $3)`, trekkid, versjon, trekkpliktig))
	return v, notFound(err)
}

// TrekkLatest returns the latest version of an order.
func (db *DB) TrekkLatest(ctx context.Context, trekkid string) (trekkstore.Version, error) {
	return trekkLatestTx(ctx, db.r, trekkid)
}

// TrekkDueForClose lists aktiv orders whose last period ended before today.
func (db *DB) TrekkDueForClose(ctx context.Context, today, after string, limit int) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT trekkid FROM trekkpaalegg
		WHERE trekkstatus = 'aktiv' AND siste_sluttdato <> '' AND siste_sluttdato < $1 AND trekkid > $2
		ORDER BY trekkid LIMIT $3`, today, after, clampLimit(limit))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (string, error) {
		var id string
		err := s.Scan(&id)
		return id, err
	})
}

// TrekkAudit appends disclosure records in one transaction.
func (db *DB) TrekkAudit(ctx context.Context, recs []store.AuditRecord) error {
	if len(recs) == 0 {
		return nil
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range recs {
			if _, err := AppendAuditTx(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}
