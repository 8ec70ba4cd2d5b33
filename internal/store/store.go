package store

import (
	"context"
	"errors"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

// Sentinel errors. API packages map them to their own error vocabulary.
var (
	// ErrNotFound: the record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a record with the same key already exists, or an
	// idempotency key was reused with a different request.
	ErrConflict = errors.New("conflict")
	// ErrNoJob: no job is ready to be claimed.
	ErrNoJob = errors.New("no job ready")
)

// Store is the storage of the whole world and of the cross-cutting records
// (audit, jobs, idempotency, sequences, settings).
type Store interface {
	WorldStore
	AuditStore
	JobStore
	// Idempotent runs once per (scope, key): the first call stores result
	// with fingerprint; a later call with the same fingerprint returns the
	// stored result and replayed=true; a later call with another
	// fingerprint returns ErrConflict.
	Idempotent(ctx context.Context, scope, key, fingerprint string, result []byte) (stored []byte, replayed bool, err error)
	// NextSequence allocates the next value of the named counter (1, 2, ...).
	NextSequence(ctx context.Context, name string) (int64, error)
	// GetSetting reads a named setting; ErrNotFound if never set.
	GetSetting(ctx context.Context, name string) ([]byte, error)
	// PutSetting writes a named setting.
	PutSetting(ctx context.Context, name string, value []byte) error
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Dialect names the backend: "sqlite" or "postgres".
	Dialect() string
	// Close releases the database.
	Close() error
}

// WorldStore reads and changes the synthetic world.
type WorldStore interface {
	GetPerson(ctx context.Context, nin string) (world.Person, error)
	// CreatePerson adds a person; ErrConflict if the NIN exists.
	CreatePerson(ctx context.Context, p world.Person) error
	// UpdatePerson replaces a person; ErrNotFound if absent.
	UpdatePerson(ctx context.Context, p world.Person) error
	// ListPersons lists persons ordered by NIN, after the given NIN.
	ListPersons(ctx context.Context, after string, limit int) ([]world.Person, error)

	GetOrganisation(ctx context.Context, orgnr string) (world.Organisation, error)
	// CreateOrganisation adds an organisation; ErrConflict if it exists.
	CreateOrganisation(ctx context.Context, o world.Organisation) error
	// ListOrganisations lists organisations ordered by orgnr, after the
	// given orgnr, with the role if role is not empty.
	ListOrganisations(ctx context.Context, role, after string, limit int) ([]world.Organisation, error)

	GetAccount(ctx context.Context, number string) (world.Account, error)
	// CreateAccount adds an account; ErrConflict if the number exists,
	// ErrNotFound if the bank is unknown.
	CreateAccount(ctx context.Context, a world.Account) error
	// AccountsByOwner lists the accounts whose primary owner is ownerID,
	// ordered by bank and account number.
	AccountsByOwner(ctx context.Context, ownerID string) ([]world.Account, error)
	// AccountParties lists the non-primary roles of a party.
	AccountParties(ctx context.Context, partyID string) ([]world.AccountParty, error)
	CreateAccountParty(ctx context.Context, p world.AccountParty) error

	// CreateEmployment adds an employment and returns it with its new ID.
	CreateEmployment(ctx context.Context, e world.Employment) (world.Employment, error)
	EmploymentsByPerson(ctx context.Context, nin string) ([]world.Employment, error)

	// CreateDebt adds a debt; ErrConflict if its ID exists.
	CreateDebt(ctx context.Context, d world.Debt) error
	DebtsByPerson(ctx context.Context, nin string) ([]world.Debt, error)

	// LoadWorld replaces the whole world with the one gen produces.
	// Records outside the world (audit, clients, ...) are kept.
	LoadWorld(ctx context.Context, info WorldInfo, gen func(world.Sink) error) error
	// WorldInfo describes the loaded world; ErrNotFound if none is loaded.
	WorldInfo(ctx context.Context) (WorldInfo, error)
	// CountWorld counts the world's records.
	CountWorld(ctx context.Context) (WorldCounts, error)
}

// WorldInfo records which world is loaded.
type WorldInfo struct {
	Seed     uint64    `json:"seed"`
	Persons  int       `json:"persons"`
	LoadedAt time.Time `json:"loaded_at"`
}

// WorldCounts is the number of records of each kind.
type WorldCounts struct {
	Persons       int64 `json:"persons"`
	Organisations int64 `json:"organisations"`
	Accounts      int64 `json:"accounts"`
	AccountRoles  int64 `json:"account_parties"`
	Employments   int64 `json:"employments"`
	Debts         int64 `json:"debts"`
}

// AuditRecord is one disclosure of personal data or one change of
// consent. It is never changed once written.
type AuditRecord struct {
	ID          int64          `json:"id"`
	Time        time.Time      `json:"time"`
	Service     string         `json:"service"` // "dsop", "gjeld", ...
	Action      string         `json:"action"`  // e.g. "accounts.list"
	Actor       string         `json:"actor"`   // who asked (orgnr, client id)
	OnBehalfOf  string         `json:"on_behalf_of,omitempty"`
	SubjectID   string         `json:"subject_id,omitempty"` // whose data (NIN/orgnr)
	LegalBasis  string         `json:"legal_basis,omitempty"`
	Correlation string         `json:"correlation_id,omitempty"`
	Outcome     string         `json:"outcome"`
	Details     map[string]any `json:"details,omitempty"`
}

// AuditQuery filters audit records. Results are ordered by ID ascending,
// starting after AfterID.
type AuditQuery struct {
	SubjectID string
	Service   string
	AfterID   int64
	Limit     int
}

// AuditStore is the append-only audit log.
type AuditStore interface {
	AppendAudit(ctx context.Context, r AuditRecord) (int64, error)
	ListAudit(ctx context.Context, q AuditQuery) ([]AuditRecord, error)
}

// Job states.
const (
	JobReady   = "ready"
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is a unit of durable background work. A job is claimed by one worker
// at a time for a lease; a worker that dies lets the lease expire and
// another worker claims the job again.
type Job struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Key       string    `json:"key"` // unique per kind when not empty: enqueueing twice is a no-op
	Payload   []byte    `json:"payload"`
	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	RunAt     time.Time `json:"run_at"`
	LeaseTill time.Time `json:"lease_till,omitzero"`
	LastError string    `json:"last_error,omitempty"`
}

// JobStore is the durable job table.
type JobStore interface {
	// EnqueueJob adds a ready job. With a non-empty Key, a second job of
	// the same kind and key is not added and the existing one is returned.
	EnqueueJob(ctx context.Context, j Job) (Job, error)
	// ClaimJob takes the oldest ready job of one of kinds whose RunAt is at
	// or before now (or a running job whose lease expired), marks it
	// running until now+lease and increments Attempts. ErrNoJob if none.
	ClaimJob(ctx context.Context, kinds []string, now time.Time, lease time.Duration) (Job, error)
	// CompleteJob marks a claimed job done.
	CompleteJob(ctx context.Context, id int64) error
	// RetryJob puts a claimed job back to ready at runAt, noting the error.
	RetryJob(ctx context.Context, id int64, runAt time.Time, lastErr string) error
	// FailJob marks a job failed for good.
	FailJob(ctx context.Context, id int64, lastErr string) error
	GetJob(ctx context.Context, id int64) (Job, error)
	// ActiveJobs counts kind's jobs that are ready or running.
	ActiveJobs(ctx context.Context, kind string) (int, error)
}
