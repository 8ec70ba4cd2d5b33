package nordigen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/nordigen/record"
	"github.com/namsfogd/namsfogd/internal/scoring"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Store is the storage the API needs; *sqlstore.DB implements it.
type Store interface {
	NordigenPutToken(ctx context.Context, hash, clientID string, expires time.Time) error
	NordigenToken(ctx context.Context, hash string) (string, time.Time, error)
	NordigenCreateRecord(ctx context.Context, r record.Record, audit ...store.AuditRecord) error
	NordigenRecord(ctx context.Context, id string) (record.Record, error)
	NordigenStatement(ctx context.Context, id string) ([]byte, error)
	NordigenQueue(ctx context.Context, id string, request []byte, now time.Time, job store.Job) error
	ActiveJobs(ctx context.Context, kind string) (int, error)
	NordigenTakeToken(ctx context.Context, clientID string, perMin float64, now time.Time) (wait int, ok bool, err error)
	NordigenSetStatus(ctx context.Context, id, from, to string) error
	NordigenFinish(ctx context.Context, id, status string, result, webhook []byte, now time.Time, job *store.Job) error
	NordigenSetWebhookState(ctx context.Context, id string, state []byte) error
	NordigenExpire(ctx context.Context, cutoff, purgeBefore time.Time) (int64, error)
	NordigenPutWebhookSettings(ctx context.Context, clientID string, settings []byte) error
	NordigenWebhookSettings(ctx context.Context, clientID string) ([]byte, error)
	NordigenDeleteWebhookSettings(ctx context.Context, clientID string) error
	ClaimJob(ctx context.Context, kinds []string, now time.Time, lease time.Duration) (store.Job, error)
	CompleteJob(ctx context.Context, id int64) error
	RetryJob(ctx context.Context, id int64, runAt time.Time, lastErr string) error
	FailJob(ctx context.Context, id int64, lastErr string) error
	// WorldReader serves the world export and the audit log.
	WorldReader
}

// Client is an API client (spec §2.3).
type Client struct {
	ID         string   `json:"client_id"`
	Secret     string   `json:"client_secret"`
	Operations []string `json:"operations"` // nil = all three
	Models     []string `json:"models"`     // nil = both built-in models
	Disabled   bool     `json:"disabled"`
}

// Config configures the service (spec §10). Zero values take the spec's
// defaults.
type Config struct {
	Store  Store
	Clock  *world.Clock
	Logger *slog.Logger
	// BaseURL is the public base URL (SA_PUBLIC_BASE_URL), e.g.
	// "http://localhost:8080"; links are BaseURL + prefix + path. Empty =
	// derived from the request.
	BaseURL string
	// Clients are the API clients; empty = demo-client / demo-secret with
	// everything (SA_DEV_MODE).
	Clients            []Client
	Audience           string        // SA_TOKEN_AUDIENCE, default https://nordigen/api
	TokenTTL           time.Duration // SA_TOKEN_TTL_SECONDS, default 24h
	MaxUploadBytes     int64         // default 10 MiB
	MaxFiles           int           // default 20
	MaxTransactions    int           // default 100 000
	Workers            int           // default number of CPUs
	QueueSize          int           // records queued or processing at most, default 1000; more → 503
	ProcessingDelay    time.Duration // SA_PROCESSING_DELAY_MS test hook
	ProcessingTimeout  time.Duration // default 120 s
	Retention          time.Duration // default 720 h
	RateLimitPerMinute int           // 0 = off
	// SharedRateLimit keeps the rate limit's buckets in the database, so
	// that several processes on one PostgreSQL enforce one limit per
	// client; otherwise each process counts for itself.
	SharedRateLimit bool
	// PollInterval is how often idle workers look for jobs (default 100 ms).
	PollInterval time.Duration
	// ShutdownGrace is how long a running record may go on finishing
	// after Run's context is done (default 10 s; spec §11).
	ShutdownGrace time.Duration
	Webhook       WebhookConfig
}

// Job kinds in the shared job table.
const (
	jobProcess = "nordigen.process"
	jobWebhook = "nordigen.webhook"
)

// handoffMaxAge is how long an upload's statements stay in memory
// waiting for the PUT that starts its analysis (clients usually send it
// at once); later, the worker reads the stored copy.
const handoffMaxAge = 2 * time.Minute

// Service is the statement analysis API.
type Service struct {
	cfg     Config
	st      Store
	clock   *world.Clock
	log     *slog.Logger
	cat     *categorise.Categoriser
	clients map[string]Client
	prefix  string
	limiter *rateLimiter
	// wakeProcess and wakeHook wake idle workers of each job kind.
	wakeProcess, wakeHook chan struct{}
	oauth                 sync.Map // client id → cached receiver token
	tokens                sync.Map // token hash → cachedClientToken
	tokenCount            atomic.Int64
	// closing is set once Run's context is done (graceful shutdown).
	closing atomic.Bool
	// handoff passes uploads to this process's workers in memory;
	// running tells whether it has workers (Run).
	handoff *handoff
	running atomic.Bool
}

// New builds the service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Clock == nil {
		return nil, errors.New("nordigen: Store and Clock are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Audience == "" {
		cfg.Audience = "https://nordigen/api"
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = 24 * time.Hour
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 10 << 20
	}
	if cfg.MaxFiles <= 0 {
		cfg.MaxFiles = 20
	}
	if cfg.MaxTransactions <= 0 {
		cfg.MaxTransactions = 100_000
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1000
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.ProcessingTimeout <= 0 {
		cfg.ProcessingTimeout = 120 * time.Second
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 720 * time.Hour
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 100 * time.Millisecond
	}
	cfg.Webhook.defaults()
	if len(cfg.Clients) == 0 {
		cfg.Clients = []Client{{ID: "demo-client", Secret: "demo-secret"}}
	}
	cat, err := categorise.Default()
	if err != nil {
		return nil, fmt.Errorf("nordigen: categoriser: %w", err)
	}
	s := &Service{cfg: cfg, st: cfg.Store, clock: cfg.Clock, log: cfg.Logger, cat: cat,
		clients: map[string]Client{}, wakeProcess: make(chan struct{}, 1), wakeHook: make(chan struct{}, 1),
		handoff: newHandoff(2*cfg.MaxTransactions, handoffMaxAge)}
	for _, c := range cfg.Clients {
		if c.ID == "" || c.Secret == "" {
			return nil, errors.New("nordigen: every client needs client_id and client_secret")
		}
		if c.Operations == nil {
			c.Operations = []string{opCategorisation, opCreditScoring, opCreditScores}
		}
		if c.Models == nil {
			for _, m := range scoring.Models {
				c.Models = append(c.Models, m.Name)
			}
		}
		for _, m := range c.Models {
			if _, ok := scoring.ModelByName(m); !ok {
				return nil, fmt.Errorf("nordigen: client %s: unknown model %q", c.ID, m)
			}
		}
		s.clients[c.ID] = c
	}
	if cfg.RateLimitPerMinute > 0 {
		s.limiter = newRateLimiter(cfg.RateLimitPerMinute)
	}
	return s, nil
}

type handler func(w http.ResponseWriter, r *http.Request) error

// reqInfo collects what the request log line reports beyond the route:
// the authenticated client and the record concerned (spec §11).
type reqInfo struct{ client, requestID string }

type infoKey struct{}

// noteRequestID records the record a request concerns, for the log line.
func noteRequestID(ctx context.Context, id string) {
	if ri, ok := ctx.Value(infoKey{}).(*reqInfo); ok {
		ri.requestID = id
	}
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// route wraps a handler: panics become 500 UNKNOWN_ERROR, returned errors
// are rendered by the one writer, and one log line per request names the
// method, route pattern, status, duration, client_id and request-id
// (spec §11) — never a body, secret or token.
func (s *Service) route(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, ri))
		sw := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.writeError(sw, r, fmt.Errorf("panic: %v", p))
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "nordigen request",
				slog.String("method", r.Method), slog.String("route", r.Pattern), slog.Int("status", sw.status),
				slog.Duration("duration", time.Since(start)), slog.String("client_id", ri.client),
				slog.String("request_id", ri.requestID), slog.String("correlation_id", httpx.CorrelationID(r.Context())))
		}()
		if err := h(sw, r); err != nil {
			s.writeError(sw, r, err)
		}
	}
}

// Register mounts the public API under prefix (e.g. "/nordigen").
func (s *Service) Register(mux *http.ServeMux, prefix string) {
	prefix = strings.TrimRight(prefix, "/")
	s.prefix = prefix
	routes := []struct {
		path    string
		methods map[string]handler
	}{
		{"/oauth/token", map[string]handler{"POST": s.token}},
		{"/v2/report", map[string]handler{"POST": s.auth(s.upload)}},
		{"/v2/report/process/{id}", map[string]handler{"PUT": s.auth(s.process)}},
		{"/v2/report/{id}", map[string]handler{"GET": s.auth(s.result)}},
		{"/v2/available-models", map[string]handler{"GET": s.auth(s.models)}},
		{"/v2/category-tree/{country}", map[string]handler{"GET": s.auth(s.categoryTree)}},
		{"/v2/webhook-settings", map[string]handler{"POST": s.auth(s.saveWebhook), "GET": s.auth(s.getWebhook), "DELETE": s.auth(s.deleteWebhook)}},
		{"/healthz", map[string]handler{"GET": s.health}},
	}
	for _, rt := range routes {
		var allow []string
		for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
			if h, ok := rt.methods[m]; ok {
				mux.HandleFunc(m+" "+prefix+rt.path, s.route(h))
				allow = append(allow, m)
			}
		}
		if contains(allow, "GET") {
			allow = append(allow, "HEAD")
		}
		allowed := strings.Join(allow, ", ")
		mux.HandleFunc(prefix+rt.path, s.route(func(w http.ResponseWriter, r *http.Request) error {
			return fail("METHOD_NOT_ALLOWED", fmt.Sprintf("%s is not allowed here; use %s.", r.Method, allowed)).with("Allow", allowed)
		}))
	}
	mux.HandleFunc(prefix+"/", s.route(func(w http.ResponseWriter, r *http.Request) error {
		return fail("NOT_FOUND", "No such endpoint: "+r.URL.Path)
	}))
}

func (s *Service) health(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, 200, map[string]string{"status": "ok"})
	return nil
}

// baseURL is the absolute base for links (spec §1.1).
func (s *Service) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/") + s.prefix
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" {
		host = h
	}
	return scheme + "://" + host + s.prefix
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
