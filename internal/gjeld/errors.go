package gjeld

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
)

// handlerFunc is a handler that returns its error; one writer per API
// family renders it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// oauthError is an RFC 6749 §5.2 error of the token endpoint.
type oauthError struct {
	status int
	code   string
	desc   string
}

func (e *oauthError) Error() string { return e.code + ": " + e.desc }

func oauthErr(status int, code, desc string) error { return &oauthError{status, code, desc} }

// debtError is a Debt API error (schema "error").
// spec: gjeldsinformasjon.md §6.0 family B, §13 item 5
type debtError struct {
	status int
	err    string
	desc   string
}

func (e *debtError) Error() string { return e.err + ": " + e.desc }

func debtErr(status int, err, desc string) error { return &debtError{status, err, desc} }

// springError is an Agreement/Feed API error (SpringErrorSchema); a 401
// has an empty body. spec: gjeldsinformasjon.md §6.0 family A, §13 item 6
type springError struct {
	status int
	msg    string
}

func (e *springError) Error() string { return e.msg }

func springErr(status int, msg string) error { return &springError{status, msg} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// unexpected logs an error no handler turned into a protocol error.
func (s *Service) unexpected(r *http.Request, err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	s.log.ErrorContext(r.Context(), "gjeld: internal error", "err", err, "path", r.URL.Path,
		"correlation_id", httpx.CorrelationID(r.Context()))
	return true
}

// oauth renders token-endpoint errors as RFC 6749 JSON.
func (s *Service) oauth(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		err := h(w, r)
		if err == nil {
			return
		}
		var e *oauthError
		if !errors.As(err, &e) {
			if !s.unexpected(r, err) {
				return
			}
			e = &oauthError{http.StatusInternalServerError, "server_error", "an unexpected server error occurred"}
		}
		if e.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="norskgjeld"`)
		}
		writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.desc})
	}
}

// traceID is the request's X-Trace-ID, or a new id. spec: R21
func traceID(r *http.Request) string {
	if t := r.Header.Get("X-Trace-ID"); t != "" && len(t) <= 200 {
		return t
	}
	return httpx.NewUUID()
}

// isoTime formats an instant as the API does: UTC, RFC 3339, "Z".
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// debt renders Debt API errors: {error, error_description, timestamp, trace_id}.
func (s *Service) debt(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tid := traceID(r)
		r.Header.Set("X-Trace-ID", tid)
		w.Header().Set("X-Trace-ID", tid)
		err := h(w, r)
		if err == nil {
			return
		}
		var e *debtError
		if !errors.As(err, &e) {
			if !s.unexpected(r, err) {
				return
			}
			e = &debtError{http.StatusInternalServerError, "server error", "An unexpected server error occurred"}
		}
		writeJSON(w, e.status, struct {
			Error       string `json:"error"`
			Description string `json:"error_description,omitempty"`
			Timestamp   string `json:"timestamp"`
			TraceID     string `json:"trace_id"`
		}{e.err, e.desc, isoTime(s.clock.Now()), tid})
	}
}

// spring renders Agreement and Feed API errors as SpringErrorSchema.
func (s *Service) spring(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *springError
		if !errors.As(err, &e) {
			if !s.unexpected(r, err) {
				return
			}
			e = &springError{http.StatusInternalServerError, "An unexpected server error occurred; you may retry the same request"}
		}
		if e.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		rid := httpx.CorrelationID(r.Context())
		if rid == "" || len(rid) > 64 {
			rid = strings.ReplaceAll(httpx.NewUUID(), "-", "")[:16]
		}
		writeJSON(w, e.status, struct {
			Status    int    `json:"status"`
			Timestamp string `json:"timestamp"`
			Path      string `json:"path"`
			Error     string `json:"error"`
			Message   string `json:"message,omitempty"`
			RequestID string `json:"requestId"`
		}{e.status, isoTime(s.clock.Now()), strings.TrimPrefix(r.URL.Path, s.prefix), http.StatusText(e.status), e.msg, rid})
	}
}
