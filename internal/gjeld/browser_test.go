package gjeld_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/namsfogd/namsfogd/internal/gjeld"
)

const chromiumPath = "/usr/bin/chromium"

// TestBrowserFlow walks the redirect flow in headless Chromium — login,
// consent, callback, token, GET /v1/debt — then withdraws the consent in
// Min Gjeld, saving a screenshot of each page into the test's artifact
// directory (go test -artifacts keeps them).
func TestBrowserFlow(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("chromium is not installed at %s (run .ci/install-chromium); skipping the browser test", chromiumPath)
	}
	e := newEnv(t)
	// The client's own web app: its callback exchanges the code and shows the debt.
	var clientID, secret string
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := r.URL.Query().Get("code")
		form := url.Values{"grant_type": {"authorization_code"}, "redirect_uri": {"http://" + r.Host + "/cb"}, "code": {code}}
		req, _ := http.NewRequest("POST", e.B+"/oauth2/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(clientID, secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		var tok map[string]any
		json.NewDecoder(res.Body).Decode(&tok)
		res.Body.Close()
		req, _ = http.NewRequest("GET", e.B+"/v1/debt", nil)
		req.Header.Set("Authorization", fmt.Sprint("Bearer ", tok["access_token"]))
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>Callback</title></head><body><h1>Callback</h1><p id="status">%d</p><pre id="debt">%s</pre></body></html>`,
			res.StatusCode, html.EscapeString(string(body)))
	}))
	defer app.Close()
	c, sec, err := e.svc.CreateClient(t.Context(), gjeld.ClientSpec{OrgNr: "898205614", Name: "BROWSER TEST AS",
		RedirectURIs: []string{app.URL + "/cb"}})
	if err != nil {
		t.Fatal(err)
	}
	clientID, secret = c.ID, sec
	e.clock.Set(clockReal())

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 60*time.Second)
	defer cancel()

	dir := t.ArtifactDir()
	step := func(name string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, acts...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		buf, err := chromedp.Run(bctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text %s: %v", sel, err)
		}
		return v
	}
	q := url.Values{"client_id": {clientID}, "response_type": {"code"}, "scope": {"debt.unsecured.presentation.30"},
		"state": {"st-123456"}, "redirect_uri": {app.URL + "/cb"}}
	step("1-login", chromedp.Navigate(e.B+"/oauth2/auth?"+q.Encode()), chromedp.WaitVisible("#login-form"))
	step("2-consent", chromedp.SendKeys("#nin", P1), chromedp.Click("#login"), chromedp.WaitVisible("#consent-form"))
	step("3-callback", chromedp.Click("#accept"), chromedp.WaitVisible("#debt"))
	status, debt := text("#status"), text("#debt")
	step("4-portal", chromedp.Navigate(e.B+"/min-gjeld"), chromedp.WaitVisible(".withdraw"))
	step("5-withdrawn", chromedp.Click(".withdraw"), chromedp.Sleep(2*time.Second))
	state := text(".archived .state")
	eq(t, "debt status", status, "200")
	if !strings.Contains(debt, `"ssn":"`+P1+`"`) || !strings.Contains(debt, "EXAMPLE LENDER") {
		t.Errorf("debt: %s", debt)
	}
	eq(t, "state after withdrawal", state, "Arkivert")
	t.Logf("screenshots in %s", dir)
}
