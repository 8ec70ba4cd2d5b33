package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// clockToday reads the world's today through the operator API.
func (e *env) clockToday(t *testing.T) string {
	t.Helper()
	var c struct {
		Today string `json:"today"`
		Mode  string `json:"mode"`
	}
	e.admin(t, "GET", "/admin/clock", nil, &c)
	return c.Today
}

// Every console answer carries a CSP that allows no script, and pages
// are never cached.
func TestSecurityHeaders(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	check := func(what string, r resp) {
		t.Helper()
		csp := r.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", what, csp, want)
			}
		}
		if strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q allows script or unsafe sources", what, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", what)
		}
		if strings.Contains(r.header.Get("Content-Type"), "text/html") && r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", what, r.header.Get("Cache-Control"))
		}
	}
	check("sign-in", b.get("/console/"))
	check("not found", b.get("/console/nope"))
	b.signIn()
	for _, p := range []string{"/console/", "/console/persons", "/console/organisations", "/console/create", "/console/clients",
		"/console/utlegg", "/console/trekkpaalegg", "/console/audit", "/console/static/console.css"} {
		r := b.get(p)
		if r.status != 200 {
			t.Errorf("%s: %d %s", p, r.status, clip(r.body))
		}
		check(p, r)
		if strings.Contains(r.body, "<script") {
			t.Errorf("%s has a script element", p)
		}
	}
}

// A state change without the session's CSRF token, from another site,
// or without a session is refused and changes nothing.
func TestStateChangesNeedSessionAndCSRF(t *testing.T) {
	e := start(t)
	before := e.clockToday(t)
	freeze := url.Values{"action": {"freeze"}, "date": {"2031-05-17"}}

	anon := e.browser(t)
	if r := anon.post("/console/clock", freeze); r.status != http.StatusUnauthorized {
		t.Errorf("without a session: %d, want 401", r.status)
	}

	b := e.browser(t)
	b.signIn()
	for name, f := range map[string]url.Values{
		"no token":    {"action": {"freeze"}, "date": {"2031-05-17"}, "csrf": {""}},
		"wrong token": {"action": {"freeze"}, "date": {"2031-05-17"}, "csrf": {"AAAA" + b.csrf[4:]}},
	} {
		if r := b.post("/console/clock", f); r.status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, r.status)
		}
	}
	if r := b.post("/console/clock", freeze, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); r.status != http.StatusForbidden {
		t.Errorf("cross-site with a valid token: %d, want 403", r.status)
	}
	// Another browser's valid token does not fit this session.
	other := e.browser(t)
	other.signIn()
	if r := b.post("/console/clock", url.Values{"action": {"freeze"}, "date": {"2031-05-17"}, "csrf": {other.csrf}}); r.status != http.StatusForbidden {
		t.Errorf("another session's token: %d, want 403", r.status)
	}
	if got := e.clockToday(t); got != before {
		t.Fatalf("a refused request moved the clock: %s -> %s", before, got)
	}
	// Sign-out is a state change too.
	if r := b.post("/console/logout", url.Values{"csrf": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("sign-out without the token: %d", r.status)
	}
	// With everything right, it works.
	if r := b.post("/console/clock", freeze); r.status != http.StatusSeeOther {
		t.Fatalf("valid request: %d %s", r.status, clip(r.body))
	}
	if got := e.clockToday(t); got != "2031-05-17" {
		t.Errorf("today %s, want 2031-05-17", got)
	}
}

// A session cookie that was changed, or signed with another operator
// token, is no session.
func TestTamperedSessionCookie(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	u, _ := url.Parse(e.URL + "/console/")
	cks := b.c.Jar.Cookies(u)
	if len(cks) != 1 {
		t.Fatalf("cookies: %v", cks)
	}
	v := cks[0].Value
	parts := strings.Split(v, ".")
	if len(parts) != 4 {
		t.Fatalf("cookie %q", v)
	}
	for name, forged := range map[string]string{
		"later expiry": parts[0] + ".9999999999." + parts[2] + "." + parts[3],
		"other nonce":  parts[0] + "." + parts[1] + ".00000000000000000000000000000000." + parts[3],
		"no signature": parts[0] + "." + parts[1] + "." + parts[2] + ".",
		"garbage":      "v1.x.y.z",
	} {
		fb := e.browser(t)
		fb.c.Jar.SetCookies(u, []*http.Cookie{{Name: cks[0].Name, Value: forged, Path: "/console/"}})
		if r := fb.get("/console/persons"); r.status != http.StatusSeeOther {
			t.Errorf("%s: %d, want a redirect to sign in", name, r.status)
		}
	}
}

// Bad input gets a 4xx page or a refusal message, never a 5xx.
func TestBadInputIsNeverA5xx(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	weird := url.QueryEscape("../../admin/world?x=%00\"<>")
	for _, p := range []string{
		"/console/persons?nin=" + weird, "/console/persons?after=" + weird, "/console/persons?nin=00000000000",
		"/console/organisations?orgnr=" + weird, "/console/organisations?orgnr=000000000", "/console/organisations?after=" + weird + "&role=bank",
		"/console/clients?org=" + weird, "/console/clients?org=123&after=" + weird,
		"/console/utlegg?ref=" + weird, "/console/utlegg?ref=..", "/console/utlegg?innsender=" + weird, "/console/utlegg?innsender=123", "/console/utlegg?innsender=000000000",
		"/console/trekkpaalegg?trekkpliktig=" + weird, "/console/trekkpaalegg?trekkpliktig=000000000",
		"/console/audit?after=" + weird, "/console/audit?limit=" + weird, "/console/audit?subject=" + weird + "&service=" + weird,
		"/console/create?nin=" + weird, "/console/static/" + weird, "/console/static/nope.css",
	} {
		if r := b.get(p); r.status >= 500 {
			t.Errorf("GET %s: %d %s", p, r.status, clip(r.body))
		}
	}
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/console/clock", url.Values{"action": {"freeze"}, "date": {"x"}, "time": {"25:99"}}},
		{"/console/clock", url.Values{"action": {"nonsense"}}},
		{"/console/clock", url.Values{"action": {"offset"}, "offset": {"9999999999h"}}},
		{"/console/world/reset", url.Values{"confirm": {"yes"}, "seed": {"-1"}, "persons": {"x"}}},
		{"/console/create/person", url.Values{"nin": {weird}, "birth_date": {"1800-13-40"}}},
		{"/console/create/organisation", url.Values{"orgnr": {weird}, "roles": {"pirate"}, "employ_nin": {"1"}}},
		{"/console/create/employment", url.Values{"person_nin": {weird}, "annual_salary": {"1e99"}, "position_percent": {"x"}}},
		{"/console/create/account", url.Values{"bank_orgnr": {weird}}},
		{"/console/create/account", url.Values{"bank_orgnr": {"000000000"}}},
		{"/console/create/debt", url.Values{"type": {"x"}, "terms": {"x"}, "credit_limit": {"-"}}},
		{"/console/clients", url.Values{"org": {weird}, "scopes": {"no:such"}, "jwks": {"{not json"}}},
		{"/console/clients", url.Values{"org": {"123"}, "jwks": {`{"keys":[{"kty":"oct"}]}`}}},
		{"/console/clients/token", url.Values{"client_id": {weird}, "scope": {""}}},
		{"/console/clients/token", url.Values{"org": {"000000000"}, "scope": {"skatteetaten:trekkpaalegg"}}},
		{"/console/systemusers/approve", url.Values{"id": {weird}}},
		{"/console/systemusers/approve", url.Values{"id": {"no-such-user"}}},
		{"/console/systemusers/explode", url.Values{"id": {"x"}}},
		{"/console/utlegg/start", url.Values{"ref": {weird}}},
		{"/console/utlegg/start", url.Values{"ref": {"no-such-case"}}},
		{"/console/utlegg/explode", url.Values{"ref": {"x"}}},
		{"/console/trekkpaalegg/avslutt", url.Values{"trekkid": {weird}}},
		{"/console/trekkpaalegg/avslutt", url.Values{"trekkid": {"no-such-order"}}},
		{"/console/trekkpaalegg/explode", nil},
	} {
		if r := b.post(c.path, c.form); r.status >= 500 {
			t.Errorf("POST %s %v: %d %s", c.path, c.form, r.status, clip(r.body))
		}
	}
}
