package utlegg_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/auth/jws"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/utlegg"
	"github.com/namsfogd/namsfogd/internal/world"
)

// The harness of spec: utleggsbegjaering.md §16 "Setup".
const (
	testIssuer = "http://namsfogd.test/maskinporten/"
	testKid    = "utlegg-test-1"
	orgA       = "312597772" // innsender of every published example
	orgX       = "311758489"
	orgVendor  = "974761076"
	B          = "/skatt/api/utleggsbegjaering/v1"
	adminP     = "/admin/utlegg"
)

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

func key() *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		if testKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return testKey
}

type env struct {
	t      testing.TB
	db     *sqlstore.DB
	svc    *utlegg.Service
	srv    *httptest.Server
	clock  *world.Clock
	trekk  []utlegg.TrekkDecision
	trekkM sync.Mutex
}

type envOpt struct {
	world  bool
	delay  time.Duration
	auto   bool
	defer_ bool
	dsn    string // a database URL instead of a fresh SQLite file
}

func newEnv(t testing.TB, o envOpt) *env {
	t.Helper()
	dsn := o.dsn
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "namsfogd.db")
	}
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if o.world {
		err := db.LoadWorld(context.Background(), store.WorldInfo{Seed: 1, Persons: 500, LoadedAt: time.Now()},
			func(s world.Sink) error { return world.Generate(world.GenConfig{Seed: 1, Persons: 500}, s) })
		if err != nil {
			t.Fatal(err)
		}
	}
	clock := world.NewClock(nil)
	clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	e := &env{t: t, db: db, clock: clock}
	ver := auth.NewVerifier(auth.VerifierConfig{Issuer: testIssuer, Keys: auth.StaticKeys{testKid: &key().PublicKey},
		Clock: clock, Skew: 60 * time.Second, MinimalClaims: true, Realm: "utleggsbegjaering"})
	svc, err := utlegg.New(utlegg.Config{Store: db, Clock: clock, Logger: slog.New(slog.DiscardHandler),
		BaseURL: "http://localhost", Verifier: ver, Behandlingsforsinkelse: o.delay, AutoNamsmann: o.auto,
		DeferVedlegg: o.defer_, PollInterval: 10 * time.Millisecond,
		OnUtleggstrekk: func(_ context.Context, d utlegg.TrekkDecision) error {
			e.trekkM.Lock()
			defer e.trekkM.Unlock()
			e.trekk = append(e.trekk, d)
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	mux := http.NewServeMux()
	svc.Register(mux, B)
	svc.RegisterAdmin(mux, adminP)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// token signs a Maskinporten access token for consumer org.
func (e *env) token(org, scope string, mod ...func(map[string]any)) string {
	now := e.clock.Now()
	c := map[string]any{
		"iss": testIssuer, "client_id": "c-" + org, "client_amr": "private_key_jwt", "token_type": "Bearer",
		"scope": scope, "consumer": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + org},
		"iat": now.Unix(), "exp": now.Add(2 * time.Minute).Unix(), "jti": fmt.Sprintf("jti-%d", time.Now().UnixNano()),
	}
	for _, m := range mod {
		m(c)
	}
	tok, err := jws.SignJSON("RS256", map[string]any{"alg": "RS256", "kid": testKid, "typ": "at+jwt"}, c, key())
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func (e *env) tA() string { return e.token(orgA, utlegg.Scope) }
func (e *env) tX() string { return e.token(orgX, utlegg.Scope) }

// tSB is a systembruker token: consumer the vendor, customer orgA.
func (e *env) tSB() string {
	return e.token(orgVendor, utlegg.Scope, func(c map[string]any) {
		c["authorization_details"] = []any{map[string]any{"type": "urn:altinn:systemuser",
			"systemuser_org": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + orgA},
			"systemuser_id":  []any{"33a0911a-5459-456f-bc57-3d37ef9a016c"}, "system_id": orgVendor + "_demo"}}
	})
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// utslag returns the kontrollutslag codes and messages of an error body.
func (r resp) utslag(t testing.TB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	ks, _ := r.json(t)["kontrollutslag"].([]any)
	for _, k := range ks {
		m := k.(map[string]any)
		out[m["kode"].(string)] = append(out[m["kode"].(string)], m["melding"].(string))
	}
	return out
}

func (e *env) do(method, path, tok string, body []byte, hdr ...string) resp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// upload sends data as multipart with innsenderReferanse and returns the uuid.
func (e *env) upload(tok, filnavn, ref string, data []byte) string {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if ref != "" {
		mw.WriteField("innsenderReferanse", ref)
	}
	fw, _ := mw.CreateFormFile("fil", filnavn)
	fw.Write(data)
	mw.Close()
	r := e.do("POST", B+"/vedlegg", tok, buf.Bytes(), "Content-Type", mw.FormDataContentType())
	if r.status != 201 {
		e.t.Fatalf("upload: %d %s", r.status, r.body)
	}
	return r.json(e.t)["uuid"].(string)
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// doc is an example begjæring as a generic JSON tree, to be modified.
type doc map[string]any

func example(t testing.TB, name string) doc {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

const (
	E1 = "eksempel-enkel-beta-apier.json"
	E2 = "eksempel-kompleks-beta-apier.json"
	E3 = "begjaering-v09-enkel.json"
	E4 = "begjaering-v09-kompleks.json"
)

var refN int
var refMu sync.Mutex

func freshRef() string {
	refMu.Lock()
	defer refMu.Unlock()
	refN++
	return fmt.Sprintf("Ref-%d-%d", time.Now().UnixNano()%1e9, refN)
}

// prepare uploads a PDF for the document's innsenderReferanse (ref, or
// the document's own when ref is "") and puts its uuid everywhere.
func (e *env) prepare(d doc, ref, tok string) doc {
	e.t.Helper()
	if ref != "" {
		d["innsenderReferanse"] = ref
	}
	r, _ := d["innsenderReferanse"].(string)
	id := e.upload(tok, "fil.pdf", r, pdf)
	setUUIDs(d, id)
	return d
}

func setUUIDs(v any, id string) {
	switch x := v.(type) {
	case doc:
		setUUIDs(map[string]any(x), id)
	case map[string]any:
		for k, c := range x {
			if k == "uuid" {
				if _, ok := c.(string); ok {
					x[k] = id
					continue
				}
			}
			setUUIDs(c, id)
		}
	case []any:
		for _, c := range x {
			setUUIDs(c, id)
		}
	}
}

func (d doc) bytes() []byte {
	b, _ := json.Marshal(d)
	return b
}

// at walks a path like "kravTilInnkreving.1.relatertKrav".
func (d doc) at(path string) any {
	var cur any = map[string]any(d)
	for _, p := range strings.Split(path, ".") {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[p]
		case []any:
			var i int
			fmt.Sscan(p, &i)
			cur = x[i]
		}
	}
	return cur
}

func (d doc) obj(path string) map[string]any { return d.at(path).(map[string]any) }

// set sets (or with nil deletes) the last element of path.
func (d doc) set(path string, v any) {
	i := strings.LastIndex(path, ".")
	var parent any = map[string]any(d)
	last := path
	if i >= 0 {
		parent, last = d.at(path[:i]), path[i+1:]
	}
	switch x := parent.(type) {
	case map[string]any:
		if v == nil {
			delete(x, last)
		} else {
			x[last] = v
		}
	case []any:
		var n int
		fmt.Sscan(last, &n)
		x[n] = v
	}
}

// submit posts a prepared variant and returns the response.
func (e *env) submit(d doc, tok string) resp {
	return e.do("POST", B+"/utleggsbegjaering", tok, d.bytes())
}

// fresh prepares a fresh variant of an example with a unique reference.
func (e *env) fresh(name string) doc {
	return e.prepare(example(e.t, name), freshRef(), e.tA())
}

// want422 asserts a 422 KB-006 containing kode.
func want422(t testing.TB, r resp, kode string) []string {
	t.Helper()
	if r.status != 422 {
		t.Fatalf("status %d, want 422 with %s: %s", r.status, kode, r.body)
	}
	m := r.json(t)
	if m["kode"] != "KB-006" || m["feilkode"] != "KB-006" {
		t.Fatalf("kode %v, want KB-006", m["kode"])
	}
	u := r.utslag(t)
	if _, ok := u[kode]; !ok {
		t.Fatalf("kontrollutslag lacks %s: %s", kode, r.body)
	}
	return u[kode]
}

func want(t testing.TB, r resp, status int, kode string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if kode != "" {
		if k := r.json(t)["kode"]; k != kode {
			t.Fatalf("kode %v, want %s: %s", k, kode, r.body)
		}
	}
}

func cloneJSON(v any) any {
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
}

// rawNumber is a JSON number with its literal text.
func rawNumber(s string) json.Number { return json.Number(s) }
