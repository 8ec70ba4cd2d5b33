package gjeld_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/namsfogd/namsfogd/internal/gjeld"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Fixtures of the conformance checks. spec: gjeldsinformasjon.md §12
const (
	P1       = "14842249091"
	P2       = "29868099311"
	AUD_DEBT = "https://api-preprod.norskgjeld.no/v1/debt"
	AUD_AGR  = "https://api-preprod.norskgjeld.no/v1/consent/agreement"
	AUD_FEED = "https://api-preprod.norskgjeld.no/feed/v1/consent"
	debtBoth = "debt.unsecured.presentation debt.unsecured.processing"
	cb       = "https://client.test/cb"
	prefix   = "/gjeld"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// env is the real service on an httptest server over a temp SQLite world.
type env struct {
	t     testing.TB
	db    *sqlstore.DB
	svc   *gjeld.Service
	srv   *httptest.Server
	clock *world.Clock
	now   time.Time
	B     string // base URL of the API ({B} of the checks)
}

// client index: 0..3 are C1..C4.
func (e *env) id(c int) string     { return gjeld.DemoClients[c].ClientID }
func (e *env) secret(c int) string { return gjeld.DemoClients[c].ClientSecret }

func newEnv(t testing.TB) *env {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "gjeld.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.LoadWorld(ctx, store.WorldInfo{Seed: 1, Persons: 500}, func(s world.Sink) error {
		return world.Generate(world.GenConfig{Seed: 1, Persons: 500}, s)
	}); err != nil {
		t.Fatal(err)
	}
	clock := world.NewClock(nil)
	clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: t0})
	mux := http.NewServeMux()
	srv := httptest.NewUnstartedServer(mux)
	srv.Start()
	t.Cleanup(srv.Close)
	svc, err := gjeld.New(gjeld.Config{Store: db, Clock: clock, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	svc.Register(mux, prefix)
	svc.RegisterAdmin(mux, "/admin/gjeld")
	if err := svc.SeedDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, svc: svc, srv: srv, clock: clock, now: t0, B: srv.URL + prefix}
}

// advance moves the frozen world clock.
func (e *env) advance(d time.Duration) {
	e.now = e.now.Add(d)
	e.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: e.now})
}

// resp is a recorded HTTP answer.
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

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// do sends a request to {B}path and validates the answer of every
// resource operation against openapi.json (check 66).
func (e *env) do(method, path, token string, body any, hdr ...string) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, e.B+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := resp{res.StatusCode, res.Header, b}
	validateOpenAPI(e.t, req, r)
	return r
}

// form posts an x-www-form-urlencoded body, optionally with Basic auth.
func (e *env) form(path, user, pass string, v url.Values) resp {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.B+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, res.Header, b}
}

// token gets a client-credentials token for client c.
func (e *env) token(c int, aud, scope string) string {
	e.t.Helper()
	r := e.form("/oauth2/token", e.id(c), e.secret(c), url.Values{"grant_type": {"client_credentials"}, "audience": {aud}, "scope": {scope}})
	if r.status != 200 {
		e.t.Fatalf("token: %d %s", r.status, r.body)
	}
	return r.json(e.t)["access_token"].(string)
}

func (e *env) tdebt(c int) string { return e.token(c, AUD_DEBT, debtBoth) }
func (e *env) tagr(c int) string  { return e.token(c, AUD_AGR, "consent.create") }
func (e *env) tfeed(c int) string { return e.token(c, AUD_FEED, "client.access.consent.events") }

// agreement registers an integrated consent and returns its id.
func (e *env) agreement(c int, nin, scope string, days any, ext string) string {
	e.t.Helper()
	r := e.do("PUT", "/v1/consent/agreement", e.tagr(c), map[string]any{"nin": nin, "scope_of_consent": scope,
		"consent_duration_days": days, "client_consent_id": ext})
	if r.status != 200 {
		e.t.Fatalf("agreement: %d %s", r.status, r.body)
	}
	return r.json(e.t)["consent"].(map[string]any)["id"].(string)
}

var reqField = regexp.MustCompile(`name="req" value="([^"]*)"`)

// browser is a cookie-keeping client that does not follow redirects.
func (e *env) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: noRedirect.CheckRedirect}
}

// authorize starts /oauth2/auth for C1 and returns the response.
func (e *env) authorize(br *http.Client, q url.Values) *http.Response {
	e.t.Helper()
	res, err := br.Get(e.B + "/oauth2/auth?" + q.Encode())
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func authQuery(scope string) url.Values {
	return url.Values{"client_id": {gjeld.DemoClients[0].ClientID}, "response_type": {"code"}, "scope": {scope},
		"state": {"st-123456"}, "redirect_uri": {cb}}
}

func readBody(t testing.TB, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// consentRedirect runs login (action "login" or "cancel") and the consent
// decision ("accept"/"deny") and returns the final redirect Location.
func (e *env) consentRedirect(q url.Values, nin, loginAction, decision string) *url.URL {
	e.t.Helper()
	br := e.browser()
	res := e.authorize(br, q)
	page := readBody(e.t, res)
	if res.StatusCode != 200 {
		e.t.Fatalf("auth: %d %s", res.StatusCode, page)
	}
	m := reqField.FindStringSubmatch(page)
	if m == nil {
		e.t.Fatalf("no req field in login page: %s", page)
	}
	req := htmlUnescape(m[1])
	res, err := br.PostForm(e.B+"/login", url.Values{"req": {req}, "method": {"testid"}, "nin": {nin}, "action": {loginAction}})
	if err != nil {
		e.t.Fatal(err)
	}
	if loginAction == "cancel" {
		return location(e.t, res, http.StatusFound)
	}
	page = readBody(e.t, res)
	if !strings.Contains(page, "consent-form") {
		e.t.Fatalf("no consent page: %s", page)
	}
	res, err = br.PostForm(e.B+"/consent", url.Values{"req": {req}, "action": {decision}})
	if err != nil {
		e.t.Fatal(err)
	}
	return location(e.t, res, http.StatusFound)
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

func location(t testing.TB, res *http.Response, want int) *url.URL {
	t.Helper()
	body := readBody(t, res)
	if res.StatusCode != want {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, want, body)
	}
	u, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// flow is flow(scope) of §12: the whole redirect flow for C1 as P1 (or
// nin), then the code exchange; it returns the token response.
func (e *env) flow(scope string, nin ...string) map[string]any {
	e.t.Helper()
	who := P1
	if len(nin) > 0 {
		who = nin[0]
	}
	u := e.consentRedirect(authQuery(scope), who, "login", "accept")
	code := u.Query().Get("code")
	if code == "" {
		e.t.Fatalf("no code in %s", u)
	}
	r := e.form("/oauth2/token", e.id(0), e.secret(0), url.Values{"grant_type": {"authorization_code"},
		"client_id": {e.id(0)}, "redirect_uri": {cb}, "code": {code}})
	if r.status != 200 {
		e.t.Fatalf("code exchange: %d %s", r.status, r.body)
	}
	return r.json(e.t)
}

var (
	specOnce sync.Once
	spec     *openapi3.T
	specErr  error
)

const specPath = "testdata/openapi.json" // the official openapi.json (spec/data/gjeldsinformasjon)

// loadSpec loads openapi.json with only the in-memory fixes of §6.10:
// the two missing security schemes, and the feed's null sub-objects and
// externalConsentId marked nullable. The file itself is never changed.
func loadSpec() (*openapi3.T, error) {
	specOnce.Do(func() {
		l := openapi3.NewLoader()
		spec, specErr = l.LoadFromFile(specPath)
		if specErr != nil {
			return
		}
		for _, n := range []string{"OAuth2_Authorization_code_flow", "OAuth2_Client_credential"} {
			spec.Components.SecuritySchemes[n] = &openapi3.SecuritySchemeRef{Value: openapi3.NewJWTSecurityScheme()}
		}
		sc := spec.Components.Schemas
		sc["SamtykkeOpprettetEventDTO"].Value.Nullable = true
		sc["SamtykkeArkivertEventDTO"].Value.Nullable = true
		sc["SamtykkeOpprettetEventDTO"].Value.Properties["externalConsentId"].Value.Nullable = true
		specErr = spec.Validate(context.Background(), openapi3.DisableExamplesValidation())
	})
	return spec, specErr
}

// validateOpenAPI checks a resource response against its operation;
// status codes the operation does not declare are not schema-checked, and
// the empty feed page from fromSequenceNr=1 is exempt (§6.10 item 4).
func validateOpenAPI(t testing.TB, req *http.Request, r resp) {
	t.Helper()
	doc, err := loadSpec()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	p := strings.TrimPrefix(req.URL.Path, prefix)
	specPath := p
	switch {
	case strings.HasPrefix(p, "/v1/debt/") && strings.HasSuffix(p, "/status"):
		specPath = "/v1/debt/{id}/status"
	case strings.HasPrefix(p, "/v1/debt/"):
		specPath = "/v1/debt/{id}"
	}
	item := doc.Paths.Value(specPath)
	if item == nil {
		return // not a resource operation (token endpoint, pages, ...)
	}
	op := item.GetOperation(req.Method)
	if op == nil || op.Responses.Status(r.status) == nil {
		return
	}
	if p == "/feed/v1/consent" && req.URL.Query().Get("fromSequenceNr") == "1" && bytes.Contains(r.body, []byte(`"result":[]`)) {
		return
	}
	vreq := req.Clone(context.Background())
	vreq.URL.Path = p
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq,
			Route: &routers.Route{Spec: doc, Path: specPath, PathItem: item, Method: req.Method, Operation: op}},
		Status: r.status, Header: r.header, Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	in.SetBodyBytes(r.body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.json: %v\n%s", req.Method, p, r.status, err, r.body)
	}
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
