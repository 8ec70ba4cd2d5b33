package auth

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of RemoteJWKS (spec: maskinporten.md §7 item 3, §12 item 14).
const (
	DefaultJWKSMaxAge     = 24 * time.Hour
	DefaultJWKSMinRefresh = 60 * time.Second
	failBackoff           = 5 * time.Second
)

// RemoteJWKS is a KeySource that fetches an issuer's JWKS over HTTP — for
// a resource server that trusts an external issuer (e.g. the real
// Maskinporten test issuer) or runs apart from namsfogd's token service.
//
// It keeps the set for MaxAge; on an unknown kid it fetches the set again,
// at most once per MinRefresh, so a flood of tokens with made-up kids
// costs at most one fetch per interval. When a refresh fails the previous
// set stays in use.
//
// MaxAge, MinRefresh and Now may be changed after NewRemoteJWKS and
// before first use. Now measures the refresh intervals; it is wall-clock
// time (time.Now), not the simulated world clock, because it paces
// network traffic rather than deciding whether a token is valid.
type RemoteJWKS struct {
	URL        string
	Client     *http.Client
	MaxAge     time.Duration
	MinRefresh time.Duration
	Now        func() time.Time

	mu          sync.RWMutex
	keys        StaticKeys
	fetched     time.Time // last successful fetch
	lastRefresh time.Time // last fetch caused by an unknown kid
	refreshed   bool
	failed      time.Time // last failed fetch
	fetches     atomic.Int64
}

// NewRemoteJWKS returns a key source reading the JWKS at url with client
// (http.DefaultClient if nil).
func NewRemoteJWKS(url string, client *http.Client) *RemoteJWKS {
	if client == nil {
		client = http.DefaultClient
	}
	return &RemoteJWKS{URL: url, Client: client, MaxAge: DefaultJWKSMaxAge, MinRefresh: DefaultJWKSMinRefresh, Now: time.Now}
}

// Fetches returns how many times the set was fetched (successfully or
// not); tests and metrics use it.
func (r *RemoteJWKS) Fetches() int64 { return r.fetches.Load() }

// PublicKey implements KeySource.
func (r *RemoteJWKS) PublicKey(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	now := r.Now()
	r.mu.RLock()
	k, ok := r.keys[kid]
	fresh := r.keys != nil && now.Sub(r.fetched) < r.MaxAge
	r.mu.RUnlock()
	if ok && fresh {
		return k, nil
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	// Another goroutine may have refreshed while this one waited.
	if k, ok := r.keys[kid]; ok && now.Sub(r.fetched) < r.MaxAge {
		return k, nil
	}
	stale := r.keys == nil || now.Sub(r.fetched) >= r.MaxAge
	unknown := !stale && (!r.refreshed || now.Sub(r.lastRefresh) >= r.MinRefresh)
	// After a failed fetch, wait failBackoff before the next attempt, so
	// an unreachable issuer does not make every request wait.
	if stale && !r.failed.IsZero() && now.Sub(r.failed) < failBackoff {
		stale = false
	}
	if stale || unknown {
		if unknown {
			r.lastRefresh, r.refreshed = now, true
		}
		keys, err := r.fetch(ctx)
		if err == nil {
			r.keys, r.fetched, r.failed = keys, now, time.Time{}
		} else {
			r.failed = now
			if r.keys == nil {
				return nil, err
			}
		}
	}
	if r.keys == nil {
		return nil, errJWKSUnavailable
	}
	if k, ok := r.keys[kid]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

var errJWKSUnavailable = errors.New("auth: issuer JWKS not available")

func (r *RemoteJWKS) fetch(ctx context.Context) (StaticKeys, error) {
	r.fetches.Add(1)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("auth: fetch JWKS: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("auth: fetch JWKS: status %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("auth: fetch JWKS: %w", err)
	}
	return ParseJWKS(body)
}
