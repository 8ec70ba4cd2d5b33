package trekkpaalegg_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/auth/jws"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
	"github.com/namsfogd/namsfogd/internal/world"
)

const (
	testIssuer = "http://namsfogd.test/maskinporten/"
	testKid    = "test-key-1"
	org123     = "123456789"
	orgOther   = "311758489"
	orgVendor  = "889640782"
	apiPath    = "/skatt/api/trekkpaalegg/v1"
	adminPath  = "/admin/trekkpaalegg"
)

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
	badKey  *rsa.PrivateKey
)

func keys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	keyOnce.Do(func() {
		var err error
		if testKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if badKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return testKey, badKey
}

// env is one namsfogd with the trekkpålegg API on a real listener and a
// real SQLite database.
type env struct {
	t     testing.TB
	db    *sqlstore.DB
	svc   *trekkpaalegg.Service
	srv   *httptest.Server
	clock *world.Clock
	// approved lists the customer orgs whose system user is approved.
	approved map[string]bool
}

type envOpt struct {
	db        *sqlstore.DB // reuse a database (a second "process")
	world     bool         // seed a small world
	noAudit   bool
	noFixture bool
}

func openSQLite(t testing.TB, path string) *sqlstore.DB {
	db, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newEnv(t testing.TB, o envOpt) *env {
	t.Helper()
	pub, _ := keys(t)
	db := o.db
	if db == nil {
		db = openSQLite(t, filepath.Join(t.TempDir(), "namsfogd.db"))
	}
	if o.world {
		err := db.LoadWorld(context.Background(), store.WorldInfo{Seed: 1, Persons: 300, LoadedAt: time.Now()},
			func(s world.Sink) error { return world.Generate(world.GenConfig{Seed: 1, Persons: 300}, s) })
		if err != nil {
			t.Fatal(err)
		}
	}
	clock := world.NewClock(nil)
	clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	e := &env{t: t, db: db, clock: clock, approved: map[string]bool{org123: true, orgOther: true}}
	ver := auth.NewVerifier(auth.VerifierConfig{
		Issuer: testIssuer, Keys: auth.StaticKeys{testKid: &pub.PublicKey}, Clock: clock,
		Skew: 60 * time.Second, MinimalClaims: true, Realm: "trekkpaalegg",
	})
	svc, err := trekkpaalegg.New(trekkpaalegg.Config{
		Store: db, Clock: clock, Logger: slog.New(slog.DiscardHandler), BaseURL: "http://localhost",
		Verifier: ver, DisableReadAudit: o.noAudit,
		SystemUserAllowed: func(_ context.Context, c auth.Caller) (bool, error) {
			return e.approved[c.SystemUserOrg], nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	mux := http.NewServeMux()
	svc.Register(mux, apiPath)
	svc.RegisterAdmin(mux, adminPath)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	if !o.noFixture {
		if _, err := svc.LoadExampleFixtures(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// claims are the Maskinporten access-token claims for consumer org.
func claims(org, scope string, now time.Time) map[string]any {
	return map[string]any{
		"iss": testIssuer, "client_id": "c-" + org, "client_amr": "private_key_jwt", "token_type": "Bearer",
		"scope":    scope,
		"consumer": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + org},
		"iat":      now.Unix(), "exp": now.Add(2 * time.Minute).Unix(), "jti": "jti-" + org + scope,
	}
}

// systemUser adds the systembruker entry for customer org.
func systemUser(c map[string]any, customer string) map[string]any {
	c["authorization_details"] = []any{map[string]any{
		"type":           "urn:altinn:systemuser",
		"systemuser_org": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + customer},
		"systemuser_id":  []any{"a2b5c3d4-0000-4000-8000-000000000001"},
		"system_id":      orgVendor + "_lonnssystem",
	}}
	c["jti"] = c["jti"].(string) + "-su-" + customer
	return c
}

func (e *env) sign(c map[string]any, key *rsa.PrivateKey) string {
	tok, err := jws.SignJSON("RS256", map[string]string{"alg": "RS256", "kid": testKid, "typ": "at+jwt"}, c, key)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// token is a valid trekkpålegg token for consumer org.
func (e *env) token(org string) string {
	k, _ := keys(e.t)
	return e.sign(claims(org, trekkpaalegg.Scope, e.clock.Now()), k)
}

// sbToken is a system-user token of the vendor for customer.
func (e *env) sbToken(customer string) string {
	k, _ := keys(e.t)
	return e.sign(systemUser(claims(orgVendor, trekkpaalegg.Scope, e.clock.Now()), customer), k)
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) feil(t testing.TB) trekkpaalegg.Feil {
	t.Helper()
	var f trekkpaalegg.Feil
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("error body %s: %v", r.body, err)
	}
	if f.Kode == "" || f.Melding == "" || f.Korrelasjonsid == "" {
		t.Fatalf("error body lacks a field: %s", r.body)
	}
	return f
}

func (r resp) list(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return out
}

// object decodes a single object.
func (r resp) object(t testing.TB) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return out
}

// seqs returns the sekvensnummer values of a list response.
func (r resp) seqs(t testing.TB) []int64 {
	t.Helper()
	out := []int64{}
	for _, o := range r.list(t) {
		out = append(out, int64(o["sekvensnummer"].(float64)))
	}
	return out
}

func (e *env) do(method, path, token string, hdr map[string]string, body []byte) resp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

func (e *env) get(path, token string) resp { return e.do(http.MethodGet, path, token, nil, nil) }

func (e *env) admin(method, path string, v any) resp {
	e.t.Helper()
	var body []byte
	if v != nil {
		var err error
		if body, err = json.Marshal(v); err != nil {
			e.t.Fatal(err)
		}
	}
	return e.do(method, adminPath+path, "", map[string]string{"Content-Type": "application/json"}, body)
}

func wantStatus(t testing.TB, r resp, status int, kode string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if kode != "" {
		if f := r.feil(t); f.Kode != kode {
			t.Fatalf("kode %s, want %s; body %s", f.Kode, kode, r.body)
		}
	}
	if ct := r.header.Get("Content-Type"); r.status != http.StatusMethodNotAllowed && ct != "application/json; charset=UTF-8" && kode != "" {
		t.Fatalf("Content-Type %q", ct)
	}
}

func sameJSON(t testing.TB, got []byte, wantFile string) {
	t.Helper()
	want, err := readTestdata(wantFile)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got %q: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Fatalf("body differs from %s:\n got %s\nwant %s", wantFile, gb, wb)
	}
}
