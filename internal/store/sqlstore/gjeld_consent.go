package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

const gjConsentCols = `id, client_id, nin, purpose, single_use, duration_days, origin, client_consent_id, fingerprint, state,
	created_at, expires_at, inactive_at, archived_seq`

func scanGjConsent(s scanner) (model.Consent, error) {
	var (
		c                  model.Consent
		single             int64
		ext                sql.NullString
		cre, exp, inactive int64
	)
	err := s.Scan(&c.ID, &c.ClientID, &c.NIN, &c.Purpose, &single, &c.DurationDays, &c.Origin, &ext, &c.Fingerprint,
		&c.State, &cre, &exp, &inactive, &c.ArchivedSeq)
	c.SingleUse, c.ClientConsentID = single != 0, ext.String
	c.Created, c.Expires, c.InactiveAt = gjTime(cre), gjTime(exp), gjTime(inactive)
	return c, err
}

func getGjConsent(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (model.Consent, error) {
	c, err := scanGjConsent(q.QueryRowContext(ctx, `SELECT `+gjConsentCols+` FROM gj_consents WHERE id = $1`, id))
	return c, notFound(err)
}

// appendGjEvent allocates the next feed number inside tx and appends ev.
func appendGjEvent(ctx context.Context, tx *sql.Tx, ev model.FeedEvent) (int64, error) {
	seq, err := NextSequenceTx(ctx, tx, gjFeedSequence)
	if err != nil {
		return 0, err
	}
	var ext any
	if ev.ExternalID != nil {
		ext = *ev.ExternalID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO gj_feed (seq, event_id, client_id, consent_id, event_type, occurred, appended_at, scope, external_id)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, seq, ev.EventID, ev.ClientID, ev.ConsentID, ev.Type,
		ev.Occurred.UTC().Format(time.RFC3339Nano), ev.Appended.Unix(), ev.Scope, ext)
	return seq, err
}

// GjeldCreateConsent stores a consent with its creation event; see model.Storage.
func (db *DB) GjeldCreateConsent(ctx context.Context, c model.Consent, ev model.FeedEvent, a store.AuditRecord) (model.Consent, bool, error) {
	var (
		out      model.Consent
		replayed bool
	)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var ext any
		if c.ClientConsentID != "" {
			ext = c.ClientConsentID
			prev, err := scanGjConsent(tx.QueryRowContext(ctx, `SELECT `+gjConsentCols+` FROM gj_consents
				WHERE client_id = $1 AND client_consent_id = $2`, c.ClientID, c.ClientConsentID))
			switch {
			case err == nil && prev.Fingerprint == c.Fingerprint:
				out, replayed = prev, true
				return nil
			case err == nil:
				return fmt.Errorf("%w: client_consent_id %q is registered with other data", store.ErrConflict, c.ClientConsentID)
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO gj_consents (`+gjConsentCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
			c.ID, c.ClientID, c.NIN, c.Purpose, gjBool(c.SingleUse), c.DurationDays, c.Origin, ext, c.Fingerprint,
			model.StateActive, gjUnix(c.Created), gjUnix(c.Expires), 0, 0)
		if err != nil {
			return err
		}
		ev.Type, ev.ClientID, ev.ConsentID, ev.Scope = model.EventCreated, c.ClientID, c.ID, c.Purpose
		if c.ClientConsentID != "" {
			s := c.ClientConsentID
			ev.ExternalID = &s
		}
		if _, err := appendGjEvent(ctx, tx, ev); err != nil {
			return err
		}
		if _, err := AppendAuditTx(ctx, tx, a); err != nil {
			return err
		}
		out = c
		out.State = model.StateActive
		return nil
	})
	if err != nil && IsUniqueViolation(err) && c.ClientConsentID != "" {
		// A concurrent PUT with the same client_consent_id won: answer as
		// its replay (or its conflict). The row now exists, so this
		// second attempt cannot come back here.
		return db.GjeldCreateConsent(ctx, c, ev, a)
	}
	if err != nil && IsUniqueViolation(err) {
		err = fmt.Errorf("%w: consent %s exists", store.ErrConflict, c.ID)
	}
	return out, replayed, err
}

// GjeldGetConsent reads a consent.
func (db *DB) GjeldGetConsent(ctx context.Context, id string) (model.Consent, error) {
	return getGjConsent(ctx, db.r, id)
}

// deactivate moves an active, unexpired consent to state at instant at,
// appending archive; ErrInactive (with the stored consent) otherwise.
func deactivateGj(ctx context.Context, tx *sql.Tx, id, state string, at time.Time, archive model.FeedEvent) (model.Consent, error) {
	c, err := getGjConsent(ctx, tx, id)
	if err != nil {
		return c, err
	}
	if state != model.StateExpired && c.EffectiveState(at) != model.StateActive {
		return c, model.ErrInactive
	}
	res, err := tx.ExecContext(ctx, `UPDATE gj_consents SET state = $1, inactive_at = $2 WHERE id = $3 AND state = $4 AND archived_seq = 0`,
		state, at.Unix(), id, model.StateActive)
	if err != nil {
		return c, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return c, model.ErrInactive
	}
	archive.Type, archive.ClientID, archive.ConsentID, archive.Scope, archive.ExternalID = model.EventArchived, c.ClientID, c.ID, c.Purpose, nil
	seq, err := appendGjEvent(ctx, tx, archive)
	if err != nil {
		return c, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE gj_consents SET archived_seq = $1 WHERE id = $2`, seq, id); err != nil {
		return c, err
	}
	c.State, c.InactiveAt, c.ArchivedSeq = state, gjTime(at.Unix()), seq
	return c, nil
}

// GjeldUseConsent records one collection; see model.Storage.
func (db *DB) GjeldUseConsent(ctx context.Context, id string, u model.Use, archive model.FeedEvent, a store.AuditRecord) (model.Consent, error) {
	var out model.Consent
	err := db.tx(ctx, func(tx *sql.Tx) error {
		c, err := getGjConsent(ctx, tx, id)
		if err != nil {
			return err
		}
		out = c
		if c.EffectiveState(u.At) != model.StateActive {
			return model.ErrInactive
		}
		if c.SingleUse {
			if out, err = deactivateGj(ctx, tx, id, model.StateUsed, u.At, archive); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO gj_consent_uses (consent_id, client_id, at, endpoint, trace_id) VALUES ($1,$2,$3,$4,$5)`,
			id, u.ClientID, u.At.Unix(), u.Endpoint, u.TraceID); err != nil {
			return err
		}
		_, err = AppendAuditTx(ctx, tx, a)
		return err
	})
	return out, err
}

// GjeldRevokeConsent revokes an active consent; see model.Storage.
func (db *DB) GjeldRevokeConsent(ctx context.Context, id string, archive model.FeedEvent, a store.AuditRecord) (model.Consent, error) {
	var out model.Consent
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if out, err = deactivateGj(ctx, tx, id, model.StateRevoked, archive.Occurred, archive); err != nil {
			return err
		}
		_, err = AppendAuditTx(ctx, tx, a)
		return err
	})
	return out, err
}

// GjeldArchiveExpired records expiries; see model.Storage.
func (db *DB) GjeldArchiveExpired(ctx context.Context, now time.Time, limit int, newID func() string) (int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM gj_consents WHERE archived_seq = 0 AND state = $1 AND expires_at <= $2
		ORDER BY expires_at, id LIMIT $3`, model.StateActive, now.Unix(), clampLimit(limit))
	if err != nil {
		return 0, err
	}
	ids, err := collect(rows, func(s scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := db.tx(ctx, func(tx *sql.Tx) error {
			c, err := getGjConsent(ctx, tx, id)
			if err != nil || c.State != model.StateActive || c.ArchivedSeq != 0 {
				return err
			}
			// The event's time is the expiry instant, even though it is
			// appended later (spec: gjeldsinformasjon.md §7 T5).
			ev := model.FeedEvent{EventID: newID(), Occurred: c.Expires, Appended: now}
			if _, err := deactivateGj(ctx, tx, id, model.StateExpired, c.Expires, ev); err != nil {
				return err
			}
			n++
			_, err = AppendAuditTx(ctx, tx, store.AuditRecord{Time: now, Service: "gjeld", Action: "consent.expire",
				Actor: "namsfogd", SubjectID: c.NIN, LegalBasis: "consent:" + c.ID, Outcome: "expired",
				Details: map[string]any{"consent_id": c.ID, "client_id": c.ClientID}})
			return err
		})
		if err != nil && !errors.Is(err, model.ErrInactive) {
			return n, err
		}
	}
	return n, nil
}

// GjeldConsentsByPerson lists a person's consents, newest first.
func (db *DB) GjeldConsentsByPerson(ctx context.Context, nin string) ([]model.Consent, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+gjConsentCols+` FROM gj_consents WHERE nin = $1 ORDER BY created_at DESC, id`, nin)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanGjConsent)
}

// GjeldUses lists the uses of a consent in order.
func (db *DB) GjeldUses(ctx context.Context, consentID string) ([]model.Use, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, consent_id, client_id, at, endpoint, trace_id FROM gj_consent_uses
		WHERE consent_id = $1 ORDER BY id`, consentID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (model.Use, error) {
		var u model.Use
		var at int64
		err := s.Scan(&u.ID, &u.ConsentID, &u.ClientID, &at, &u.Endpoint, &u.TraceID)
		u.At = gjTime(at)
		return u, err
	})
}

// GjeldFeed lists a client's feed events; see model.Storage.
func (db *DB) GjeldFeed(ctx context.Context, clientID string, from int64, since time.Time, limit int) ([]model.FeedEvent, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, event_id, client_id, consent_id, event_type, occurred, appended_at, scope, external_id
		FROM gj_feed WHERE client_id = $1 AND seq >= $2 AND appended_at >= $3 ORDER BY seq LIMIT $4`,
		clientID, from, since.Unix(), clampLimit(limit))
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (model.FeedEvent, error) {
		var (
			e        model.FeedEvent
			occurred string
			appended int64
			ext      sql.NullString
		)
		err := s.Scan(&e.Seq, &e.EventID, &e.ClientID, &e.ConsentID, &e.Type, &occurred, &appended, &e.Scope, &ext)
		e.Occurred, _ = time.Parse(time.RFC3339Nano, occurred)
		e.Appended = gjTime(appended)
		if ext.Valid {
			e.ExternalID = &ext.String
		}
		return e, err
	})
}

// GjeldFeedBounds returns the client's retained first and ever-last sequence numbers.
func (db *DB) GjeldFeedBounds(ctx context.Context, clientID string, since time.Time) (int64, int64, error) {
	var first, last sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT
		(SELECT MIN(seq) FROM gj_feed WHERE client_id = $1 AND appended_at >= $2),
		(SELECT MAX(seq) FROM gj_feed WHERE client_id = $1)`, clientID, since.Unix()).Scan(&first, &last)
	return first.Int64, last.Int64, err
}
