package nordigen

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
)

// titles are the fixed titles of the error codes (spec §9.2).
var titles = map[string]string{
	"API_REQUIRED_PARAMS_MISSING":   "Required Parameters Missing",
	"INVALID_PARAMS":                "Invalid Parameters",
	"MALFORMED_REQUEST_BODY":        "Malformed Request Body",
	"UNSUPPORTED_COUNTRY_REQUESTED": "Unsupported Country",
	"UNSUPPORTED_OPERATION":         "Unsupported Operation",
	"UNKNOWN_MODEL":                 "Unknown Model",
	"WEBHOOK_NOT_CONFIGURED":        "Webhook Not Configured",
	"NO_SUITABLE_PARSERS":           "No Suitable Parser",
	"PDF_PARSE_FAILURE":             "PDF Not Supported",
	"INVALID_ENCODING":              "Invalid Encoding",
	"INVALID_STATEMENT":             "Invalid Statement",
	"EMPTY_STATEMENT":               "Empty Statement",
	"EXCEEDED_LIMIT":                "Limit Exceeded",
	"UNSUPPORTED_GRANT_TYPE":        "Unsupported Grant Type",
	"INVALID_AUDIENCE":              "Invalid Audience",
	"INVALID_CLIENT":                "Invalid Client",
	"INVALID_TOKEN":                 "Invalid Token",
	"FORBIDDEN":                     "Forbidden",
	"NOT_FOUND":                     "Not Found",
	"METHOD_NOT_ALLOWED":            "Method Not Allowed",
	"ANALYSIS_ALREADY_REQUESTED":    "Analysis Already Requested",
	"GONE":                          "Gone",
	"PAYLOAD_TOO_LARGE":             "Payload Too Large",
	"UNSUPPORTED_MEDIA_TYPE":        "Unsupported Media Type",
	"RATE_LIMIT":                    "Too Many Requests",
	"UNKNOWN_ERROR":                 "Internal Error",
	"SERVICE_UNAVAILABLE":           "Service Unavailable",
	"TIMEOUT_PROCESSING":            "Processing Timed Out",
}

var statusOf = map[string]int{
	"INVALID_CLIENT": 401, "INVALID_TOKEN": 401, "FORBIDDEN": 403, "NOT_FOUND": 404,
	"METHOD_NOT_ALLOWED": 405, "ANALYSIS_ALREADY_REQUESTED": 409, "GONE": 410,
	"PAYLOAD_TOO_LARGE": 413, "UNSUPPORTED_MEDIA_TYPE": 415, "RATE_LIMIT": 429,
	"UNKNOWN_ERROR": 500, "SERVICE_UNAVAILABLE": 503,
}

// problem is one error object of the §9.1 array.
type problem struct {
	Title     string   `json:"title"`
	Detail    string   `json:"detail"`
	ErrorCode string   `json:"error-code"`
	Source    []string `json:"source"`
}

// apiError is an error answer: one or more problems sharing one status.
type apiError struct {
	status   int
	problems []problem
	header   http.Header
}

func (e *apiError) Error() string { return e.problems[0].ErrorCode + ": " + e.problems[0].Detail }

// fail builds a one-problem error for a code.
func fail(code, detail string, source ...string) *apiError {
	st, ok := statusOf[code]
	if !ok {
		st = http.StatusBadRequest
	}
	if source == nil {
		source = []string{}
	}
	return &apiError{status: st, problems: []problem{{Title: titles[code], Detail: detail, ErrorCode: code, Source: source}}}
}

// and adds another problem with the same status.
func (e *apiError) and(code, detail string, source ...string) *apiError {
	if source == nil {
		source = []string{}
	}
	e.problems = append(e.problems, problem{Title: titles[code], Detail: detail, ErrorCode: code, Source: source})
	return e
}

func (e *apiError) with(k, v string) *apiError {
	if e.header == nil {
		e.header = http.Header{}
	}
	e.header.Set(k, v)
	return e
}

// writeError renders any error: an *apiError as itself, anything else as
// a logged 500 UNKNOWN_ERROR with a generic body.
func (s *Service) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.ErrorContext(r.Context(), "nordigen: internal error", slog.String("path", r.URL.Path), slog.Any("err", err))
		ae = fail("UNKNOWN_ERROR", "An unexpected error occurred; it has been logged.")
	}
	for k, v := range ae.header {
		w.Header()[k] = v
	}
	writeJSON(w, ae.status, ae.problems)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshal(v)
	if err != nil {
		status, b = 500, []byte(`[{"title":"Internal Error","detail":"response encoding failed","error-code":"UNKNOWN_ERROR","source":[]}]`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// marshal encodes JSON without escaping non-ASCII or HTML characters
// (spec §1.2).
func marshal(v any) ([]byte, error) {
	var buf jsonBuffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.b, nil
}

type jsonBuffer struct{ b []byte }

func (j *jsonBuffer) Write(p []byte) (int, error) { j.b = append(j.b, p...); return len(p), nil }
