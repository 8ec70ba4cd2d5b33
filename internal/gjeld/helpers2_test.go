package gjeld_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func storeAuditQuery(subject string) store.AuditQuery {
	return store.AuditQuery{SubjectID: subject, Service: "gjeld", Limit: 1000}
}

func (e *env) admin(method, path, body string) int {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func (e *env) adminPut(path, body string) int { return e.admin("PUT", path, body) }
func (e *env) adminPost(path string) int      { return e.admin("POST", path, "") }

// countEvents counts client c's feed events of one type for a consent.
func countEvents(t *testing.T, e *env, c int, consentID, typ string) int {
	t.Helper()
	m := e.do("GET", "/feed/v1/consent?fromSequenceNr=1&limit=1000", e.tfeed(c), nil).json(t)
	n := 0
	for _, ev := range m["result"].([]any) {
		ev := ev.(map[string]any)
		if ev["consentId"] == consentID && ev["eventType"] == typ {
			n++
		}
	}
	return n
}

func clockReal() world.ClockSetting { return world.ClockSetting{Mode: world.ClockReal} }

// A wrong method on a known path is 405 with Allow, an unknown path 404,
// each in the JSON error format of its API family (§13 item 6).
func TestWrongMethodAndUnknownPath(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		method, path string
		status       int
		allow, key   string
	}{
		{"PUT", "/v1/debt/x", 405, "GET, HEAD, DELETE", "trace_id"},
		{"POST", "/v1/debt", 405, "GET, HEAD", "trace_id"},
		{"GET", "/oauth2/token", 405, "POST", "error_description"},
		{"GET", "/v1/consent/agreement", 405, "PUT", "requestId"},
		{"POST", "/feed/v1/consent", 405, "GET, HEAD", "requestId"},
		{"GET", "/v1/nope", 404, "", "requestId"},
		{"DELETE", "/nope", 404, "", "requestId"},
	} {
		req, _ := http.NewRequest(c.method, e.B+c.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		err = json.NewDecoder(res.Body).Decode(&m)
		res.Body.Close()
		if res.StatusCode != c.status || res.Header.Get("Allow") != c.allow || err != nil || m[c.key] == nil ||
			res.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: %d Allow %q %s %v, want %d Allow %q and a JSON body with %s",
				c.method, c.path, res.StatusCode, res.Header.Get("Allow"), res.Header.Get("Content-Type"), m, c.status, c.allow, c.key)
		}
	}
}
