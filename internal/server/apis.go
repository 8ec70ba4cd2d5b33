package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/dsop"
	"github.com/namsfogd/namsfogd/internal/gjeld"
	"github.com/namsfogd/namsfogd/internal/maskinporten"
	"github.com/namsfogd/namsfogd/internal/nordigen"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
	"github.com/namsfogd/namsfogd/internal/utlegg"
)

// Altinn resource a system user needs for trekkpålegg (spec:
// trekkpaalegg.md §4).
const resourceTrekkpaalegg = "ske-informasjon-om-trekkpaalegg"

// mountAPIs mounts every API's public routes on mux and its operator
// routes on adminMux, seeds their ready-made clients, and starts their
// background workers.
func (s *Server) mountAPIs(ctx context.Context, mux, adminMux *http.ServeMux) error {
	base := s.cfg.BaseURL()

	// Maskinporten-compatible token service, and the verifier every
	// Maskinporten-protected API uses (in-process keys, no HTTP round trip).
	mp, err := maskinporten.New(maskinporten.Config{
		Store: s.Store, Orgs: s.Store, Clock: s.Clock, Logger: s.log.With("api", "maskinporten"),
		Issuer: base + PathMaskinporten + "/",
	})
	if err != nil {
		return fmt.Errorf("maskinporten: %w", err)
	}
	mp.Register(mux, PathMaskinporten)
	mp.RegisterAdmin(adminMux, PathAdmin+"/maskinporten")
	if err := mp.SeedDefaults(ctx); err != nil {
		return fmt.Errorf("maskinporten: seed clients: %w", err)
	}
	skatteetatenVerifier := func(realm string) *auth.Verifier {
		return auth.NewVerifier(auth.VerifierConfig{Issuer: mp.Issuer(), Keys: mp.Keys(), Clock: s.Clock,
			Realm: realm, MinimalClaims: true, Skew: 60 * time.Second})
	}

	// DSOP Kontroll: the customer-relationships overview and one control
	// API per synthetic bank; aud is checked per bank, claims strictly.
	ds, err := dsop.New(dsop.Config{
		Store: s.Store, Clock: s.Clock, Logger: s.log.With("api", "dsop"), BaseURL: base,
		Verifier:  auth.NewVerifier(auth.VerifierConfig{Issuer: mp.Issuer(), Keys: mp.Keys(), Clock: s.Clock, Realm: "dsop"}),
		RateLimit: s.cfg.DSOPRateLimit, Metrics: s.registry,
	})
	if err != nil {
		return fmt.Errorf("dsop: %w", err)
	}
	ds.Register(mux, PathDSOP)
	ds.RegisterAdmin(adminMux, PathAdmin+"/dsop")
	if err := ds.SeedDefaults(ctx); err != nil {
		return fmt.Errorf("dsop: seed consumer keys: %w", err)
	}

	// Norsk Gjeldsinformasjon: its own OAuth2 server.
	gj, err := gjeld.New(gjeld.Config{Store: s.Store, Clock: s.Clock, Logger: s.log.With("api", "gjeld"), BaseURL: base})
	if err != nil {
		return fmt.Errorf("gjeld: %w", err)
	}
	gj.Register(mux, PathGjeld)
	gj.RegisterAdmin(adminMux, PathAdmin+"/gjeld")
	if err := gj.SeedDefaults(ctx); err != nil {
		return fmt.Errorf("gjeld: seed clients: %w", err)
	}
	s.runBackground("gjeld", gj.Run)

	// Statement analysis: its own client-credentials token endpoint.
	ndCfg := nordigen.Config{
		Store: s.Store, Clock: s.Clock, Logger: s.log.With("api", "nordigen"), BaseURL: base,
		Webhook: nordigen.WebhookConfig{AllowHTTP: true},
		// Processes sharing a PostgreSQL database share the rate limit.
		SharedRateLimit: s.Store.Dialect() == sqlstore.Postgres,
	}
	// The spec's SA_* variables (statement-analysis.md §10) tune it.
	if err := nordigen.FromEnv(os.Getenv, &ndCfg); err != nil {
		return err
	}
	nd, err := nordigen.New(ndCfg)
	if err != nil {
		return fmt.Errorf("nordigen: %w", err)
	}
	nd.Register(mux, PathNordigen)
	nd.RegisterAdmin(adminMux, PathAdmin+"/nordigen")
	s.runBackground("nordigen", nd.Run)

	// Trekkpålegg.
	tp, err := trekkpaalegg.New(trekkpaalegg.Config{
		Store: s.Store, Clock: s.Clock, Logger: s.log.With("api", "trekkpaalegg"), BaseURL: base,
		Verifier: skatteetatenVerifier("trekkpaalegg"),
		SystemUserAllowed: func(ctx context.Context, c auth.Caller) (bool, error) {
			return mp.SystemUserMayAct(ctx, c.SystemUserID, c.SystemUserOrg, resourceTrekkpaalegg)
		},
	})
	if err != nil {
		return fmt.Errorf("trekkpaalegg: %w", err)
	}
	tp.Register(mux, PathTrekkpaalegg)
	tp.RegisterAdmin(adminMux, PathAdmin+"/trekkpaalegg")
	s.runBackground("trekkpaalegg", tp.Run)

	// Utleggsbegjæring, with the namsmann's utleggstrekk decisions
	// becoming withholding orders.
	ub, err := utlegg.New(utlegg.Config{
		Store: s.Store, Clock: s.Clock, Logger: s.log.With("api", "utleggsbegjaering"), BaseURL: base,
		Verifier:        skatteetatenVerifier("utleggsbegjaering"),
		OnUtleggstrekk:  s.utleggstrekk(tp),
		AutoNamsmann:    s.cfg.AutoNamsmann,
		AutoForsinkelse: s.cfg.NamsmannDelay,
	})
	if err != nil {
		return fmt.Errorf("utleggsbegjaering: %w", err)
	}
	ub.Register(mux, PathUtleggsbegjaering)
	ub.RegisterAdmin(adminMux, PathAdmin+"/utlegg")
	s.runBackground("utleggsbegjaering", ub.Run)
	return nil
}

// utleggstrekk turns the namsmann's decision into a withholding order for
// the debtor's employer. The namsmann calls it before recording the
// decision and retries on failure, so it is idempotent on the case number.
func (s *Server) utleggstrekk(tp *trekkpaalegg.Service) func(context.Context, utlegg.TrekkDecision) error {
	return func(ctx context.Context, d utlegg.TrekkDecision) error {
		key := "utleggstrekk:" + d.Saksnummer
		if _, err := s.Store.GetSetting(ctx, key); err == nil {
			return nil // already created for this case
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		o, err := tp.CreateFromDecision(ctx, trekkpaalegg.Utleggstrekk{
			Skyldner: d.SkyldnerNIN, Trekkpliktig: d.ArbeidsgiverOrgnr, Saksnummer: d.Saksnummer,
			Trekkbeloep: float64(d.BeloepPerMaaned), Trekkprosent: d.Prosent,
		})
		if err != nil {
			return err
		}
		return s.Store.PutSetting(ctx, key, []byte(o.Trekkid))
	}
}

// runBackground runs a worker until the server closes.
func (s *Server) runBackground(name string, run func(context.Context) error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	s.stop = append(s.stop, func() { cancel(); <-done })
	go func() {
		defer close(done)
		if err := run(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("background worker stopped", "worker", name, "err", err)
		}
	}()
}
