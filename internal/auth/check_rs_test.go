package auth_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
)

// Resource-server conformance checks (RS) of spec/maskinporten.md §11.

func want401(t *testing.T, v *auth.Verifier, token string) {
	t.Helper()
	rec, seen := call(v, nil, "Bearer "+token)
	if rec.Code != 401 || seen != nil {
		t.Fatalf("status %d, want 401 (handler ran: %v)", rec.Code, seen != nil)
	}
	if h := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(h, `Bearer realm="test", error="invalid_token"`) {
		t.Fatalf("WWW-Authenticate %q", h)
	}
}

func TestCheck42_ValidTokenActingOrg(t *testing.T) {
	v := verifier(t, nil)
	rec, c := call(v, []string{"skatteetaten:trekkpaalegg"}, "Bearer "+mint(t, claims()))
	if rec.Code != 200 || c == nil {
		t.Fatalf("status %d", rec.Code)
	}
	if c.EffectiveOrg != "311000004" || c.ConsumerOrg != "311000004" || c.ClientID != "c1" || c.Issuer != issuer ||
		!c.Expiry.Equal(T.Add(120*time.Second)) || !strings.HasPrefix(c.TokenID, "jti-") || c.ClientAMR != "private_key_jwt" {
		t.Fatalf("caller %+v", c)
	}
}

func TestCheck43_NoAuthorizationHeader(t *testing.T) {
	v := verifier(t, nil)
	for _, authz := range [][]string{nil, {"Basic dXNlcjpwYXNz"}} {
		rec, _ := call(v, nil, authz...)
		if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") != `Bearer realm="test"` {
			t.Fatalf("%v: %d %q", authz, rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
	}
	// Two Authorization headers: refused.
	tok := mint(t, claims())
	if rec, _ := call(v, nil, "Bearer "+tok, "Bearer "+tok); rec.Code != 401 {
		t.Fatalf("two headers: %d", rec.Code)
	}
	// The scheme is case-insensitive.
	for _, scheme := range []string{"bearer", "BEARER", "Bearer"} {
		if rec, _ := call(v, nil, scheme+" "+tok); rec.Code != 200 {
			t.Fatalf("%s: %d", scheme, rec.Code)
		}
	}
}

func TestCheck44_AlgNone(t *testing.T) {
	v := verifier(t, nil)
	want401(t, v, b64(map[string]any{"alg": "none", "kid": "nmf-1"})+"."+b64(claims())+".")
}

func TestCheck45_HS256WithIssuerPublicKey(t *testing.T) {
	v := verifier(t, nil)
	der, _ := x509.MarshalPKIXPublicKey(&issuerKey.PublicKey)
	for _, secret := range [][]byte{pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), publicJWK(&issuerKey.PublicKey, "nmf-1"), der} {
		want401(t, v, hs256(map[string]any{"alg": "HS256", "kid": "nmf-1"}, claims(), secret))
	}
}

func TestCheck46_FlippedSignatureByte(t *testing.T) {
	v := verifier(t, nil)
	tok := []byte(mint(t, claims()))
	i := len(tok) - 10
	if tok[i] == 'A' {
		tok[i] = 'B'
	} else {
		tok[i] = 'A'
	}
	want401(t, v, string(tok))
	// Signed by another key under our kid.
	want401(t, v, mintWith(t, other, map[string]any{"kid": "nmf-1", "alg": "RS256"}, "RS256", claims()))
}

// jwksServer serves a JWKS that the test can change, counting fetches.
type jwksServer struct {
	keys    atomic.Value // []json.RawMessage
	fetches atomic.Int64
}

func (j *jwksServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	j.fetches.Add(1)
	json.NewEncoder(w).Encode(map[string]any{"keys": j.keys.Load()})
}

func TestCheck47_UnknownKidRefreshesOnce(t *testing.T) {
	keys(t)
	js := &jwksServer{}
	js.keys.Store([]json.RawMessage{publicJWK(&issuerKey.PublicKey, "nmf-1")})
	srv := newServer(t, js)
	wall := T
	remote := auth.NewRemoteJWKS(srv.URL, srv.Client())
	remote.Now = func() time.Time { return wall }
	v := verifier(t, func(c *auth.VerifierConfig) { c.Keys = remote })

	if rec, _ := call(v, nil, "Bearer "+mint(t, claims())); rec.Code != 200 || js.fetches.Load() != 1 {
		t.Fatalf("known kid: %d after %d fetches", rec.Code, js.fetches.Load())
	}
	unknown := mintWith(t, other, map[string]any{"kid": "nmf-2", "alg": "RS256"}, "RS256", claims())
	want401(t, v, unknown)
	if js.fetches.Load() != 2 {
		t.Fatalf("unknown kid: %d fetches, want 2 (one refresh)", js.fetches.Load())
	}
	wall = wall.Add(30 * time.Second)
	want401(t, v, mintWith(t, other, map[string]any{"kid": "nmf-3", "alg": "RS256"}, "RS256", claims()))
	if js.fetches.Load() != 2 {
		t.Fatalf("second unknown kid within the interval refetched: %d fetches", js.fetches.Load())
	}
	// The issuer rotates; after the interval the new kid is fetched.
	js.keys.Store([]json.RawMessage{publicJWK(&issuerKey.PublicKey, "nmf-1"), publicJWK(&other.PublicKey, "nmf-2")})
	wall = wall.Add(31 * time.Second)
	if rec, _ := call(v, nil, "Bearer "+unknown); rec.Code != 200 || js.fetches.Load() != 3 {
		t.Fatalf("rotated kid: %d after %d fetches", rec.Code, js.fetches.Load())
	}
}

func TestCheck48_ExpiryWithSkew(t *testing.T) {
	v := verifier(t, nil)
	c := claims()
	c["iat"], c["exp"] = T.Unix()-200, T.Unix()-int64(auth.DefaultSkew/time.Second)-1
	want401(t, v, mint(t, c))
	c = claims()
	c["iat"], c["exp"] = T.Unix()-100, T.Unix()-5
	if rec, _ := call(v, nil, "Bearer "+mint(t, c)); rec.Code != 200 {
		t.Fatalf("inside skew: %d", rec.Code)
	}
	for _, missing := range []string{"exp", "iat"} {
		c = claims()
		delete(c, missing)
		want401(t, v, mint(t, c))
	}
	c = claims()
	c["exp"] = "soon"
	want401(t, v, mint(t, c))
}

func TestCheck49_IssuedOrValidInFuture(t *testing.T) {
	v := verifier(t, nil)
	c := claims()
	c["iat"], c["exp"] = T.Unix()+31, T.Unix()+151
	want401(t, v, mint(t, c))
	c = claims()
	c["nbf"] = T.Unix() + 31
	want401(t, v, mint(t, c))
	c = claims()
	c["iat"], c["nbf"] = T.Unix()+20, T.Unix()+20 // inside skew
	if rec, _ := call(v, nil, "Bearer "+mint(t, c)); rec.Code != 200 {
		t.Fatalf("inside skew: %d", rec.Code)
	}
}

func TestCheck50_OtherIssuerSameKeys(t *testing.T) {
	v := verifier(t, nil)
	for _, iss := range []string{"http://127.0.0.1:8080/nordigen/", strings.TrimSuffix(issuer, "/"), "https://test.maskinporten.no/"} {
		c := claims()
		c["iss"] = iss
		want401(t, v, mint(t, c))
	}
}

func TestCheck51_ClientGrantAsBearer(t *testing.T) {
	v := verifier(t, nil)
	grant := map[string]any{"aud": issuer, "iss": "c1", "scope": "skatteetaten:trekkpaalegg",
		"iat": T.Unix(), "exp": T.Unix() + 120, "jti": "g1"}
	want401(t, v, mintWith(t, other, map[string]any{"kid": "k1", "alg": "RS256"}, "RS256", grant))
	// Even if it were signed with a key the JWKS holds.
	want401(t, v, mint(t, grant))
}

func TestCheck52_ScopeMissingOrSubstring(t *testing.T) {
	v := verifier(t, nil)
	c := claims()
	c["scope"] = "skatteetaten:utleggsbegjaering"
	rec, seen := call(v, []string{"skatteetaten:trekkpaalegg"}, "Bearer "+mint(t, c))
	if rec.Code != 403 || seen != nil {
		t.Fatalf("status %d", rec.Code)
	}
	if h := rec.Header().Get("WWW-Authenticate"); h != `Bearer realm="test", error="insufficient_scope", scope="skatteetaten:trekkpaalegg"` {
		t.Fatalf("WWW-Authenticate %q", h)
	}
	c["scope"] = "bits:kundeforhold.fi.utlegg.an"
	if rec, _ := call(v, []string{"bits:kundeforhold"}, "Bearer "+mint(t, c)); rec.Code != 403 {
		t.Fatalf("substring scope: %d", rec.Code)
	}
	c["scope"] = []any{"skatteetaten:trekkpaalegg"} // not a string
	want401(t, v, mint(t, c))
}

func TestCheck53_MultiScope(t *testing.T) {
	v := verifier(t, nil)
	c := claims()
	c["scope"] = "a:b c:d"
	if rec, _ := call(v, []string{"c:d"}, "Bearer "+mint(t, c)); rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	if rec, _ := call(v, []string{"x:y", "a:b"}, "Bearer "+mint(t, c)); rec.Code != 200 {
		t.Fatalf("any-of: %d", rec.Code)
	}
}

func TestCheck54_Audience(t *testing.T) {
	restricted := verifier(t, func(c *auth.VerifierConfig) { c.Audience = "https://bank-a.example/dsop" })
	open := verifier(t, nil)
	for _, tc := range []struct {
		aud  any
		want int
	}{
		{"https://bank-b.example/dsop", 401},
		{nil, 401},
		{"https://bank-a.example/dsop/", 200},
		{[]any{"https://bank-a.example/dsop"}, 200},
		{"https://bank-a.example/dsop", 200},
	} {
		c := claims()
		if tc.aud != nil {
			c["aud"] = tc.aud
		}
		tok := mint(t, c)
		if rec, _ := call(restricted, nil, "Bearer "+tok); rec.Code != tc.want {
			t.Fatalf("aud %v: %d, want %d", tc.aud, rec.Code, tc.want)
		}
	}
	for _, aud := range []any{nil, "unspecified", "https://elsewhere.example"} {
		c := claims()
		if aud != nil {
			c["aud"] = aud
		}
		if rec, _ := call(open, nil, "Bearer "+mint(t, c)); rec.Code != 200 {
			t.Fatalf("no audience configured, aud %v: %d", aud, rec.Code)
		}
	}
}

func org(nr string) map[string]any {
	return map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + nr}
}

// dsopAllowList is the shape of DSOP's rule (dsop-kontroll.md §3.2):
// the AN scope only for consumer Politiet with supplier Skatteetaten.
func dsopAllowList(c auth.Caller) bool {
	return c.ConsumerOrg == "915429785" && c.SupplierOrg == "974761076"
}

func TestCheck55_DelegatedToken(t *testing.T) {
	v := verifier(t, nil)
	c := claims()
	c["scope"], c["consumer"], c["supplier"] = "bits:kundeforhold.fi.utlegg.an", org("915429785"), org("974761076")
	c["delegation_source"] = "https://tt02.altinn.no/"
	rec, caller := call(v, []string{"bits:kundeforhold.fi.utlegg.an"}, "Bearer "+mint(t, c))
	if rec.Code != 200 || caller.EffectiveOrg != "915429785" || caller.SupplierOrg != "974761076" ||
		caller.DelegationSource != "https://tt02.altinn.no/" || !caller.IsDelegated() || !dsopAllowList(*caller) {
		t.Fatalf("%d %+v", rec.Code, caller)
	}
	c["consumer"], c["supplier"] = org("974761076"), org("915429785")
	_, caller = call(v, nil, "Bearer "+mint(t, c))
	if caller.EffectiveOrg != "974761076" || dsopAllowList(*caller) {
		t.Fatalf("swapped: %+v", caller)
	}
}

// pdp grants one system user one right for one party.
type pdp struct{ id, party, resource string }

func (p pdp) SystemUserMayAct(_ context.Context, id, party, resource string) (bool, error) {
	return id == p.id && party == p.party && resource == p.resource, nil
}

func TestCheck56_SystemUserToken(t *testing.T) {
	v := verifier(t, nil)
	for _, key := range []string{"ID", "id"} {
		c := claims()
		c["authorization_details"] = []any{map[string]any{"type": "urn:altinn:systemuser",
			"systemuser_org": map[string]any{"authority": "iso6523-actorid-upis", key: "0192:313000001"},
			"systemuser_id":  []any{"su-1"}, "system_id": "311000004_lonn_pro"}}
		rec, caller := call(v, nil, "Bearer "+mint(t, c))
		if rec.Code != 200 || caller.EffectiveOrg != "313000001" || caller.ConsumerOrg != "311000004" ||
			caller.SystemUserID != "su-1" || caller.SystemID != "311000004_lonn_pro" || !caller.IsSystemUser() {
			t.Fatalf("%s: %d %+v", key, rec.Code, caller)
		}
		ok := pdp{"su-1", "313000001", "ske-informasjon-om-trekkpaalegg"}
		if e, err := auth.RequireResource(context.Background(), ok, "test", *caller, "ske-informasjon-om-trekkpaalegg"); e != nil || err != nil {
			t.Fatalf("right granted: %v %v", e, err)
		}
		e, _ := auth.RequireResource(context.Background(), ok, "test", *caller, "ske-utleggsbegjaering")
		if e == nil || e.Status != 403 || auth.WWWAuthenticate(e) != "" {
			t.Fatalf("right lacking: %+v", e)
		}
	}
}

func TestCheck57_ConsumerShape(t *testing.T) {
	v := verifier(t, nil)
	c := claims()
	c["consumer"] = map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:12345678"}
	want401(t, v, mint(t, c))
	delete(c, "consumer")
	want401(t, v, mint(t, c))
	c["consumer"] = map[string]any{"ID": "0192:311000004"} // no authority
	want401(t, v, mint(t, c))
	c["consumer"] = map[string]any{"authority": "other", "ID": "0192:311000004"}
	want401(t, v, mint(t, c))
	c["consumer"] = map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:123456789"} // fails mod-11: passes here
	if rec, caller := call(v, nil, "Bearer "+mint(t, c)); rec.Code != 200 || caller.EffectiveOrg != "123456789" {
		t.Fatalf("%d", rec.Code)
	}
}

// countKeys counts key lookups: a cache hit makes none.
type countKeys struct {
	auth.StaticKeys
	n atomic.Int64
}

func (c *countKeys) PublicKey(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	c.n.Add(1)
	return c.StaticKeys.PublicKey(ctx, kid)
}

func TestCheck58_CacheNeverPastExpiry(t *testing.T) {
	keys(t)
	ck := &countKeys{StaticKeys: staticKeys()}
	clock := frozen(t, T)
	v := auth.NewVerifier(auth.VerifierConfig{Issuer: issuer, Keys: ck, Clock: clock, Realm: "test"})
	tok := mint(t, claims())
	for range 3 {
		if _, err := v.Verify(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
	}
	if ck.n.Load() != 1 {
		t.Fatalf("%d key lookups for 3 verifications, want 1 (cache)", ck.n.Load())
	}
	// Past exp but inside the skew: the cache must not answer; a full
	// verification (a second key lookup) accepts it.
	clock.Set(worldFrozen(T.Add(121 * time.Second)))
	if _, err := v.Verify(context.Background(), tok); err != nil || ck.n.Load() != 2 {
		t.Fatalf("inside skew after exp: %v, %d lookups", err, ck.n.Load())
	}
	clock.Set(worldFrozen(T.Add(120*time.Second + auth.DefaultSkew)))
	if _, err := v.Verify(context.Background(), tok); err == nil {
		t.Fatal("expired token served")
	}
	// The clock moved back before iat − skew: not served from the cache.
	clock.Set(worldFrozen(T.Add(-time.Hour)))
	if _, err := v.Verify(context.Background(), tok); err == nil {
		t.Fatal("token served before it was issued")
	}
}

func TestCheck62_AuthenticationBeforeScope(t *testing.T) {
	v := verifier(t, func(c *auth.VerifierConfig) { c.Audience = "https://bank-a.example/dsop" })
	c := claims()
	c["aud"], c["scope"] = "https://bank-b.example/dsop", "x:y"
	rec, _ := call(v, []string{"bits:kontoinformasjon"}, "Bearer "+mint(t, c))
	if rec.Code != 401 || !strings.Contains(rec.Header().Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Fatalf("%d %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
}

func TestCheck63_RS384NotEnabled(t *testing.T) {
	tok := mintWith(t, issuerKey, map[string]any{"kid": "nmf-1", "alg": "RS384"}, "RS384", claims())
	want401(t, verifier(t, nil), tok)
	enabled := verifier(t, func(c *auth.VerifierConfig) { c.Algorithms = []string{"RS256", "RS384"} })
	if rec, _ := call(enabled, nil, "Bearer "+tok); rec.Code != 200 {
		t.Fatalf("RS384 enabled: %d", rec.Code)
	}
}

func TestCheck64_PIDRequired(t *testing.T) {
	v := verifier(t, func(c *auth.VerifierConfig) { c.RequirePID = true })
	rec, _ := call(v, nil, "Bearer "+mint(t, claims()))
	if rec.Code != 403 || rec.Header().Get("WWW-Authenticate") != "" {
		t.Fatalf("%d %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	c := claims()
	c["pid"] = "14842249091"
	if rec, caller := call(v, nil, "Bearer "+mint(t, c)); rec.Code != 200 || caller.PID != "14842249091" {
		t.Fatalf("%d", rec.Code)
	}
}
