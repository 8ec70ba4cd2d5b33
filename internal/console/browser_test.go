package console_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// TestBrowser drives the console in headless Chromium the way an
// operator would: open the server's root, sign in, read the overview,
// find a person, freeze and advance the clock, and start an
// utleggsbegjæring case as the namsmann. Each page is saved as a
// screenshot in the test's artifact directory (a temp dir; go test
// -artifacts keeps them).
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("chromium is not installed at %s (run .ci/install-chromium); skipping the browser test", chromiumPath)
	}
	e := start(t)
	setup := e.browser(t)
	setup.signIn()
	p, employer := setup.debtor(t)
	ref := e.submitCase(t, e.firstOrg(t, "collector"), p, "BROWSER-1")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 90*time.Second)
	defer cancel()

	dir := t.ArtifactDir()
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	do := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, acts...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}
	// waitText waits for a form's answer page: until sel reads want.
	waitText := func(sel, want string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		got := ""
		for time.Now().Before(deadline) {
			ctx, cancel := context.WithTimeout(bctx, time.Second)
			v, err := chromedp.Run(ctx, chromedp.Text(sel))
			cancel()
			if got = strings.TrimSpace(v); err == nil && got == want {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s reads %q, want %q", sel, got, want)
	}

	// 1. A browser at the server's root is sent to the console's sign-in.
	do("open", chromedp.Navigate(e.URL+"/"), chromedp.WaitVisible("#signin-form"))
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/console/") {
		t.Fatalf("the root led to %q (%v)", loc, err)
	}
	shot("1-signin")

	// 2. Sign in; the overview shows the world, the clock and the services.
	do("sign in", chromedp.SendKeys("#token", operatorToken), chromedp.Click("#signin"), chromedp.WaitVisible("#clock"))
	if got := text("#world-seed"); got != "7" {
		t.Errorf("world seed %q, want 7", got)
	}
	if s := text("#services"); !strings.Contains(s, e.URL+"/maskinporten/token") || !strings.Contains(s, e.URL+"/skatt/api/utleggsbegjaering/v1") {
		t.Errorf("services: %s", s)
	}
	shot("2-overview")

	// 3. Find the person by fødselsnummer.
	do("find person", chromedp.Click(`nav a[href="/console/persons"]`), chromedp.WaitVisible("#find-person"),
		chromedp.SendKeys("#nin", p.NIN), chromedp.Click("#find"))
	waitText("#person-nin", p.NIN)
	if got := text("#person-name"); got != p.GivenName+" "+p.FamilyName {
		t.Errorf("person name %q", got)
	}
	if s := text("#employments"); !strings.Contains(s, "900\u00a0000") {
		t.Errorf("employments: %s", s)
	}
	shot("3-person")

	// 4. Freeze the clock at today (noon), then advance it one day.
	do("overview", chromedp.Click(`nav a[href="/console/"]`), chromedp.WaitVisible("#clock-freeze"))
	today := text("#clock-today")
	do("freeze", chromedp.Click(`#clock-freeze button[value="freeze"]`))
	waitText("#clock-mode", "frozen")
	d, err := time.Parse("2006-01-02", today)
	if err != nil {
		t.Fatalf("today %q: %v", today, err)
	}
	tomorrow := d.AddDate(0, 0, 1).Format("2006-01-02")
	do("advance", chromedp.Clear("#advance-by"), chromedp.SendKeys("#advance-by", "1d"), chromedp.Click("#advance"))
	waitText("#clock-today", tomorrow)
	if f := text("#flash"); !strings.Contains(f, "today is "+tomorrow) {
		t.Errorf("flash after advancing: %q", f)
	}
	if got := e.clockToday(t); got != tomorrow {
		t.Errorf("the operator API says today is %s, want %s", got, tomorrow)
	}
	shot("4-clock-advanced")

	// 5. Open the collector's case and start it as the namsmann.
	do("case", chromedp.Navigate(e.URL+"/console/utlegg?ref="+url.QueryEscape(ref)), chromedp.WaitVisible("#case-status"))
	if got := text("#case-status"); got != "sakOpprettet" {
		t.Fatalf("case status %q", got)
	}
	shot("5-case")
	do("start", chromedp.Click("#action-start"))
	waitText("#case-status", "sakUnderBehandling")
	if f := text("#flash"); !strings.Contains(f, "sakUnderBehandling") {
		t.Errorf("flash after start: %q", f)
	}
	if m := text("#messages"); !strings.Contains(m, "STATUSENDRING") && !strings.Contains(m, "sakUnderBehandling") {
		t.Errorf("messages after start: %s", m)
	}
	shot("6-case-started")

	// 6. The other pages render (screenshots for the reader).
	for i, page := range []struct{ name, path, sel string }{
		{"create", "/console/create?nin=" + p.NIN, "#create-debt"},
		{"clients", "/console/clients", "#mp-clients"},
		{"trekkpaalegg", "/console/trekkpaalegg?trekkpliktig=" + employer, "#orders"},
		{"audit", "/console/audit?subject=" + p.NIN, "#audit"},
	} {
		do(page.name, chromedp.Navigate(e.URL+page.path), chromedp.WaitVisible(page.sel))
		shot(strconv.Itoa(7+i) + "-" + page.name)
	}

	// 7. Sign out.
	do("sign out", chromedp.Click("#signout"), chromedp.WaitVisible("#signin-form"))
	t.Logf("screenshots in %s", dir)
}
