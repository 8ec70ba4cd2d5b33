package registry

import (
	"context"
	"time"
)

// Storage is everything the token service stores. Implementations return
// store.ErrNotFound and store.ErrConflict (wrapped) as documented.
type Storage interface {
	ClientStore
	ScopeStore
	SystemStore
	ReplayStore
	KeyStore
}

// ClientStore holds clients and their keys.
type ClientStore interface {
	// MPCreateClient stores a client and its keys in one transaction;
	// ErrConflict if the client id or a kid exists.
	MPCreateClient(ctx context.Context, c Client) error
	// MPGetClient reads a client with its keys; ErrNotFound if absent.
	MPGetClient(ctx context.Context, clientID string) (Client, error)
	// MPListClients lists clients ordered by client id after after, of
	// one organisation if org is not empty, with their keys.
	MPListClients(ctx context.Context, org, after string, limit int) ([]Client, error)
	// MPDeleteClient removes a client, its keys and its system links;
	// ErrNotFound if absent.
	MPDeleteClient(ctx context.Context, clientID string) error
	// MPAddClientKey adds a key to an existing client; ErrNotFound if the
	// client is absent, ErrConflict if the kid exists.
	MPAddClientKey(ctx context.Context, k ClientKey) error
}

// ScopeStore holds scopes, scope access and delegations.
type ScopeStore interface {
	// MPPutScope creates or replaces a scope.
	MPPutScope(ctx context.Context, s Scope) error
	// MPGetScopes returns the scopes that exist among names, in any order.
	MPGetScopes(ctx context.Context, names []string) ([]Scope, error)
	// MPListScopes lists every scope ordered by name.
	MPListScopes(ctx context.Context) ([]Scope, error)
	// MPGrantAccess grants org access to scope; granting twice is a no-op.
	MPGrantAccess(ctx context.Context, a Access) error
	// MPRevokeAccess removes a grant; ErrNotFound if there was none.
	MPRevokeAccess(ctx context.Context, org, scope string) error
	// MPAccessibleScopes returns the scopes among scopes that org has
	// been granted.
	MPAccessibleScopes(ctx context.Context, org string, scopes []string) ([]string, error)
	// MPListAccess lists grants, of one organisation if org is not empty,
	// ordered by orgnr and scope.
	MPListAccess(ctx context.Context, org string) ([]Access, error)
	// MPPutDelegation records a delegation; recording it twice is a no-op.
	MPPutDelegation(ctx context.Context, d Delegation) error
	// MPDeleteDelegation removes a delegation; ErrNotFound if absent.
	MPDeleteDelegation(ctx context.Context, consumer, supplier, scope string) error
	// MPDelegatedScopes returns the scopes among scopes that consumer has
	// delegated to supplier.
	MPDelegatedScopes(ctx context.Context, consumer, supplier string, scopes []string) ([]string, error)
	// MPListDelegations lists delegations where org is consumer or
	// supplier (all if org is empty).
	MPListDelegations(ctx context.Context, org string) ([]Delegation, error)
}

// SystemStore holds the system register and system users.
type SystemStore interface {
	// MPCreateSystem stores a system and links its clients; ErrConflict
	// if the id exists or a client already belongs to a system.
	MPCreateSystem(ctx context.Context, s System) error
	// MPGetSystem reads a system; ErrNotFound if absent.
	MPGetSystem(ctx context.Context, id string) (System, error)
	// MPSystemByClient returns the system a client belongs to;
	// ErrNotFound if none.
	MPSystemByClient(ctx context.Context, clientID string) (System, error)
	// MPListSystems lists systems ordered by id.
	MPListSystems(ctx context.Context) ([]System, error)
	// MPCreateSystemUser stores a system user; ErrConflict if a live
	// (not deleted) one exists for the same system, customer and
	// external reference; ErrNotFound if the system is absent.
	MPCreateSystemUser(ctx context.Context, u SystemUser) error
	// MPGetSystemUser reads a system user by id; ErrNotFound if absent.
	MPGetSystemUser(ctx context.Context, id string) (SystemUser, error)
	// MPFindSystemUser returns the live system user of a system for a
	// customer and external reference; ErrNotFound if none.
	MPFindSystemUser(ctx context.Context, systemID, customerOrg, externalRef string) (SystemUser, error)
	// MPSetSystemUserStatus changes the status of a live system user, or
	// deletes it when deleted is true; ErrNotFound if absent or deleted.
	MPSetSystemUserStatus(ctx context.Context, id, status string, deleted bool, at time.Time) error
	// MPListSystemUsers lists system users of a system (all if systemID
	// is empty), deleted ones included, ordered by creation.
	MPListSystemUsers(ctx context.Context, systemID string) ([]SystemUser, error)
}

// ReplayStore remembers used grant identifiers.
type ReplayStore interface {
	// MPUseJTI records (clientID, jti) as used until expires. It returns
	// ErrConflict if the pair is already recorded with an expiry after now;
	// check and record are one atomic step (spec: maskinporten.md §2.4
	// step 9), so of two concurrent uses exactly one succeeds.
	MPUseJTI(ctx context.Context, clientID, jti string, expires, now time.Time) error
	// MPUseJTIs is MPUseJTI for several grants in one transaction (group
	// commit): errs[i] is nil or ErrConflict for uses[i], in order, so a
	// pair repeated inside the batch conflicts with its first use. err is
	// set, and nothing recorded, when the transaction fails.
	MPUseJTIs(ctx context.Context, uses []JTIUse, now time.Time) (errs []error, err error)
	// MPPurgeJTI forgets every entry that expired before t.
	MPPurgeJTI(ctx context.Context, t time.Time) (int64, error)
}

// JTIUse is one grant identifier to record.
type JTIUse struct {
	ClientID string
	JTI      string
	Expires  time.Time
}

// KeyStore holds the issuer's signing keys and the test CA.
type KeyStore interface {
	// MPSigningKeys lists every signing key ordered by creation (oldest
	// first).
	MPSigningKeys(ctx context.Context) ([]SigningKey, error)
	// MPAddSigningKey stores a new current key and retires every other
	// current key at k.Created, in one transaction.
	MPAddSigningKey(ctx context.Context, k SigningKey) error
	// MPDeleteSigningKeys removes keys retired before t.
	MPDeleteSigningKeys(ctx context.Context, retiredBefore time.Time) error
	// MPTestCA reads the test CA; ErrNotFound if none was created.
	MPTestCA(ctx context.Context) (TestCA, error)
	// MPInitTestCA stores ca unless a test CA exists, and returns the one
	// stored (so that concurrent starters agree on one CA).
	MPInitTestCA(ctx context.Context, ca TestCA) (TestCA, error)
}
