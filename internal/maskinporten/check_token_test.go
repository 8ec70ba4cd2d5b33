package maskinporten_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/auth/jws"
)

// Conformance checks of spec/maskinporten.md §11, token endpoint part 1.

func TestCheck01_ValidGrant(t *testing.T) {
	e := newEnv(t)
	r := e.post(e.grant(e.claims()))
	if r.status != 200 {
		t.Fatal(r)
	}
	if r.body["token_type"] != "Bearer" || r.body["scope"] != scopeTP || r.body["access_token"] == "" {
		t.Fatalf("body %v", r.body)
	}
	if n, ok := r.body["expires_in"].(float64); !ok || n != float64(int64(n)) || n > 120 || n < 1 {
		t.Fatalf("expires_in %v", r.body["expires_in"])
	}
	if r.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("headers %v", r.header)
	}
}

func TestCheck02_TokenHeaderIsKidAndAlg(t *testing.T) {
	e := newEnv(t)
	r := e.post(e.grant(e.claims()))
	tok, err := jws.Parse(r.body["access_token"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	json.Unmarshal(tok.HeaderJSON, &h)
	if len(h) != 2 || h["alg"] != "RS256" || h["kid"] == "" {
		t.Fatalf("header %s", tok.HeaderJSON)
	}
	keys := jwks(t, e)
	if _, ok := keys[h["kid"].(string)]; !ok {
		t.Fatalf("kid %v not in JWKS", h["kid"])
	}
}

func jwks(t *testing.T, e *env) auth.StaticKeys {
	t.Helper()
	resp, err := http.Get(e.issuer + "jwk")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	json.NewDecoder(resp.Body).Decode(&raw)
	keys, err := auth.ParseJWKS(raw)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestCheck03_TokenClaims(t *testing.T) {
	e := newEnv(t)
	r := e.post(e.grant(e.claims()))
	_, c := tokenClaims(t, r.body["access_token"].(string))
	if c["iss"] != e.issuer || c["client_id"] != "c1" || c["client_amr"] != "private_key_jwt" || c["token_type"] != "Bearer" || c["scope"] != scopeTP {
		t.Fatalf("claims %v", c)
	}
	cons, _ := c["consumer"].(map[string]any)
	if cons["authority"] != "iso6523-actorid-upis" || cons["ID"] != "0192:"+orgA {
		t.Fatalf("consumer %v", c["consumer"])
	}
	iat, _ := c["iat"].(json.Number).Int64()
	exp, _ := c["exp"].(json.Number).Int64()
	if iat != T.Unix() || exp != iat+120 {
		t.Fatalf("iat %d exp %d", iat, exp)
	}
	if jti, _ := c["jti"].(string); !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(jti) {
		t.Fatalf("jti %q", jti)
	}
	for _, absent := range []string{"aud", "supplier", "client_orgno", "delegation_source", "authorization_details", "pid"} {
		if _, ok := c[absent]; ok {
			t.Fatalf("unexpected %s in %v", absent, c)
		}
	}
	r2 := e.post(e.grant(e.claims()))
	_, c2 := tokenClaims(t, r2.body["access_token"].(string))
	if c2["jti"] == c["jti"] {
		t.Fatal("jti not unique")
	}
}

func TestCheck04_Metadata(t *testing.T) {
	e := newEnv(t)
	var m map[string]any
	getJSON(t, e.issuer+".well-known/oauth-authorization-server", &m)
	want := map[string]any{
		"issuer": e.issuer, "token_endpoint": e.issuer + "token", "jwks_uri": e.issuer + "jwk",
		"token_endpoint_auth_methods_supported":            []any{"private_key_jwt"},
		"grant_types_supported":                            []any{"urn:ietf:params:oauth:grant-type:jwt-bearer"},
		"token_endpoint_auth_signing_alg_values_supported": []any{"RS256", "RS384", "RS512"},
		"authorization_details_types_supported":            []any{"urn:altinn:systemuser"},
	}
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(m)
	if string(wb) != string(gb) {
		t.Fatalf("metadata\n got %s\nwant %s", gb, wb)
	}
	// jwks_uri serves keys that verify check 1's token.
	r := e.post(e.grant(e.claims()))
	v := auth.NewVerifier(auth.VerifierConfig{Issuer: e.issuer, Keys: auth.NewRemoteJWKS(m["jwks_uri"].(string), nil), Clock: e.clock})
	if _, err := v.Verify(context.Background(), r.body["access_token"].(string)); err != nil {
		t.Fatal(err)
	}
	var oidc map[string]any
	getJSON(t, e.issuer+".well-known/openid-configuration", &oidc)
	if oidc["issuer"] != e.issuer {
		t.Fatalf("openid-configuration %v", oidc)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestCheck66_MetadataPathInserted(t *testing.T) {
	e := newEnv(t)
	var a, b, c map[string]any
	getJSON(t, e.issuer+".well-known/oauth-authorization-server", &a)
	getJSON(t, e.srv.URL+"/.well-known/oauth-authorization-server/maskinporten", &b)
	getJSON(t, e.srv.URL+"/.well-known/oauth-authorization-server/maskinporten/", &c)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	jc, _ := json.Marshal(c)
	if string(ja) != string(jb) || string(ja) != string(jc) {
		t.Fatalf("metadata differ:\n%s\n%s\n%s", ja, jb, jc)
	}
}

func TestCheck09_AlgNone(t *testing.T) {
	e := newEnv(t)
	hdr, _ := json.Marshal(map[string]any{"alg": "none", "kid": "k1"})
	cl, _ := json.Marshal(e.claims())
	assertion := b64(hdr) + "." + b64(cl) + "."
	e.wantError(e.post(assertion), 400, "invalid_grant", "MP-124", "Invalid assertion. Client authentication failed. Invalid JWT signature.")
}

func TestCheck10_HS256WithPublicKey(t *testing.T) {
	e := newEnv(t)
	for _, secret := range [][]byte{pemPublic(&k1.PublicKey), publicJWK(&k1.PublicKey, "k1")} {
		e.wantError(e.post(hs256(map[string]any{"alg": "HS256", "kid": "k1"}, e.claims(), secret)),
			400, "invalid_grant", "MP-124", "Invalid assertion. Client authentication failed. Invalid JWT signature.")
	}
}

func TestCheck11_TamperedSignature(t *testing.T) {
	e := newEnv(t)
	// Another RSA key, claiming kid k1.
	e.wantError(e.post(sign(t, k2, nil, e.claims())), 400, "invalid_grant", "MP-124", "Invalid assertion. Client authentication failed. Invalid JWT signature.")
	// One flipped byte in the payload (the first character of the jti
	// value), original signature.
	parts := strings.Split(e.grant(e.claims()), ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	i := strings.Index(string(payload), `"jti":"`) + len(`"jti":"`)
	payload[i] ^= 0x01
	payload = []byte(jwsB64(payload))
	e.wantError(e.post(parts[0]+"."+string(payload)+"."+parts[2]), 400, "invalid_grant", "MP-124", "Invalid assertion. Client authentication failed. Invalid JWT signature.")
}

func TestCheck12_UnknownKid(t *testing.T) {
	e := newEnv(t)
	// kid registered on another client.
	e.admin("POST", "/clients", map[string]any{"client_id": "c3", "org": orgA, "scopes": []string{scopeTP},
		"jwks": map[string]any{"keys": []any{publicJWK(&k2.PublicKey, "k-other")}}}, 201)
	for _, kid := range []string{"nope", "k-other"} {
		r := e.post(sign(t, k2, map[string]any{"alg": "RS256", "kid": kid}, e.claims()))
		e.wantError(r, 400, "invalid_grant", "", "Invalid assertion. Client authentication failed. Unknown key identifier (kid) for client.")
	}
}

func TestCheck13_X5cForClientWithKeys(t *testing.T) {
	e := newEnv(t)
	cert := e.certificate(orgA)
	r := e.post(sign(t, cert.key, map[string]any{"alg": "RS256", "x5c": cert.x5c}, e.claims()))
	e.wantError(r, 400, "invalid_grant", "", "Invalid assertion. Client authentication failed. Invalid JWT. The client requires pre-registered jwk and no key identifier (kid) provided")
}

func TestCheck14_ExpiredKey(t *testing.T) {
	e := newEnv(t)
	later := T.AddDate(1, 0, 1)
	e.setClock(later)
	c := e.claims()
	c["iat"], c["exp"] = later.Unix(), later.Unix()+60
	r := e.post(e.grant(c))
	e.wantError(r, 400, "invalid_grant", "MP-121", "Invalid assertion. Client authentication failed. Expired key")
}

func TestCheck15_Audience(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		aud  any
		want int
	}{
		{"https://maskinporten.no/", 400},
		{strings.TrimSuffix(e.issuer, "/"), 200},
		{e.issuer + "token", 200},
		{[]any{e.issuer}, 200},
		{e.issuer + "jwk", 400},
		{"https://test.maskinporten.no/", 400},
	} {
		c := e.claims()
		c["aud"] = tc.aud
		r := e.post(e.grant(c))
		if tc.want == 200 && r.status != 200 {
			t.Fatalf("aud %v: %v", tc.aud, r)
		}
		if tc.want == 400 {
			e.wantError(r, 400, "invalid_grant", "MP-110", "Invalid assertion. Client authentication failed. Invalid JWT claim aud")
		}
	}
	c := e.claims()
	delete(c, "aud")
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-110", "")
}

func TestCheck16_UnknownClient(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["iss"] = "no-such-client"
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-100", "Invalid assertion. Client authentication failed.")
}

func TestCheck17_ExpiredGrant(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["iat"], c["exp"] = T.Unix()-5, T.Unix()-1
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-130", "JWT is expired")
	c["exp"] = T.Unix() // exp equal to now is expired
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-130", "JWT is expired")
}

func TestCheck18_GrantLifetime(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["exp"] = T.Unix() + 121
	e.wantError(e.post(e.grant(c)), 400, "invalid_request", "MP-011", "Invalid assertion. Invalid parameter value: exp - iat exceeds 120 seconds")
	c = e.claims()
	c["exp"] = T.Unix() + 120
	if r := e.post(e.grant(c)); r.status != 200 {
		t.Fatal(r)
	}
}

func TestCheck19_IssuedInFuture(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["iat"], c["exp"] = T.Unix()+11, T.Unix()+100
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "", "Issue time is after now")
	c = e.claims()
	c["iat"], c["exp"] = T.Unix()+5, T.Unix()+100
	if r := e.post(e.grant(c)); r.status != 200 {
		t.Fatal(r)
	}
	c = e.claims()
	c["iat"], c["exp"] = T.Unix()+10, T.Unix()+100 // exactly the window: accepted
	if r := e.post(e.grant(c)); r.status != 200 {
		t.Fatal(r)
	}
}

func TestCheck20_IssuedTooLongAgo(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["iat"], c["exp"] = T.Unix()-11, T.Unix()+100
	e.wantError(e.post(e.grant(c)), 400, "invalid_grant", "MP-130", "JWT is expired")
}

func b64(b []byte) string { return strings.TrimRight(jwsB64(b), "=") }
