package auth

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
)

// ErrUnknownKey is returned by a KeySource that has no key with the
// requested kid (after its one refresh, if it refreshes).
var ErrUnknownKey = errors.New("auth: unknown key identifier")

// KeySource finds the issuer's public verification key by kid (spec:
// maskinporten.md §7 item 3). An implementation may refresh its key set
// once when kid is unknown, rate-limited; it must be safe for concurrent
// use.
type KeySource interface {
	PublicKey(ctx context.Context, kid string) (*rsa.PublicKey, error)
}

// StaticKeys is a fixed key set, keyed by kid.
type StaticKeys map[string]*rsa.PublicKey

// PublicKey implements KeySource.
func (s StaticKeys) PublicKey(_ context.Context, kid string) (*rsa.PublicKey, error) {
	if k, ok := s[kid]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

// KeySourceFunc adapts a function to KeySource.
type KeySourceFunc func(ctx context.Context, kid string) (*rsa.PublicKey, error)

// PublicKey implements KeySource.
func (f KeySourceFunc) PublicKey(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	return f(ctx, kid)
}

// ParseJWKS reads an RFC 7517 key set and returns its RSA signature keys
// by kid. Keys that are not RSA public keys, that are marked for another
// use than "sig", that name a non-RSA algorithm or that have no kid are
// skipped, so one odd key does not make the whole set unusable; a
// document that is not a key set is an error.
func ParseJWKS(data []byte) (StaticKeys, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("auth: JWKS: %w", err)
	}
	if set.Keys == nil {
		return nil, errors.New("auth: JWKS: no \"keys\" member")
	}
	out := StaticKeys{}
	for _, raw := range set.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil {
			continue
		}
		pub, ok := k.Key.(*rsa.PublicKey)
		if !ok || k.KeyID == "" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		switch k.Algorithm {
		case "", "RS256", "RS384", "RS512":
		default:
			continue
		}
		out[k.KeyID] = pub
	}
	return out, nil
}
