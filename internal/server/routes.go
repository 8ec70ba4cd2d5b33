package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/admin"
	"github.com/namsfogd/namsfogd/internal/console"
	"github.com/namsfogd/namsfogd/internal/httpx"
)

// Service base paths (spec: DESIGN.md, "The five APIs").
const (
	PathMaskinporten      = "/maskinporten"
	PathGjeld             = "/gjeld"
	PathDSOP              = "/dsop"
	PathNordigen          = "/nordigen"
	PathUtleggsbegjaering = "/skatt/api/utleggsbegjaering/v1"
	PathTrekkpaalegg      = "/skatt/api/trekkpaalegg/v1"
	PathAdmin             = "/admin"
	PathConsole           = "/console"
)

// build assembles the mux and middleware.
func (s *Server) build(ctx context.Context) error {
	s.registry = newRegistry()
	metrics := httpx.NewMetrics(s.registry)
	mux := http.NewServeMux()
	adminMux := http.NewServeMux()

	admin.New(admin.Config{
		Store: s.Store, Clock: s.Clock, Logger: s.log,
		Reset: func(ctx context.Context, seed uint64, persons int) error { return Seed(ctx, s.Store, seed, persons) },
	}).Register(adminMux, PathAdmin)

	if err := s.mountAPIs(ctx, mux, adminMux); err != nil {
		return err
	}

	mux.Handle(PathAdmin+"/", s.requireOperator(adminMux))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", metricsHandler(s.registry))
	mux.HandleFunc("GET /{$}", s.index)
	s.mountConsole(mux)

	s.handler = httpx.Recover(s.log, httpx.CorrelateExcept(httpx.Observe(s.log, metrics, mux), PathDSOP+"/"))
	return nil
}

// readyz answers 200 when the database answers and every migration is
// applied, 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.Store.Ping(ctx); err != nil {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database: " + err.Error()})
		return
	}
	ok, err := s.Store.Migrated(ctx)
	if err != nil || !ok {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "migrations not applied"})
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ready", "database": s.Store.Dialect()})
}

// Services lists every service's base URL.
func (s *Server) Services() []struct{ Name, URL string } {
	b := s.cfg.BaseURL()
	return []struct{ Name, URL string }{
		{"Maskinporten token service", b + PathMaskinporten + "/token"},
		{"Norsk Gjeldsinformasjon", b + PathGjeld},
		{"DSOP Kontroll (kundeforhold)", b + PathDSOP + "/kundeforhold/v2"},
		{"DSOP Kontroll (bank API)", b + PathDSOP + "/bank/{orgnr}/v2"},
		{"Statement analysis", b + PathNordigen},
		{"Utleggsbegjæring", b + PathUtleggsbegjaering},
		{"Trekkpålegg", b + PathTrekkpaalegg},
		{"Operator API", b + PathAdmin},
		{"Operator web console", b + PathConsole + "/"},
		{"Metrics", b + "/metrics"},
	}
}

// mountConsole mounts the operator's web console. It is a client of the
// operator API: it calls the routes on mux in-process with the operator
// token.
func (s *Server) mountConsole(mux *http.ServeMux) {
	console.New(console.Config{
		API: mux, OperatorToken: s.OperatorToken, BaseURL: s.cfg.BaseURL(), Version: s.cfg.Version,
		Logger: s.log.With("component", "console"), AdminPrefix: PathAdmin, UtleggPrefix: PathUtleggsbegjaering,
		SecureCookies: strings.HasPrefix(s.cfg.BaseURL(), "https://"),
		Services: func() []console.Service {
			var out []console.Service
			for _, x := range s.Services() {
				out = append(out, console.Service{Name: x.Name, URL: x.URL})
			}
			return out
		},
	}).Register(mux, PathConsole)
}

// index lists the services for API clients; a browser (Accept prefers
// text/html) is sent to the web console instead.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Accept")
	if console.PrefersHTML(r.Header.Get("Accept")) {
		http.Redirect(w, r, PathConsole+"/", http.StatusSeeOther)
		return
	}
	svcs := map[string]string{}
	for _, x := range s.Services() {
		svcs[x.Name] = x.URL
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"name": "namsfogd", "version": s.cfg.Version, "services": svcs})
}
