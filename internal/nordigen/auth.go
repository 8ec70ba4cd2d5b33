package nordigen

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
)

type ctxKey struct{}

// clientOf returns the authenticated client of a request.
func clientOf(ctx context.Context) Client {
	c, _ := ctx.Value(ctxKey{}).(Client)
	return c
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// token is E1 POST /oauth/token (spec §2.1): JSON or form-encoded client
// credentials.
func (s *Service) token(w http.ResponseWriter, r *http.Request) error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && mt != "application/x-www-form-urlencoded") {
		return fail("UNSUPPORTED_MEDIA_TYPE", "Send the token request as application/json or application/x-www-form-urlencoded.")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fail("UNSUPPORTED_MEDIA_TYPE", "The charset must be utf-8.")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return fail("MALFORMED_REQUEST_BODY", "The request body could not be read.")
	}
	f := map[string]string{}
	if mt == "application/json" {
		var raw map[string]any
		if err := json.Unmarshal(body, &raw); err != nil {
			return fail("MALFORMED_REQUEST_BODY", "The body is not a JSON object.")
		}
		for k, v := range raw {
			str, ok := v.(string)
			if !ok {
				return fail("INVALID_PARAMS", k+" must be a string.", k)
			}
			f[k] = str
		}
	} else {
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return fail("MALFORMED_REQUEST_BODY", "The form body cannot be parsed.")
		}
		for k := range vals {
			f[k] = vals.Get(k)
		}
	}
	var missing *apiError
	for _, k := range []string{"grant_type", "client_id", "client_secret", "audience"} {
		if f[k] == "" {
			if missing == nil {
				missing = fail("API_REQUIRED_PARAMS_MISSING", k+" is required.", k)
			} else {
				missing.and("API_REQUIRED_PARAMS_MISSING", k+" is required.", k)
			}
		}
	}
	if missing != nil {
		return missing
	}
	if f["grant_type"] != "client_credentials" {
		return fail("UNSUPPORTED_GRANT_TYPE", "grant_type must be client_credentials.", "grant_type")
	}
	if f["audience"] != s.cfg.Audience {
		return fail("INVALID_AUDIENCE", "The audience is not this service's audience.", "audience")
	}
	c, ok := s.clients[f["client_id"]]
	if !ok || c.Disabled || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(f["client_secret"])) != 1 {
		return fail("INVALID_CLIENT", "Unknown client or wrong secret.")
	}
	if ri, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
		ri.client = c.ID
	}
	var b [32]byte
	rand.Read(b[:])
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	if err := s.st.NordigenPutToken(r.Context(), hashToken(tok), c.ID, s.clock.Now().Add(s.cfg.TokenTTL)); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, 200, map[string]any{
		"access_token": tok, "token_type": "Bearer", "expires_in": int(s.cfg.TokenTTL / time.Second),
		"audience": s.cfg.Audience, "client_id": c.ID, "grant_type": "client_credentials",
	})
	return nil
}

// cachedClientToken is a known token's client and expiry.
type cachedClientToken struct {
	client  string
	expires time.Time
}

// lookupToken finds a token's client and expiry. A token never changes
// once issued, so known tokens are cached in memory (a poll then costs
// one query, not two); unknown ones are always looked up, because another
// process may have issued them. The cache is bounded.
func (s *Service) lookupToken(ctx context.Context, hash string) (string, time.Time, error) {
	if v, ok := s.tokens.Load(hash); ok {
		c := v.(cachedClientToken)
		return c.client, c.expires, nil
	}
	client, exp, err := s.st.NordigenToken(ctx, hash)
	if err == nil {
		if s.tokenCount.Add(1) > 100_000 {
			s.tokens.Clear()
			s.tokenCount.Store(0)
		}
		s.tokens.Store(hash, cachedClientToken{client, exp})
	}
	return client, exp, err
}

// auth checks the bearer token before anything reads the body (spec
// §2.2), then the rate limit.
func (s *Service) auth(next handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		invalid := func(detail string) error {
			return fail("INVALID_TOKEN", detail).with("WWW-Authenticate", `Bearer realm="statement-analysis", error="invalid_token"`)
		}
		h := r.Header.Get("Authorization")
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "bearer") || strings.TrimSpace(tok) == "" {
			return invalid("A bearer token from /oauth/token is required.")
		}
		clientID, exp, err := s.lookupToken(r.Context(), hashToken(strings.TrimSpace(tok)))
		if errors.Is(err, store.ErrNotFound) {
			return invalid("The token is unknown.")
		}
		if err != nil {
			return err
		}
		if !s.clock.Now().Before(exp) {
			return invalid("The token has expired.")
		}
		c, ok := s.clients[clientID]
		if !ok || c.Disabled {
			return fail("FORBIDDEN", "The client is disabled.")
		}
		if ri, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
			ri.client = c.ID
		}
		if s.cfg.RateLimitPerMinute > 0 {
			var (
				wait int
				ok   bool
			)
			if s.cfg.SharedRateLimit {
				var err error
				if wait, ok, err = s.st.NordigenTakeToken(r.Context(), c.ID, float64(s.cfg.RateLimitPerMinute), s.clock.Now()); err != nil {
					return err
				}
			} else {
				wait, ok = s.limiter.take(c.ID, s.clock.Now())
			}
			if !ok {
				return fail("RATE_LIMIT", "Too many requests; retry later.").with("Retry-After", strconv.Itoa(wait))
			}
		}
		return next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c)))
	}
}

// rateLimiter is a per-client token bucket of n requests per minute
// (SA_RATE_LIMIT_PER_MINUTE) in this process; Config.SharedRateLimit
// keeps the buckets in the database instead.
type rateLimiter struct {
	mu      sync.Mutex
	perMin  float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(n int) *rateLimiter {
	return &rateLimiter{perMin: float64(n), buckets: map[string]*bucket{}}
}

func (l *rateLimiter) take(client string, now time.Time) (int, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[client]
	if b == nil {
		b = &bucket{tokens: l.perMin, last: now}
		l.buckets[client] = b
	}
	b.tokens = min(l.perMin, b.tokens+now.Sub(b.last).Minutes()*l.perMin)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	wait := int((1-b.tokens)/l.perMin*60) + 1
	return wait, false
}
