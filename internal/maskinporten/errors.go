package maskinporten

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
)

// OAuth error codes of the token endpoint (spec: maskinporten.md §4.2,
// §12 item 5). invalid_client is deliberately absent: there is no client
// authentication apart from the grant.
const (
	errInvalidGrant         = "invalid_grant"
	errInvalidRequest       = "invalid_request"
	errInvalidScope         = "invalid_scope"
	errUnsupportedGrantType = "unsupported_grant_type"
	errForbidden            = "forbidden"
	errAltinnCustomer       = "invalid_altinn_customer_configuration"
	errServer               = "server_error"
)

// tokenError is a refused token request: the OAuth error, the
// description of §4.2 (without the trace suffix), the MP code that
// becomes error_uri, and an internal reason for the log. None of them
// ever contains the assertion.
type tokenError struct {
	status int
	code   string
	desc   string
	mp     string
	reason string
}

// Error implements error.
func (e *tokenError) Error() string { return e.code + ": " + e.desc }

// why sets the log reason and returns e.
func (e *tokenError) why(reason string) *tokenError {
	e.reason = reason
	return e
}

func grantErr(mp, desc string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: errInvalidGrant, desc: desc, mp: mp}
}

// The catalogue of §4.2, texts as in data/maskinporten/token-error-examples.json.
func errClientAuth() *tokenError {
	return grantErr("MP-100", "Invalid assertion. Client authentication failed.")
}
func errAudience() *tokenError {
	return grantErr("MP-110", "Invalid assertion. Client authentication failed. Invalid JWT claim aud.")
}
func errCertificate() *tokenError {
	return grantErr("MP-120", "Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.")
}
func errExpiredKey() *tokenError {
	return grantErr("MP-121", "Invalid assertion. Client authentication failed. Expired key.")
}
func errCertOrg() *tokenError {
	return grantErr("MP-122", "Invalid JWT. Invalid organization number for client. Does not match certificate orgno")
}
func errX5c() *tokenError { return grantErr("MP-123", "Invalid JWT header x5c") }
func errSignature() *tokenError {
	return grantErr("MP-124", "Invalid assertion. Client authentication failed. Invalid JWT signature.")
}
func errExpired() *tokenError     { return grantErr("MP-130", "JWT is expired") }
func errNotYetValid() *tokenError { return grantErr("MP-130", "JWT is not yet valid") }
func errReplay() *tokenError      { return grantErr("MP-012", "Grant is used before") }
func errIssuedInFuture() *tokenError {
	return grantErr("", "Issue time is after now")
}
func errUnknownKid() *tokenError {
	return grantErr("", "Invalid assertion. Client authentication failed. Unknown key identifier (kid) for client.")
}
func errKidRequired() *tokenError {
	return grantErr("", "Invalid assertion. Client authentication failed. Invalid JWT. The client requires pre-registered jwk and no key identifier (kid) provided")
}

func requestErr(mp, desc string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: errInvalidRequest, desc: desc, mp: mp}
}

// errInvalidValue is MP-011; detail, if any, follows the documented prefix.
func errInvalidValue(detail string) *tokenError {
	d := "Invalid assertion. Invalid parameter value"
	if detail != "" {
		d += ": " + detail
	}
	return requestErr("MP-011", d)
}
func errConsumerOrgOwn() *tokenError {
	return requestErr("", "Validation of JWT claim failed: The combination consumer_org in claim and delegation scope on client is invalid")
}
func errRARType() *tokenError { return requestErr("MP-301", "Unknown authorization details type") }
func errRARFields() *tokenError {
	return requestErr("MP-302", "Unknown fields in the authorization details")
}
func errRARValues() *tokenError { return requestErr("MP-303", "Invalid authorization details values") }
func errNoSystemUser() *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: errAltinnCustomer, mp: "MP-303",
		desc: "No system user found for the given client and organisation"}
}

func errScopesNotOnClient(scopes []string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: errInvalidScope, mp: "MP-200",
		desc: "Token request contains invalid scopes for client, " + strings.Join(scopes, ", ")}
}
func errScopesNotMaskinporten() *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: errInvalidScope, mp: "MP-201",
		desc: "Token request contains scopes not allowed for maskinporten"}
}
func errNoScope() *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: errInvalidScope, desc: "Token request contains no scope"}
}
func errNotGranted(scope string) *tokenError {
	return &tokenError{status: http.StatusForbidden, code: errForbidden, mp: "MP-250",
		desc: "Consumer has not been granted access to the scope " + scope + "."}
}
func errNotDelegated(consumer, scope, supplier string) *tokenError {
	return &tokenError{status: http.StatusForbidden, code: errForbidden, mp: "MP-251",
		desc: "Consumer " + consumer + " has not delegated access to the scope " + scope + " to supplier " + supplier + "."}
}
func errGrantType() *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: errUnsupportedGrantType,
		desc: "Only " + grantTypeJWTBearer + " is supported"}
}
func errMethod() *tokenError {
	return &tokenError{status: http.StatusMethodNotAllowed, code: errInvalidRequest, desc: "The token endpoint accepts only POST"}
}
func errInternal(reason string) *tokenError {
	return &tokenError{status: http.StatusInternalServerError, code: errServer, desc: "The server could not process the request", reason: reason}
}

// tokenErrorBody is the JSON of §4.1.
type tokenErrorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorURI         string `json:"error_uri,omitempty"`
}

// body renders e with the trace id appended to the description (§12 item 6).
func (s *Service) body(e *tokenError, traceID string) tokenErrorBody {
	b := tokenErrorBody{Error: e.code, ErrorDescription: e.desc + " (trace_id: " + traceID + ")"}
	if e.mp != "" {
		b.ErrorURI = s.issuer + "errors/" + e.mp
	}
	return b
}

// writeTokenError is the one writer of token-endpoint errors.
func (s *Service) writeTokenError(w http.ResponseWriter, e *tokenError, traceID string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("X-Trace-Id", traceID)
	if e.status == http.StatusMethodNotAllowed {
		h.Set("Allow", http.MethodPost)
	}
	w.WriteHeader(e.status)
	json.NewEncoder(w).Encode(s.body(e, traceID))
}

// newTraceID returns 32 hex digits (§4.1).
func newTraceID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
