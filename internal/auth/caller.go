package auth

import (
	"context"
	"slices"
	"time"
)

// Caller is what a verified Maskinporten access token says about the
// caller (spec: maskinporten.md §7 item 15). Claims is shared between
// requests that present the same token: treat it as read-only.
type Caller struct {
	// ClientID is the client that got the token; never use it for access
	// control (D-TILB, D-CHECK).
	ClientID string
	// ConsumerOrg is the identifier after "<icd>:" in consumer.ID (9
	// digits for 0192), "" if absent or unreadable.
	ConsumerOrg string
	// SupplierOrg is set on delegated tokens (supplier.ID).
	SupplierOrg string
	// SystemUserOrg, SystemUserID and SystemID come from the
	// urn:altinn:systemuser entry of authorization_details.
	SystemUserOrg string
	SystemUserID  string
	SystemID      string
	// Scopes are the token's scopes in order.
	Scopes []string
	// EffectiveOrg is the organisation the caller acts for: the system
	// user's organisation if present, else the consumer (spec:
	// maskinporten.md §7 item 13). "" if neither is 9 digits.
	EffectiveOrg string
	// TokenID is the token's jti.
	TokenID string
	// Expiry is the token's exp.
	Expiry time.Time
	// Issuer is the token's iss.
	Issuer string
	// ClientAMR is how the client authenticated (private_key_jwt, ...).
	ClientAMR string
	// DelegationSource is set on delegated tokens.
	DelegationSource string
	// PID is the person a pid-restricted token is bound to.
	PID string
	// Audience is the token's aud, one element per value.
	Audience []string
	// Claims are all claims of the token.
	Claims map[string]any
}

// HasScope reports whether scope is one of the token's scopes (a whole
// element, never a substring; spec: maskinporten.md §7 item 11).
func (c Caller) HasScope(scope string) bool { return slices.Contains(c.Scopes, scope) }

// HasAnyScope reports whether the token carries one of scopes; true when
// scopes is empty.
func (c Caller) HasAnyScope(scopes ...string) bool {
	if len(scopes) == 0 {
		return true
	}
	for _, s := range scopes {
		if c.HasScope(s) {
			return true
		}
	}
	return false
}

// IsSystemUser reports whether the token is a systembruker token.
func (c Caller) IsSystemUser() bool { return c.SystemUserOrg != "" || c.SystemID != "" }

// IsDelegated reports whether the token was issued to a supplier acting
// for the consumer.
func (c Caller) IsDelegated() bool { return c.SupplierOrg != "" }

type callerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller Middleware stored in ctx.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}
