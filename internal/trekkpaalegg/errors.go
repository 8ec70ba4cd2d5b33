package trekkpaalegg

import (
	"encoding/json"
	"net/http"
	"regexp"

	"github.com/namsfogd/namsfogd/internal/httpx"
)

// Error codes of the API (spec: trekkpaalegg.md §11).
const (
	KodeUventet        = "KB-001" // 500 unexpected error
	KodeBakenforligger = "KB-002" // 500 storage unavailable
	KodeUkjentURL      = "KB-003" // 404 unknown path; body of 405
	KodeAutentisering  = "KB-004" // 401 missing/invalid/expired token
	KodeTilgang        = "KB-005" // 403 scope or organisation not allowed
	KodeValidering     = "KB-006" // 400 bad query or path parameter
	KodeDataformat     = "KB-008" // 406 Accept excludes JSON
	KodeIngenTreff     = "KB-009" // 404 unknown or foreign trekkid/trekkversjon
)

// Feil is the error body (spec: §6.5, §11): korrelasjonsid is a string.
type Feil struct {
	Kode           string `json:"kode"`
	Melding        string `json:"melding"`
	Korrelasjonsid string `json:"korrelasjonsid"`
}

// apiError is an error a handler returns; writeError renders it.
type apiError struct {
	status    int
	kode      string
	melding   string
	challenge string // WWW-Authenticate value for 401/403
	allow     string // Allow value for 405
}

func (e *apiError) Error() string { return e.kode + ": " + e.melding }

func fail(status int, kode, melding string) *apiError {
	return &apiError{status: status, kode: kode, melding: melding}
}

// contentType is the media type of every response (spec: §5.1).
const contentType = "application/json; charset=UTF-8"

// korrelasjonsHeader is Skatteetaten's correlation header (spec: §5.1).
const korrelasjonsHeader = "Korrelasjonsid"

var safeKorrelasjonsid = regexp.MustCompile(`^[A-Za-z0-9._:\-]{1,128}$`)

// korrelasjonsid returns the request's Korrelasjonsid when it is a safe
// token, else the correlation id the server assigned, else a new UUID
// (spec: §5.1, §16 item 5).
func korrelasjonsid(r *http.Request) string {
	if v := r.Header.Get(korrelasjonsHeader); v != "" && safeKorrelasjonsid.MatchString(v) {
		return v
	}
	if id := httpx.CorrelationID(r.Context()); id != "" {
		return id
	}
	return httpx.NewUUID()
}

// writeError renders e as {kode, melding, korrelasjonsid}.
func writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	id := korrelasjonsid(r)
	h := w.Header()
	h.Set(korrelasjonsHeader, id)
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	if e.challenge != "" {
		h.Set("WWW-Authenticate", e.challenge)
	}
	if e.allow != "" {
		h.Set("Allow", e.allow)
	}
	w.WriteHeader(e.status)
	if r.Method == http.MethodHead {
		return
	}
	b, _ := json.Marshal(Feil{Kode: e.kode, Melding: e.melding, Korrelasjonsid: id})
	w.Write(append(b, '\n'))
}
