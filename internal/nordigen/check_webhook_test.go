package nordigen

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store/pgtest"
)

// spec: statement-analysis.md §12 checks 48–52 (webhooks) and 55 (rate limit).

// receiver records what a webhook target gets and answers from a script.
type receiver struct {
	mu       sync.Mutex
	srv      *httptest.Server
	hits     []*http.Request
	bodies   [][]byte
	tokens   []map[string]string
	answers  []int
	tokenHit int
}

func newReceiver(t *testing.T, answers ...int) *receiver {
	rc := &receiver{answers: answers}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if r.URL.Path == "/token" {
			form, _ := url.ParseQuery(string(b))
			f := map[string]string{"content-type": r.Header.Get("Content-Type")}
			for k := range form {
				f[k] = form.Get(k)
			}
			rc.tokens = append(rc.tokens, f)
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"recv-token-1","expires_in":3600,"token_type":"Bearer"}`))
			return
		}
		rc.hits = append(rc.hits, r)
		rc.bodies = append(rc.bodies, b)
		code := 200
		if n := len(rc.hits); n <= len(rc.answers) {
			code = rc.answers[n-1]
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.hits)
}

func webhookEnv(t *testing.T) *env {
	return newEnv(t, func(c *Config) {
		c.Webhook = WebhookConfig{AllowHTTP: true, Schedule: []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond}, Jitter: -1}
	})
}

func (e *env) saveHook(body string) {
	e.t.Helper()
	if resp, _, b := e.do("POST", "/v2/webhook-settings", "application/json", []byte(body), true); resp.StatusCode != 202 {
		e.t.Fatalf("settings: %d %s", resp.StatusCode, b)
	}
}

// hookRun uploads, requests with use_webhook and waits until the
// record's webhook state is final.
func (e *env) hookRun(useWebhook bool) (string, map[string]any) {
	e.t.Helper()
	id, _ := e.upload([]byte(csvFixture))
	body := `{"country":"no","operations":["categorisation"],"use_webhook":true}`
	if !useWebhook {
		body = putCat
	}
	if resp, _, b := e.put(id, body); resp.StatusCode != 202 {
		e.t.Fatalf("put: %s", b)
	}
	e.wait(id)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		_, m, _ := e.do("GET", "/v2/report/"+id, "", nil, true)
		hook, _ := dig(m, "meta", "webhook").(map[string]any)
		if st := hook["status"]; st != "pending" {
			return id, hook
		}
		time.Sleep(30 * time.Millisecond)
	}
	e.t.Fatal("webhook never settled")
	return "", nil
}

func TestCheck48_WebhookSettings(t *testing.T) {
	e := webhookEnv(t)
	resp, _, b := e.do("POST", "/v2/webhook-settings", "application/json", []byte(`{"callback_url":"https://example.com/hook"}`), true)
	if resp.StatusCode != 202 || strings.TrimSpace(string(b)) != `{"data":{"attributes":{"success":true},"type":"report processing record"}}` {
		t.Fatalf("check 48: %d %s", resp.StatusCode, b)
	}
	resp, _, b = e.do("POST", "/v2/webhook-settings", "application/json", []byte(`{"callback_url":"https://example.com/hook","auth_method":"Basic Auth","auth_username":"u"}`), true)
	errCode(t, resp, b, 400, "API_REQUIRED_PARAMS_MISSING")
	if !strings.Contains(string(b), `"auth_password"`) {
		t.Fatalf("source: %s", b)
	}
	resp, _, b = e.do("POST", "/v2/webhook-settings", "application/json", []byte(`{"callback_url":"https://example.com/hook","auth_method":"Digest"}`), true)
	errCode(t, resp, b, 400, "INVALID_PARAMS")
	e.saveHook(`{"callback_url":"https://example.com/hook","auth_method":"basic auth","auth_username":"u","auth_password":"pw-secret"}`)
	_, m, b := e.do("GET", "/v2/webhook-settings", "", nil, true)
	if strings.Contains(string(b), "pw-secret") || strings.Contains(string(b), "auth_password") || dig(m, "data", "attributes", "auth_method") != "Basic Auth" {
		t.Fatalf("E8: %s", b)
	}
	e.saveHook(`{"callback_url":"https://example.com/hook","auth_method":"OAuth2","oauth_token_url":"https://example.com/t","oauth_client_id":"c","oauth_client_secret":"oauth-secret"}`)
	if _, _, b := e.do("GET", "/v2/webhook-settings", "", nil, true); strings.Contains(string(b), "oauth-secret") || strings.Contains(string(b), "oauth_client_secret") {
		t.Fatalf("E8 leaks: %s", b)
	}
	if resp, _, _ := e.do("DELETE", "/v2/webhook-settings", "", nil, true); resp.StatusCode != 204 {
		t.Fatalf("E9: %d", resp.StatusCode)
	}
	resp, _, b = e.do("GET", "/v2/webhook-settings", "", nil, true)
	errCode(t, resp, b, 404, "NOT_FOUND")
}

func TestCheck49_DeliveryAndSignature(t *testing.T) {
	e := webhookEnv(t)
	rc := newReceiver(t)
	e.saveHook(`{"callback_url":"` + rc.srv.URL + `/hook"}`)
	id, hook := e.hookRun(true)
	time.Sleep(300 * time.Millisecond) // no second delivery may follow
	if hook["status"] != "delivered" || rc.count() != 1 {
		t.Fatalf("check 49: %v, %d hits", hook, rc.count())
	}
	r, body := rc.hits[0], rc.bodies[0]
	var ev map[string]any
	json.Unmarshal(body, &ev)
	if dig(ev, "data", "attributes", "request-id") != id || dig(ev, "data", "attributes", "status") != "completed" {
		t.Fatalf("body %s", body)
	}
	mac := hmac.New(sha256.New, []byte("demo-secret"))
	mac.Write([]byte(r.Header.Get("X-Webhook-Timestamp") + "." + string(body)))
	if r.Header.Get("X-Webhook-Signature") != "v1="+hex.EncodeToString(mac.Sum(nil)) || r.Header.Get("Authorization") != "" {
		t.Fatalf("signature %q", r.Header.Get("X-Webhook-Signature"))
	}
}

func TestCheck50_BasicAuth(t *testing.T) {
	e := webhookEnv(t)
	rc := newReceiver(t)
	e.saveHook(`{"callback_url":"` + rc.srv.URL + `/hook","auth_method":"Basic Auth","auth_username":"hook-user","auth_password":"hook-pw"}`)
	e.hookRun(true)
	u, p, ok := rc.hits[0].BasicAuth()
	if !ok || u != "hook-user" || p != "hook-pw" {
		t.Fatalf("check 50: %q", rc.hits[0].Header.Get("Authorization"))
	}
}

func TestCheck51_OAuth2(t *testing.T) {
	e := webhookEnv(t)
	rc := newReceiver(t)
	e.saveHook(`{"callback_url":"` + rc.srv.URL + `/hook","auth_method":"OAuth2","oauth_token_url":"` + rc.srv.URL + `/token",
"oauth_client_id":"rc-id","oauth_client_secret":"rc-secret","oauth_audience":"rc-aud","oauth_client_audience":"rc-scope"}`)
	e.hookRun(true)
	e.hookRun(true)
	if len(rc.tokens) != 1 {
		t.Fatalf("check 51: %d token requests", len(rc.tokens))
	}
	f := rc.tokens[0]
	if f["grant_type"] != "client_credentials" || f["client_id"] != "rc-id" || f["client_secret"] != "rc-secret" ||
		f["audience"] != "rc-aud" || f["scope"] != "rc-scope" || !strings.HasPrefix(f["content-type"], "application/x-www-form-urlencoded") {
		t.Fatalf("check 51: token request %v", f)
	}
	for _, r := range rc.hits {
		if r.Header.Get("Authorization") != "Bearer recv-token-1" {
			t.Fatalf("check 51: %q", r.Header.Get("Authorization"))
		}
	}
}

func TestCheck52_RetriesAndGiveUp(t *testing.T) {
	e := webhookEnv(t)
	rc := newReceiver(t, 500, 500, 200)
	e.saveHook(`{"callback_url":"` + rc.srv.URL + `/hook"}`)
	_, hook := e.hookRun(true)
	if hook["status"] != "delivered" || rc.count() != 3 || hook["attempts"] != 3.0 {
		t.Fatalf("check 52: %v, %d hits", hook, rc.count())
	}
	for i, r := range rc.hits {
		if r.Header.Get("X-Webhook-Id") != rc.hits[0].Header.Get("X-Webhook-Id") || r.Header.Get("X-Webhook-Attempt") != string(rune('1'+i)) {
			t.Fatalf("attempt %d headers %v", i, r.Header)
		}
	}

	rc2 := newReceiver(t, 400)
	e.saveHook(`{"callback_url":"` + rc2.srv.URL + `/hook"}`)
	_, hook = e.hookRun(true)
	time.Sleep(300 * time.Millisecond)
	if hook["status"] != "failed" || rc2.count() != 1 {
		t.Fatalf("check 52 permanent: %v, %d hits", hook, rc2.count())
	}

	rc3 := newReceiver(t)
	e.saveHook(`{"callback_url":"` + rc3.srv.URL + `/hook"}`)
	_, hook = e.hookRun(false)
	time.Sleep(300 * time.Millisecond)
	if hook["status"] != "not-requested" || rc3.count() != 0 {
		t.Fatalf("check 52 use_webhook false: %v, %d hits", hook, rc3.count())
	}
}

func TestCheck55_RateLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RateLimitPerMinute = 5 })
	for i := range 5 {
		if resp, _, b := e.do("GET", "/v2/available-models", "", nil, true); resp.StatusCode != 200 {
			t.Fatalf("request %d: %s", i+1, b)
		}
	}
	resp, _, b := e.do("GET", "/v2/available-models", "", nil, true)
	errCode(t, resp, b, 429, "RATE_LIMIT")
	if resp.Header.Get("Retry-After") == "" {
		t.Fatal("check 55: Retry-After missing")
	}
}

// TestCheck53_ErrorBodies sends one request per error family; errCode
// asserts the §9.1 body and Content-Type on each (and on every other
// error asserted in checks 1–52).
func TestCheck53_ErrorBodies(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	for _, c := range []struct {
		method, path, ctype, body string
		status                    int
		code                      string
	}{
		{"POST", "/oauth/token", "text/plain", "x", 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"POST", "/oauth/token", "application/json", "{", 400, "MALFORMED_REQUEST_BODY"},
		{"PUT", "/v2/report/process/" + id, "application/json", `{"country":"no","operations":["categorisation"],"params":{"period":0,"currency":"nok"}}`, 400, "INVALID_PARAMS"},
		{"GET", "/v2/report/" + id + "x", "", "", 404, "NOT_FOUND"},
		{"PATCH", "/v2/webhook-settings", "", "", 405, "METHOD_NOT_ALLOWED"},
		{"POST", "/v2/webhook-settings", "application/json", `{}`, 400, "API_REQUIRED_PARAMS_MISSING"},
	} {
		resp, _, b := e.do(c.method, c.path, c.ctype, []byte(c.body), true)
		errCode(t, resp, b, c.status, c.code)
	}
}

// With SharedRateLimit the buckets live in the database: two processes
// on one database enforce one limit per client, on SQLite and on
// PostgreSQL.
func TestRateLimitSharedByProcesses(t *testing.T) {
	for _, c := range []struct{ name, dsn string }{
		{"sqlite", filepath.Join(t.TempDir(), "shared.db")},
		{"postgres", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dsn := c.dsn
			if dsn == "" {
				dsn = pgtest.Fresh(t)
			}
			shared := func(cfg *Config) { cfg.RateLimitPerMinute, cfg.SharedRateLimit = 5, true }
			a, b := newEnvOn(t, dsn, shared), newEnvOn(t, dsn, shared)
			for i := range 5 {
				e := []*env{a, b}[i%2]
				if resp, _, body := e.do("GET", "/v2/available-models", "", nil, true); resp.StatusCode != 200 {
					t.Fatalf("request %d: %s", i+1, body)
				}
			}
			for _, e := range []*env{a, b} {
				resp, _, body := e.do("GET", "/v2/available-models", "", nil, true)
				errCode(t, resp, body, 429, "RATE_LIMIT")
				if ra := resp.Header.Get("Retry-After"); ra != "12" && ra != "13" {
					t.Fatalf("Retry-After %q, want about 12 s (a fifth of a minute)", ra)
				}
			}
		})
	}
}
