package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

// This file and the other gjeld*.go files implement model.Storage for
// Norsk Gjeldsinformasjon (spec: gjeldsinformasjon.md §4, §5, §7, §8).
// Instants are stored as Unix seconds; feed event times as RFC 3339 text
// with nanoseconds.

var _ model.Storage = (*DB)(nil)

// gjFeedSequence is the one global counter of the consent feed.
const gjFeedSequence = "gjeld.feed"

func gjUnix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func gjTime(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func gjBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func gjList(s string) []string {
	out := strings.Fields(s)
	if out == nil {
		out = []string{}
	}
	return out
}

// GjeldEnsureKey stores k unless a key exists and returns the oldest key.
func (db *DB) GjeldEnsureKey(ctx context.Context, k model.SigningKey) (model.SigningKey, error) {
	var out model.SigningKey
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM gj_keys`).Scan(&n); err != nil {
			return err
		}
		if n == 0 && k.KID == "" {
			return store.ErrNotFound
		}
		if n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO gj_keys (kid, private_pem, created_at) VALUES ($1, $2, $3)
				ON CONFLICT (kid) DO NOTHING`, k.KID, k.PrivatePEM, gjUnix(k.Created)); err != nil {
				return err
			}
		}
		var cre int64
		err := tx.QueryRowContext(ctx, `SELECT kid, private_pem, created_at FROM gj_keys ORDER BY created_at, kid LIMIT 1`).
			Scan(&out.KID, &out.PrivatePEM, &cre)
		out.Created = gjTime(cre)
		return err
	})
	return out, err
}

const gjClientCols = `client_id, secret_hash, orgnr, name, redirect_uris, purposes, agreement_consents, consent_events, created_at`

func scanGjClient(s scanner) (model.Client, error) {
	var (
		c            model.Client
		uris, purp   string
		agr, ev, cre int64
	)
	err := s.Scan(&c.ID, &c.SecretHash, &c.OrgNr, &c.Name, &uris, &purp, &agr, &ev, &cre)
	c.RedirectURIs, c.Purposes = gjList(uris), gjList(purp)
	c.AgreementConsents, c.ConsentEvents, c.Created = agr != 0, ev != 0, gjTime(cre)
	return c, err
}

// GjeldPutClient adds a client; store.ErrConflict if its ID exists.
func (db *DB) GjeldPutClient(ctx context.Context, c model.Client) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO gj_clients (`+gjClientCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
			c.ID, c.SecretHash, c.OrgNr, c.Name, strings.Join(c.RedirectURIs, " "), strings.Join(c.Purposes, " "),
			gjBool(c.AgreementConsents), gjBool(c.ConsentEvents), gjUnix(c.Created))
		if IsUniqueViolation(err) {
			return fmt.Errorf("%w: client %s exists", store.ErrConflict, c.ID)
		}
		return err
	})
}

// GjeldGetClient reads a client.
func (db *DB) GjeldGetClient(ctx context.Context, id string) (model.Client, error) {
	c, err := scanGjClient(db.r.QueryRowContext(ctx, `SELECT `+gjClientCols+` FROM gj_clients WHERE client_id = $1`, id))
	return c, notFound(err)
}

// GjeldListClients lists every client by creation time.
func (db *DB) GjeldListClients(ctx context.Context) ([]model.Client, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+gjClientCols+` FROM gj_clients ORDER BY created_at, client_id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanGjClient)
}

// GjeldPutCode stores an authorization code.
func (db *DB) GjeldPutCode(ctx context.Context, c model.Code) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO gj_codes (hash, client_id, redirect_uri, consent_id, nin, scope, nonce, challenge, method, auth_time, expires_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`, c.Hash, c.ClientID, c.RedirectURI, c.ConsentID, c.NIN, c.Scope,
			c.Nonce, c.Challenge, c.Method, gjUnix(c.AuthTime), gjUnix(c.Expires))
		return err
	})
}

// GjeldRedeemCode marks a code used; see model.Storage.
func (db *DB) GjeldRedeemCode(ctx context.Context, hash string, now time.Time) (model.Code, error) {
	var c model.Code
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var at, exp, used int64
		err := tx.QueryRowContext(ctx, `SELECT hash, client_id, redirect_uri, consent_id, nin, scope, nonce, challenge, method, auth_time, expires_at, used_at
			FROM gj_codes WHERE hash = $1`, hash).Scan(&c.Hash, &c.ClientID, &c.RedirectURI, &c.ConsentID, &c.NIN, &c.Scope,
			&c.Nonce, &c.Challenge, &c.Method, &at, &exp, &used)
		if err != nil {
			return notFound(err)
		}
		c.AuthTime, c.Expires, c.UsedAt = gjTime(at), gjTime(exp), gjTime(used)
		if used != 0 {
			return errGjCodeReused
		}
		res, err := tx.ExecContext(ctx, `UPDATE gj_codes SET used_at = $1 WHERE hash = $2 AND used_at = 0`, max(now.Unix(), 1), hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errGjCodeReused
		}
		return nil
	})
	if errors.Is(err, errGjCodeReused) {
		// RFC 6749 §4.1.2: a second redemption revokes what the first issued.
		if _, e := db.w.ExecContext(ctx, `UPDATE gj_tokens SET revoked = 1 WHERE code_hash = $1`, hash); e != nil {
			return c, e
		}
		return c, fmt.Errorf("%w: authorization code already used", store.ErrConflict)
	}
	return c, err
}

var errGjCodeReused = errors.New("code reused")

// GjeldPutToken stores an access token.
func (db *DB) GjeldPutToken(ctx context.Context, t model.Token) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO gj_tokens (hash, client_id, audience, scopes, consent_id, nin, code_hash, openid, expires_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, t.Hash, t.ClientID, t.Audience, strings.Join(t.Scopes, " "), t.ConsentID, t.NIN,
			t.CodeHash, gjBool(t.OpenID), gjUnix(t.Expires))
		return err
	})
}

// GjeldGetToken reads an access token.
func (db *DB) GjeldGetToken(ctx context.Context, hash string) (model.Token, error) {
	var (
		t                  model.Token
		scopes             string
		openid, exp, revok int64
	)
	err := db.r.QueryRowContext(ctx, `SELECT hash, client_id, audience, scopes, consent_id, nin, code_hash, openid, expires_at, revoked
		FROM gj_tokens WHERE hash = $1`, hash).Scan(&t.Hash, &t.ClientID, &t.Audience, &scopes, &t.ConsentID, &t.NIN,
		&t.CodeHash, &openid, &exp, &revok)
	t.Scopes, t.OpenID, t.Expires, t.Revoked = gjList(scopes), openid != 0, gjTime(exp), revok != 0
	return t, notFound(err)
}

// GjeldRevokeToken revokes an access token; unknown tokens are ignored.
func (db *DB) GjeldRevokeToken(ctx context.Context, hash string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE gj_tokens SET revoked = 1 WHERE hash = $1`, hash)
		return err
	})
}

// GjeldSetCreditorMode sets a creditor's response mode; see model.Storage.
func (db *DB) GjeldSetCreditorMode(ctx context.Context, orgnr, nin, mode string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if mode == model.ModeAnswers && nin == "" {
			_, err := tx.ExecContext(ctx, `DELETE FROM gj_creditor_modes WHERE orgnr = $1 AND nin = ''`, orgnr)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO gj_creditor_modes (orgnr, nin, mode) VALUES ($1, $2, $3)
			ON CONFLICT (orgnr, nin) DO UPDATE SET mode = excluded.mode`, orgnr, nin, mode)
		return err
	})
}

// GjeldCreditorModes returns the modes in force for a person.
func (db *DB) GjeldCreditorModes(ctx context.Context, nin string) (map[string]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT orgnr, nin, mode FROM gj_creditor_modes WHERE nin = '' OR nin = $1 ORDER BY nin`, nin)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var org, n, mode string
		if err := rows.Scan(&org, &n, &mode); err != nil {
			return nil, err
		}
		out[org] = mode // ordered by nin: the person's own row ('' sorts first) wins
	}
	return out, rows.Err()
}
