// Package trekkstore declares the storage the trekkpålegg API needs and the
// records it keeps, so that the SQL backend can implement it without
// depending on the API's HTTP code (spec: trekkpaalegg.md §8, §12).
//
// It holds types and one interface only; it must never import net/http or
// an API package.
package trekkstore

import (
	"context"

	"github.com/namsfogd/namsfogd/internal/store"
)

// Version is one published version of a trekkpålegg as stored. Body is
// the JSON document exactly as GET serves it; the other fields are the
// columns queries select on.
type Version struct {
	Trekkid       string
	Trekkversjon  int64
	Sekvensnummer int64
	Trekkpliktig  string
	Skyldner      string
	Saksnummer    string
	Kidnummer     string
	Trekkstatus   string
	// SisteSluttdato is the sluttdato of the last period, "" when the
	// last period is open-ended.
	SisteSluttdato string
	Body           []byte
	// Replayed: TrekkPublish returned the result of an earlier
	// publication with the same idempotency key. Never stored.
	Replayed bool
}

// Alloc is what the store allocated for a version about to be published.
type Alloc struct {
	// Sekvensnummer is the next value of the one global counter.
	Sekvensnummer int64
	// Trekkid is the order's id (allocated for a new order).
	Trekkid string
	// Kidnummer is a KID no other order has (new orders only; a new
	// version keeps the previous version's KID).
	Kidnummer string
}

// Publish asks the store to publish one version.
type Publish struct {
	// Trekkid names the order to version; "" creates a new order.
	Trekkid string
	// NewKID proposes a KID for a new order; the store calls it until
	// it returns one that no order uses.
	NewKID func() string
	// Build makes the version from the order's latest version (nil for
	// a new order) and the allocation. An error aborts the publication
	// and nothing is written, not even the sequence number.
	Build func(prev *Version, a Alloc) (Version, error)
	// IdempotencyKey, when set, makes the publication happen once per
	// key: it is recorded with Fingerprint in the publication's own
	// transaction. A repeat with the same fingerprint publishes nothing
	// and returns the version the first one published, with Replayed
	// set; another fingerprint is store.ErrConflict.
	IdempotencyKey, Fingerprint string
}

// Storage keeps trekkpålegg. Implementations must allocate sekvensnummer
// and insert the version in one transaction, committed in sequence
// order, so that a reader never sees sequence number N+1 before N.
type Storage interface {
	// TrekkPublish publishes one version; store.ErrNotFound if
	// Publish.Trekkid names no order.
	TrekkPublish(ctx context.Context, p Publish) (Version, error)
	// TrekkLoad stores versions verbatim (fixtures) in one transaction and
	// moves the sequence counter to at least their maximum. A version
	// already stored with the same body is skipped; a different body
	// under the same (trekkid, trekkversjon) or sekvensnummer, or a new
	// version whose sekvensnummer is not above the counter, is
	// store.ErrConflict. It returns how many versions were new.
	TrekkLoad(ctx context.Context, vs []Version) (int, error)
	// TrekkList returns the latest version of each order of trekkpliktig
	// whose sekvensnummer is above after, ascending, at most limit of them
	// (limit <= 0: all). Only Trekkid, Trekkversjon, Sekvensnummer,
	// Skyldner and Body are filled.
	TrekkList(ctx context.Context, trekkpliktig string, after, limit int64) ([]Version, error)
	// TrekkGetVersion returns one version; store.ErrNotFound if the order
	// or version does not exist or belongs to another trekkpliktig
	// (trekkpliktig "" matches every one).
	TrekkGetVersion(ctx context.Context, trekkpliktig, trekkid string, versjon int64) (Version, error)
	// TrekkLatest returns the latest version of an order.
	TrekkLatest(ctx context.Context, trekkid string) (Version, error)
	// TrekkDueForClose lists, in trekkid order after the given one, the
	// aktiv orders whose last period has a sluttdato before today.
	TrekkDueForClose(ctx context.Context, today, after string, limit int) ([]string, error)
	// TrekkAudit appends disclosure records in one transaction.
	TrekkAudit(ctx context.Context, recs []store.AuditRecord) error
}
