package dsop_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"github.com/prometheus/client_golang/prometheus"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/dsop"
	"github.com/namsfogd/namsfogd/internal/dsop/conformance"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// The reference instant of spec: dsop-kontroll.md §11.1: 2025-10-15 in Oslo.
var refNow = time.Date(2025, 10, 15, 8, 0, 0, 0, time.UTC)

const (
	testBank = "311000004"
	testIss  = "https://namsfogd.test/maskinporten/"
	testKid  = "test-key-1"
)

var (
	issuerKey   = mustKey()
	consumerKey = mustKey()
)

func mustKey() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

// harness is namsfogd's DSOP service on a real HTTP server over a real
// SQLite store holding the reference world.
type harness struct {
	db    *sqlstore.DB
	clock *world.Clock
	srv   *httptest.Server
	svc   *dsop.Service
	env   *conformance.Env
	// verifier checks the harness's tokens.
	verifier *auth.Verifier
}

type harnessOpts struct {
	production bool
	rateLimit  float64 // 0: off
	noKeys     bool
	persons    int // generated persons besides the fixture; 0 means 300, <0 none
	metrics    prometheus.Registerer
}

// fixture emits the parties of §11.1 into a generated world.
func fixture(s world.Sink) error { return dsop.ReferenceWorld(s) }

func newHarness(t testing.TB, o harnessOpts) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "dsop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	n := o.persons
	if n == 0 {
		n = 300
	}
	err = db.LoadWorld(ctx, store.WorldInfo{Seed: 1, Persons: max(n, 0)}, func(s world.Sink) error {
		if n > 0 {
			if err := world.Generate(world.GenConfig{Seed: 1, Persons: n}, s); err != nil {
				return err
			}
		}
		return fixture(s)
	})
	if err != nil {
		t.Fatal(err)
	}
	return startHarness(t, db, o)
}

func startHarness(t testing.TB, db *sqlstore.DB, o harnessOpts) *harness {
	clock := world.NewClock(nil)
	clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: refNow})
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	v := auth.NewVerifier(auth.VerifierConfig{Issuer: testIss, Keys: auth.StaticKeys{testKid: &issuerKey.PublicKey}, Clock: clock, Realm: "dsop"})
	rate := o.rateLimit
	if rate == 0 {
		rate = -1
	}
	svc, err := dsop.New(dsop.Config{Store: db, Clock: clock, Logger: slog.New(slog.DiscardHandler), BaseURL: srv.URL,
		Verifier: v, Production: o.production, RateLimit: rate, Metrics: o.metrics})
	if err != nil {
		t.Fatal(err)
	}
	svc.Register(mux, "/dsop")
	svc.RegisterAdmin(mux, "/admin/dsop")
	h := &harness{db: db, clock: clock, srv: srv, svc: svc, verifier: v}
	if !o.noKeys {
		for _, org := range []string{conformance.OrgSkatteetaten, conformance.OrgPolitiet} {
			jwk, _ := json.Marshal(jose.JSONWebKey{Key: &consumerKey.PublicKey, KeyID: "consumer-" + org})
			h.admin(t, "PUT", "/admin/dsop/consumers/"+org+"/key", `{"jwk":`+string(jwk)+`}`, 200)
		}
	}
	h.env = &conformance.Env{
		BankURL: svc.BankBaseURL(testBank), KundeforholdURL: srv.URL + "/dsop/kundeforhold/v2",
		Signer: &conformance.Signer{Key: issuerKey, Kid: testKid, Issuer: testIss, Now: clock.Now},
		Today:  string(clock.Today()), Fixture: conformance.ReferenceFixture(), Production: o.production,
		DecryptKey: consumerKey, HTTP: srv.Client(),
	}
	h.env.Issuer = h.env.Signer
	return h
}

// admin calls an operator route and checks the status.
func (h *harness) admin(t testing.TB, method, path, body string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, bytes.NewBufferString(body))
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, buf.String())
	}
	return buf.Bytes()
}

// shared is one test-profile harness for the checks that do not change
// state the others see.
var shared *harness

func sharedHarness(t *testing.T) *harness {
	if shared == nil {
		shared = newHarness(&keepAlive{t}, harnessOpts{})
	}
	return shared
}

// keepAlive lets the shared harness outlive the first test that builds it.
type keepAlive struct{ *testing.T }

func (k *keepAlive) Cleanup(func()) {}

func (k *keepAlive) TempDir() string {
	d, err := osMkdirTemp()
	if err != nil {
		k.Fatal(err)
	}
	return d
}

func runCheck(t *testing.T, id int) {
	t.Helper()
	runCheckOn(t, sharedHarness(t), id)
}

func runCheckOn(t *testing.T, h *harness, id int) {
	t.Helper()
	c, ok := conformance.Lookup(id)
	if !ok {
		t.Fatalf("no check %d", id)
	}
	if err := c.Run(context.Background(), h.env); err != nil {
		t.Fatalf("check %d (%s): %v", id, c.Name, err)
	}
}
