package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// Numbering of utleggsbegjæring messages and cases without holding a
// counter across every submission's commit (see the comment at the top
// of utlegg.go, and docs/design/2026-11-22-utlegg-decoder-and-feed.md).

// utleggVent writes a message that gets its number later.
func utleggVent(ctx context.Context, tx *sql.Tx, m utleggstore.Melding) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO utlegg_meldinger_ventende (meldingsid, org, ekstern_ref, opprettet, body)
		VALUES ($1, $2, $3, $4, $5)`, m.Meldingsid, m.Org, m.EksternSaksreferanse, m.Opprettet.UnixMicro(), string(m.Body))
	return err
}

// utleggNummerBatch bounds the messages numbered in one statement.
const utleggNummerBatch = 500

// utleggNummererTx numbers the waiting messages in the order they were
// written. tx holds the counter's lock (lockUtleggSeq).
func utleggNummererTx(ctx context.Context, tx *sql.Tx) error {
	for {
		rows, err := tx.QueryContext(ctx, `DELETE FROM utlegg_meldinger_ventende WHERE id IN
			(SELECT id FROM utlegg_meldinger_ventende ORDER BY id LIMIT $1)
			RETURNING id, meldingsid, org, ekstern_ref, opprettet, body`, utleggNummerBatch)
		if err != nil {
			return err
		}
		type ventende struct {
			id                         int64
			meldingsid, org, ref, body string
			opprettet                  int64
		}
		vs, err := collect(rows, func(s scanner) (ventende, error) {
			var v ventende
			err := s.Scan(&v.id, &v.meldingsid, &v.org, &v.ref, &v.opprettet, &v.body)
			return v, err
		})
		if err != nil || len(vs) == 0 {
			return err
		}
		slices.SortFunc(vs, func(a, b ventende) int { return cmp.Compare(a.id, b.id) })
		var last int64
		if err := tx.QueryRowContext(ctx, `UPDATE sequences SET value = value + $1 WHERE name = $2 RETURNING value`,
			len(vs), seqUtleggMelding).Scan(&last); err != nil {
			return err
		}
		first := last - int64(len(vs)) + 1
		for i, v := range vs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO utlegg_meldinger (sekvensnummer, meldingsid, org, ekstern_ref, opprettet, body)
				VALUES ($1, $2, $3, $4, $5, $6)`, first+int64(i), v.meldingsid, v.org, v.ref, v.opprettet, v.body); err != nil {
				return err
			}
		}
		if len(vs) < utleggNummerBatch {
			return nil
		}
	}
}

// utleggNummerering runs utleggNummerer one at a time per process.
type utleggNummerering struct {
	mu      sync.Mutex
	behov   atomic.Bool // a background run is asked for
	kjoerer atomic.Bool // a background run is going
}

// utleggNummerer numbers every waiting message.
func (db *DB) utleggNummerer(ctx context.Context) error {
	var venter bool
	if err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM utlegg_meldinger_ventende)`).Scan(&venter); err != nil || !venter {
		return err
	}
	db.utleggNr.mu.Lock()
	defer db.utleggNr.mu.Unlock()
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := lockUtleggSeq(ctx, tx); err != nil {
			return err
		}
		return utleggNummererTx(ctx, tx)
	})
}

// utleggNummererSnart runs utleggNummerer in the background, once for
// any number of calls made while it runs. An error leaves the messages
// waiting for the next read, which numbers them.
func (db *DB) utleggNummererSnart() {
	n := &db.utleggNr
	n.behov.Store(true)
	if !n.kjoerer.CompareAndSwap(false, true) {
		return
	}
	go func() {
		for {
			for n.behov.Swap(false) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				db.utleggNummerer(ctx)
				cancel()
			}
			n.kjoerer.Store(false)
			if !n.behov.Load() || !n.kjoerer.CompareAndSwap(false, true) {
				return
			}
		}
	}()
}

// utleggSaksnummer allocates the next case number of year on
// PostgreSQL from a sequence of that year (utlegg_saksnummer_<year>),
// made on first use and started after any number the counter table
// gave before. nextval takes no row lock and does not wait for the
// disk: the case that uses the number commits after it, so a durable
// case has a durable number, and a number whose case never commits is a
// gap, as in any register.
func (db *DB) utleggSaksnummer(ctx context.Context, aar int) (int64, error) {
	seq := fmt.Sprintf("utlegg_saksnummer_%d", aar)
	for forsoek := 0; ; forsoek++ {
		var nr int64
		err := db.w.QueryRowContext(ctx, `SELECT nextval($1::regclass)`, seq).Scan(&nr)
		if err == nil || forsoek == 2 || !strings.Contains(err.Error(), "SQLSTATE 42P01") { // undefined_table
			return nr, err
		}
		err = db.tx(ctx, func(tx *sql.Tx) error {
			var gitt int64
			err := tx.QueryRowContext(ctx, `SELECT value FROM sequences WHERE name = $1`,
				fmt.Sprintf("%s%d", seqUtleggSak, aar)).Scan(&gitt)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			_, err = tx.ExecContext(ctx, fmt.Sprintf(`CREATE SEQUENCE %s START WITH %d`, seq, gitt+1))
			return err
		})
		// Another process may have made it first (duplicate_table, or a
		// unique violation in the catalogue): use theirs.
		if err != nil && !strings.Contains(err.Error(), "SQLSTATE 42P07") && !IsUniqueViolation(err) {
			return 0, err
		}
	}
}
