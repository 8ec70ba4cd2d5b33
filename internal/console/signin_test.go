package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// GET / keeps answering API clients with the JSON index; a browser is
// sent to the console.
func TestIndexJSONForClientsConsoleForBrowsers(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	for _, accept := range []string{"", "*/*", "application/json", "application/json, text/html"} {
		r := b.get("/", "Accept", accept)
		var idx struct {
			Name     string            `json:"name"`
			Services map[string]string `json:"services"`
		}
		if r.status != 200 || json.Unmarshal([]byte(r.body), &idx) != nil || idx.Name != "namsfogd" {
			t.Errorf("Accept %q: %d %s, want the JSON index", accept, r.status, clip(r.body))
		}
		if idx.Services["Operator web console"] != e.URL+"/console/" {
			t.Errorf("Accept %q: the index does not name the console: %v", accept, idx.Services)
		}
	}
	browserAccept := "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
	r := b.get("/", "Accept", browserAccept)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/" {
		t.Fatalf("browser at /: %d Location %q, want 303 to /console/", r.status, r.header.Get("Location"))
	}
	if !strings.Contains(r.header.Get("Vary"), "Accept") {
		t.Errorf("Vary: %q, want Accept", r.header.Get("Vary"))
	}
	if r := b.get("/console"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/" {
		t.Errorf("/console: %d %q", r.status, r.header.Get("Location"))
	}
}

// The sign-in form posts the token; the session cookie is HttpOnly,
// SameSite=Strict, scoped to /console/ and does not hold the token.
func TestSignIn(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	r := b.get("/console/")
	if r.status != 200 || !strings.Contains(r.body, `id="signin-form"`) || !strings.Contains(r.body, `type="password"`) {
		t.Fatalf("sign-in page: %d %s", r.status, clip(r.body))
	}
	if strings.Contains(r.body, "Overview") {
		t.Error("the sign-in page shows the overview")
	}
	r = b.post("/console/login", url.Values{"token": {"wrong-token"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "not the operator token") {
		t.Fatalf("wrong token: %d %s", r.status, clip(r.body))
	}
	if len(r.header.Values("Set-Cookie")) != 0 {
		t.Errorf("a refused sign-in set cookies: %v", r.header.Values("Set-Cookie"))
	}
	r = b.post("/console/login", url.Values{"token": {operatorToken}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/" {
		t.Fatalf("sign in: %d %q", r.status, r.header.Get("Location"))
	}
	ck := r.header.Get("Set-Cookie")
	for _, want := range []string{"namsfogd_console=", "Path=/console/", "HttpOnly", "SameSite=Strict"} {
		if !strings.Contains(ck, want) {
			t.Errorf("session cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, operatorToken) || strings.Contains(ck, "Max-Age") || strings.Contains(ck, "Expires") {
		t.Errorf("session cookie %q holds the token or outlives the browser session", ck)
	}
	r = b.follow(r)
	for _, want := range []string{"<h1>Overview</h1>", `id="clock-today"`, `id="services"`, e.URL + "/maskinporten/token",
		e.URL + "/skatt/api/trekkpaalegg/v1", `id="world-seed">7<`, `id="signout"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("overview lacks %s", want)
		}
	}
	if strings.Contains(r.body, operatorToken) {
		t.Error("the overview shows the operator token")
	}
	// Signing out ends the session.
	r = b.post("/console/logout", nil)
	if r.status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.status)
	}
	if r := b.get("/console/"); !strings.Contains(r.body, `id="signin-form"`) {
		t.Error("still signed in after signing out")
	}
}

// A page asked for without a session sends the browser to sign in and
// back; the destination must be a console page.
func TestSignInReturnsToThePageAsked(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	r := b.get("/console/audit?service=dsop")
	if r.status != http.StatusSeeOther {
		t.Fatalf("audit without a session: %d", r.status)
	}
	loc, _ := url.Parse(r.header.Get("Location"))
	if loc.Path != "/console/" || loc.Query().Get("next") != "/console/audit?service=dsop" {
		t.Fatalf("Location %q", r.header.Get("Location"))
	}
	r = b.get(loc.RequestURI())
	if !strings.Contains(r.body, `name="next" value="/console/audit?service=dsop"`) {
		t.Fatalf("the sign-in form does not carry next: %s", clip(r.body))
	}
	r = b.post("/console/login", url.Values{"token": {operatorToken}, "next": {"/console/audit?service=dsop"}})
	if r.header.Get("Location") != "/console/audit?service=dsop" {
		t.Errorf("after sign-in: %q", r.header.Get("Location"))
	}
	for _, next := range []string{"https://evil.example/", "//evil.example/console/", "/admin/world", "/console/../admin", `/console\..\x`} {
		b := e.browser(t)
		r := b.post("/console/login", url.Values{"token": {operatorToken}, "next": {next}})
		if r.header.Get("Location") != "/console/" {
			t.Errorf("next %q: redirected to %q, want /console/", next, r.header.Get("Location"))
		}
	}
}
