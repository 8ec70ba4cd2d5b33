package maskinporten_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/auth/jws"
	"github.com/namsfogd/namsfogd/internal/maskinporten"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// T is "now" in every test: the world clock is frozen there (§11 fixture).
var T = time.Date(2031, 6, 2, 12, 0, 0, 0, time.UTC)

// Fixture of §11: organisation 311000004 with skatteetaten:trekkpaalegg,
// client c1 with key k1, client c2 without keys.
const (
	orgA    = "311000004"
	orgB    = "313000001"
	scopeTP = maskinporten.ScopeTrekkpaalegg
)

var (
	keyOnce sync.Once
	k1, k2  *rsa.PrivateKey // k2: "another RSA key"
)

func testKeys(t testing.TB) {
	keyOnce.Do(func() {
		var err error
		if k1, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if k2, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
}

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type env struct {
	t      testing.TB
	db     *sqlstore.DB
	svc    *maskinporten.Service
	srv    *httptest.Server
	clock  *world.Clock
	logs   *syncBuffer
	issuer string
}

// newEnv starts the real HTTP stack on a temporary SQLite database, with
// the fixture of §11 registered through the operator API.
func newEnv(t testing.TB) *env {
	t.Helper()
	if tt, ok := t.(*testing.T); ok {
		tt.Parallel() // every env has its own database and server
	}
	return newSerialEnv(t)
}

// newSerialEnv is newEnv for tests that cannot run in parallel (they
// change the process environment).
func newSerialEnv(t testing.TB) *env {
	t.Helper()
	testKeys(t)
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "namsfogd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := world.NewClock(nil)
	if err := clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: T}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	logs := &syncBuffer{}
	svc, err := maskinporten.New(maskinporten.Config{
		Store: db, Orgs: db, Clock: clock, Issuer: srv.URL + "/maskinporten/",
		Logger:      slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		SeedKeyBits: 1024,
		// The machine's clock is far from T: grants built for T are judged
		// by the world clock only.
		WallClock: func() time.Time { return time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	svc.Register(mux, "/maskinporten")
	svc.RegisterAdmin(mux, "/admin/maskinporten")
	e := &env{t: t, db: db, svc: svc, srv: srv, clock: clock, logs: logs, issuer: srv.URL + "/maskinporten/"}
	if err := svc.SeedDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	e.admin("POST", "/clients", map[string]any{"client_id": "c1", "org": orgA, "scopes": []string{scopeTP},
		"jwks": map[string]any{"keys": []any{publicJWK(&k1.PublicKey, "k1")}}}, http.StatusCreated)
	e.admin("POST", "/clients", map[string]any{"client_id": "c2", "org": orgA, "scopes": []string{scopeTP}}, http.StatusCreated)
	return e
}

func publicJWK(pub *rsa.PublicKey, kid string) json.RawMessage {
	b, err := jose.JSONWebKey{Key: pub, KeyID: kid, Algorithm: "RS256", Use: "sig"}.MarshalJSON()
	if err != nil {
		panic(err)
	}
	return b
}

// admin calls the operator API and checks the status.
func (e *env) admin(method, path string, body any, want int) map[string]any {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+"/admin/maskinporten"+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, raw)
	}
	out := map[string]any{}
	json.Unmarshal(raw, &out)
	return out
}

// claims returns a valid grant's claims for c1 (§11 check 1).
func (e *env) claims() map[string]any {
	return map[string]any{"aud": e.issuer, "iss": "c1", "scope": scopeTP,
		"iat": T.Unix(), "exp": T.Unix() + 120, "jti": randomID()}
}

func randomID() string {
	var b [12]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// sign builds a grant with header {alg: RS256, kid} signed by key.
func sign(t testing.TB, key *rsa.PrivateKey, header, claims map[string]any) string {
	t.Helper()
	if header == nil {
		header = map[string]any{"alg": "RS256", "kid": "k1"}
	}
	s, err := jws.SignJSON("RS256", header, claims, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// grant signs claims with k1 under kid k1.
func (e *env) grant(claims map[string]any) string { return sign(e.t, k1, nil, claims) }

type tokenResult struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r tokenResult) String() string { return fmt.Sprintf("%d %s", r.status, r.raw) }

// post sends a grant to the token endpoint as real clients do.
func (e *env) post(assertion string) tokenResult {
	e.t.Helper()
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion}}
	return e.postRaw("application/x-www-form-urlencoded", form.Encode())
}

func (e *env) postRaw(contentType, body string) tokenResult {
	e.t.Helper()
	resp, err := http.Post(e.srv.URL+"/maskinporten/token", contentType, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := tokenResult{status: resp.StatusCode, header: resp.Header, raw: string(raw), body: map[string]any{}}
	json.Unmarshal(raw, &r.body)
	return r
}

// wantError checks status, error, the MP code in error_uri ("" for none)
// and the description prefix.
func (e *env) wantError(r tokenResult, status int, code, mp, descPrefix string) {
	e.t.Helper()
	if r.status != status || r.body["error"] != code {
		e.t.Fatalf("got %v, want %d %s", r, status, code)
	}
	uri, _ := r.body["error_uri"].(string)
	if mp == "" && uri != "" || mp != "" && uri != e.issuer+"errors/"+mp {
		e.t.Fatalf("error_uri %q, want %s: %v", uri, mp, r)
	}
	desc, _ := r.body["error_description"].(string)
	if !strings.HasPrefix(desc, descPrefix) {
		e.t.Fatalf("error_description %q, want prefix %q", desc, descPrefix)
	}
}

// tokenClaims decodes an access token's header and claims (unverified).
func tokenClaims(t testing.TB, token string) (map[string]any, map[string]any) {
	t.Helper()
	tok, err := jws.Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	var h, c map[string]any
	json.Unmarshal(tok.HeaderJSON, &h)
	d := json.NewDecoder(bytes.NewReader(tok.Payload))
	d.UseNumber()
	d.Decode(&c)
	return h, c
}
