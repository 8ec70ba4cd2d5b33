package trekkpaalegg

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
)

// adminError is the operator API's error body (the shape of
// internal/admin: {"error", "field", "message"}).
type adminError struct {
	Status  int    `json:"-"`
	Code    string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *adminError) Error() string { return e.Message }

// RegisterAdmin mounts the operator routes under prefix (normally
// "/admin/trekkpaalegg"; spec: trekkpaalegg.md §12). The mux is already
// protected by the operator token.
//
//	POST {prefix}                       create an order (CreateOrder) → 201; with an
//	                                    Idempotency-Key header a retry returns the same order
//	                                    (Idempotent-Replayed: true), other input under the key 409
//	POST {prefix}/fra-beslutning        create from an utleggstrekk decision → 201
//	POST {prefix}/fixtures              load versions verbatim (body: array; empty body: the 19 examples)
//	POST {prefix}/auto-avslutt          run the daily auto-close now
//	GET  {prefix}?trekkpliktig=&fraSekvensnummer=&maksAntall=   what the employer's GET returns
//	GET  {prefix}/{trekkid}             latest version
//	GET  {prefix}/{trekkid}/{trekkversjon}
//	POST {prefix}/{trekkid}/versjoner   new version (NewVersion) → 201
//	POST {prefix}/{trekkid}/avslutt     close today → 201
func (s *Service) RegisterAdmin(mux *http.ServeMux, prefix string) {
	prefix = strings.TrimSuffix(prefix, "/")
	h := func(pattern string, fn func(http.ResponseWriter, *http.Request) error) {
		method, p, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(method+" "+prefix+p, s.adminHandle(fn))
	}
	h("POST ", s.adminCreate)
	h("POST /fra-beslutning", s.adminFromDecision)
	h("POST /fixtures", s.adminFixtures)
	h("POST /auto-avslutt", s.adminAutoClose)
	h("GET ", s.adminList)
	h("GET /{trekkid}", s.adminLatest)
	h("GET /{trekkid}/{trekkversjon}", s.adminVersion)
	h("POST /{trekkid}/versjoner", s.adminNewVersion)
	h("POST /{trekkid}/avslutt", s.adminClose)
}

func (s *Service) adminHandle(fn func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := fn(w, r)
		if err == nil {
			return
		}
		var (
			e  *adminError
			ve *ValidationError
			de *httpx.DecodeError
		)
		switch {
		case errors.As(err, &e):
		case errors.As(err, &ve):
			e = &adminError{Status: http.StatusUnprocessableEntity, Code: "invalid_field", Field: ve.Field, Message: ve.Message}
		case errors.As(err, &de):
			e = &adminError{Status: de.Status, Code: "invalid_request", Field: de.Field, Message: de.Message}
		case errors.Is(err, ErrClosed), errors.Is(err, ErrNoEmployment), errors.Is(err, ErrNoCapacity):
			e = &adminError{Status: http.StatusUnprocessableEntity, Code: "rule_violation", Message: err.Error()}
		case errors.Is(err, store.ErrNotFound):
			e = &adminError{Status: http.StatusNotFound, Code: "not_found", Message: "trekkpålegg finnes ikke"}
		case errors.Is(err, store.ErrConflict):
			e = &adminError{Status: http.StatusConflict, Code: "conflict", Message: err.Error()}
		case errors.Is(err, context.Canceled):
			return
		default:
			s.log.ErrorContext(r.Context(), "trekkpaalegg admin: internal error", "err", err, "path", r.URL.Path)
			e = &adminError{Status: http.StatusInternalServerError, Code: "internal_error", Message: "internal error"}
		}
		httpx.WriteJSON(w, e.Status, e)
	}
}

func (s *Service) adminCreate(w http.ResponseWriter, r *http.Request) error {
	var in CreateOrder
	if err := httpx.DecodeJSON(w, r, 0, &in); err != nil {
		return err
	}
	t, replayed, err := s.CreateOnce(r.Context(), in, r.Header.Get("Idempotency-Key"))
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	httpx.WriteJSON(w, http.StatusCreated, t)
	return nil
}

// decisionInput is the JSON form of Utleggstrekk.
type decisionInput struct {
	Skyldner     string  `json:"skyldner"`
	Trekkpliktig string  `json:"trekkpliktig,omitempty"`
	Saksnummer   string  `json:"saksnummer,omitempty"`
	Startdato    string  `json:"startdato,omitempty"`
	Sluttdato    string  `json:"sluttdato,omitempty"`
	Trekkbeloep  float64 `json:"trekkbeloep,omitempty"`
	Trekkprosent float64 `json:"trekkprosent,omitempty"`
}

func (s *Service) adminFromDecision(w http.ResponseWriter, r *http.Request) error {
	var in decisionInput
	if err := httpx.DecodeJSON(w, r, 0, &in); err != nil {
		return err
	}
	t, err := s.CreateFromDecision(r.Context(), Utleggstrekk(in))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Service) adminFixtures(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<20))
	if err != nil {
		return &adminError{Status: http.StatusRequestEntityTooLarge, Code: "invalid_request", Message: "body larger than 64 MiB"}
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		body = ExampleFixtures
	}
	n, err := s.LoadFixtures(r.Context(), body)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]int{"lastet": n})
	return nil
}

func (s *Service) adminAutoClose(w http.ResponseWriter, r *http.Request) error {
	n, err := s.AutoClose(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"avsluttet": n, "dato": s.cfg.Clock.Today()})
	return nil
}

func (s *Service) adminList(w http.ResponseWriter, r *http.Request) error {
	org := r.URL.Query().Get("trekkpliktig")
	if !digitsN(org, 9) {
		return &adminError{Status: http.StatusBadRequest, Code: "invalid_field", Field: "trekkpliktig", Message: "trekkpliktig must be 9 digits"}
	}
	p, err := ParsePaging(r.URL.RawQuery)
	if err != nil {
		ve := err.(*ValidationError)
		return &adminError{Status: http.StatusBadRequest, Code: "invalid_field", Field: ve.Field, Message: ve.Message}
	}
	vs, err := s.cfg.Store.TrekkList(r.Context(), org, p.Fra, p.Maks)
	if err != nil {
		return err
	}
	out := make([]json.RawMessage, len(vs))
	for i, v := range vs {
		out[i] = v.Body
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Service) adminLatest(w http.ResponseWriter, r *http.Request) error {
	v, err := s.cfg.Store.TrekkLatest(r.Context(), r.PathValue("trekkid"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, json.RawMessage(v.Body))
	return nil
}

func (s *Service) adminVersion(w http.ResponseWriter, r *http.Request) error {
	n, ok := ParseCount(r.PathValue("trekkversjon"))
	if !ok || n < 1 {
		return &adminError{Status: http.StatusBadRequest, Code: "invalid_field", Field: "trekkversjon", Message: "trekkversjon must be a positive integer"}
	}
	v, err := s.cfg.Store.TrekkGetVersion(r.Context(), "", r.PathValue("trekkid"), n)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, json.RawMessage(v.Body))
	return nil
}

func (s *Service) adminNewVersion(w http.ResponseWriter, r *http.Request) error {
	var in NewVersion
	if err := httpx.DecodeJSON(w, r, 0, &in); err != nil {
		return err
	}
	t, err := s.NewVersion(r.Context(), r.PathValue("trekkid"), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Service) adminClose(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Close(r.Context(), r.PathValue("trekkid"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, t)
	return nil
}
