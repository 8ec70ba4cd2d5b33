package auth

import (
	"encoding/json"
	"net/http"
	"strings"
)

// RFC 6750 §3.1 error codes.
const (
	CodeInvalidRequest    = "invalid_request"
	CodeInvalidToken      = "invalid_token"
	CodeInsufficientScope = "insufficient_scope"
)

// Error is a refused request: Status 401 (no token, or a token that is
// not valid) or 403 (a valid token without the right scope, pid or
// organisation). Code is the RFC 6750 error ("" when no token was sent or
// for a 403 that carries no challenge); Reason is a short, token-free
// description fit for logs and error_description.
type Error struct {
	Status int
	Code   string
	Reason string
	// Scope is the required scope of an insufficient_scope error.
	Scope string
	// Realm names the protected API in the challenge.
	Realm string
}

// Error implements error.
func (e *Error) Error() string {
	if e.Code == "" {
		return "auth: " + e.Reason
	}
	return "auth: " + e.Code + ": " + e.Reason
}

// Unauthorized reports whether e is a 401.
func (e *Error) Unauthorized() bool { return e.Status == http.StatusUnauthorized }

func unauthorized(realm, reason string) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: CodeInvalidToken, Reason: reason, Realm: realm}
}

// InsufficientScope returns the 403 for a valid token lacking scope
// (spec: maskinporten.md §7 item 11).
func InsufficientScope(realm, scope string) *Error {
	return &Error{Status: http.StatusForbidden, Code: CodeInsufficientScope, Reason: "token lacks the required scope " + scope, Scope: scope, Realm: realm}
}

// Forbidden returns a 403 without a challenge (pid, acting organisation,
// system-user rights; spec: maskinporten.md §7 items 12–14).
func Forbidden(realm, reason string) *Error {
	return &Error{Status: http.StatusForbidden, Reason: reason, Realm: realm}
}

// WWWAuthenticate returns the RFC 6750 §3 WWW-Authenticate value for e, or
// "" when e is a 403 that carries no challenge.
func WWWAuthenticate(e *Error) string {
	if e == nil {
		return ""
	}
	if e.Status == http.StatusForbidden && e.Code != CodeInsufficientScope {
		return ""
	}
	var b strings.Builder
	b.WriteString(`Bearer realm="`)
	b.WriteString(quote(e.Realm))
	b.WriteByte('"')
	if e.Code != "" {
		b.WriteString(`, error="`)
		b.WriteString(e.Code)
		b.WriteByte('"')
		if e.Reason != "" && e.Code != CodeInsufficientScope {
			b.WriteString(`, error_description="`)
			b.WriteString(quote(e.Reason))
			b.WriteByte('"')
		}
		if e.Scope != "" {
			b.WriteString(`, scope="`)
			b.WriteString(quote(e.Scope))
			b.WriteByte('"')
		}
	}
	return b.String()
}

// quote makes s safe inside an RFC 7230 quoted-string: RFC 6750 allows
// only %x20-21 / %x23-5B / %x5D-7E in error_description.
func quote(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			c = '\''
			if s[i] < 0x20 || s[i] > 0x7e {
				c = ' '
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// DefaultRenderer writes e as RFC 6750 prescribes: the status, the
// WWW-Authenticate challenge and a small JSON body
// {"error": ..., "error_description": ...}. APIs with their own error
// vocabulary pass their own renderer to Middleware instead.
func DefaultRenderer(w http.ResponseWriter, r *http.Request, e *Error) {
	if v := WWWAuthenticate(e); v != "" {
		w.Header().Set("WWW-Authenticate", v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.Status)
	code := e.Code
	if code == "" {
		code = "unauthorized"
		if e.Status == http.StatusForbidden {
			code = "forbidden"
		}
	}
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": e.Reason})
}
