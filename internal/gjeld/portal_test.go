package gjeld_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestPortalWithdraw: the person logs in to Min Gjeld, sees the consent
// and its use, withdraws it, and it shows as archived (T7, R3, R4).
func TestPortalWithdraw(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "portal")
	e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil)
	br := e.browser()
	res, err := br.PostForm(e.B+"/login", url.Values{"method": {"testid"}, "nin": {P1}, "action": {"login"}, "next": {"portal"}})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)
	res, _ = br.Get(e.B + "/min-gjeld")
	page := readBody(t, res)
	if !strings.Contains(page, "GET /v1/debt/{id}") {
		t.Fatalf("use not listed: %s", page)
	}
	m := regexp.MustCompile(`action="([^"]*withdraw)"><input type="hidden" name="csrf" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no withdraw form: %s", page)
	}
	res, _ = br.PostForm(e.srv.URL+htmlUnescape(m[1]), url.Values{"csrf": {htmlUnescape(m[2])}})
	readBody(t, res)
	res, _ = br.Get(e.B + "/min-gjeld")
	page = readBody(t, res)
	if !strings.Contains(page, "consent archived") || !strings.Contains(page, "Arkivert") {
		t.Fatalf("not archived: %s", page)
	}
}
