package trekkpaalegg

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

// Register mounts the public API under prefix (normally
// "/skatt/api/trekkpaalegg/v1"; spec: trekkpaalegg.md §5): the list, its
// trailing-slash form and the version endpoint for GET; other methods on
// those paths get 405, and unknown paths next to prefix 404 KB-003.
func (s *Service) Register(mux *http.ServeMux, prefix string) {
	prefix = strings.TrimSuffix(prefix, "/")
	mux.HandleFunc("GET "+prefix, s.handle(s.list))
	mux.HandleFunc("GET "+prefix+"/{$}", s.handle(s.list))
	mux.HandleFunc("GET "+prefix+"/{trekkid}/{trekkversjon}", s.handle(s.version))
	// Everything else under the API's parent path: 405 on the API's own
	// paths, 404 KB-003 elsewhere (spec: §5.1, §16 item 8).
	unknown := s.handle(func(w http.ResponseWriter, r *http.Request) error {
		rest, ok := strings.CutPrefix(r.URL.Path, prefix)
		if ok && (rest == "" || rest == "/" || strings.Count(strings.Trim(rest, "/"), "/") == 1 && !strings.HasSuffix(rest, "/")) {
			return &apiError{status: http.StatusMethodNotAllowed, kode: KodeUkjentURL,
				melding: "Metoden " + r.Method + " støttes ikke; bruk GET", allow: "GET"}
		}
		return fail(http.StatusNotFound, KodeUkjentURL, "Ukjent url benyttet: "+r.URL.Path)
	})
	mux.HandleFunc(prefix, unknown)
	if parent := path.Dir(prefix); parent != "/" && parent != "." {
		mux.HandleFunc(parent+"/", unknown)
	} else {
		mux.HandleFunc(prefix+"/", unknown)
	}
}

// handle renders a handler's returned error: *apiError as is, anything
// else as a logged 500 KB-001.
func (s *Service) handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *apiError
		if !errors.As(err, &e) {
			if errors.Is(err, context.Canceled) {
				return
			}
			s.log.ErrorContext(r.Context(), "trekkpaalegg: internal error", "err", err, "path", r.URL.Path)
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
	s.log.ErrorContext(r.Context(), "trekkpaalegg: storage error", "err", err, "path", r.URL.Path)
	return fail(http.StatusInternalServerError, KodeBakenforligger, "Uventet feil i et bakenforliggende system.")
}

// authorize verifies the token and returns the caller and the effective
// trekkpliktig (spec: §4, §9): 401 KB-004 before any 403 KB-005.
func (s *Service) authorize(r *http.Request) (auth.Caller, string, error) {
	if s.cfg.Verifier == nil {
		s.log.ErrorContext(r.Context(), "trekkpaalegg: no token verifier configured")
		return auth.Caller{}, "", &apiError{status: http.StatusUnauthorized, kode: KodeAutentisering,
			melding: "Tokenet kan ikke verifiseres.", challenge: "Bearer"}
	}
	c, aerr := s.cfg.Verifier.Authenticate(r, Scope)
	if aerr != nil {
		challenge := auth.WWWAuthenticate(aerr)
		if aerr.Status == http.StatusUnauthorized {
			if challenge == "" {
				challenge = "Bearer"
			}
			return c, "", &apiError{status: http.StatusUnauthorized, kode: KodeAutentisering,
				melding: "Feil i forbindelse med autentisering: " + aerr.Reason, challenge: challenge}
		}
		return c, "", &apiError{status: http.StatusForbidden, kode: KodeTilgang,
			melding: "Ingen tilgang: " + aerr.Reason, challenge: challenge}
	}
	if !c.HasScope(Scope) { // defence in depth: never trust a verifier that skipped the scope
		return c, "", fail(http.StatusForbidden, KodeTilgang, "Ingen tilgang: tokenet mangler scope "+Scope)
	}
	org := c.EffectiveOrg
	if !digitsN(org, 9) {
		return c, "", fail(http.StatusForbidden, KodeTilgang, "Ingen tilgang: tokenet angir ikke en trekkpliktig organisasjon")
	}
	if s.allowed != nil && !s.allowed[org] {
		return c, "", fail(http.StatusForbidden, KodeTilgang, "Ingen tilgang: organisasjonen "+org+" har ikke tilgang til trekkpålegg")
	}
	if c.SystemUserOrg != "" && s.cfg.SystemUserAllowed != nil {
		ok, err := s.cfg.SystemUserAllowed(r.Context(), c)
		if err != nil {
			return c, "", s.storageFailure(r, err)
		}
		if !ok {
			return c, "", fail(http.StatusForbidden, KodeTilgang,
				"Ingen tilgang: systembrukeren er ikke godkjent for "+ResourceID+" av "+org)
		}
	}
	return c, org, nil
}

// acceptsJSON reports whether an Accept header admits application/json
// (spec: §5.1): absent, */*, application/* and application/json do; the
// most specific matching range decides, and q=0 refuses.
func acceptsJSON(accept string) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	best, q := -1, false
	for _, part := range strings.Split(accept, ",") {
		fields := strings.Split(part, ";")
		mt := strings.ToLower(strings.TrimSpace(fields[0]))
		spec := map[string]int{"application/json": 2, "application/*": 1, "*/*": 0, "*": 0}[mt]
		if _, ok := map[string]bool{"application/json": true, "application/*": true, "*/*": true, "*": true}[mt]; !ok {
			continue
		}
		ok := true
		for _, p := range fields[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				v = strings.TrimSpace(v)
				ok = strings.Trim(v, "0.") != "" // q=0, 0.0, 0.000 refuse
			}
		}
		if spec > best {
			best, q = spec, ok
		}
	}
	return best >= 0 && q
}

// begin runs the checks every public request passes: token, Accept.
func (s *Service) begin(r *http.Request) (auth.Caller, string, error) {
	c, org, err := s.authorize(r)
	if err != nil {
		return c, org, err
	}
	if !acceptsJSON(r.Header.Get("Accept")) {
		return c, org, fail(http.StatusNotAcceptable, KodeDataformat, "Feil tilknyttet dataformat. Kun json er støttet.")
	}
	return c, org, nil
}

// list serves GET /api/trekkpaalegg/v1 — hent alle gjeldende (spec: §5.2).
func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	c, org, err := s.begin(r)
	if err != nil {
		return err
	}
	p, err := ParsePaging(r.URL.RawQuery)
	if err != nil {
		return fail(http.StatusBadRequest, KodeValidering, "Feil i forbindelse med validering av inputdata: "+err.(*ValidationError).Message)
	}
	vs, err := s.cfg.Store.TrekkList(r.Context(), org, p.Fra, p.Maks)
	if err != nil {
		return s.storageFailure(r, err)
	}
	if err := s.audit(r, c, org, "trekkpaalegg.list", vs); err != nil {
		return s.storageFailure(r, err)
	}
	n := 2
	for _, v := range vs {
		n += len(v.Body) + 1
	}
	b := make([]byte, 0, n+1)
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, v.Body...)
	}
	b = append(b, ']', '\n')
	writeBody(w, r, b)
	return nil
}

// version serves GET /api/trekkpaalegg/v1/{trekkid}/{trekkversjon} — hent
// versjon (spec: §5.3): another employer's order is indistinguishable
// from a missing one.
func (s *Service) version(w http.ResponseWriter, r *http.Request) error {
	c, org, err := s.begin(r)
	if err != nil {
		return err
	}
	trekkid, raw := r.PathValue("trekkid"), r.PathValue("trekkversjon")
	versjon, ok := ParseCount(raw)
	if !ok || versjon < 1 {
		return fail(http.StatusBadRequest, KodeValidering,
			fmt.Sprintf("Feil i forbindelse med validering av inputdata: trekkversjon må være et positivt heltall, fikk %q", clip(raw)))
	}
	v, err := s.cfg.Store.TrekkGetVersion(r.Context(), org, trekkid, versjon)
	if errors.Is(err, store.ErrNotFound) {
		return fail(http.StatusNotFound, KodeIngenTreff, fmt.Sprintf("Fant ikke trekkpålegg %s versjon %d", clip(trekkid), versjon))
	}
	if err != nil {
		return s.storageFailure(r, err)
	}
	if err := s.audit(r, c, org, "trekkpaalegg.get", []trekkstore.Version{v}); err != nil {
		return s.storageFailure(r, err)
	}
	writeBody(w, r, append(v.Body, '\n'))
	return nil
}

func writeBody(w http.ResponseWriter, r *http.Request, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set(korrelasjonsHeader, korrelasjonsid(r))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}
