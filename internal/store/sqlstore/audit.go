package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
)

// AppendAudit appends one audit record and returns its ID.
func (db *DB) AppendAudit(ctx context.Context, r store.AuditRecord) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = AppendAuditTx(ctx, tx, r)
		return err
	})
	return id, err
}

// AppendAuditTx appends an audit record inside tx, so that a disclosure
// and its audit record commit together.
func AppendAuditTx(ctx context.Context, tx *sql.Tx, r store.AuditRecord) (int64, error) {
	details := ""
	if len(r.Details) > 0 {
		b, err := json.Marshal(r.Details)
		if err != nil {
			return 0, err
		}
		details = string(b)
	}
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO audit (at, service, action, actor, on_behalf_of, subject_id, legal_basis, correlation, outcome, details)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
		r.Time.UTC().Format(time.RFC3339Nano), r.Service, r.Action, r.Actor, r.OnBehalfOf, r.SubjectID, r.LegalBasis,
		r.Correlation, r.Outcome, details).Scan(&id)
	return id, err
}

// ListAudit lists audit records in ID order.
func (db *DB) ListAudit(ctx context.Context, q store.AuditQuery) ([]store.AuditRecord, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, at, service, action, actor, on_behalf_of, subject_id, legal_basis, correlation, outcome, details
		FROM audit WHERE id > $1 AND ($2 = '' OR subject_id = $2) AND ($3 = '' OR service = $3) ORDER BY id LIMIT $4`,
		q.AfterID, q.SubjectID, q.Service, clampLimit(q.Limit))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (store.AuditRecord, error) {
		var r store.AuditRecord
		var at, details string
		if err := s.Scan(&r.ID, &at, &r.Service, &r.Action, &r.Actor, &r.OnBehalfOf, &r.SubjectID, &r.LegalBasis,
			&r.Correlation, &r.Outcome, &details); err != nil {
			return r, err
		}
		r.Time, _ = time.Parse(time.RFC3339Nano, at)
		if details != "" {
			if err := json.Unmarshal([]byte(details), &r.Details); err != nil {
				return r, err
			}
		}
		return r, nil
	})
}
