package httpx

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

type ctxKey int

const correlationKey ctxKey = 1

// CorrelationHeaders are the request headers an incoming correlation id is
// taken from, in order: DSOP's CorrelationID, Skatteetaten's
// Korrelasjonsid, and the common X-Correlation-ID and X-Request-ID.
var CorrelationHeaders = []string{"CorrelationID", "Korrelasjonsid", "X-Correlation-ID", "X-Request-ID"}

// ResponseCorrelationHeader is the response header that echoes the id.
const ResponseCorrelationHeader = "X-Correlation-ID"

var safeID = regexp.MustCompile(`^[A-Za-z0-9._:\-]{1,128}$`)

// CorrelationID returns the request's correlation id ("" outside a request).
func CorrelationID(ctx context.Context) string {
	s, _ := ctx.Value(correlationKey).(string)
	return s
}

// WithCorrelationID returns ctx carrying id.
func WithCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationKey, id)
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Correlate takes the correlation id from the request (when it is a safe
// token) or makes a new one, stores it in the context and echoes it.
func Correlate(next http.Handler) http.Handler { return CorrelateExcept(next) }

// CorrelateExcept is Correlate, but it does not add its response header
// under the given path prefixes: APIs whose specification allows no other
// custom headers (DSOP, spec: dsop-kontroll.md §4.5) echo their own.
func CorrelateExcept(next http.Handler, quietPrefixes ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := ""
		for _, h := range CorrelationHeaders {
			if v := r.Header.Get(h); v != "" && safeID.MatchString(v) {
				id = v
				break
			}
		}
		if id == "" {
			id = NewUUID()
		}
		quiet := false
		for _, p := range quietPrefixes {
			if strings.HasPrefix(r.URL.Path, p) {
				quiet = true
				break
			}
		}
		if !quiet {
			w.Header().Set(ResponseCorrelationHeader, id)
		}
		next.ServeHTTP(w, r.WithContext(WithCorrelationID(r.Context(), id)))
	})
}
