package trekkpaalegg

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Scope is the Maskinporten scope of the API (spec: trekkpaalegg.md §4).
const Scope = "skatteetaten:trekkpaalegg"

// ResourceID is the Altinn resource a system user needs (spec: §4).
const ResourceID = "ske-informasjon-om-trekkpaalegg"

// Defaults of Betalingsinformasjon (spec: §6.3, §12; never validated).
const (
	DefaultBetalingsmottaker = "971648199"
	DefaultKontonummer       = "70213997155"
)

// Store is the storage the service needs: its own records and the
// employments of the world (to size orders against salaries).
type Store interface {
	trekkstore.Storage
	EmploymentsByPerson(ctx context.Context, nin string) ([]world.Employment, error)
}

// Verifier authenticates a request's Maskinporten access token; an
// *auth.Verifier satisfies it. A nil *auth.Error means the token is valid
// and carries every scope.
type Verifier interface {
	Authenticate(r *http.Request, scopes ...string) (auth.Caller, *auth.Error)
}

// Config holds the service's dependencies.
type Config struct {
	// Store keeps orders; *sqlstore.DB implements it.
	Store Store
	// Clock is the one source of "now" and "today".
	Clock *world.Clock
	// Logger receives internal errors (nil: discard).
	Logger *slog.Logger
	// BaseURL is the server's public URL (e.g. "http://localhost:8080").
	BaseURL string
	// Verifier checks access tokens of the public API (required).
	Verifier Verifier
	// SystemUserAllowed, when set, is asked for every system-user token
	// whether its system user is approved for ResourceID by the customer
	// (the PDP question of maskinporten.md §6.3); false → 403 KB-005.
	SystemUserAllowed func(ctx context.Context, c auth.Caller) (bool, error)
	// AllowedOrgs, when not empty, is the allow-list of organisations that
	// may call the API (spec: §4); others get 403 KB-005.
	AllowedOrgs []string
	// Betalingsmottaker and Kontonummer go into every order the server
	// creates (defaults DefaultBetalingsmottaker, DefaultKontonummer).
	Betalingsmottaker string
	Kontonummer       string
	// AutoCloseEvery is how often Run looks for orders to close (default
	// one minute; the job is idempotent, so several processes may run it).
	AutoCloseEvery time.Duration
	// AuditReads records every disclosure of orders in the audit log
	// (default true through New unless DisableReadAudit).
	DisableReadAudit bool
}

// Service is the trekkpålegg API and the domain operations behind it.
type Service struct {
	cfg     Config
	log     *slog.Logger
	allowed map[string]bool

	mu  sync.Mutex
	rnd *rand.Rand
}

// New checks cfg and returns the service.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("trekkpaalegg: Config.Store is required")
	case cfg.Clock == nil:
		return nil, errors.New("trekkpaalegg: Config.Clock is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Betalingsmottaker == "" {
		cfg.Betalingsmottaker = DefaultBetalingsmottaker
	}
	if cfg.Kontonummer == "" {
		cfg.Kontonummer = DefaultKontonummer
	}
	if cfg.AutoCloseEvery <= 0 {
		cfg.AutoCloseEvery = time.Minute
	}
	var seed [16]byte
	crand.Read(seed[:])
	s := &Service{cfg: cfg, log: cfg.Logger,
		rnd: rand.New(rand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:])))}
	if len(cfg.AllowedOrgs) > 0 {
		s.allowed = map[string]bool{}
		for _, o := range cfg.AllowedOrgs {
			s.allowed[o] = true
		}
	}
	return s, nil
}

// Run closes ended orders (spec: §12 auto-close) every AutoCloseEvery
// until ctx is done: an aktiv order whose last period ended before today
// (Europe/Oslo, from the clock) gets a new version with trekkstatus
// avsluttet shortly after midnight.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(s.cfg.AutoCloseEvery)
	defer t.Stop()
	for {
		if n, err := s.AutoClose(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "trekkpaalegg: auto-close failed", "err", err)
		} else if n > 0 {
			s.log.InfoContext(ctx, "trekkpaalegg: orders closed", "count", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
