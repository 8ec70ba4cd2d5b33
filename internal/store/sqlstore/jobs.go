package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
)

const jobCols = `id, kind, job_key, payload, state, attempts, run_at, lease_till, last_error`

func scanJob(s scanner) (store.Job, error) {
	var j store.Job
	var runAt, lease int64
	err := s.Scan(&j.ID, &j.Kind, &j.Key, &j.Payload, &j.State, &j.Attempts, &runAt, &lease, &j.LastError)
	j.RunAt = time.UnixMicro(runAt).UTC()
	if lease != 0 {
		j.LeaseTill = time.UnixMicro(lease).UTC()
	}
	return j, err
}

// EnqueueJob adds a ready job; a keyed duplicate returns the existing job.
func (db *DB) EnqueueJob(ctx context.Context, j store.Job) (store.Job, error) {
	if j.RunAt.IsZero() {
		j.RunAt = time.Now()
	}
	var out store.Job
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = EnqueueJobTx(ctx, tx, j)
		return err
	})
	return out, err
}

// EnqueueJobTx adds a job inside tx, so that the job and the record it
// works on commit together (an outbox).
func EnqueueJobTx(ctx context.Context, tx *sql.Tx, j store.Job) (store.Job, error) {
	if j.RunAt.IsZero() {
		j.RunAt = time.Now()
	}
	if j.Key != "" {
		j2, err := scanJob(tx.QueryRowContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE kind = $1 AND job_key = $2`, j.Kind, j.Key))
		if err == nil {
			return j2, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return j2, err
		}
	}
	return scanJob(tx.QueryRowContext(ctx, `INSERT INTO jobs (kind, job_key, payload, state, attempts, run_at, lease_till, last_error)
		VALUES ($1, $2, $3, 'ready', 0, $4, 0, '') RETURNING `+jobCols, j.Kind, j.Key, j.Payload, j.RunAt.UnixMicro()))
}

// ClaimJob claims the oldest runnable job of the given kinds. On
// PostgreSQL concurrent claimers skip each other's locked rows (FOR UPDATE
// SKIP LOCKED), so two processes never claim the same job.
func (db *DB) ClaimJob(ctx context.Context, kinds []string, now time.Time, lease time.Duration) (store.Job, error) {
	if len(kinds) == 0 {
		return store.Job{}, store.ErrNoJob
	}
	args := []any{now.UnixMicro(), now.Add(lease).UnixMicro()}
	ph := make([]string, len(kinds))
	for i, k := range kinds {
		args = append(args, k)
		ph[i] = fmt.Sprintf("$%d", i+3)
	}
	lock := ""
	if db.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE jobs SET state = 'running', lease_till = $2, attempts = attempts + 1
		WHERE id = (SELECT id FROM jobs WHERE ((state = 'ready' AND run_at <= $1) OR (state = 'running' AND lease_till < $1))
		AND kind IN (` + strings.Join(ph, ",") + `) ORDER BY run_at, id LIMIT 1` + lock + `) RETURNING ` + jobCols
	var j store.Job
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		j, err = scanJob(tx.QueryRowContext(ctx, q, args...))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return j, store.ErrNoJob
	}
	return j, err
}

// CompleteJob marks a job done.
func (db *DB) CompleteJob(ctx context.Context, id int64) error {
	return db.setJob(ctx, `UPDATE jobs SET state = 'done', lease_till = 0 WHERE id = $1`, id)
}

// RetryJob puts a job back to ready at runAt.
func (db *DB) RetryJob(ctx context.Context, id int64, runAt time.Time, lastErr string) error {
	return db.setJob(ctx, `UPDATE jobs SET state = 'ready', lease_till = 0, run_at = $2, last_error = $3 WHERE id = $1`, id, runAt.UnixMicro(), lastErr)
}

// FailJob marks a job failed for good.
func (db *DB) FailJob(ctx context.Context, id int64, lastErr string) error {
	return db.setJob(ctx, `UPDATE jobs SET state = 'failed', lease_till = 0, last_error = $2 WHERE id = $1`, id, lastErr)
}

func (db *DB) setJob(ctx context.Context, q string, args ...any) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, args...)
		return affected(res, err)
	})
}

// GetJob reads a job.
func (db *DB) GetJob(ctx context.Context, id int64) (store.Job, error) {
	j, err := scanJob(db.r.QueryRowContext(ctx, `SELECT `+jobCols+` FROM jobs WHERE id = $1`, id))
	return j, notFound(err)
}

// ActiveJobs counts kind's ready and running jobs (the jobs_ready index
// holds them by state, so done history is not read).
func (db *DB) ActiveJobs(ctx context.Context, kind string) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE state IN ($1, $2) AND kind = $3`,
		store.JobReady, store.JobRunning, kind).Scan(&n)
	return n, err
}
