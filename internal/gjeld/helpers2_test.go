package gjeld_test

import (
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
