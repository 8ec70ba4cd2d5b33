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
