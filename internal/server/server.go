package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/namsfogd/namsfogd/internal/admin"
	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/rsakeys"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Config is the server's configuration; cmd/namsfogd fills it from flags
// and environment variables.
type Config struct {
	Addr          string // listen address, e.g. ":8080"
	DataDir       string // where the SQLite file and generated secrets live
	DB            string // "" = SQLite in DataDir; or a postgres:// URL
	OperatorToken string // "" = read or generate <DataDir>/operator-token
	PublicURL     string // base URL clients use; "" = derived from Addr
	Seed          uint64 // world seed
	Persons       int    // world size on first start
	Version       string
	Logger        *slog.Logger
	// DSOPRateLimit is requests per second per consumer and bank at the
	// DSOP endpoints; 0 means the default (100), negative switches it off.
	DSOPRateLimit float64
	// AutoNamsmann makes the namsmann assess and decide submitted
	// utleggsbegjæringer by itself after NamsmannDelay; otherwise cases
	// move through the operator API only.
	AutoNamsmann  bool
	NamsmannDelay time.Duration
}

// DefaultPersons is the size of the world seeded on first start.
const DefaultPersons = 10_000

// Server is an assembled namsfogd.
type Server struct {
	cfg      Config
	Store    *sqlstore.DB
	Clock    *world.Clock
	log      *slog.Logger
	handler  http.Handler
	registry *prometheus.Registry
	// OperatorToken guards /admin.
	OperatorToken string
	// Seeded is true when this start built the world.
	Seeded bool
	stop   []func()
}

// DatabaseDSN returns the database the config names.
func (c Config) DatabaseDSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.dataDir(), "namsfogd.db")
}

func (c Config) dataDir() string {
	if c.DataDir == "" {
		return "data"
	}
	return c.DataDir
}

// BaseURL is the externally visible base URL.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return strings.TrimRight(c.PublicURL, "/")
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// OpenStore opens (and migrates) the configured database.
func OpenStore(ctx context.Context, cfg Config) (*sqlstore.DB, error) {
	dsn := cfg.DatabaseDSN()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		where := dsn
		if sqlstore.IsPostgres(dsn) {
			where = "PostgreSQL"
		}
		return nil, fmt.Errorf("database %s: %w", where, err)
	}
	return db, nil
}

// New opens the store, seeds the world when none is loaded, and builds the
// handler. Close releases it.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Persons == 0 {
		cfg.Persons = DefaultPersons
	}
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.DB == "" {
		if err := os.MkdirAll(cfg.dataDir(), 0o755); err != nil {
			return nil, fmt.Errorf("data directory %s: %w", cfg.dataDir(), err)
		}
	}
	db, err := OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, Store: db, Clock: world.NewClock(nil), log: cfg.Logger}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) init(ctx context.Context) error {
	tok, err := operatorToken(s.cfg)
	if err != nil {
		return err
	}
	s.OperatorToken = tok
	if err := s.loadClock(ctx); err != nil {
		return err
	}
	if _, err := s.Store.WorldInfo(ctx); errors.Is(err, store.ErrNotFound) {
		// A first start also makes the token service's keys; generate them
		// on every core while the world is being built.
		rsakeys.Prewarm(16)
		start := time.Now()
		if err := Seed(ctx, s.Store, s.cfg.Seed, s.cfg.Persons); err != nil {
			return fmt.Errorf("seed world: %w", err)
		}
		s.Seeded = true
		s.log.Info("world seeded", "persons", s.cfg.Persons, "seed", s.cfg.Seed, "duration", time.Since(start).Round(time.Millisecond))
	} else if err != nil {
		return err
	}
	return s.build(ctx)
}

// loadClock reads the shared clock setting and keeps following it, so
// that several processes on one database agree on "now".
func (s *Server) loadClock(ctx context.Context) error {
	refresh := func(ctx context.Context) error {
		b, err := s.Store.GetSetting(ctx, admin.SettingClock)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		var cs world.ClockSetting
		if err := json.Unmarshal(b, &cs); err != nil {
			return fmt.Errorf("clock setting: %w", err)
		}
		return s.Clock.Set(cs)
	}
	if err := refresh(ctx); err != nil {
		return err
	}
	cctx, cancel := context.WithCancel(context.Background())
	s.stop = append(s.stop, cancel)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-cctx.Done():
				return
			case <-t.C:
				if err := refresh(cctx); err != nil && cctx.Err() == nil {
					s.log.Warn("clock refresh failed", "err", err)
				}
			}
		}
	}()
	return nil
}

// operatorToken returns the configured token, or the one saved in the data
// directory, or a new one which it saves there (mode 0600).
func operatorToken(cfg Config) (string, error) {
	if cfg.OperatorToken != "" {
		return cfg.OperatorToken, nil
	}
	path := filepath.Join(cfg.dataDir(), "operator-token")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 16 {
		return strings.TrimSpace(string(b)), nil
	}
	var b [24]byte
	rand.Read(b[:])
	tok := "op_" + hex.EncodeToString(b[:])
	if err := os.MkdirAll(cfg.dataDir(), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(tok+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("save operator token: %w", err)
	}
	return tok, nil
}

// requireOperator guards the operator API with the bearer token.
func (s *Server) requireOperator(next http.Handler) http.Handler {
	want := []byte("Bearer " + s.OperatorToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if len(got) > 7 && strings.EqualFold(string(got[:7]), "bearer ") {
			got = append([]byte("Bearer "), got[7:]...)
		}
		if subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="namsfogd-admin"`)
			httpx.WriteJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized", "message": "the operator API needs Authorization: Bearer <operator token> (printed at start)"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Handler is the whole HTTP surface.
func (s *Server) Handler() http.Handler { return s.handler }

// Config returns the effective configuration.
func (s *Server) Config() Config { return s.cfg }

// Serve serves on ln until ctx is cancelled, then shuts down gracefully,
// letting in-flight requests finish (up to 20 s).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	<-errc
	return err
}

// Close stops background work and closes the store.
func (s *Server) Close() error {
	for _, f := range s.stop {
		f()
	}
	return s.Store.Close()
}

func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

func metricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}
