package dsop

import (
	"errors"
	"github.com/prometheus/client_golang/prometheus"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/dsop/dsopstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Config configures the DSOP service. Zero values take the defaults of
// spec: dsop-kontroll.md §12.
type Config struct {
	// Store reads the world and keeps references, pages and audit.
	Store dsopstore.Storage
	// Clock decides "now" and "today" (Europe/Oslo).
	Clock *world.Clock
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// BaseURL is the external base URL clients use, like
	// "http://localhost:8080". A bank's token audience is
	// BaseURL + prefix + "/bank/<orgnr>/v2" (§3.2 check 6).
	BaseURL string
	// Verifier checks access tokens: an *auth.Verifier with Realm "dsop",
	// no Audience, strict claims and RS256 only (§3.2, §12 item 37).
	Verifier TokenVerifier
	// Production refuses plain JSON success responses (§4.4): only JWE.
	// The default is the test profile.
	Production bool
	// PageSize is the number of accounts per page (default 1000, §4.7).
	PageSize int
	// RateLimit is requests per second per (consumer.ID, bank), default
	// 100; RateBurst defaults to 200; a negative RateLimit disables it
	// (§10).
	RateLimit float64
	RateBurst int
	// RefValidity is how long an accountReference or page token stays
	// valid (default 24 h, §12 item 17).
	RefValidity time.Duration
	// Metrics receives dsop_duplicate_correlation_id_total and
	// dsop_requests_per_case (§8); nil keeps them unregistered.
	Metrics prometheus.Registerer
}

// Service serves the kundeforhold overview and every bank's control API.
type Service struct {
	store      dsopstore.Storage
	clock      *world.Clock
	log        *slog.Logger
	baseURL    string
	verifier   TokenVerifier
	production bool
	pageSize   int
	validity   time.Duration
	prefix     string
	limiter    *limiter
	vakt       *vakt

	banks    ttlCache[bankInfo]
	controls ttlCache[BankControls]
	keys     ttlCache[consumerKey]
}

// New returns the service for cfg.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, errors.New("dsop: Config.Store is required")
	}
	if cfg.Verifier == nil {
		return nil, errors.New("dsop: Config.Verifier is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = world.NewClock(nil)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 1000
	}
	if cfg.RefValidity <= 0 {
		cfg.RefValidity = 24 * time.Hour
	}
	s := &Service{
		store: cfg.Store, clock: cfg.Clock, log: cfg.Logger, baseURL: strings.TrimSuffix(cfg.BaseURL, "/"),
		verifier: cfg.Verifier, production: cfg.Production, pageSize: cfg.PageSize, validity: cfg.RefValidity,
		prefix: "/dsop", vakt: nyVakt(cfg.Logger, cfg.Metrics),
	}
	if cfg.RateLimit >= 0 {
		rate, burst := cfg.RateLimit, cfg.RateBurst
		if rate == 0 {
			rate = 100
		}
		if burst <= 0 {
			burst = 200
		}
		s.limiter = newLimiter(rate, burst)
	}
	s.banks.ttl, s.controls.ttl, s.keys.ttl = 5*time.Second, time.Second, 5*time.Second
	return s, nil
}

// Register mounts the public routes under prefix (normally "/dsop"):
// prefix+"/kundeforhold/v2/..." and prefix+"/bank/{orgnr}/v2/...". The
// routes are registered without a method and matched exactly by the
// service itself, so every 404 and 405 carries the API's own JSON body
// and nothing redirects (spec: dsop-kontroll.md §4.1).
func (s *Service) Register(mux *http.ServeMux, prefix string) {
	s.prefix = strings.TrimSuffix(prefix, "/")
	mux.HandleFunc(s.prefix+"/bank/", s.serveBank)
	mux.HandleFunc(s.prefix+"/kundeforhold/", s.serveKundeforhold)
}

// BankBaseURL is the absolute base URL of a bank's control API, which is
// also the audience its tokens must carry.
func (s *Service) BankBaseURL(orgnr string) string {
	return s.baseURL + s.prefix + "/bank/" + orgnr + "/v2"
}

// ttlCache is a small map whose entries expire; it keeps hot lookups
// (bank exists, bank controls, consumer keys) off the database.
type ttlCache[V any] struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[string]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v  V
	at time.Time
}

func (c *ttlCache[V]) get(key string, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.Sub(e.at) > c.ttl || now.Before(e.at) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (c *ttlCache[V]) put(key string, v V, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]ttlEntry[V]{}
	}
	c.m[key] = ttlEntry[V]{v, now}
}

func (c *ttlCache[V]) drop(key string) {
	c.mu.Lock()
	delete(c.m, key)
	c.mu.Unlock()
}

// limiter is a token bucket per key on the service clock (spec:
// dsop-kontroll.md §10: 100 requests/s, burst 200).
type limiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), buckets: map[string]*bucket{}}
}

// allow takes one token; when none is left it says how many whole
// seconds to wait.
func (l *limiter) allow(key string, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.at).Seconds(); el > 0 {
		b.tokens = min(l.burst, b.tokens+el*l.rate)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := int((1-b.tokens)/l.rate) + 1
	return false, wait
}
