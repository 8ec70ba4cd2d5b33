// Package dsopstore declares the storage the DSOP Kontroll API needs: the
// world reads it serves from, the opaque account references and page
// tokens it issues, the audit log and its settings (bank controls,
// consumer encryption keys). *sqlstore.DB implements Storage.
//
// It must never import net/http or the dsop package itself, so that the
// SQL backend can implement it without an import cycle.
package dsopstore

import (
	"context"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Ref is one opaque accountReference issued by a bank to one consumer in
// one case (spec: dsop-kontroll.md §5.3 "accountReference issuing", §12
// item 17). The triple (Consumer, RequestID, BankOrgNr, AccountNumber) is
// unique: a repeated account list in the same case returns the same Ref
// while it is younger than the validity window.
type Ref struct {
	Ref           string    `json:"ref"`
	Consumer      string    `json:"consumer"`   // consumer.ID, e.g. "0192:974761076"
	RequestID     string    `json:"request_id"` // AccountInfoRequestID, lower-case
	BankOrgNr     string    `json:"bank_orgnr"`
	AccountNumber string    `json:"account_number"`
	PartyID       string    `json:"party_id"`
	Profile       string    `json:"profile"` // IM or AN
	IssuedAt      time.Time `json:"issued_at"`
}

// Page is one issued pagination token of an account list (spec:
// dsop-kontroll.md §4.7): valid only for the same consumer, case, bank and
// party, for 24 hours.
type Page struct {
	Token     string    `json:"token"`
	Consumer  string    `json:"consumer"`
	RequestID string    `json:"request_id"`
	BankOrgNr string    `json:"bank_orgnr"`
	PartyID   string    `json:"party_id"`
	Offset    int       `json:"offset"`
	IssuedAt  time.Time `json:"issued_at"`
}

// Disclosure is what one successful account list hands out: the
// references of the listed accounts, the page tokens of its links, and
// the audit record saying so. They commit together or not at all.
type Disclosure struct {
	// Refs carry fresh candidate references; for a key that already has
	// a reference issued after ValidAfter the stored one is kept.
	Refs []Ref
	// ValidAfter: stored references issued at or before it are replaced.
	ValidAfter time.Time
	Pages      []Page
	// Audit builds the audit record from the references actually issued;
	// an error rolls the whole disclosure back.
	Audit func(refs []Ref) (store.AuditRecord, error)
}

// Storage is everything the DSOP API reads and writes.
type Storage interface {
	GetPerson(ctx context.Context, nin string) (world.Person, error)
	GetOrganisation(ctx context.Context, orgnr string) (world.Organisation, error)
	GetAccount(ctx context.Context, number string) (world.Account, error)
	AccountsByOwner(ctx context.Context, ownerID string) ([]world.Account, error)

	// DSOPDisclose stores d's references and pages and appends its audit
	// record in one transaction, and returns the references in d.Refs'
	// order (stored ones where they were kept).
	DSOPDisclose(ctx context.Context, d Disclosure) ([]Ref, error)
	// DSOPGetRef finds an issued reference; store.ErrNotFound if unknown.
	DSOPGetRef(ctx context.Context, ref string) (Ref, error)
	// DSOPGetPage finds an issued page token; store.ErrNotFound if unknown.
	DSOPGetPage(ctx context.Context, token string) (Page, error)

	AppendAudit(ctx context.Context, r store.AuditRecord) (int64, error)
	ListAudit(ctx context.Context, q store.AuditQuery) ([]store.AuditRecord, error)
	GetSetting(ctx context.Context, name string) ([]byte, error)
	PutSetting(ctx context.Context, name string, value []byte) error
}
