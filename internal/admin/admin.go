package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Config holds the API's dependencies.
type Config struct {
	Store  store.Store
	Clock  *world.Clock
	Logger *slog.Logger
	// Reset rebuilds the world from seed and size; it is the server's
	// seeding function, so the operator API and the CLI build the same world.
	Reset func(ctx context.Context, seed uint64, persons int) error
	// MaxResetPersons bounds a reset through the API (0: 200 000).
	MaxResetPersons int
}

// API is the operator API.
type API struct{ cfg Config }

// New returns the operator API.
func New(cfg Config) *API {
	if cfg.MaxResetPersons == 0 {
		cfg.MaxResetPersons = 200_000
	}
	return &API{cfg: cfg}
}

// Error is an operator API error; handlers return it and one writer
// renders it.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Message }

func badField(field, msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid_field", Field: field, Message: msg}
}

func conflict(field, msg string) *Error {
	return &Error{Status: http.StatusConflict, Code: "conflict", Field: field, Message: msg}
}

func notFound(msg string) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Message: msg}
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// wrap renders a handler's returned error: *Error as is, store sentinels
// as 404/409, anything else as a logged 500 with a generic message.
func (a *API) wrap(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *Error
		var de *httpx.DecodeError
		switch {
		case errors.As(err, &e):
		case errors.As(err, &de):
			e = &Error{Status: de.Status, Code: "invalid_request", Field: de.Field, Message: de.Message}
		case errors.Is(err, store.ErrNotFound):
			e = notFound(err.Error())
		case errors.Is(err, store.ErrConflict):
			e = conflict("", err.Error())
		case errors.Is(err, context.Canceled):
			return
		default:
			a.cfg.Logger.ErrorContext(r.Context(), "admin: internal error", "err", err, "path", r.URL.Path)
			e = &Error{Status: http.StatusInternalServerError, Code: "internal_error", Message: "internal error"}
		}
		httpx.WriteJSON(w, e.Status, e)
	}
}

// Register mounts the routes under prefix (normally "/admin") on mux.
func (a *API) Register(mux *http.ServeMux, prefix string) {
	h := func(pattern string, fn handlerFunc) {
		method, path, _ := cut(pattern)
		mux.HandleFunc(method+" "+prefix+path, a.wrap(fn))
	}
	h("GET /clock", a.getClock)
	h("PUT /clock", a.putClock)
	h("GET /world", a.getWorld)
	h("POST /world/reset", a.resetWorld)
	h("GET /persons", a.listPersons)
	h("POST /persons", a.createPerson)
	h("GET /persons/{nin}", a.getPerson)
	h("PUT /persons/{nin}", a.updatePerson)
	h("GET /persons/{nin}/audit", a.personAudit)
	h("GET /organisations", a.listOrganisations)
	h("POST /organisations", a.createOrganisation)
	h("GET /organisations/{orgnr}", a.getOrganisation)
	h("POST /accounts", a.createAccount)
	h("GET /accounts/{number}", a.getAccount)
	h("POST /account-parties", a.createAccountParty)
	h("POST /employments", a.createEmployment)
	h("POST /debts", a.createDebt)
	h("GET /audit", a.listAudit)
}

func cut(p string) (method, path string, ok bool) {
	for i := range p {
		if p[i] == ' ' {
			return p[:i], p[i+1:], true
		}
	}
	return "", p, false
}

// page reads ?after= and ?limit= (1..1000, default 100).
func page(r *http.Request) (after string, limit int, err error) {
	after = r.URL.Query().Get("after")
	limit = 100
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return "", 0, badField("limit", "limit must be an integer from 1 to 1000")
		}
		limit = n
	}
	return after, limit, nil
}
