package maskinporten

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Storage is what the token service stores; *sqlstore.DB implements it.
type Storage = registry.Storage

// OrgDirectory reads and adds organisations of the world; *sqlstore.DB
// implements it.
type OrgDirectory interface {
	GetOrganisation(ctx context.Context, orgnr string) (world.Organisation, error)
	CreateOrganisation(ctx context.Context, o world.Organisation) error
}

// OrgLister lists organisations by role. SeedDefaults uses it when the
// OrgDirectory also implements it (as *sqlstore.DB does).
type OrgLister interface {
	ListOrganisations(ctx context.Context, role, after string, limit int) ([]world.Organisation, error)
}

// Config configures the service.
type Config struct {
	Store  Storage
	Orgs   OrgDirectory
	Clock  *world.Clock
	Logger *slog.Logger
	// Issuer is this server's issuer identifier, e.g.
	// "http://localhost:8080/maskinporten/". A missing trailing slash is
	// added (spec: maskinporten.md §1.3). It is also the expected aud of
	// grants (§2.4 step 5) and the base of error_uri.
	Issuer string
	// GrantWindow is the allowed distance of a grant's iat from now; 0
	// means 10 s (spec: maskinporten.md §2.3, §12 item 4; widen for slow
	// CI).
	GrantWindow time.Duration
	// KeyBits is the size of new signing keys; 0 means 2048 (§1.4).
	KeyBits int
	// SeedKeyBits is the size of keys generated for seeded clients; 0
	// means 2048.
	SeedKeyBits int
	// WallClock is the machine's time, used only to accept grants that
	// real clients sign while the operator has moved the world clock; nil
	// means time.Now.
	WallClock func() time.Time
}

// Limits of the token service.
const (
	// MaxGrantLifetime is the largest exp − iat of a grant (§2.3).
	MaxGrantLifetime = 120 * time.Second
	// MaxTokenLifetime caps any client's access_token_lifetime; retired
	// signing keys stay published this long (plus skew) after rotation.
	MaxTokenLifetime = time.Hour
	// DefaultGrantWindow is the documented iat window (§2.3).
	DefaultGrantWindow = 10 * time.Second
	// replayMargin keeps a used jti beyond the grant's exp (§12 item 4).
	replayMargin = 10 * time.Second
	// publishMargin is the skew added to MaxTokenLifetime when deciding
	// how long a retired key stays in the JWKS.
	publishMargin = 5 * time.Minute
)

// Service is the Maskinporten-compatible token service.
type Service struct {
	store    Storage
	orgs     OrgDirectory
	clock    *world.Clock
	log      *slog.Logger
	issuer   string
	window   time.Duration
	bits     int
	seedBits int
	wall     func() time.Time

	keys   *keyring
	ca     *testCA
	replay *replayBatcher

	issued    atomic.Int64
	purgeMu   sync.Mutex
	nextPurge time.Time
}

// New checks cfg and loads the signing keys and the test CA from the
// store, creating them on first start (they survive restarts).
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Clock == nil {
		return nil, errors.New("maskinporten: Store and Clock are required")
	}
	if cfg.Issuer == "" {
		return nil, errors.New("maskinporten: Issuer is required")
	}
	if !strings.HasSuffix(cfg.Issuer, "/") {
		cfg.Issuer += "/"
	}
	s := &Service{
		store: cfg.Store, orgs: cfg.Orgs, clock: cfg.Clock, log: cfg.Logger, issuer: cfg.Issuer,
		window: cfg.GrantWindow, bits: cfg.KeyBits, seedBits: cfg.SeedKeyBits, wall: cfg.WallClock,
	}
	if s.wall == nil {
		s.wall = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.window <= 0 {
		s.window = DefaultGrantWindow
	}
	if s.bits == 0 {
		s.bits = 2048
	}
	if s.seedBits == 0 {
		s.seedBits = 2048
	}
	if s.bits < 2048 || s.bits > 4096 {
		return nil, errors.New("maskinporten: KeyBits must be between 2048 and 4096")
	}
	s.replay = &replayBatcher{store: s.store, clock: s.clock}
	ctx := context.Background()
	s.keys = newKeyring(s.store, s.clock, s.bits)
	if err := s.keys.init(ctx); err != nil {
		return nil, err
	}
	ca, err := loadTestCA(ctx, s.store, s.clock)
	if err != nil {
		return nil, err
	}
	s.ca = ca
	return s, nil
}

// Issuer returns the issuer identifier (with its trailing slash).
func (s *Service) Issuer() string { return s.issuer }

// TokenEndpoint returns the token endpoint URL (§1.3: <issuer>token).
func (s *Service) TokenEndpoint() string { return s.issuer + "token" }

// JWKSURI returns the JWKS URL (§1.3: <issuer>jwk).
func (s *Service) JWKSURI() string { return s.issuer + "jwk" }

// Issued returns how many access tokens this process issued.
func (s *Service) Issued() int64 { return s.issued.Load() }
