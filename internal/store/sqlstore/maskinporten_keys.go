package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
)

// MPSigningKeys lists the issuer's signing keys, oldest first.
func (db *DB) MPSigningKeys(ctx context.Context) ([]registry.SigningKey, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT kid, alg, private_key, created_at, retired_at FROM mp_signing_keys ORDER BY created_at, kid`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (registry.SigningKey, error) {
		var (
			k        registry.SigningKey
			cre, ret int64
		)
		err := s.Scan(&k.Kid, &k.Alg, &k.PrivateKey, &cre, &ret)
		k.Created, k.Retired = fromUnix(cre), fromUnix(ret)
		return k, err
	})
}

// MPAddSigningKey stores a new current key and retires the others.
func (db *DB) MPAddSigningKey(ctx context.Context, k registry.SigningKey) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE mp_signing_keys SET retired_at = $1 WHERE retired_at = 0`, unix(k.Created)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO mp_signing_keys (kid, alg, private_key, created_at, retired_at) VALUES ($1, $2, $3, $4, 0)`,
			k.Kid, k.Alg, k.PrivateKey, unix(k.Created))
		return db.conflict(err)
	})
}

// MPDeleteSigningKeys removes keys retired before t.
func (db *DB) MPDeleteSigningKeys(ctx context.Context, retiredBefore time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM mp_signing_keys WHERE retired_at <> 0 AND retired_at < $1`, unix(retiredBefore))
		return err
	})
}

// MPTestCA reads the test CA.
func (db *DB) MPTestCA(ctx context.Context) (registry.TestCA, error) {
	var (
		ca  registry.TestCA
		cre int64
	)
	err := db.r.QueryRowContext(ctx, `SELECT cert_der, private_key, created_at FROM mp_test_ca WHERE id = 1`).Scan(&ca.CertDER, &ca.PrivateKey, &cre)
	ca.Created = fromUnix(cre)
	return ca, notFound(err)
}

// MPInitTestCA stores ca unless one exists and returns the stored one.
func (db *DB) MPInitTestCA(ctx context.Context, ca registry.TestCA) (registry.TestCA, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mp_test_ca (id, cert_der, private_key, created_at) VALUES (1, $1, $2, $3)
			ON CONFLICT (id) DO NOTHING`, ca.CertDER, ca.PrivateKey, unix(ca.Created))
		return err
	})
	if err != nil {
		return registry.TestCA{}, err
	}
	return db.MPTestCA(ctx)
}
