package registry

import (
	"slices"
	"time"
)

// Integration types and authentication methods (spec: maskinporten.md §2.5).
const (
	IntegrationMaskinporten = "maskinporten"
	AuthPrivateKeyJWT       = "private_key_jwt"
	GrantTypeJWTBearer      = "urn:ietf:params:oauth:grant-type:jwt-bearer"
)

// DefaultTokenLifetime is the access-token lifetime when neither the client
// nor a scope says otherwise (spec: maskinporten.md §3.3, D-CREG).
const DefaultTokenLifetime = 120 * time.Second

// KeyLifetime is how long an uploaded client key may be used (spec:
// maskinporten.md §2.5, D-CERT: at most one year from upload).
const KeyLifetime = 365 * 24 * time.Hour

// Client is a Maskinporten client ("integrasjon") owned by one
// organisation. Scopes are the scopes registered on the client; whether
// the organisation may use them is decided by ScopeAccess.
type Client struct {
	ClientID    string
	OrgNr       string
	Description string
	Scopes      []string
	// AccessTokenLifetime overrides DefaultTokenLifetime when > 0.
	AccessTokenLifetime time.Duration
	Active              bool
	Created             time.Time
	// Keys are the client's registered keys and pinned certificates; a
	// read of a client always fills it.
	Keys []ClientKey
}

// HasScope reports whether scope is registered on the client.
func (c Client) HasScope(scope string) bool { return slices.Contains(c.Scopes, scope) }

// JWKs returns the client's registered public keys (not certificates).
func (c Client) JWKs() []ClientKey {
	var out []ClientKey
	for _, k := range c.Keys {
		if k.Kind == KeyKindJWK {
			out = append(out, k)
		}
	}
	return out
}

// Kinds of client key.
const (
	// KeyKindJWK is an uploaded public JWK; grants name it with kid.
	KeyKindJWK = "jwk"
	// KeyKindCertificate is a certificate the operator pinned on a client
	// that authenticates with x5c (a self-signed test certificate that does
	// not chain to the test CA).
	KeyKindCertificate = "certificate"
)

// ClientKey is one key or pinned certificate of a client. Kid is unique
// across all clients (spec: maskinporten.md §2.5).
type ClientKey struct {
	Kid      string
	ClientID string
	Kind     string
	// Public is the public JWK as JSON (KeyKindJWK) or the certificate's
	// DER (KeyKindCertificate).
	Public []byte
	// PrivateKey is the PKCS#8 DER of a key the server generated (seeded
	// clients, generate_key); nil for keys the client uploaded.
	PrivateKey []byte
	Created    time.Time
	Expires    time.Time
}

// Scope is an API scope (spec: maskinporten.md §2.5, D-SCOPE).
type Scope struct {
	Name                    string
	OwnerOrg                string
	Description             string
	Active                  bool
	AllowedIntegrationTypes []string
	// AccessibleForAll: every organisation may use the scope without a
	// grant.
	AccessibleForAll bool
	// DelegationSource, when set, lets a consumer delegate the scope to a
	// supplier (spec: maskinporten.md §5.1).
	DelegationSource string
	// AtMaxAge caps the lifetime of tokens carrying the scope when > 0.
	AtMaxAge time.Duration
}

// AllowsMaskinporten reports whether the scope may be used by a
// Maskinporten client.
func (s Scope) AllowsMaskinporten() bool {
	return slices.Contains(s.AllowedIntegrationTypes, IntegrationMaskinporten)
}

// Delegation records that ConsumerOrg delegated Scope to SupplierOrg
// (spec: maskinporten.md §5.1, Altinn API delegation).
type Delegation struct {
	ConsumerOrg string
	SupplierOrg string
	Scope       string
	Created     time.Time
}

// Access records that the API owner granted OrgNr access to Scope.
type Access struct {
	OrgNr   string
	Scope   string
	Created time.Time
}

// System is a vendor's system in the system register (spec:
// maskinporten.md §6.1).
type System struct {
	ID          string
	VendorOrg   string
	Name        string
	Description string
	// Rights are the Altinn resource ids the system may be given.
	Rights    []string
	ClientIDs []string
	Created   time.Time
}

// System-user request and user states (spec: maskinporten.md §6.1;
// compare case-insensitively when reading user input).
const (
	StatusNew      = "New"
	StatusAccepted = "Accepted"
	StatusRejected = "Rejected"
)

// System-user types (spec: maskinporten.md §6.1, A-TOK).
const (
	UserTypeStandard = "standard"
	UserTypeAgent    = "agent"
)

// SystemUser is a customer organisation's approval of a vendor system
// (spec: maskinporten.md §6.1). Only an Accepted, not deleted system user
// can get tokens.
type SystemUser struct {
	ID          string
	SystemID    string
	CustomerOrg string
	// ExternalRef defaults to CustomerOrg.
	ExternalRef string
	UserType    string
	Status      string
	Rights      []string
	Deleted     bool
	Created     time.Time
	Updated     time.Time
}

// Usable reports whether the system user may get tokens.
func (u SystemUser) Usable() bool { return u.Status == StatusAccepted && !u.Deleted }

// SigningKey is one of the issuer's own signing keys. The current key is
// the newest one not retired; retired keys stay published until every
// token they signed has expired.
type SigningKey struct {
	Kid        string
	Alg        string
	PrivateKey []byte // PKCS#8 DER
	Created    time.Time
	Retired    time.Time // zero while current
}

// TestCA is the installation's persisted test certificate authority
// (spec: maskinporten.md §10.2, §12 item 10).
type TestCA struct {
	CertDER    []byte
	PrivateKey []byte // PKCS#8 DER
	Created    time.Time
}
