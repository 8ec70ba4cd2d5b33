package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/server"
	"github.com/namsfogd/namsfogd/internal/server/servertest"
)

// testServer starts a real namsfogd on a loopback port with a small world.
type testServer struct {
	*server.Server
	URL string
}

func start(t *testing.T, persons int) *testServer {
	t.Helper()
	u, srv := servertest.Start(t, server.Config{Persons: persons, Seed: 3, OperatorToken: "test-operator-token"})
	return &testServer{Server: srv, URL: u}
}

func (s *testServer) do(t *testing.T, method, path, body string, auth bool) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer test-operator-token")
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	b, _ := io.ReadAll(resp.Body)
	if len(b) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s %s: body is not JSON: %s", method, path, b)
		}
	}
	return resp.StatusCode, m, resp.Header
}

func TestHealthReadyMetrics(t *testing.T) {
	s := start(t, 200)
	if code, _, _ := s.do(t, "GET", "/healthz", "", false); code != 200 {
		t.Fatalf("healthz %d", code)
	}
	code, m, _ := s.do(t, "GET", "/readyz", "", false)
	if code != 200 || m["status"] != "ready" {
		t.Fatalf("readyz %d %v", code, m)
	}
	resp, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `namsfogd_http_requests_total{method="GET",route="GET /readyz",status="200"} 1`) {
		t.Fatalf("metrics lack the readyz request:\n%s", b)
	}
	if !strings.Contains(string(b), "namsfogd_http_request_duration_seconds_bucket") {
		t.Fatal("metrics lack the latency histogram")
	}
}

func TestCorrelationID(t *testing.T) {
	s := start(t, 50)
	req, _ := http.NewRequest("GET", s.URL+"/healthz", nil)
	req.Header.Set("CorrelationID", "3f2b1c1e-1111-4a4a-9b9b-123456789abc")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Correlation-ID"); got != "3f2b1c1e-1111-4a4a-9b9b-123456789abc" {
		t.Fatalf("correlation id not taken from the request: %q", got)
	}
	_, _, h := s.do(t, "GET", "/healthz", "", false)
	if len(h.Get("X-Correlation-ID")) != 36 {
		t.Fatalf("no generated correlation id: %q", h.Get("X-Correlation-ID"))
	}
}

func TestOperatorAuth(t *testing.T) {
	s := start(t, 50)
	code, m, h := s.do(t, "GET", "/admin/world", "", false)
	if code != 401 || h.Get("WWW-Authenticate") == "" || m["error"] != "unauthorized" {
		t.Fatalf("no token: %d %v", code, m)
	}
	req, _ := http.NewRequest("GET", s.URL+"/admin/world", nil)
	req.Header.Set("Authorization", "Bearer wrong")
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("wrong token: %d", resp.StatusCode)
	}
	code, m, _ = s.do(t, "GET", "/admin/world", "", true)
	if code != 200 {
		t.Fatalf("world: %d %v", code, m)
	}
	// 50 generated persons plus the 5 reference parties of the DSOP
	// conformance checks.
	counts := m["counts"].(map[string]any)
	if counts["persons"].(float64) != 55 {
		t.Fatalf("seeded world: %v", m)
	}
}

func TestClock(t *testing.T) {
	s := start(t, 20)
	code, m, _ := s.do(t, "PUT", "/admin/clock", `{"mode":"frozen","time":"2026-03-01T09:00:00Z"}`, true)
	if code != 200 || m["today"] != "2026-03-01" || m["mode"] != "frozen" {
		t.Fatalf("freeze: %d %v", code, m)
	}
	if got := s.Clock.Now(); !got.Equal(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("clock not frozen: %v", got)
	}
	code, m, _ = s.do(t, "PUT", "/admin/clock", `{"mode":"offset","offset":"48h"}`, true)
	if code != 200 || m["mode"] != "offset" {
		t.Fatalf("offset: %d %v", code, m)
	}
	if d := time.Until(s.Clock.Now()); d < 47*time.Hour || d > 49*time.Hour {
		t.Fatalf("offset clock: %v ahead", d)
	}
	for _, bad := range []struct{ body, field string }{
		{`{"mode":"sideways"}`, "mode"},
		{`{"mode":"frozen","time":"yesterday"}`, "time"},
		{`{"mode":"frozen"}`, "time"},
		{`{"mode":"offset","offset":"two days"}`, "offset"},
		{`{"date":"2026-13-01"}`, "date"},
	} {
		code, m, _ := s.do(t, "PUT", "/admin/clock", bad.body, true)
		if code != 400 || m["field"] != bad.field {
			t.Errorf("%s: %d %v", bad.body, code, m)
		}
	}
	code, m, _ = s.do(t, "GET", "/admin/clock", "", true)
	if code != 200 || m["mode"] != "offset" {
		t.Fatalf("bad input must not change the clock: %v", m)
	}
	s.do(t, "PUT", "/admin/clock", `{"mode":"real"}`, true)
	if d := time.Until(s.Clock.Now()); d > time.Minute || d < -time.Minute {
		t.Fatalf("real clock off by %v", d)
	}
}

// DSOP answers carry no custom headers beyond its own (spec:
// dsop-kontroll.md §4.5); the server's correlation header stays off them.
func TestNoCorrelationHeaderOnDSOP(t *testing.T) {
	s := start(t, 20)
	resp, err := http.Get(s.URL + "/dsop/bank/311000004/v2/accounts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("status %d, want 401", resp.StatusCode)
	}
	if h := resp.Header.Get("X-Correlation-ID"); h != "" {
		t.Fatalf("DSOP answer carries X-Correlation-ID %q", h)
	}
}
