package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
)

const mpScopeCols = `name, owner_orgnr, description, active, allowed_integration_types, accessible_for_all, delegation_source, at_max_age`

func scanMPScope(s scanner) (registry.Scope, error) {
	var (
		sc                  registry.Scope
		types               string
		active, all, maxAge int64
	)
	err := s.Scan(&sc.Name, &sc.OwnerOrg, &sc.Description, &active, &types, &all, &sc.DelegationSource, &maxAge)
	sc.Active, sc.AccessibleForAll = active != 0, all != 0
	sc.AllowedIntegrationTypes = splitList(types)
	sc.AtMaxAge = time.Duration(maxAge) * time.Second
	return sc, err
}

// MPPutScope creates or replaces a scope.
func (db *DB) MPPutScope(ctx context.Context, s registry.Scope) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mp_scopes (`+mpScopeCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
			ON CONFLICT (name) DO UPDATE SET owner_orgnr = excluded.owner_orgnr, description = excluded.description,
			active = excluded.active, allowed_integration_types = excluded.allowed_integration_types,
			accessible_for_all = excluded.accessible_for_all, delegation_source = excluded.delegation_source,
			at_max_age = excluded.at_max_age`,
			s.Name, s.OwnerOrg, s.Description, boolInt(s.Active), joinList(s.AllowedIntegrationTypes),
			boolInt(s.AccessibleForAll), s.DelegationSource, int64(s.AtMaxAge/time.Second))
		return err
	})
}

// MPGetScopes returns the scopes that exist among names.
func (db *DB) MPGetScopes(ctx context.Context, names []string) ([]registry.Scope, error) {
	if len(names) == 0 {
		return []registry.Scope{}, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+mpScopeCols+` FROM mp_scopes WHERE name IN (`+
		placeholders(1, len(names))+`)`, strArgs(nil, names)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMPScope)
}

// MPListScopes lists every scope.
func (db *DB) MPListScopes(ctx context.Context) ([]registry.Scope, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+mpScopeCols+` FROM mp_scopes ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMPScope)
}

// MPGrantAccess grants an organisation access to a scope.
func (db *DB) MPGrantAccess(ctx context.Context, a registry.Access) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mp_scope_access (orgnr, scope, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (orgnr, scope) DO NOTHING`, a.OrgNr, a.Scope, unix(a.Created))
		return err
	})
}

// MPRevokeAccess removes a grant.
func (db *DB) MPRevokeAccess(ctx context.Context, org, scope string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mp_scope_access WHERE orgnr = $1 AND scope = $2`, org, scope)
		return affected(res, err)
	})
}

func (db *DB) selectScopes(ctx context.Context, q string, prefix []any, scopes []string) ([]string, error) {
	if len(scopes) == 0 {
		return []string{}, nil
	}
	rows, err := db.r.QueryContext(ctx, q+` IN (`+placeholders(len(prefix)+1, len(scopes))+`)`, strArgs(prefix, scopes)...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (string, error) {
		var v string
		return v, s.Scan(&v)
	})
}

// MPAccessibleScopes returns the scopes among scopes granted to org.
func (db *DB) MPAccessibleScopes(ctx context.Context, org string, scopes []string) ([]string, error) {
	return db.selectScopes(ctx, `SELECT scope FROM mp_scope_access WHERE orgnr = $1 AND scope`, []any{org}, scopes)
}

// MPListAccess lists grants.
func (db *DB) MPListAccess(ctx context.Context, org string) ([]registry.Access, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT orgnr, scope, created_at FROM mp_scope_access
		WHERE ($1 = '' OR orgnr = $1) ORDER BY orgnr, scope`, org)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (registry.Access, error) {
		var (
			a   registry.Access
			cre int64
		)
		err := s.Scan(&a.OrgNr, &a.Scope, &cre)
		a.Created = fromUnix(cre)
		return a, err
	})
}

// MPPutDelegation records a delegation.
func (db *DB) MPPutDelegation(ctx context.Context, d registry.Delegation) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO mp_delegations (consumer_orgnr, supplier_orgnr, scope, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (consumer_orgnr, supplier_orgnr, scope) DO NOTHING`,
			d.ConsumerOrg, d.SupplierOrg, d.Scope, unix(d.Created))
		return err
	})
}

// MPDeleteDelegation removes a delegation.
func (db *DB) MPDeleteDelegation(ctx context.Context, consumer, supplier, scope string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mp_delegations WHERE consumer_orgnr = $1 AND supplier_orgnr = $2 AND scope = $3`,
			consumer, supplier, scope)
		return affected(res, err)
	})
}

// MPDelegatedScopes returns the scopes among scopes that consumer
// delegated to supplier.
func (db *DB) MPDelegatedScopes(ctx context.Context, consumer, supplier string, scopes []string) ([]string, error) {
	return db.selectScopes(ctx, `SELECT scope FROM mp_delegations WHERE consumer_orgnr = $1 AND supplier_orgnr = $2 AND scope`,
		[]any{consumer, supplier}, scopes)
}

// MPListDelegations lists delegations involving org.
func (db *DB) MPListDelegations(ctx context.Context, org string) ([]registry.Delegation, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT consumer_orgnr, supplier_orgnr, scope, created_at FROM mp_delegations
		WHERE ($1 = '' OR consumer_orgnr = $1 OR supplier_orgnr = $1) ORDER BY consumer_orgnr, supplier_orgnr, scope`, org)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (registry.Delegation, error) {
		var (
			d   registry.Delegation
			cre int64
		)
		err := s.Scan(&d.ConsumerOrg, &d.SupplierOrg, &d.Scope, &cre)
		d.Created = fromUnix(cre)
		return d, err
	})
}
