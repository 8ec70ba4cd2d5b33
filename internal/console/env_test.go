package console_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/server"
	"github.com/namsfogd/namsfogd/internal/server/servertest"
)

const operatorToken = "console-test-operator-token"

// env is the whole namsfogd handler on a temp SQLite data dir, served on
// a loopback port (spec: STYLE.md, whole-binary tests).
type env struct {
	URL string
	srv *server.Server
}

func start(t *testing.T) *env {
	t.Helper()
	u, srv := servertest.Start(t, server.Config{Persons: 200, Seed: 7, OperatorToken: operatorToken})
	return &env{URL: u, srv: srv}
}

// resp is one answer.
type resp struct {
	status int
	header http.Header
	body   string
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so tests see each 303.
type browser struct {
	t    *testing.T
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (b *browser) do(req *http.Request) resp {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	r := resp{status: res.StatusCode, header: res.Header, body: string(body)}
	if m := csrfField.FindStringSubmatch(r.body); m != nil {
		b.csrf = m[1]
	}
	return r
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) get(path string, hdr ...string) resp {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.e.URL+path, nil)
	req.Header.Set("Accept", "text/html")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

// post sends a form; the session's CSRF token is added unless the form
// has one.
func (b *browser) post(path string, form url.Values, hdr ...string) resp {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok && b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.e.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

// follow gets the page a 303 points at.
func (b *browser) follow(r resp) resp {
	b.t.Helper()
	if r.status != http.StatusSeeOther {
		b.t.Fatalf("want a 303, got %d: %s", r.status, clip(r.body))
	}
	loc := r.header.Get("Location")
	return b.get(strings.TrimPrefix(loc, b.e.URL))
}

// signIn signs in and returns the overview.
func (b *browser) signIn() resp {
	b.t.Helper()
	r := b.post("/console/login", url.Values{"token": {operatorToken}})
	if r.status != http.StatusSeeOther {
		b.t.Fatalf("sign in: %d %s", r.status, clip(r.body))
	}
	r = b.follow(r)
	if r.status != 200 || !strings.Contains(r.body, "<h1>Overview</h1>") {
		b.t.Fatalf("overview after sign-in: %d %s", r.status, clip(r.body))
	}
	return r
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// admin calls the operator API directly.
func (e *env) admin(t *testing.T, method, path string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+operatorToken)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	if res.StatusCode >= 300 {
		t.Logf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	return res.StatusCode
}

// person is the part of GET /admin/persons/{nin} the tests read.
type person struct {
	NIN         string `json:"nin"`
	GivenName   string `json:"given_name"`
	FamilyName  string `json:"family_name"`
	BirthDate   string `json:"birth_date"`
	Employments []struct {
		EmployerOrgNr string `json:"employer_orgnr"`
		AnnualSalary  int64  `json:"annual_salary"`
	} `json:"employments"`
	Accounts []struct {
		AccountNumber string `json:"account_number"`
	} `json:"accounts"`
	Debts []struct {
		ID string `json:"id"`
	} `json:"debts"`
}

func (e *env) person(t *testing.T, nin string) person {
	t.Helper()
	var p person
	if st := e.admin(t, "GET", "/admin/persons/"+nin, nil, &p); st != 200 {
		t.Fatalf("person %s: %d", nin, st)
	}
	return p
}

// firstOrg is the first organisation with the role.
func (e *env) firstOrg(t *testing.T, role string) string {
	t.Helper()
	var l struct {
		Organisations []struct {
			OrgNr string `json:"orgnr"`
		} `json:"organisations"`
	}
	if st := e.admin(t, "GET", "/admin/organisations?role="+role, nil, &l); st != 200 || len(l.Organisations) == 0 {
		t.Fatalf("no organisation with role %s (%d)", role, st)
	}
	return l.Organisations[0].OrgNr
}

// The published example begjæring and the values the tests replace in it
// (as internal/server's lifecycle test does).
const (
	exampleDoc      = "../utlegg/testdata/eksempel-enkel-beta-apier.json"
	exampleDebtor   = "44926701751"
	exampleSender   = "312597772"
	exampleSaksoekr = "311758489"
	exampleVedlegg  = "1a107a2d-6398-4675-944c-59f44fbeee82"
)

// submitCase submits an utleggsbegjæring against p from the collector
// through the public API, as a collector's system would, and returns
// its eksternSaksreferanse.
func (e *env) submitCase(t *testing.T, collector string, p person, innsRef string) string {
	t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if st := e.admin(t, "POST", "/admin/maskinporten/token", map[string]string{"org": collector, "scope": "skatteetaten:utleggsbegjaering"}, &tok); st != 200 {
		t.Fatalf("token for %s: %d", collector, st)
	}
	call := func(method, path, ct string, body []byte) (int, []byte) {
		req, _ := http.NewRequest(method, e.URL+"/skatt/api/utleggsbegjaering/v1"+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Accept", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("innsenderReferanse", innsRef)
	fw, _ := mw.CreateFormFile("fil", "tvangsgrunnlag.pdf")
	fw.Write([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	mw.Close()
	st, body := call("POST", "/vedlegg", mw.FormDataContentType(), buf.Bytes())
	if st != 201 {
		t.Fatalf("vedlegg: %d %s", st, body)
	}
	var v struct {
		UUID string `json:"uuid"`
	}
	json.Unmarshal(body, &v)
	raw, err := os.ReadFile(exampleDoc)
	if err != nil {
		t.Skipf("the published example is not available: %v", err)
	}
	doc := strings.NewReplacer(exampleDebtor, p.NIN, exampleSender, collector, exampleSaksoekr, collector, exampleVedlegg, v.UUID,
		`"InnsenderRef123"`, strconv.Quote(innsRef), `"2006-09-16"`, strconv.Quote(p.BirthDate),
		`"LYSEGUL"`, strconv.Quote(strings.ToUpper(p.GivenName)), `"HENSIKT"`, strconv.Quote(strings.ToUpper(p.FamilyName))).Replace(string(raw))
	var d map[string]any
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	var clock struct {
		Today string `json:"today"`
	}
	e.admin(t, "GET", "/admin/clock", nil, &clock)
	d["begjaeringsdato"] = clock.Today
	b, _ := json.Marshal(d)
	st, body = call("POST", "/utleggsbegjaering", "application/json", b)
	if st != 201 {
		t.Fatalf("send inn: %d %s", st, body)
	}
	var out struct {
		Ref string `json:"eksternSaksreferanse"`
	}
	json.Unmarshal(body, &out)
	if out.Ref == "" {
		t.Fatalf("no eksternSaksreferanse: %s", body)
	}
	return out.Ref
}
