package model

import (
	"context"
	"errors"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Purposes (base debt scopes). spec: gjeldsinformasjon.md §5.4
const (
	PurposePresentation = "debt.unsecured.presentation"
	PurposeProcessing   = "debt.unsecured.processing"
)

// Consent states. spec: gjeldsinformasjon.md §7
const (
	StateActive  = "ACTIVE"
	StateUsed    = "USED"
	StateExpired = "EXPIRED"
	StateRevoked = "REVOKED"
)

// Consent origins.
const (
	OriginRegular   = "regular"
	OriginAgreement = "agreement"
)

// Feed event types. spec: gjeldsinformasjon.md §6.9
const (
	EventCreated  = "SAMTYKKE_OPPRETTET"
	EventArchived = "SAMTYKKE_ARKIVERT"
)

// Creditor response modes. spec: gjeldsinformasjon.md §9.4
const (
	ModeAnswers     = "answers"
	ModeUnavailable = "unavailable"
	ModeCached      = "cached"
)

// ErrInactive: the consent exists but is no longer active; the call that
// returns it also returns the consent as stored.
var ErrInactive = errors.New("consent is not active")

// Client is an OAuth2 client of the API. spec: gjeldsinformasjon.md §4
type Client struct {
	ID                string    `json:"client_id"`
	SecretHash        string    `json:"-"`
	OrgNr             string    `json:"orgnr"`
	Name              string    `json:"name"`
	RedirectURIs      []string  `json:"redirect_uris"`
	Purposes          []string  `json:"purposes"`
	AgreementConsents bool      `json:"agreement_consents"`
	ConsentEvents     bool      `json:"consent_events"`
	Created           time.Time `json:"created_at"`
}

// HasPurpose reports whether the client is registered for purpose p.
func (c Client) HasPurpose(p string) bool {
	for _, x := range c.Purposes {
		if x == p {
			return true
		}
	}
	return false
}

// Consent is one person's consent to one client for one purpose until
// one expiry. Times are whole seconds. spec: gjeldsinformasjon.md §7
type Consent struct {
	ID              string    `json:"id"`
	ClientID        string    `json:"client_id"`
	NIN             string    `json:"nin"`
	Purpose         string    `json:"purpose"`
	SingleUse       bool      `json:"single_use"`
	DurationDays    int       `json:"duration_days"`
	Origin          string    `json:"origin"`
	ClientConsentID string    `json:"client_consent_id,omitempty"`
	Fingerprint     string    `json:"-"`
	State           string    `json:"state"`
	Created         time.Time `json:"created_at"`
	Expires         time.Time `json:"expires_at"`
	InactiveAt      time.Time `json:"inactive_at,omitzero"`
	ArchivedSeq     int64     `json:"-"`
}

// EffectiveState is the state at now: an ACTIVE consent past its expiry
// is EXPIRED even before the sweeper has recorded it.
func (c Consent) EffectiveState(now time.Time) string {
	if c.State == StateActive && !now.Before(c.Expires) {
		return StateExpired
	}
	return c.State
}

// Use is one successful debt collection under a consent.
type Use struct {
	ID        int64     `json:"id"`
	ConsentID string    `json:"consent_id"`
	ClientID  string    `json:"client_id"`
	At        time.Time `json:"at"`
	Endpoint  string    `json:"endpoint"`
	TraceID   string    `json:"trace_id,omitempty"`
}

// FeedEvent is one event of the consent feed. Seq is allocated by the
// storage in the transaction that appends the event.
type FeedEvent struct {
	Seq        int64
	EventID    string
	ClientID   string
	ConsentID  string
	Type       string
	Occurred   time.Time
	Appended   time.Time
	Scope      string
	ExternalID *string
}

// Code is an authorization code, stored by the hash of its value.
type Code struct {
	Hash        string
	ClientID    string
	RedirectURI string
	ConsentID   string
	NIN         string
	Scope       string // granted scope as reported (base purpose [+ " openid"])
	Nonce       string
	Challenge   string
	Method      string
	AuthTime    time.Time
	Expires     time.Time
	UsedAt      time.Time
}

// Token is an opaque access token, stored by the hash of its value.
type Token struct {
	Hash      string
	ClientID  string
	Audience  string // canonical audience: "debt", "agreement" or "feed"
	Scopes    []string
	ConsentID string
	NIN       string
	CodeHash  string
	OpenID    bool
	Expires   time.Time
	Revoked   bool
}

// SigningKey is the RSA key that signs ID tokens, PEM-encoded.
type SigningKey struct {
	KID        string
	PrivatePEM string
	Created    time.Time
}

// Storage is what the API needs from the database. Every method that
// changes a consent appends its feed event and its audit record in the
// same transaction, so a 2xx answer means all three are durable.
type Storage interface {
	GetPerson(ctx context.Context, nin string) (world.Person, error)
	// GetSetting and PutSetting keep the clients' request-object keys.
	GetSetting(ctx context.Context, name string) ([]byte, error)
	PutSetting(ctx context.Context, name string, value []byte) error
	GetOrganisation(ctx context.Context, orgnr string) (world.Organisation, error)
	DebtsByPerson(ctx context.Context, nin string) ([]world.Debt, error)

	// GjeldEnsureKey stores k unless a key exists and returns the oldest
	// key. With an empty k.KID it only reads: store.ErrNotFound if none.
	GjeldEnsureKey(ctx context.Context, k SigningKey) (SigningKey, error)

	// GjeldPutClient adds a client; store.ErrConflict if its ID exists.
	GjeldPutClient(ctx context.Context, c Client) error
	GjeldGetClient(ctx context.Context, id string) (Client, error)
	GjeldListClients(ctx context.Context) ([]Client, error)

	GjeldPutCode(ctx context.Context, c Code) error
	// GjeldRedeemCode marks the code used at now and returns it. A code
	// already used returns store.ErrConflict and revokes every token
	// issued from it; an unknown code returns store.ErrNotFound.
	GjeldRedeemCode(ctx context.Context, hash string, now time.Time) (Code, error)
	GjeldPutToken(ctx context.Context, t Token) error
	GjeldGetToken(ctx context.Context, hash string) (Token, error)
	GjeldRevokeToken(ctx context.Context, hash string) error

	// GjeldCreateConsent stores c with its SAMTYKKE_OPPRETTET event ev
	// and audit record a. When c.ClientConsentID is set, it is idempotent
	// on (client, ClientConsentID): the same Fingerprint returns the stored
	// consent with replayed=true and writes nothing; another fingerprint
	// returns store.ErrConflict.
	GjeldCreateConsent(ctx context.Context, c Consent, ev FeedEvent, a store.AuditRecord) (stored Consent, replayed bool, err error)
	GjeldGetConsent(ctx context.Context, id string) (Consent, error)
	// GjeldUseConsent records one successful collection at u.At if the
	// consent is active then; a single-use consent becomes USED and gets
	// its SAMTYKKE_ARKIVERT event archive. Returns ErrInactive otherwise.
	GjeldUseConsent(ctx context.Context, id string, u Use, archive FeedEvent, a store.AuditRecord) (Consent, error)
	// GjeldRevokeConsent makes an active consent REVOKED at
	// archive.Occurred with its SAMTYKKE_ARKIVERT event; ErrInactive if
	// it is not active then.
	GjeldRevokeConsent(ctx context.Context, id string, archive FeedEvent, a store.AuditRecord) (Consent, error)
	// GjeldArchiveExpired marks up to limit active consents whose expiry
	// is at or before now EXPIRED, each with a SAMTYKKE_ARKIVERT event
	// whose time is the expiry instant; newID gives event ids.
	GjeldArchiveExpired(ctx context.Context, now time.Time, limit int, newID func() string) (int, error)
	GjeldConsentsByPerson(ctx context.Context, nin string) ([]Consent, error)
	GjeldUses(ctx context.Context, consentID string) ([]Use, error)

	// GjeldFeed lists the client's events with Seq ≥ from appended at or
	// after since, ascending, at most limit.
	GjeldFeed(ctx context.Context, clientID string, from int64, since time.Time, limit int) ([]FeedEvent, error)
	// GjeldFeedBounds returns the lowest Seq of the client's events
	// appended at or after since (0 if none) and the highest Seq ever
	// given to the client's events (0 if none).
	GjeldFeedBounds(ctx context.Context, clientID string, since time.Time) (first, last int64, err error)

	// GjeldSetCreditorMode sets a creditor's response mode, for one
	// person when nin is not empty; ModeAnswers removes the setting.
	GjeldSetCreditorMode(ctx context.Context, orgnr, nin, mode string) error
	// GjeldCreditorModes returns the modes in force for the person by
	// creditor orgnr; a person's own setting overrides the general one.
	GjeldCreditorModes(ctx context.Context, nin string) (map[string]string, error)
}
