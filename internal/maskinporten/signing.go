package maskinporten

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/namsfogd/namsfogd/internal/rsakeys"
	"math/big"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/world"
)

// keyring holds the issuer's signing keys in memory (spec:
// maskinporten.md §1.4, §12 item 9). The current key is the newest not
// retired; retired keys stay published until every token they signed has
// expired. Several processes may share one database: each reloads the set
// every reloadEvery, and at once when asked for an unknown kid.
type keyring struct {
	store registry.KeyStore
	clock *world.Clock
	bits  int

	mu        sync.RWMutex
	current   *signingKey
	published map[string]*signingKey
	order     []string  // kids, newest first
	loaded    time.Time // wall clock, paces reloads
	// lastUnknown is when an unknown kid last caused a reload (wall
	// clock): at most one such reload per reloadOnUnknown.
	lastUnknown time.Time

	reloadMu sync.Mutex
}

type signingKey struct {
	kid     string
	priv    *rsa.PrivateKey
	created time.Time
	retired time.Time
}

const (
	reloadEvery     = 30 * time.Second
	reloadOnUnknown = time.Second
)

func newKeyring(st registry.KeyStore, clock *world.Clock, bits int) *keyring {
	return &keyring{store: st, clock: clock, bits: bits, published: map[string]*signingKey{}}
}

// init loads the keys and creates the first one if there is none.
func (k *keyring) init(ctx context.Context) error {
	if err := k.load(ctx); err != nil {
		return err
	}
	k.mu.RLock()
	have := k.current != nil
	k.mu.RUnlock()
	if have {
		return nil
	}
	return k.rotate(ctx)
}

func (k *keyring) load(ctx context.Context) error {
	recs, err := k.store.MPSigningKeys(ctx)
	if err != nil {
		return fmt.Errorf("maskinporten: load signing keys: %w", err)
	}
	now := k.clock.Now()
	var cur *signingKey
	pub := map[string]*signingKey{}
	var order []string
	for i := len(recs) - 1; i >= 0; i-- { // newest first
		r := recs[i]
		if !r.Retired.IsZero() && !now.Before(r.Retired.Add(MaxTokenLifetime+publishMargin)) {
			continue
		}
		der, err := x509.ParsePKCS8PrivateKey(r.PrivateKey)
		if err != nil {
			return fmt.Errorf("maskinporten: signing key %s: %w", r.Kid, err)
		}
		priv, ok := der.(*rsa.PrivateKey)
		if !ok {
			return fmt.Errorf("maskinporten: signing key %s is not RSA", r.Kid)
		}
		sk := &signingKey{kid: r.Kid, priv: priv, created: r.Created, retired: r.Retired}
		pub[r.Kid] = sk
		order = append(order, r.Kid)
		if cur == nil && r.Retired.IsZero() {
			cur = sk
		}
	}
	k.mu.Lock()
	k.current, k.published, k.order, k.loaded = cur, pub, order, time.Now()
	k.mu.Unlock()
	return nil
}

// rotate makes a new current key; the previous one stays published.
func (k *keyring) rotate(ctx context.Context) error {
	priv, err := rsakeys.New(k.bits)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	now := k.clock.Now()
	var rnd [4]byte
	rand.Read(rnd[:])
	kid := "nmf-" + now.Format("20060102") + "-" + hex.EncodeToString(rnd[:])
	if err := k.store.MPAddSigningKey(ctx, registry.SigningKey{Kid: kid, Alg: "RS256", PrivateKey: der, Created: now}); err != nil {
		return fmt.Errorf("maskinporten: store signing key: %w", err)
	}
	// Keys retired long ago have signed nothing that is still valid.
	if err := k.store.MPDeleteSigningKeys(ctx, now.Add(-MaxTokenLifetime-publishMargin-24*time.Hour)); err != nil {
		return err
	}
	return k.load(ctx)
}

// signer returns the current key, reloading the set now and then so that
// a rotation by another process is picked up.
func (k *keyring) signer(ctx context.Context) (*signingKey, error) {
	k.mu.RLock()
	cur, stale := k.current, time.Since(k.loaded) > reloadEvery
	k.mu.RUnlock()
	if stale && k.reloadMu.TryLock() {
		err := k.load(ctx)
		k.reloadMu.Unlock()
		if err == nil {
			k.mu.RLock()
			cur = k.current
			k.mu.RUnlock()
		}
	}
	if cur == nil {
		return nil, errors.New("maskinporten: no current signing key")
	}
	return cur, nil
}

// PublicKey implements auth.KeySource over the published keys.
func (k *keyring) PublicKey(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	k.mu.RLock()
	sk, ok := k.published[kid]
	k.mu.RUnlock()
	if ok {
		return &sk.priv.PublicKey, nil
	}
	k.reloadMu.Lock()
	if time.Since(k.lastUnknown) < reloadOnUnknown {
		k.reloadMu.Unlock()
		return k.lookup(kid)
	}
	k.lastUnknown = time.Now()
	err := k.load(ctx)
	k.reloadMu.Unlock()
	if err != nil {
		return nil, err
	}
	return k.lookup(kid)
}

func (k *keyring) lookup(kid string) (*rsa.PublicKey, error) {
	k.mu.RLock()
	sk, ok := k.published[kid]
	k.mu.RUnlock()
	if !ok {
		return nil, auth.ErrUnknownKey
	}
	return &sk.priv.PublicKey, nil
}

// publicJWK is one key of the JWKS, members in the order of
// data/maskinporten/jwks-shape.json.
type publicJWK struct {
	Kty string `json:"kty"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	E   string `json:"e"`
	N   string `json:"n"`
}

func rsaJWK(kid string, pub *rsa.PublicKey) publicJWK {
	return publicJWK{Kty: "RSA", Use: "sig", Alg: "RS256", Kid: kid,
		E: base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		N: base64.RawURLEncoding.EncodeToString(pub.N.Bytes())}
}

// jwks returns the published keys, newest first (§1.4).
func (k *keyring) jwks() []publicJWK {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make([]publicJWK, 0, len(k.order))
	for _, kid := range k.order {
		out = append(out, rsaJWK(kid, &k.published[kid].priv.PublicKey))
	}
	return out
}

// Keys returns the in-process key source for auth.Verifier: the published
// signing keys, reloaded from the store on an unknown kid (at most once a
// second), so a verifier in this process follows rotations made by any
// process sharing the database.
func (s *Service) Keys() auth.KeySource { return s.keys }

// RotateKey makes a new signing key current. The previous key stays in
// the JWKS until every token it signed has expired (§1.4). Unlike the
// real service, the new key is used at once: namsfogd's verifiers refresh
// their key set on an unknown kid.
func (s *Service) RotateKey(ctx context.Context) error {
	if err := s.keys.rotate(ctx); err != nil {
		return err
	}
	cur, err := s.keys.signer(ctx)
	if err == nil {
		s.log.Info("maskinporten: signing key rotated", "kid", cur.kid)
	}
	return err
}
