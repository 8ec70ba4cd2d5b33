package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
)

// This file and the other maskinporten*.go files implement
// registry.Storage for the Maskinporten-compatible token service (spec:
// maskinporten.md §2.5). Times are stored as Unix seconds.

var _ registry.Storage = (*DB)(nil)

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

// joinList stores a list of tokens without spaces (scopes, resource ids,
// client ids) as one space-separated string.
func joinList(xs []string) string { return strings.Join(xs, " ") }

func splitList(s string) []string {
	out := strings.Fields(s)
	if out == nil {
		out = []string{}
	}
	return out
}

// placeholders returns "$from, $from+1, ..." for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

func strArgs(prefix []any, xs []string) []any {
	args := append([]any{}, prefix...)
	for _, x := range xs {
		args = append(args, x)
	}
	return args
}

const mpClientCols = `client_id, orgnr, description, scopes, access_token_lifetime, active, created_at`

func scanMPClient(s scanner) (registry.Client, error) {
	var (
		c                 registry.Client
		scopes            string
		life, active, cre int64
	)
	err := s.Scan(&c.ClientID, &c.OrgNr, &c.Description, &scopes, &life, &active, &cre)
	c.Scopes = splitList(scopes)
	c.AccessTokenLifetime = time.Duration(life) * time.Second
	c.Active = active != 0
	c.Created = fromUnix(cre)
	c.Keys = []registry.ClientKey{}
	return c, err
}

const mpKeyCols = `kid, client_id, kind, public, private_key, created_at, expires_at`

func scanMPKey(s scanner) (registry.ClientKey, error) {
	var (
		k        registry.ClientKey
		cre, exp int64
	)
	err := s.Scan(&k.Kid, &k.ClientID, &k.Kind, &k.Public, &k.PrivateKey, &cre, &exp)
	k.Created, k.Expires = fromUnix(cre), fromUnix(exp)
	return k, err
}

func insertMPKey(ctx context.Context, tx *sql.Tx, k registry.ClientKey) error {
	var priv any
	if len(k.PrivateKey) > 0 {
		priv = k.PrivateKey
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO mp_client_keys (`+mpKeyCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
		k.Kid, k.ClientID, k.Kind, k.Public, priv, unix(k.Created), unix(k.Expires))
	return err
}

// MPCreateClient stores a client and its keys.
func (db *DB) MPCreateClient(ctx context.Context, c registry.Client) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mp_clients (`+mpClientCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
			c.ClientID, c.OrgNr, c.Description, joinList(c.Scopes), int64(c.AccessTokenLifetime/time.Second),
			boolInt(c.Active), unix(c.Created))
		if err != nil {
			return db.conflict(err)
		}
		for _, k := range c.Keys {
			k.ClientID = c.ClientID
			if err := insertMPKey(ctx, tx, k); err != nil {
				return db.conflict(err)
			}
		}
		return nil
	})
}

// MPGetClient reads a client with its keys.
func (db *DB) MPGetClient(ctx context.Context, clientID string) (registry.Client, error) {
	c, err := scanMPClient(db.r.QueryRowContext(ctx, `SELECT `+mpClientCols+` FROM mp_clients WHERE client_id = $1`, clientID))
	if err != nil {
		return c, notFound(err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+mpKeyCols+` FROM mp_client_keys WHERE client_id = $1 ORDER BY created_at, kid`, clientID)
	if err != nil {
		return c, err
	}
	c.Keys, err = collect(rows, scanMPKey)
	return c, err
}

// MPListClients lists clients with their keys.
func (db *DB) MPListClients(ctx context.Context, org, after string, limit int) ([]registry.Client, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+mpClientCols+` FROM mp_clients
		WHERE client_id > $1 AND ($2 = '' OR orgnr = $2) ORDER BY client_id LIMIT $3`, after, org, clampLimit(limit))
	if err != nil {
		return nil, err
	}
	clients, err := collect(rows, scanMPClient)
	if err != nil || len(clients) == 0 {
		return clients, err
	}
	ids := make([]string, len(clients))
	byID := make(map[string]int, len(clients))
	for i, c := range clients {
		ids[i] = c.ClientID
		byID[c.ClientID] = i
	}
	rows, err = db.r.QueryContext(ctx, `SELECT `+mpKeyCols+` FROM mp_client_keys WHERE client_id IN (`+
		placeholders(1, len(ids))+`) ORDER BY created_at, kid`, strArgs(nil, ids)...)
	if err != nil {
		return nil, err
	}
	keys, err := collect(rows, scanMPKey)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		i := byID[k.ClientID]
		clients[i].Keys = append(clients[i].Keys, k)
	}
	return clients, nil
}

// MPDeleteClient removes a client, its keys and its system links.
func (db *DB) MPDeleteClient(ctx context.Context, clientID string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM mp_client_keys WHERE client_id = $1`, clientID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM mp_system_clients WHERE client_id = $1`, clientID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM mp_clients WHERE client_id = $1`, clientID)
		return affected(res, err)
	})
}

// MPAddClientKey adds a key to an existing client.
func (db *DB) MPAddClientKey(ctx context.Context, k registry.ClientKey) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM mp_clients WHERE client_id = $1`, k.ClientID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.ErrNotFound
		}
		return db.conflict(insertMPKey(ctx, tx, k))
	})
}

// MPUseJTI records a used grant identifier; see registry.ReplayStore.
func (db *DB) MPUseJTI(ctx context.Context, clientID, jti string, expires, now time.Time) error {
	errs, err := db.MPUseJTIs(ctx, []registry.JTIUse{{ClientID: clientID, JTI: jti, Expires: expires}}, now)
	if err != nil {
		return err
	}
	return errs[0]
}

// MPUseJTIs records used grant identifiers in one transaction. The upsert
// only overwrites an entry that has expired, so RowsAffected is 0 exactly
// when the identifier is still in use.
func (db *DB) MPUseJTIs(ctx context.Context, uses []registry.JTIUse, now time.Time) ([]error, error) {
	errs := make([]error, len(uses))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO mp_jti (client_id, jti, expires_at) VALUES ($1, $2, $3)
			ON CONFLICT (client_id, jti) DO UPDATE SET expires_at = excluded.expires_at
			WHERE mp_jti.expires_at < $4`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, u := range uses {
			res, err := stmt.ExecContext(ctx, u.ClientID, u.JTI, unix(u.Expires), now.Unix())
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if n == 0 {
				errs[i] = fmt.Errorf("%w: grant identifier already used", store.ErrConflict)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// MPPurgeJTI forgets expired grant identifiers.
func (db *DB) MPPurgeJTI(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mp_jti WHERE expires_at < $1`, t.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
