package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
)

const mpSystemCols = `id, vendor_orgnr, name, description, rights, created_at`

func (db *DB) scanMPSystem(ctx context.Context, s scanner) (registry.System, error) {
	var (
		sys    registry.System
		rights string
		cre    int64
	)
	if err := s.Scan(&sys.ID, &sys.VendorOrg, &sys.Name, &sys.Description, &rights, &cre); err != nil {
		return sys, err
	}
	sys.Rights, sys.Created = splitList(rights), fromUnix(cre)
	return sys, nil
}

func (db *DB) systemClients(ctx context.Context, sys *registry.System) error {
	rows, err := db.r.QueryContext(ctx, `SELECT client_id FROM mp_system_clients WHERE system_id = $1 ORDER BY client_id`, sys.ID)
	if err != nil {
		return err
	}
	sys.ClientIDs, err = collect(rows, func(s scanner) (string, error) {
		var v string
		return v, s.Scan(&v)
	})
	return err
}

// MPCreateSystem stores a system and links its clients.
func (db *DB) MPCreateSystem(ctx context.Context, s registry.System) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mp_systems (`+mpSystemCols+`) VALUES ($1,$2,$3,$4,$5,$6)`,
			s.ID, s.VendorOrg, s.Name, s.Description, joinList(s.Rights), unix(s.Created)); err != nil {
			return db.conflict(err)
		}
		for _, c := range s.ClientIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO mp_system_clients (client_id, system_id) VALUES ($1, $2)`, c, s.ID); err != nil {
				return db.conflict(err)
			}
		}
		return nil
	})
}

// MPGetSystem reads a system.
func (db *DB) MPGetSystem(ctx context.Context, id string) (registry.System, error) {
	sys, err := db.scanMPSystem(ctx, db.r.QueryRowContext(ctx, `SELECT `+mpSystemCols+` FROM mp_systems WHERE id = $1`, id))
	if err != nil {
		return sys, notFound(err)
	}
	return sys, db.systemClients(ctx, &sys)
}

// MPSystemByClient returns the system a client belongs to.
func (db *DB) MPSystemByClient(ctx context.Context, clientID string) (registry.System, error) {
	var id string
	if err := db.r.QueryRowContext(ctx, `SELECT system_id FROM mp_system_clients WHERE client_id = $1`, clientID).Scan(&id); err != nil {
		return registry.System{}, notFound(err)
	}
	return db.MPGetSystem(ctx, id)
}

// MPListSystems lists systems.
func (db *DB) MPListSystems(ctx context.Context) ([]registry.System, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+mpSystemCols+` FROM mp_systems ORDER BY id`)
	if err != nil {
		return nil, err
	}
	systems, err := collect(rows, func(s scanner) (registry.System, error) { return db.scanMPSystem(ctx, s) })
	if err != nil {
		return nil, err
	}
	for i := range systems {
		if err := db.systemClients(ctx, &systems[i]); err != nil {
			return nil, err
		}
	}
	return systems, nil
}

const mpSystemUserCols = `id, system_id, customer_orgnr, external_ref, user_type, status, rights, deleted, created_at, updated_at`

func scanMPSystemUser(s scanner) (registry.SystemUser, error) {
	var (
		u                 registry.SystemUser
		rights            string
		deleted, cre, upd int64
	)
	err := s.Scan(&u.ID, &u.SystemID, &u.CustomerOrg, &u.ExternalRef, &u.UserType, &u.Status, &rights, &deleted, &cre, &upd)
	u.Rights, u.Deleted = splitList(rights), deleted != 0
	u.Created, u.Updated = fromUnix(cre), fromUnix(upd)
	return u, err
}

// MPCreateSystemUser stores a system user.
func (db *DB) MPCreateSystemUser(ctx context.Context, u registry.SystemUser) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM mp_systems WHERE id = $1`, u.SystemID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.ErrNotFound
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO mp_system_users (`+mpSystemUserCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
			u.ID, u.SystemID, u.CustomerOrg, u.ExternalRef, u.UserType, u.Status, joinList(u.Rights),
			boolInt(u.Deleted), unix(u.Created), unix(u.Updated))
		return db.conflict(err)
	})
}

// MPGetSystemUser reads a system user.
func (db *DB) MPGetSystemUser(ctx context.Context, id string) (registry.SystemUser, error) {
	u, err := scanMPSystemUser(db.r.QueryRowContext(ctx, `SELECT `+mpSystemUserCols+` FROM mp_system_users WHERE id = $1`, id))
	return u, notFound(err)
}

// MPFindSystemUser returns the live system user for (system, customer,
// external reference).
func (db *DB) MPFindSystemUser(ctx context.Context, systemID, customerOrg, externalRef string) (registry.SystemUser, error) {
	u, err := scanMPSystemUser(db.r.QueryRowContext(ctx, `SELECT `+mpSystemUserCols+` FROM mp_system_users
		WHERE system_id = $1 AND customer_orgnr = $2 AND external_ref = $3 AND deleted = 0`, systemID, customerOrg, externalRef))
	return u, notFound(err)
}

// MPSetSystemUserStatus changes the status of a live system user or
// deletes it.
func (db *DB) MPSetSystemUserStatus(ctx context.Context, id, status string, deleted bool, at time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE mp_system_users SET status = $2, deleted = $3, updated_at = $4
			WHERE id = $1 AND deleted = 0`, id, status, boolInt(deleted), unix(at))
		return affected(res, err)
	})
}

// MPListSystemUsers lists system users.
func (db *DB) MPListSystemUsers(ctx context.Context, systemID string) ([]registry.SystemUser, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+mpSystemUserCols+` FROM mp_system_users
		WHERE ($1 = '' OR system_id = $1) ORDER BY created_at, id`, systemID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMPSystemUser)
}
