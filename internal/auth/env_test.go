package auth_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/auth/jws"
	"github.com/namsfogd/namsfogd/internal/world"
)

const issuer = "http://127.0.0.1:8080/maskinporten/"

// T is "now"; the world clock is frozen there.
var T = time.Date(2031, 6, 2, 12, 0, 0, 0, time.UTC)

var (
	keyOnce          sync.Once
	issuerKey, other *rsa.PrivateKey
)

func keys(t testing.TB) {
	keyOnce.Do(func() {
		issuerKey, _ = rsa.GenerateKey(rand.Reader, 2048)
		other, _ = rsa.GenerateKey(rand.Reader, 2048)
	})
}

func frozen(t testing.TB, at time.Time) *world.Clock {
	c := world.NewClock(nil)
	if err := c.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: at}); err != nil {
		t.Fatal(err)
	}
	return c
}

// claims returns a valid access token's claims of namsfogd's issuer
// (§3.3) for consumer 311000004.
func claims() map[string]any {
	return map[string]any{
		"iss": issuer, "client_amr": "private_key_jwt", "token_type": "Bearer", "scope": "skatteetaten:trekkpaalegg",
		"client_id": "c1", "consumer": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:311000004"},
		"iat": T.Unix(), "exp": T.Unix() + 120, "jti": "jti-" + randomID(),
	}
}

func randomID() string {
	var b [9]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func mint(t testing.TB, c map[string]any) string {
	return mintWith(t, issuerKey, map[string]any{"kid": "nmf-1", "alg": "RS256"}, "RS256", c)
}

func mintWith(t testing.TB, key *rsa.PrivateKey, header map[string]any, alg string, c map[string]any) string {
	t.Helper()
	s, err := jws.SignJSON(alg, header, c, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hs256(header, c map[string]any, secret []byte) string {
	input := b64(header) + "." + b64(c)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(input))
	return input + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func staticKeys() auth.StaticKeys {
	return auth.StaticKeys{"nmf-1": &issuerKey.PublicKey}
}

func verifier(t testing.TB, mod func(*auth.VerifierConfig)) *auth.Verifier {
	keys(t)
	cfg := auth.VerifierConfig{Issuer: issuer, Keys: staticKeys(), Clock: frozen(t, T), Realm: "test"}
	if mod != nil {
		mod(&cfg)
	}
	return auth.NewVerifier(cfg)
}

// call sends a request with the given Authorization values through the
// verifier's middleware and returns the response and the caller the
// handler saw.
func call(v *auth.Verifier, scopes []string, authz ...string) (*httptest.ResponseRecorder, *auth.Caller) {
	var seen *auth.Caller
	h := v.Middleware(nil, scopes...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := auth.CallerFrom(r.Context())
		seen = &c
	}))
	req := httptest.NewRequest("GET", "/api", nil)
	for _, a := range authz {
		req.Header.Add("Authorization", a)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, seen
}

func publicJWK(pub *rsa.PublicKey, kid string) json.RawMessage {
	b, _ := jose.JSONWebKey{Key: pub, KeyID: kid, Algorithm: "RS256", Use: "sig"}.MarshalJSON()
	return b
}

func worldFrozen(at time.Time) world.ClockSetting {
	return world.ClockSetting{Mode: world.ClockFrozen, Frozen: at}
}

func newServer(t testing.TB, h http.Handler) *httptest.Server {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}
