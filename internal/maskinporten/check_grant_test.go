package maskinporten_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// Conformance checks of spec/maskinporten.md §11, token endpoint part 2:
// certificates, replay, scopes, request shape, error format.

func TestCheck05_CertificateX5c(t *testing.T) {
	e := newEnv(t)
	cert := e.certificate(orgA)
	c := e.claims()
	c["iss"] = "c2"
	r := e.post(sign(t, cert.key, map[string]any{"alg": "RS256", "x5c": cert.x5c}, c))
	if r.status != 200 {
		t.Fatal(r)
	}
	_, claims := tokenClaims(t, r.body["access_token"].(string))
	if claims["client_amr"] != "virksomhetssertifikat" || claims["client_id"] != "c2" {
		t.Fatalf("claims %v", claims)
	}
}

func TestCheck06_X5cAsString(t *testing.T) {
	e := newEnv(t)
	cert := e.certificate(orgA)
	c := e.claims()
	c["iss"] = "c2"
	for _, x5c := range []any{cert.x5c[0], []any{1}, []any{"@@@"}, []any{}, cert.pem} {
		r := e.post(sign(t, cert.key, map[string]any{"alg": "RS256", "x5c": x5c}, c))
		e.wantError(r, 400, "invalid_grant", "MP-123", "Invalid JWT header x5c")
	}
	// No x5c at all for a certificate client.
	e.wantError(e.post(sign(t, cert.key, map[string]any{"alg": "RS256"}, c)), 400, "invalid_grant", "MP-123", "Invalid JWT header x5c")
}

func TestCheck07_UntrustedOrExpiredCertificate(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["iss"] = "c2"
	self := selfSigned(t, k2, orgA, T.Add(-time.Hour), T.AddDate(1, 0, 0))
	r := e.post(sign(t, k2, map[string]any{"alg": "RS256", "x5c": self.x5c}, c))
	e.wantError(r, 400, "invalid_grant", "MP-120", "Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.")

	cert := e.certificate(orgA) // valid 365 days
	later := T.AddDate(1, 0, 2)
	e.setClock(later)
	c["iat"], c["exp"] = later.Unix(), later.Unix()+60
	r = e.post(sign(t, cert.key, map[string]any{"alg": "RS256", "x5c": cert.x5c}, c))
	e.wantError(r, 400, "invalid_grant", "MP-120", "Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.")
}

func TestCheck07_PinnedSelfSignedCertificate(t *testing.T) {
	e := newEnv(t)
	self := selfSigned(t, k2, orgA, T.Add(-time.Hour), T.AddDate(1, 0, 0))
	e.admin("POST", "/clients", map[string]any{"client_id": "c-pinned", "org": orgA, "scopes": []string{scopeTP},
		"certificates": []string{self.pem}}, 201)
	c := e.claims()
	c["iss"] = "c-pinned"
	if r := e.post(sign(t, k2, map[string]any{"alg": "RS256", "x5c": self.x5c}, c)); r.status != 200 {
		t.Fatal(r)
	}
}

func TestCheck08_CertificateOfAnotherOrganisation(t *testing.T) {
	e := newEnv(t)
	cert := e.certificate(orgB)
	c := e.claims()
	c["iss"] = "c2"
	r := e.post(sign(t, cert.key, map[string]any{"alg": "RS256", "x5c": cert.x5c}, c))
	e.wantError(r, 400, "invalid_grant", "MP-122", "Invalid JWT. Invalid organization number for client. Does not match certificate orgno")
}

func TestCheck21_ReplayedGrant(t *testing.T) {
	e := newEnv(t)
	a := e.grant(e.claims())
	if r := e.post(a); r.status != 200 {
		t.Fatal(r)
	}
	e.wantError(e.post(a), 400, "invalid_grant", "MP-012", "Grant is used before")
	c := e.claims()
	c["jti"] = "same-jti"
	if r := e.post(e.grant(c)); r.status != 200 {
		t.Fatal(r)
	}
	c["scope"] = scopeTP + " " + scopeTP // a different assertion, same jti
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-012", "Grant is used before")
}

func TestCheck22_GrantWithoutJTI(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	delete(c, "jti")
	a := e.grant(c)
	if r := e.post(a); r.status != 200 {
		t.Fatal(r)
	}
	e.wantError(e.post(a), 400, "invalid_grant", "MP-012", "Grant is used before")
}

func TestCheck23_FailureDoesNotConsumeJTI(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["jti"] = "X"
	e.wantError(e.post(sign(t, k2, nil, c)), 400, "invalid_grant", "MP-124", "")
	if r := e.post(e.grant(c)); r.status != 200 {
		t.Fatal(r)
	}
}

func TestCheck24_ScopeNotOnClient(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["scope"] = "skatteetaten:utleggsbegjaering"
	e.wantError(e.post(e.grant(c)), 400, "invalid_scope", "MP-200", "Token request contains invalid scopes for client, skatteetaten:utleggsbegjaering")
	c = e.claims()
	c["scope"] = scopeTP + " skatteetaten:utleggsbegjaering"
	r := e.post(e.grant(c))
	e.wantError(r, 400, "invalid_scope", "MP-200", "Token request contains invalid scopes for client, skatteetaten:utleggsbegjaering")
	if _, ok := r.body["access_token"]; ok {
		t.Fatal("token issued with an invalid scope")
	}
	c["scope"], c["jti"] = "no:such", randomID()
	e.wantError(e.post(e.grant(c)), 400, "invalid_scope", "MP-200", "Token request contains invalid scopes for client, no:such")
}

func TestCheck25_ScopeNotGranted(t *testing.T) {
	e := newEnv(t)
	e.admin("POST", "/clients", map[string]any{"client_id": "c4", "org": orgA, "scopes": []string{"skatteetaten:utleggsbegjaering"},
		"grant_access": false, "jwks": map[string]any{"keys": []any{publicJWK(&k2.PublicKey, "k4")}}}, 201)
	c := e.claims()
	c["iss"], c["scope"] = "c4", "skatteetaten:utleggsbegjaering"
	r := e.post(sign(t, k2, map[string]any{"alg": "RS256", "kid": "k4"}, c))
	e.wantError(r, 403, "forbidden", "MP-250", "Consumer has not been granted access to the scope skatteetaten:utleggsbegjaering.")
}

func TestCheck26_ScopeNotForMaskinporten(t *testing.T) {
	e := newEnv(t)
	e.admin("POST", "/scopes", map[string]any{"name": "idporten:only", "allowed_integration_types": []string{"idporten"}}, 201)
	e.admin("POST", "/clients", map[string]any{"client_id": "c5", "org": orgA, "scopes": []string{"idporten:only"},
		"jwks": map[string]any{"keys": []any{publicJWK(&k2.PublicKey, "k5")}}}, 201)
	c := e.claims()
	c["iss"], c["scope"] = "c5", "idporten:only"
	r := e.post(sign(t, k2, map[string]any{"alg": "RS256", "kid": "k5"}, c))
	e.wantError(r, 400, "invalid_scope", "MP-201", "Token request contains scopes not allowed for maskinporten")
}

func TestCheck27_MissingScope(t *testing.T) {
	e := newEnv(t)
	for _, scope := range []any{nil, "", "   "} {
		c := e.claims()
		if scope == nil {
			delete(c, "scope")
		} else {
			c["scope"] = scope
		}
		e.wantError(e.post(e.grant(c)), 400, "invalid_scope", "", "")
	}
}

func TestCheck28_RequestShape(t *testing.T) {
	e := newEnv(t)
	a := e.grant(e.claims())
	e.wantError(e.postRaw("application/x-www-form-urlencoded", "grant_type=client_credentials&assertion="+a), 400, "unsupported_grant_type", "", "")
	e.wantError(e.postRaw("application/x-www-form-urlencoded", "assertion="+a), 400, "unsupported_grant_type", "", "")
	e.wantError(e.postRaw("application/x-www-form-urlencoded", "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"), 400, "invalid_request", "", "Missing required parameter: assertion")
	e.wantError(e.postRaw("application/json", `{"grant_type":"urn:ietf:params:oauth:grant-type:jwt-bearer","assertion":"`+a+`"}`), 400, "invalid_request", "", "")
	e.wantError(e.postRaw("application/x-www-form-urlencoded", "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=%zz"), 400, "invalid_request", "", "")
	e.wantError(e.postRaw("application/x-www-form-urlencoded", strings.Repeat("a", 70<<10)), 400, "invalid_request", "", "")
	resp, err := e.srv.Client().Get(e.issuer + "token")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Fatalf("GET token: %s %v", resp.Status, resp.Header)
	}
}

func TestCheck40_ErrorFormat(t *testing.T) {
	e := newEnv(t)
	a := e.grant(e.claims())
	bad := sign(t, k2, nil, e.claims())
	results := []tokenResult{
		e.post(bad),
		e.postRaw("application/json", "{}"),
		e.postRaw("application/x-www-form-urlencoded", "grant_type=x"),
		e.post("not.a.jwt"),
	}
	e.post(a)
	results = append(results, e.post(a))
	trace := regexp.MustCompile(` \(trace_id: [0-9a-f]{32}\)$`)
	for _, r := range results {
		if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || r.body["error"] == nil {
			t.Fatalf("not a JSON error: %v", r)
		}
		desc, _ := r.body["error_description"].(string)
		if !trace.MatchString(desc) {
			t.Fatalf("description %q lacks the trace id", desc)
		}
		if !strings.HasSuffix(desc, r.header.Get("X-Trace-Id")+")") {
			t.Fatalf("X-Trace-Id %q does not match %q", r.header.Get("X-Trace-Id"), desc)
		}
		if uri, ok := r.body["error_uri"].(string); ok && !regexp.MustCompile(`^`+regexp.QuoteMeta(e.issuer)+`errors/MP-\d{3}$`).MatchString(uri) {
			t.Fatalf("error_uri %q", uri)
		}
		if strings.Contains(r.raw, a) || strings.Contains(r.raw, bad) {
			t.Fatal("response contains the assertion")
		}
	}
}

// TestCheck40_RejectionLogHasNoAssertion: every rejection is logged with
// client id, reason and code, never with the assertion or a token.
func TestCheck40_RejectionLogHasNoAssertion(t *testing.T) {
	e := newEnv(t)
	bad := sign(t, k2, nil, e.claims())
	good := e.grant(e.claims())
	e.post(bad)
	r := e.post(good)
	e.post(good)
	logs := e.logs.String()
	for _, secret := range []string{bad, good, r.body["access_token"].(string)} {
		if strings.Contains(logs, secret) {
			t.Fatal("log contains an assertion or token")
		}
		// Not even the signature part.
		if sig := secret[strings.LastIndex(secret, ".")+1:]; strings.Contains(logs, sig) {
			t.Fatal("log contains a signature")
		}
	}
	for _, want := range []string{`"msg":"maskinporten: token request rejected"`, `"client_id":"c1"`, `"error_code":"MP-124"`, `"error_code":"MP-012"`, `"reason":"`} {
		if !strings.Contains(logs, want) {
			t.Fatalf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestCheck60_ExtraClaimsTolerated(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["sub"], c["nbf"] = "c1", T.Unix()
	r := e.post(sign(t, k1, map[string]any{"alg": "RS256", "kid": "k1", "typ": "JWT"}, c))
	if r.status != 200 {
		t.Fatal(r)
	}
	_, claims := tokenClaims(t, r.body["access_token"].(string))
	if _, ok := claims["sub"]; ok {
		t.Fatal("sub copied into the token")
	}
	if _, ok := claims["nbf"]; ok {
		t.Fatal("nbf copied into the token")
	}
	// nbf in the future beyond the window.
	c = e.claims()
	c["nbf"] = T.Unix() + 30
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-130", "JWT is not yet valid")
}

func TestCheck61_UnescapedGrantType(t *testing.T) {
	e := newEnv(t)
	a := e.grant(e.claims())
	r := e.postRaw("application/x-www-form-urlencoded; charset=UTF-8", "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion="+a)
	if r.status != 200 {
		t.Fatal(r)
	}
}

func TestCheck65_ScopeFailureUsesUpJTI(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["jti"], c["scope"] = "Y", "skatteetaten:utleggsbegjaering"
	e.wantError(e.post(e.grant(c)), 400, "invalid_scope", "MP-200", "")
	c["scope"] = scopeTP
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-012", "Grant is used before")
}
