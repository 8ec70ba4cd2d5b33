package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
)

// The Skatteetaten profile (utleggsbegjaering.md §4.3, trekkpaalegg.md
// §4): only the claims used are required; an unreadable consumer leaves
// EffectiveOrg empty for the API's 403 instead of a 401.
func TestMinimalClaimsProfile(t *testing.T) {
	v := verifier(t, func(c *auth.VerifierConfig) { c.MinimalClaims = true; c.Skew = 60 * time.Second })
	c := claims()
	delete(c, "client_amr")
	delete(c, "jti")
	delete(c, "client_id")
	c["token_type"] = "weird"
	c["consumer"] = map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:12345"}
	rec, caller := call(v, []string{"skatteetaten:trekkpaalegg"}, "Bearer "+mint(t, c))
	if rec.Code != 200 || caller.EffectiveOrg != "" {
		t.Fatalf("%d %+v", rec.Code, caller)
	}
	c = claims()
	c["iat"], c["exp"] = T.Unix()-200, T.Unix()-45 // inside the 60 s skew
	if rec, _ := call(v, nil, "Bearer "+mint(t, c)); rec.Code != 200 {
		t.Fatalf("60 s skew: %d", rec.Code)
	}
	delete(c, "scope")
	want401(t, v, mint(t, c))
}

func TestMoreIssuers(t *testing.T) {
	keys(t)
	v := verifier(t, func(c *auth.VerifierConfig) {
		c.MoreIssuers = []auth.TrustedIssuer{{Issuer: "https://test.maskinporten.no/", Keys: auth.StaticKeys{"mp-1": &other.PublicKey}}}
	})
	c := claims()
	c["iss"] = "https://test.maskinporten.no/"
	if rec, _ := call(v, nil, "Bearer "+mintWith(t, other, map[string]any{"kid": "mp-1", "alg": "RS256"}, "RS256", c)); rec.Code != 200 {
		t.Fatalf("second issuer: %d", rec.Code)
	}
	// Our key cannot sign for the other issuer.
	want401(t, v, mint(t, c))
	c["iss"] = "https://maskinporten.no/"
	want401(t, v, mintWith(t, other, map[string]any{"kid": "mp-1", "alg": "RS256"}, "RS256", c))
}

func TestMalformedTokens(t *testing.T) {
	v := verifier(t, nil)
	good := mint(t, claims())
	for _, tok := range []string{"x", "a.b", "a.b.c.d", good + "=", strings.Replace(good, ".", "..", 1),
		b64("[]") + "." + b64(claims()) + ".", b64(map[string]any{"alg": "RS256", "kid": "nmf-1"}) + "." + b64("x") + ".AA",
		mintWith(t, issuerKey, map[string]any{"alg": "RS256"}, "RS256", claims()), // no kid
		mintWith(t, issuerKey, map[string]any{"alg": "RS256", "kid": "nmf-1", "crit": []string{"exp"}}, "RS256", claims()),
	} {
		want401(t, v, tok)
	}
	rec, _ := call(v, nil, "Bearer ")
	if rec.Code != 401 {
		t.Fatalf("empty token: %d", rec.Code)
	}
}

func TestDefaultRendererAndChallenge(t *testing.T) {
	v := verifier(t, nil)
	rec, _ := call(v, []string{"a:b"}, "Bearer "+mint(t, claims()))
	var body map[string]string
	json.Unmarshal(rec.Body.Bytes(), &body)
	if rec.Code != 403 || body["error"] != "insufficient_scope" || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%d %v", rec.Code, body)
	}
	e := &auth.Error{Status: 401, Code: auth.CodeInvalidToken, Reason: `bad "quote" \ and` + "\n", Realm: `r"x`}
	if got := auth.WWWAuthenticate(e); got != `Bearer realm="r'x", error="invalid_token", error_description="bad 'quote' ' and "` {
		t.Fatalf("challenge %q", got)
	}
}

// A custom renderer gets the *Error and nothing is written for it.
func TestCustomRenderer(t *testing.T) {
	v := verifier(t, nil)
	var got *auth.Error
	h := v.Middleware(func(w http.ResponseWriter, r *http.Request, e *auth.Error) {
		got = e
		w.WriteHeader(e.Status)
		w.Write([]byte(`{"kode":"KB-004"}`))
	})(http.NotFoundHandler())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if got == nil || got.Status != 401 || rec.Body.String() != `{"kode":"KB-004"}` {
		t.Fatalf("%v %q", got, rec.Body.String())
	}
}

func TestRemoteJWKSStaleAndFailing(t *testing.T) {
	keys(t)
	js := &jwksServer{}
	js.keys.Store([]json.RawMessage{publicJWK(&issuerKey.PublicKey, "nmf-1")})
	up := true
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up {
			http.Error(w, "down", 503)
			return
		}
		js.ServeHTTP(w, r)
	}))
	wall := T
	remote := auth.NewRemoteJWKS(srv.URL, nil)
	remote.Now = func() time.Time { return wall }
	ctx := context.Background()
	if _, err := remote.PublicKey(ctx, "nmf-1"); err != nil {
		t.Fatal(err)
	}
	wall = wall.Add(25 * time.Hour)
	up = false
	// Stale and the issuer is down: the old set stays in use.
	if _, err := remote.PublicKey(ctx, "nmf-1"); err != nil {
		t.Fatalf("stale set not used while down: %v", err)
	}
	n := remote.Fetches()
	if _, err := remote.PublicKey(ctx, "nmf-1"); err != nil || remote.Fetches() != n {
		t.Fatalf("refetched within the failure backoff: %v", err)
	}
	up = true
	wall = wall.Add(10 * time.Second)
	if _, err := remote.PublicKey(ctx, "nmf-1"); err != nil || remote.Fetches() != n+1 {
		t.Fatalf("no refetch after backoff: %v", err)
	}
	// Never reachable: an error, not a panic.
	dead := auth.NewRemoteJWKS("http://127.0.0.1:1/jwk", nil)
	if _, err := dead.PublicKey(ctx, "x"); err == nil || errors.Is(err, auth.ErrUnknownKey) {
		t.Fatalf("dead issuer: %v", err)
	}
}

func TestParseJWKSSkipsOddKeys(t *testing.T) {
	keys(t)
	doc := `{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","kid":"ec"},
		{"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"},{"kty":"oct","k":"c2VjcmV0","kid":"hmac"},` +
		string(publicJWK(&issuerKey.PublicKey, "good")) + `]}`
	ks, err := auth.ParseJWKS([]byte(doc))
	if err != nil || len(ks) != 1 || ks["good"] == nil {
		t.Fatalf("%v %v", ks, err)
	}
	if _, err := auth.ParseJWKS([]byte(`{"nokeys":1}`)); err == nil {
		t.Fatal("document without keys accepted")
	}
}
