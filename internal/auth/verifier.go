package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth/jws"
	"github.com/namsfogd/namsfogd/internal/world"
)

// DefaultSkew is the clock skew allowed on exp, iat and nbf (spec:
// maskinporten.md §7 item 6, §12 item 14). Skatteetaten's APIs use 60 s.
const DefaultSkew = 30 * time.Second

// TrustedIssuer is one accepted issuer and where its keys come from.
type TrustedIssuer struct {
	// Issuer is compared with iss exactly, trailing slash included.
	Issuer string
	Keys   KeySource
}

// VerifierConfig configures a Verifier. Settings marked "per API" are the
// overrides of maskinporten.md §7's table; each API digest decides them.
type VerifierConfig struct {
	// Issuer and Keys name the accepted issuer (namsfogd's own, usually).
	Issuer string
	Keys   KeySource
	// MoreIssuers are further accepted issuers, each with its own keys
	// (per API: Skatteetaten's allow-list).
	MoreIssuers []TrustedIssuer
	// Clock gives "now"; nil means a real-time clock.
	Clock *world.Clock
	// Skew is the allowed clock skew; 0 means DefaultSkew (per API).
	Skew time.Duration
	// Audience, when set, must be in aud (one trailing slash ignored);
	// when empty aud is not checked at all (per API, §7 item 9).
	Audience string
	// Algorithms allowed in the header; empty means RS256 only (per API).
	Algorithms []string
	// Realm names the API in WWW-Authenticate challenges.
	Realm string
	// MinimalClaims requires only iss, exp, iat and a string scope: the
	// Skatteetaten profile, where client_id, client_amr, jti and
	// token_type are not checked and a consumer that is not "0192:" plus
	// 9 digits leaves EffectiveOrg empty (the API answers 403) instead of
	// failing with 401 (per API).
	MinimalClaims bool
	// RequirePID refuses tokens without pid with a 403 (pid-restricted
	// APIs, §7 item 12).
	RequirePID bool
	// CacheSize bounds the verified-token cache; 0 means 100 000, a
	// negative value disables the cache.
	CacheSize int
}

// Verifier checks Maskinporten access tokens. It is safe for concurrent
// use.
type Verifier struct {
	cfg     VerifierConfig
	issuers map[string]KeySource
	algs    []string
	clock   *world.Clock
	cache   *tokenCache
}

// NewVerifier returns a verifier for cfg.
func NewVerifier(cfg VerifierConfig) *Verifier {
	v := &Verifier{cfg: cfg, issuers: map[string]KeySource{}, algs: cfg.Algorithms, clock: cfg.Clock}
	if cfg.Issuer != "" {
		v.issuers[cfg.Issuer] = cfg.Keys
	}
	for _, t := range cfg.MoreIssuers {
		v.issuers[t.Issuer] = t.Keys
	}
	if len(v.algs) == 0 {
		v.algs = []string{"RS256"}
	}
	if v.cfg.Skew == 0 {
		v.cfg.Skew = DefaultSkew
	}
	if v.cfg.Realm == "" {
		v.cfg.Realm = "namsfogd"
	}
	if v.clock == nil {
		v.clock = world.NewClock(nil)
	}
	if cfg.CacheSize >= 0 {
		n := cfg.CacheSize
		if n == 0 {
			n = 100_000
		}
		v.cache = newTokenCache(n)
	}
	return v
}

// Realm returns the realm of the verifier's challenges.
func (v *Verifier) Realm() string { return v.cfg.Realm }

// Verify checks a bearer token (the part after "Bearer ") and returns the
// caller. Every failure of the token itself is a 401; a configured pid
// requirement that fails is a 403. Scope is not checked here (see
// Authenticate and Check).
func (v *Verifier) Verify(ctx context.Context, token string) (Caller, error) {
	c, e := v.verify(ctx, token)
	if e != nil {
		return Caller{}, e
	}
	return c, nil
}

func (v *Verifier) verify(ctx context.Context, token string) (Caller, *Error) {
	now := v.clock.Now()
	var key [32]byte
	if v.cache != nil {
		key = sha256.Sum256([]byte(token))
		if c, ok := v.cache.get(key, now); ok {
			return c, v.checkPID(c)
		}
	}
	c, notBefore, e := v.verifyCold(ctx, token, now)
	if e != nil {
		return Caller{}, e
	}
	if v.cache != nil {
		// spec: maskinporten.md §7 item 15 — cached until exp, never past.
		v.cache.put(key, c, notBefore, now)
	}
	return c, v.checkPID(c)
}

func (v *Verifier) checkPID(c Caller) *Error {
	if v.cfg.RequirePID && c.PID == "" {
		// spec: maskinporten.md §7 item 12 — 403 without a challenge.
		return Forbidden(v.cfg.Realm, "token is not bound to a person (pid)")
	}
	return nil
}

// verifyCold runs the 401 checks of §7 items 2–10 in order.
func (v *Verifier) verifyCold(ctx context.Context, token string, now time.Time) (Caller, time.Time, *Error) {
	realm := v.cfg.Realm
	t, err := jws.Parse(token)
	if err != nil {
		return Caller{}, time.Time{}, unauthorized(realm, "malformed token")
	}
	// §7 item 2: the algorithm is checked before any key lookup.
	if err := t.CheckAlg(v.algs...); err != nil {
		return Caller{}, time.Time{}, unauthorized(realm, "signing algorithm not accepted")
	}
	cl, err := decodeClaims(t.Payload)
	if err != nil {
		return Caller{}, time.Time{}, unauthorized(realm, "malformed token claims")
	}
	iss, _ := cl["iss"].(string)
	keys, trusted := v.issuers[iss]
	if !trusted && len(v.issuers) == 1 {
		// One issuer: verify the signature with its keys first, so the
		// answer follows §7's order (signature before issuer).
		for _, k := range v.issuers {
			keys = k
		}
	}
	// §7 item 3: kid present and known.
	if t.Header.Kid == "" {
		return Caller{}, time.Time{}, unauthorized(realm, "token has no key identifier (kid)")
	}
	if keys == nil {
		return Caller{}, time.Time{}, unauthorized(realm, "token issuer not accepted")
	}
	pub, err := keys.PublicKey(ctx, t.Header.Kid)
	if err != nil {
		if errors.Is(err, ErrUnknownKey) {
			return Caller{}, time.Time{}, unauthorized(realm, "unknown key identifier (kid)")
		}
		return Caller{}, time.Time{}, unauthorized(realm, "issuer keys unavailable")
	}
	// §7 item 4: signature, never with a key carried in the token.
	if err := t.Verify(pub); err != nil {
		return Caller{}, time.Time{}, unauthorized(realm, "invalid token signature")
	}
	// §7 item 5: issuer, exactly.
	if !trusted {
		return Caller{}, time.Time{}, unauthorized(realm, "token issuer not accepted")
	}
	c, notBefore, reason := v.checkClaims(cl, now)
	if reason != "" {
		return Caller{}, time.Time{}, unauthorized(realm, reason)
	}
	c.Issuer = iss
	return c, notBefore, nil
}

// Authenticate reads "Authorization: Bearer <token>" (scheme
// case-insensitive), verifies the token and, when requiredScopes are
// given, requires one of them as a whole scope element (spec:
// maskinporten.md §7 items 1 and 11).
func (v *Verifier) Authenticate(r *http.Request, requiredScopes ...string) (Caller, *Error) {
	token, e := v.bearer(r)
	if e != nil {
		return Caller{}, e
	}
	c, e := v.verify(r.Context(), token)
	if e != nil {
		return Caller{}, e
	}
	if e := v.Check(c, requiredScopes...); e != nil {
		return Caller{}, e
	}
	return c, nil
}

// Check requires one of scopes on a verified caller (none: always fine).
// APIs that order their 403 checks differently (DSOP: profile, then
// scope) call it themselves after Authenticate with no scopes.
func (v *Verifier) Check(c Caller, scopes ...string) *Error {
	if c.HasAnyScope(scopes...) {
		return nil
	}
	return InsufficientScope(v.cfg.Realm, strings.Join(scopes, " "))
}

// bearer extracts the token: exactly one Authorization header whose scheme
// is "Bearer" in any case (spec: maskinporten.md §7 item 1). A missing
// header is a 401 without an error code (RFC 6750 §3.1).
func (v *Verifier) bearer(r *http.Request) (string, *Error) {
	hs := r.Header.Values("Authorization")
	if len(hs) == 0 {
		return "", &Error{Status: http.StatusUnauthorized, Reason: "no bearer token", Realm: v.cfg.Realm}
	}
	if len(hs) > 1 {
		return "", unauthorized(v.cfg.Realm, "more than one Authorization header")
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(hs[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", &Error{Status: http.StatusUnauthorized, Reason: "no bearer token", Realm: v.cfg.Realm}
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return "", unauthorized(v.cfg.Realm, "empty bearer token")
	}
	return token, nil
}
