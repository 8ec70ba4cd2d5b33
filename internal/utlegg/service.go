package utlegg

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Scope is the Maskinporten scope of the API (spec: utleggsbegjaering.md §4).
const Scope = "skatteetaten:utleggsbegjaering"

// Saksstatus values, exact spelling (spec: §6.9, §10).
const (
	SakOpprettet       = "sakOpprettet"
	SakUnderBehandling = "sakUnderBehandling"
	SakNektetFremmet   = "sakNektetFremmet"
	SakForelagt        = "sakForelagt"
	SakBesluttet       = "sakBesluttet"
	SakAvsluttet       = "sakAvsluttet"
	SakHevet           = "sakHevet"
)

// Beslutningstype values (spec: §6.9).
const (
	Utleggstrekk   = "utleggstrekk"
	Utleggspant    = "utleggspant"
	IntetTilUtlegg = "intetTilUtlegg"
)

// endringTillatt reports whether a PUT is allowed in status s (spec: §10.2).
func endringTillatt(s string) bool {
	return s == SakOpprettet || s == SakUnderBehandling || s == SakForelagt
}

// Store is the storage the service needs: its own records and the world
// the namsmann looks the debtor up in. *sqlstore.DB implements it.
type Store interface {
	utleggstore.Storage
	GetPerson(ctx context.Context, nin string) (world.Person, error)
	GetOrganisation(ctx context.Context, orgnr string) (world.Organisation, error)
	EmploymentsByPerson(ctx context.Context, nin string) ([]world.Employment, error)
	AccountsByOwner(ctx context.Context, ownerID string) ([]world.Account, error)
	ClaimJob(ctx context.Context, kinds []string, now time.Time, lease time.Duration) (store.Job, error)
	CompleteJob(ctx context.Context, id int64) error
	RetryJob(ctx context.Context, id int64, runAt time.Time, lastErr string) error
	FailJob(ctx context.Context, id int64, lastErr string) error
}

// Verifier authenticates a request's Maskinporten access token; an
// *auth.Verifier satisfies it.
type Verifier interface {
	Authenticate(r *http.Request, scopes ...string) (auth.Caller, *auth.Error)
}

// TrekkDecision is a decision of utleggstrekk: the namsmann orders the
// debtor's employer to withhold from salary (spec: §10.1; the lead wires
// it to the trekkpålegg domain function).
type TrekkDecision struct {
	// Saksnummer is the namsmann's case number (UTLBGJ/<year>/<n>); the
	// receiver may use it to ignore a repeated call.
	Saksnummer           string
	EksternSaksreferanse string
	// SkyldnerNIN is the debtor's fødselsnummer/d-nummer.
	SkyldnerNIN string
	// ArbeidsgiverOrgnr is the employer that must withhold.
	ArbeidsgiverOrgnr string
	// Kreditor is the innsender's organisation number.
	Kreditor string
	// BeloepPerMaaned is the monthly amount in NOK (Prosent is 0 then).
	BeloepPerMaaned int64
	// Prosent is a percentage of salary (0 when an amount is given).
	Prosent float64
	// Totalbeloep is the sum of the remaining claims in NOK.
	Totalbeloep float64
	// Kontonummer and KID are where the employer pays (from
	// betalingsinformasjon; may be empty).
	Kontonummer string
	KID         string
	// Beslutningsdato is the date of the decision.
	Beslutningsdato world.Date
	// Begrunnelse is the recorded reason.
	Begrunnelse string
}

// Config holds the service's dependencies.
type Config struct {
	// Store keeps cases and reads the world; *sqlstore.DB implements it.
	Store Store
	// Clock is the one source of "now" and "today".
	Clock *world.Clock
	// Logger receives internal errors (nil: discard).
	Logger *slog.Logger
	// BaseURL is the server's public URL (e.g. "http://localhost:8080").
	BaseURL string
	// Verifier checks the access tokens of the public API (required).
	Verifier Verifier
	// AllowedOrgs, when not empty, is the allow-list of organisations
	// (spec: §4.3); others get 403 KB-005.
	AllowedOrgs []string
	// Behandlingsforsinkelse is how long an innsending stays MOTTATT
	// (UB_BEHANDLINGSFORSINKELSE, default 0; spec: §10.2).
	Behandlingsforsinkelse time.Duration
	// DisableTestreferanser turns the TEST_SAK_* references off
	// (UB_TESTREFERANSER=false; spec: §6.9).
	DisableTestreferanser bool
	// GammeltRegelverk is the set of saksøkt identifiers locked to the
	// old rules (nil: the published test list).
	GammeltRegelverk map[string]bool
	// AutoNamsmann makes the namsmann decide every new case by itself
	// (a durable job run by Run) after AutoForsinkelse.
	AutoNamsmann    bool
	AutoForsinkelse time.Duration
	// PollInterval is how often Run looks for jobs (default 1 s).
	PollInterval time.Duration
	// DeferVedlegg leaves uploads in status MOTTATT (to test
	// VEDLEGG_SKAL_VAERE_VIRUSSJEKKET_VALIDERT_OG_KONVERTERT).
	DeferVedlegg bool
	// OnUtleggstrekk, when set, is called with every decision of
	// utleggstrekk before it is recorded; an error leaves the case
	// undecided (the automatic job retries).
	OnUtleggstrekk func(ctx context.Context, d TrekkDecision) error
}

// Service is the utleggsbegjæring API and the namsmann behind it.
type Service struct {
	cfg     Config
	log     *slog.Logger
	val     *Validator
	allowed map[string]bool
}

// New checks cfg and returns the service.
func New(cfg Config) (*Service, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("utlegg: Config.Store is required")
	case cfg.Clock == nil:
		return nil, errors.New("utlegg: Config.Clock is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	s := &Service{cfg: cfg, log: cfg.Logger, val: NewValidator(cfg.Store, cfg.GammeltRegelverk)}
	if len(cfg.AllowedOrgs) > 0 {
		s.allowed = map[string]bool{}
		for _, o := range cfg.AllowedOrgs {
			s.allowed[o] = true
		}
	}
	return s, nil
}
