package dsop

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// kind is an API-neutral failure; each API maps it to its own status and
// code (spec: dsop-kontroll.md §7.1 for the control API, §7.2 for the
// kundeforhold API).
type kind int

const (
	kindUnknownRoute kind = iota + 1
	kindMethod
	kindUnauthorized
	kindForbidden
	kindRateLimit
	kindAccept
	kindParam      // any other invalid input
	kindCustomerID // CustomerID / PartyID
	kindPeriod     // fromDate / toDate
	kindRefUnknown
	kindRefGone
	kindDependency
	kindInternal
	kindUnavailable
)

type statusCode struct {
	status int
	code   string
}

// spec: dsop-kontroll.md §7.1.
var controlCodes = map[kind]statusCode{
	kindUnknownRoute: {404, "ACC-002"},
	kindMethod:       {405, "ACC-012"},
	kindUnauthorized: {401, "ACC-010"},
	kindForbidden:    {403, "ACC-011"},
	kindRateLimit:    {429, "ACC-022"},
	kindAccept:       {406, "ACC-013"},
	kindParam:        {400, "ACC-001"},
	kindCustomerID:   {400, "ACC-001"},
	kindPeriod:       {400, "ACC-001"},
	kindRefUnknown:   {404, "ACC-002"},
	kindRefGone:      {404, "ACC-003"},
	kindDependency:   {500, "ACC-100"},
	kindInternal:     {500, "ACC-500"},
	kindUnavailable:  {503, "ACC-100"},
}

// spec: dsop-kontroll.md §7.2.
var kundeforholdCodes = map[kind]statusCode{
	kindUnknownRoute: {404, "ERR-011"},
	kindMethod:       {405, "ERR-006"},
	kindUnauthorized: {401, "ERR-001"},
	kindForbidden:    {403, "ERR-001"},
	kindRateLimit:    {429, "ERR-008"},
	kindAccept:       {406, "ERR-007"},
	kindParam:        {400, "ERR-005"},
	kindCustomerID:   {400, "ERR-002"},
	kindPeriod:       {400, "ERR-003"},
	kindRefUnknown:   {404, "ERR-011"},
	kindRefGone:      {404, "ERR-011"},
	kindDependency:   {500, "ERR-009"},
	kindInternal:     {500, "ERR-009"},
	kindUnavailable:  {504, "ERR-010"},
}

// apiError is a refused request, rendered by the API's own writer.
type apiError struct {
	kind kind
	msg  string
	// challenge is the WWW-Authenticate value (§3.2), "" for none.
	challenge string
	// retryAfter is the Retry-After value in seconds on a 429.
	retryAfter int
	// cause is an underlying error for the log, never shown.
	cause error
}

func (e *apiError) Error() string {
	if e.cause != nil {
		return e.msg + ": " + e.cause.Error()
	}
	return e.msg
}

func fail(k kind, format string, args ...any) *apiError {
	return &apiError{kind: k, msg: fmt.Sprintf(format, args...)}
}

func dependency(err error) *apiError {
	return &apiError{kind: kindDependency, msg: "Bakenforliggende system er utilgjengelig. Prøv igjen senere.", cause: err}
}

// api says which vocabulary a response uses.
type api int

const (
	apiControl api = iota
	apiKundeforhold
)

func (a api) codes(k kind) statusCode {
	if a == apiKundeforhold {
		return kundeforholdCodes[k]
	}
	return controlCodes[k]
}

// writeError renders e as a JSON error body, never encrypted (spec:
// dsop-kontroll.md §4.4, §7.1 exact keys code+message; §7.2 the five
// keys errorCode, errorMessage, timestamp, code, message).
func writeError(w http.ResponseWriter, a api, e *apiError, now time.Time) statusCode {
	sc := a.codes(e.kind)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	if e.challenge != "" {
		h.Set("WWW-Authenticate", e.challenge)
	}
	if e.kind == kindMethod {
		h.Set("Allow", "GET")
	}
	if e.kind == kindRateLimit {
		ra := e.retryAfter
		if ra < 1 {
			ra = 1
		}
		h.Set("Retry-After", strconv.Itoa(ra))
	}
	var body []byte
	if a == apiKundeforhold {
		body, _ = json.Marshal(struct {
			ErrorCode    string `json:"errorCode"`
			ErrorMessage string `json:"errorMessage"`
			Timestamp    string `json:"timestamp"`
			Code         string `json:"code"`
			Message      string `json:"message"`
		}{sc.code, e.msg, now.UTC().Truncate(time.Second).Format(time.RFC3339), sc.code, e.msg})
	} else {
		body, _ = json.Marshal(struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}{sc.code, e.msg})
	}
	w.WriteHeader(sc.status)
	w.Write(body)
	return sc
}
