package utlegg

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/namsfogd/namsfogd/internal/auth"
)

// Register mounts the public API under prefix (normally
// "/skatt/api/utleggsbegjaering/v1"; spec: utleggsbegjaering.md §6).
// Unknown paths under prefix answer 404 KB-003, known paths with another
// method 405 KB-003 with Allow; a trailing "/" is tolerated.
func (s *Service) Register(mux *http.ServeMux, prefix string) {
	p := strings.TrimSuffix(prefix, "/")
	mux.HandleFunc("POST "+p+"/vedlegg", s.handle(s.lastOppVedlegg))
	mux.HandleFunc("GET "+p+"/vedlegg/{uuid}", s.handle(s.hentVedlegg))
	mux.HandleFunc("POST "+p+"/utleggsbegjaering/valider", s.handle(s.validerNy))
	mux.HandleFunc("POST "+p+"/utleggsbegjaering", s.handle(s.sendInn))
	mux.HandleFunc("PUT "+p+"/utleggsbegjaering/valider/{ref}", s.handle(s.validerEndring))
	mux.HandleFunc("PUT "+p+"/utleggsbegjaering/{ref}", s.handle(s.endre))
	mux.HandleFunc("GET "+p+"/utleggsbegjaering", s.handle(s.finn))
	mux.HandleFunc("GET "+p+"/utleggsbegjaering/{ref}", s.handle(s.hent))
	mux.HandleFunc("GET "+p+"/utleggsbegjaering/{ref}/status", s.handle(s.status))
	mux.HandleFunc("GET "+p+"/utleggsbegjaering/{ref}/meldinger", s.handle(s.sakMeldinger))
	mux.HandleFunc("GET "+p+"/meldinger", s.handle(s.meldinger))
	catchAll := p + "/"
	mux.HandleFunc(catchAll, s.handle(func(w http.ResponseWriter, r *http.Request) error {
		// A trailing slash on a known path: serve that path.
		if t := strings.TrimRight(r.URL.Path, "/"); t != r.URL.Path && t != p && t != "" {
			r2 := r.Clone(r.Context())
			r2.URL.Path, r2.URL.RawPath = t, ""
			if _, pat := mux.Handler(r2); pat != catchAll && pat != "" {
				mux.ServeHTTP(w, r2)
				return nil
			}
		}
		path := strings.TrimRight(r.URL.Path, "/")
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
			r2 := r.Clone(r.Context())
			r2.Method, r2.URL.Path, r2.URL.RawPath = m, path, ""
			if _, pat := mux.Handler(r2); pat != catchAll && pat != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			return &apiError{status: http.StatusMethodNotAllowed, kode: KodeUkjentURL,
				melding: "Metoden " + r.Method + " støttes ikke på " + r.URL.Path, allow: strings.Join(allow, ", ")}
		}
		return fail(http.StatusNotFound, KodeUkjentURL, "Ukjent url benyttet: "+r.URL.Path)
	}))
}

// handle sets Korrelasjonsid and renders a handler's returned error:
// *apiError as is, anything else as a logged 500 KB-001.
func (s *Service) handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(korrelasjonsHeader, korrelasjonsid(r))
		err := h(w, r)
		if err == nil {
			return
		}
		var e *apiError
		if !errors.As(err, &e) {
			if errors.Is(err, context.Canceled) {
				return
			}
			s.log.ErrorContext(r.Context(), "utlegg: internal error", "err", err, "path", r.URL.Path)
			e = fail(http.StatusInternalServerError, KodeUventet, "Uventet feil på tjenesten.")
		}
		writeError(w, r, e)
	}
}

// storageFailure wraps a storage error as 500 KB-002 and logs it.
func (s *Service) storageFailure(r *http.Request, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	s.log.ErrorContext(r.Context(), "utlegg: storage error", "err", err, "path", r.URL.Path)
	return fail(http.StatusInternalServerError, KodeBakenforligger, "Uventet feil i et bakenforliggende system.")
}

// authorize verifies the token and returns the effective organisation
// (spec: §4.2, §4.3): 401 KB-004 before any 403 KB-005.
func (s *Service) authorize(r *http.Request) (string, error) {
	if s.cfg.Verifier == nil {
		s.log.ErrorContext(r.Context(), "utlegg: no token verifier configured")
		return "", &apiError{status: http.StatusUnauthorized, kode: KodeAutentisering,
			melding: "Feil i forbindelse med autentisering.", challenge: "Bearer"}
	}
	c, aerr := s.cfg.Verifier.Authenticate(r, Scope)
	if aerr != nil {
		if aerr.Status == http.StatusUnauthorized {
			challenge := auth.WWWAuthenticate(aerr)
			if challenge == "" {
				challenge = "Bearer"
			}
			return "", &apiError{status: http.StatusUnauthorized, kode: KodeAutentisering,
				melding: "Feil i forbindelse med autentisering: " + aerr.Reason, challenge: challenge}
		}
		return "", fail(http.StatusForbidden, KodeTilgang, "Ingen tilgang: "+aerr.Reason)
	}
	if !c.HasScope(Scope) {
		return "", fail(http.StatusForbidden, KodeTilgang, "Ingen tilgang: tokenet mangler scope "+Scope)
	}
	org := c.EffectiveOrg
	if len(org) != 9 || strings.Trim(org, "0123456789") != "" {
		return "", fail(http.StatusForbidden, KodeTilgang, "Ingen tilgang: tokenet angir ikke en organisasjon")
	}
	if s.allowed != nil && !s.allowed[org] {
		return "", fail(http.StatusForbidden, KodeTilgang, "Ingen tilgang: organisasjonen "+org+" er ikke godkjent")
	}
	return org, nil
}

// begin runs what every public request passes: token, then Accept.
func (s *Service) begin(r *http.Request) (string, error) {
	org, err := s.authorize(r)
	if err != nil {
		return "", err
	}
	if negotiate(r.Header.Get("Accept")) == formatNone {
		return "", fail(http.StatusNotAcceptable, KodeDataformat, "Feil tilknyttet dataformat. Kun json eller xml er støttet.")
	}
	return org, nil
}
