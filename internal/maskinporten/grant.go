package maskinporten

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth/jws"
	"github.com/namsfogd/namsfogd/internal/ident"
)

const (
	grantTypeJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	// maxTokenRequest is the body limit of the token endpoint (§12 item 15).
	maxTokenRequest = 64 << 10
	// maxJTI bounds the stored grant identifier.
	maxJTI = 256
	// maxScopes bounds the number of scopes in one grant.
	maxScopes = 50
)

// readTokenRequest applies §2.4 step 1 and returns the assertion.
func readTokenRequest(w http.ResponseWriter, r *http.Request) (string, *tokenError) {
	if r.Method != http.MethodPost {
		return "", errMethod().why("method " + r.Method)
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		// spec: maskinporten.md §2.1 — a JSON body is invalid_request.
		return "", requestErr("", "The request body must be application/x-www-form-urlencoded").why("content type")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxTokenRequest))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", requestErr("", "The request body is too large").why("body too large")
		}
		return "", requestErr("", "The request body could not be read").why("read body")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return "", requestErr("", "The request body is not a valid form").why("form parse")
	}
	if gt := form["grant_type"]; len(gt) != 1 || gt[0] != grantTypeJWTBearer {
		return "", errGrantType().why("grant_type")
	}
	if a := form["assertion"]; len(a) != 1 || a[0] == "" {
		return "", requestErr("", "Missing required parameter: assertion").why("assertion missing")
	}
	return form["assertion"][0], nil
}

// grant is a parsed, not yet verified, JWT-bearer assertion (§2.2, §2.3).
type grant struct {
	tok *jws.Token

	iss         string
	aud         []string
	hasAud      bool
	scope       string
	hasScope    bool
	iat, exp    time.Time
	hasIat      bool
	hasExp      bool
	nbf         time.Time
	hasNbf      bool
	jti         string
	resource    []string
	pid         string
	consumerOrg string
	hasConsumer bool
	onBehalfOf  bool
	authDetails json.RawMessage
	hasRAR      bool
}

// parseAssertion applies §2.4 steps 2 and 3 and reads the claims with
// their types; a claim of the wrong type is MP-011.
func parseAssertion(assertion string) (*grant, *tokenError) {
	tok, err := jws.Parse(assertion)
	if err != nil {
		return nil, errInvalidValue("").why("assertion is not a compact JWS")
	}
	// spec: maskinporten.md §2.4 step 3 — never verify with a "secret".
	if err := tok.CheckAlg("RS256", "RS384", "RS512"); err != nil {
		return nil, errSignature().why("algorithm " + printable(tok.Header.Alg) + " not allowed")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(tok.Payload, &raw); err != nil {
		return nil, errInvalidValue("").why("claims")
	}
	g := &grant{tok: tok}
	bad := func(name string) (*grant, *tokenError) {
		return nil, errInvalidValue("").why("claim " + name + " has a bad value")
	}
	for name, v := range raw {
		if bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			continue
		}
		var ok bool
		switch name {
		case "iss":
			ok = json.Unmarshal(v, &g.iss) == nil
		case "aud":
			g.aud, ok = stringOrArray(v)
			g.hasAud = true
		case "scope":
			ok = json.Unmarshal(v, &g.scope) == nil
			g.hasScope = true
		case "iat":
			g.iat, ok = numericDate(v)
			g.hasIat = true
		case "exp":
			g.exp, ok = numericDate(v)
			g.hasExp = true
		case "nbf":
			g.nbf, ok = numericDate(v)
			g.hasNbf = true
		case "jti":
			ok = json.Unmarshal(v, &g.jti) == nil && len(g.jti) <= maxJTI
		case "resource":
			g.resource, ok = stringOrArray(v)
			ok = ok && len(g.resource) > 0 && len(g.resource) <= 10 && allNonEmpty(g.resource)
		case "pid":
			// spec: maskinporten.md §11 check 35 — an invalid fnr is MP-011.
			ok = json.Unmarshal(v, &g.pid) == nil && ident.ValidateNIN(g.pid) == nil
		case "consumer_org":
			ok = json.Unmarshal(v, &g.consumerOrg) == nil
			g.hasConsumer = true
		case "iss_onbehalfof":
			g.onBehalfOf, ok = true, true
		case "authorization_details":
			g.authDetails, g.hasRAR, ok = v, true, true
		default:
			ok = true // sub, nbf-like extras, typ, ...: ignored (§2.3)
		}
		if !ok {
			return bad(name)
		}
	}
	return g, nil
}

func stringOrArray(v json.RawMessage) ([]string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return []string{s}, true
	}
	var a []string
	if json.Unmarshal(v, &a) == nil {
		return a, true
	}
	return nil, false
}

func allNonEmpty(xs []string) bool {
	for _, x := range xs {
		if x == "" {
			return false
		}
	}
	return true
}

// numericDate reads a JSON number of seconds (RFC 7519 §2), truncating a
// fraction.
func numericDate(v json.RawMessage) (time.Time, bool) {
	var f float64
	if json.Unmarshal(v, &f) != nil || math.IsNaN(f) || math.Abs(f) > 1<<40 {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0).UTC(), true
}

// scopes splits the scope claim on spaces, dropping empties and
// duplicates, keeping order.
func (g *grant) scopes() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range strings.Fields(g.scope) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// printable shortens and cleans a header value for a log line.
func printable(s string) string { return logSafe(s, 20) }

// logSafe shortens s to n bytes and replaces non-printable characters.
func logSafe(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}
