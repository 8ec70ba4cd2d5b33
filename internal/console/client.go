package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/namsfogd/namsfogd/internal/httpx"
)

// maxAPIAnswer bounds what the console reads from one API answer.
const maxAPIAnswer = 32 << 20

// apiClient calls the operator API in-process: it builds a request and
// serves it on the server's own handler, which checks the operator token
// as it would for any client.
type apiClient struct {
	h     http.Handler
	token string
}

// apiError is a non-2xx answer of the operator API, in its own words
// ({"error", "field", "message"}; other APIs' error bodies are read as
// well as they can be).
type apiError struct {
	Status  int
	Code    string
	Field   string
	Message string
}

func (e *apiError) Error() string {
	if e.Field != "" && !strings.Contains(e.Message, e.Field) {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// statusOf is the status of an API answer (500 for any other error).
func statusOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return http.StatusInternalServerError
}

// isStatus reports whether err is an API answer with the status.
func isStatus(err error, status int) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Status == status
}

// answer is a captured response.
type answer struct {
	status int
	header http.Header
	body   bytes.Buffer
	full   bool
}

func (a *answer) Header() http.Header { return a.header }

func (a *answer) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
}

func (a *answer) Write(p []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.body.Len()+len(p) > maxAPIAnswer {
		a.full = true
		return 0, errors.New("console: API answer too large")
	}
	return a.body.Write(p)
}

// call sends method path (with query) and body (JSON-encoded when not
// nil) and decodes a 2xx JSON answer into out (when not nil). hdr holds
// extra header name, value pairs; a "Authorization" pair replaces the
// operator token. A non-2xx answer is an *apiError.
func (c *apiClient) call(ctx context.Context, method, path string, query url.Values, body, out any, hdr ...string) error {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	u := path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	req.RemoteAddr = "console"
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if id := httpx.CorrelationID(ctx); id != "" {
		req.Header.Set(httpx.ResponseCorrelationHeader, id)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	a := &answer{header: http.Header{}}
	c.h.ServeHTTP(a, req)
	if a.full {
		return fmt.Errorf("console: %s %s: answer larger than %d bytes", method, path, maxAPIAnswer)
	}
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.status < 200 || a.status > 299 {
		return readAPIError(a.status, a.body.Bytes())
	}
	if out == nil || a.body.Len() == 0 {
		return nil
	}
	if err := json.Unmarshal(a.body.Bytes(), out); err != nil {
		return fmt.Errorf("console: %s %s: unexpected answer: %w", method, path, err)
	}
	return nil
}

// readAPIError reads the error body of any of the APIs: the operator
// API's {"error", "field", "message"}, OAuth2's error_description,
// problem details' detail/title, Skatteetaten's melding.
func readAPIError(status int, body []byte) *apiError {
	e := &apiError{Status: status}
	if status < 400 {
		// A redirect or an informational answer is no answer the console
		// can show; it is the API misbehaving.
		e.Status = http.StatusBadGateway
		e.Message = "unexpected answer " + http.StatusText(status)
		return e
	}
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		str := func(keys ...string) string {
			for _, k := range keys {
				if s, ok := m[k].(string); ok && s != "" {
					return s
				}
			}
			return ""
		}
		e.Code = str("error", "kode", "code")
		e.Field = str("field")
		e.Message = str("message", "error_description", "detail", "melding", "title")
	}
	if e.Message == "" {
		e.Message = strings.TrimSpace(string(body))
		if len(e.Message) > 300 {
			e.Message = e.Message[:300] + "…"
		}
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}
