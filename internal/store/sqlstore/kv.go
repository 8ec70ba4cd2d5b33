package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
)

// settingWorld holds the store.WorldInfo of the loaded world. It is written
// last by LoadWorld, so its presence means the world is complete.
const settingWorld = "world"

// GetSetting reads a named setting.
func (db *DB) GetSetting(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := db.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = $1`, name).Scan(&v)
	return v, notFound(err)
}

// PutSetting writes a named setting.
func (db *DB) PutSetting(ctx context.Context, name string, value []byte) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
		return err
	})
}

// Idempotent stores result under (scope, key) once; see store.Store.
func (db *DB) Idempotent(ctx context.Context, scope, key, fingerprint string, result []byte) ([]byte, bool, error) {
	var (
		stored   []byte
		replayed bool
	)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency (scope, key, fingerprint, result, created_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING`,
			scope, key, fingerprint, result, time.Now().UTC().Format(time.RFC3339Nano))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			stored = result
			return nil
		}
		var fp string
		if err := tx.QueryRowContext(ctx, `SELECT fingerprint, result FROM idempotency WHERE scope = $1 AND key = $2`,
			scope, key).Scan(&fp, &stored); err != nil {
			return err
		}
		if fp != fingerprint {
			return fmt.Errorf("%w: key %q was used for another request", store.ErrConflict, key)
		}
		replayed = true
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return bytes.Clone(stored), replayed, nil
}

// NextSequence allocates the next value of a named counter.
func (db *DB) NextSequence(ctx context.Context, name string) (int64, error) {
	var v int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = NextSequenceTx(ctx, tx, name)
		return err
	})
	return v, err
}

// NextSequenceTx allocates the next value of a named counter inside tx. On
// PostgreSQL the counter row stays locked until tx ends, so transactions
// that allocate from one counter commit in the order of their numbers: a
// reader never sees N+1 before N. On SQLite there is one writer at a time.
func NextSequenceTx(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `INSERT INTO sequences (name, value) VALUES ($1, 1)
		ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value`, name).Scan(&v)
	return v, err
}
