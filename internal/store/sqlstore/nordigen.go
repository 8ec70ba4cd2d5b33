package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/namsfogd/namsfogd/internal/nordigen/record"
	"github.com/namsfogd/namsfogd/internal/store"
)

// NordigenRecord is the storage shape of a statement analysis record.
type NordigenRecord = record.Record

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// NordigenPutToken stores a bearer token (by its hash) for a client.
func (db *DB) NordigenPutToken(ctx context.Context, hash, clientID string, expires time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO nordigen_tokens (token_hash, client_id, expires_at) VALUES ($1, $2, $3)`, hash, clientID, expires.UnixMicro())
		return err
	})
}

// NordigenToken returns the client and expiry of a token hash.
func (db *DB) NordigenToken(ctx context.Context, hash string) (string, time.Time, error) {
	var client string
	var exp int64
	err := db.r.QueryRowContext(ctx, `SELECT client_id, expires_at FROM nordigen_tokens WHERE token_hash = $1`, hash).Scan(&client, &exp)
	return client, fromMicros(exp), notFound(err)
}

// NordigenCreateRecord stores a new record in state uploaded, together
// with its audit records (the upload and its audit commit as one).
func (db *DB) NordigenCreateRecord(ctx context.Context, r NordigenRecord, audit ...store.AuditRecord) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO nordigen_records (request_id, client_id, status, available, meta, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.RequestID, r.ClientID, r.Status, r.Available, r.Meta, micros(r.CreatedAt))
		if IsUniqueViolation(err) {
			return store.ErrConflict
		}
		if err != nil {
			return err
		}
		// The statement lives apart, so that polling the record does not
		// read through it (migration 0009).
		if r.Statement != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO nordigen_statements (request_id, statement) VALUES ($1, $2)`,
				r.RequestID, r.Statement); err != nil {
				return err
			}
		}
		for _, a := range audit {
			if _, err := AppendAuditTx(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

const nordigenCols = `request_id, client_id, status, available, meta, request, result, webhook, created_at, queued_at, finished_at`

// NordigenRecord reads a record without its statement.
func (db *DB) NordigenRecord(ctx context.Context, id string) (NordigenRecord, error) {
	var r NordigenRecord
	var c, q, f int64
	err := db.r.QueryRowContext(ctx, `SELECT `+nordigenCols+` FROM nordigen_records WHERE request_id = $1`, id).
		Scan(&r.RequestID, &r.ClientID, &r.Status, &r.Available, &r.Meta, &r.Request, &r.Result, &r.Webhook, &c, &q, &f)
	r.CreatedAt, r.QueuedAt, r.FinishedAt = fromMicros(c), fromMicros(q), fromMicros(f)
	return r, notFound(err)
}

// NordigenStatement reads the stored upload of a record.
func (db *DB) NordigenStatement(ctx context.Context, id string) ([]byte, error) {
	var b []byte
	err := db.r.QueryRowContext(ctx, `SELECT s.statement FROM nordigen_records r
		LEFT JOIN nordigen_statements s ON s.request_id = r.request_id WHERE r.request_id = $1`, id).Scan(&b)
	return b, notFound(err)
}

// NordigenQueue moves a record from uploaded to queued (compare-and-set)
// and enqueues its processing job in the same transaction, so that an
// accepted request is never lost. ErrConflict if the record is not in
// state uploaded.
func (db *DB) NordigenQueue(ctx context.Context, id string, request []byte, now time.Time, job store.Job) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE nordigen_records SET status = 'queued', request = $2, queued_at = $3
			WHERE request_id = $1 AND status = 'uploaded'`, id, request, now.UnixMicro())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return store.ErrConflict
		}
		_, err = EnqueueJobTx(ctx, tx, job)
		return err
	})
}

// NordigenSetStatus moves a record from one state to another; ErrConflict
// if it is not in state from.
func (db *DB) NordigenSetStatus(ctx context.Context, id, from, to string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE nordigen_records SET status = $3 WHERE request_id = $1 AND status = $2`, id, from, to)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return store.ErrConflict
		}
		return nil
	})
}

// NordigenFinish stores the terminal state and result of a record that is
// processing, and enqueues the webhook job (if any) in the same
// transaction. ErrConflict if the record is not processing.
func (db *DB) NordigenFinish(ctx context.Context, id, status string, result, webhook []byte, now time.Time, job *store.Job) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE nordigen_records SET status = $2, result = $3, webhook = $4, finished_at = $5
			WHERE request_id = $1 AND status IN ('queued', 'processing')`, id, status, result, webhook, now.UnixMicro())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return store.ErrConflict
		}
		if job != nil {
			_, err = EnqueueJobTx(ctx, tx, *job)
		}
		return err
	})
}

// NordigenSetWebhookState records the webhook delivery state of a record.
func (db *DB) NordigenSetWebhookState(ctx context.Context, id string, state []byte) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE nordigen_records SET webhook = $2 WHERE request_id = $1`, id, state)
		return affected(res, err)
	})
}

// NordigenExpire deletes the statements and results of records created
// before cutoff, leaving a tombstone (status "expired"); records expired
// before purgeBefore are deleted. It returns how many were expired.
func (db *DB) NordigenExpire(ctx context.Context, cutoff, purgeBefore time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM nordigen_statements WHERE request_id IN
			(SELECT request_id FROM nordigen_records WHERE created_at < $1 AND status <> 'expired')`, cutoff.UnixMicro()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE nordigen_records SET status = 'expired', statement = NULL, result = NULL, meta = NULL, request = NULL
			WHERE created_at < $1 AND status <> 'expired'`, cutoff.UnixMicro())
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `DELETE FROM nordigen_records WHERE status = 'expired' AND created_at < $1`, purgeBefore.UnixMicro())
		return err
	})
	return n, err
}

// NordigenPutWebhookSettings replaces a client's webhook settings.
func (db *DB) NordigenPutWebhookSettings(ctx context.Context, clientID string, settings []byte) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO nordigen_webhook_settings (client_id, settings) VALUES ($1, $2)
			ON CONFLICT (client_id) DO UPDATE SET settings = excluded.settings`, clientID, settings)
		return err
	})
}

// NordigenWebhookSettings reads a client's webhook settings.
func (db *DB) NordigenWebhookSettings(ctx context.Context, clientID string) ([]byte, error) {
	var b []byte
	err := db.r.QueryRowContext(ctx, `SELECT settings FROM nordigen_webhook_settings WHERE client_id = $1`, clientID).Scan(&b)
	return b, notFound(err)
}

// NordigenDeleteWebhookSettings deletes a client's webhook settings;
// ErrNotFound if there were none.
func (db *DB) NordigenDeleteWebhookSettings(ctx context.Context, clientID string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM nordigen_webhook_settings WHERE client_id = $1`, clientID)
		return affected(res, err)
	})
}

// NordigenTakeToken takes one request from client's token bucket of
// perMin requests a minute, shared by every process on the database. When
// the bucket is empty it takes nothing and returns how many seconds until
// a token is back.
func (db *DB) NordigenTakeToken(ctx context.Context, clientID string, perMin float64, now time.Time) (int, bool, error) {
	var (
		wait int
		ok   bool
	)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		// The upsert makes the row and locks it until commit, so a racing
		// process reads the bucket after this one has written it.
		if _, err := tx.ExecContext(ctx, `INSERT INTO nordigen_rate (client_id, tokens, last_us) VALUES ($1, $2, $3)
			ON CONFLICT (client_id) DO UPDATE SET client_id = excluded.client_id`, clientID, perMin, now.UnixMicro()); err != nil {
			return err
		}
		var (
			tokens float64
			last   int64
		)
		if err := tx.QueryRowContext(ctx, `SELECT tokens, last_us FROM nordigen_rate WHERE client_id = $1`, clientID).
			Scan(&tokens, &last); err != nil {
			return err
		}
		elapsed := max(now.UnixMicro()-last, 0)
		tokens = min(perMin, tokens+float64(elapsed)/60e6*perMin)
		if tokens >= 1 {
			tokens, ok = tokens-1, true
		} else {
			wait = int((1-tokens)/perMin*60) + 1
		}
		_, err := tx.ExecContext(ctx, `UPDATE nordigen_rate SET tokens = $1, last_us = $2 WHERE client_id = $3`,
			tokens, max(now.UnixMicro(), last), clientID)
		return err
	})
	return wait, ok, err
}
