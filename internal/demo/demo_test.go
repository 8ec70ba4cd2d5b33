package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/server"
	"github.com/namsfogd/namsfogd/internal/server/servertest"
)

const operatorToken = "demo-test-operator-token"

// start serves a fresh namsfogd on SQLite in a temp dir, as the demo's
// in-process mode does.
func start(t *testing.T, auto bool) string {
	t.Helper()
	u, _ := servertest.Start(t, server.Config{Persons: 300, Seed: 1, OperatorToken: operatorToken,
		AutoNamsmann: auto, NamsmannDelay: time.Millisecond})
	return u
}

// tell runs the demo and fails the test with the story when a step failed.
func tell(t *testing.T, cfg Config) *Report {
	t.Helper()
	var out bytes.Buffer
	cfg.Out = &out
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	if !rep.OK || len(rep.Steps) != 8 {
		t.Fatalf("report not ok or %d steps:\n%s", len(rep.Steps), out.String())
	}
	for _, st := range rep.Steps {
		if !st.OK || st.Skipped || st.Error != "" || len(st.Calls) == 0 {
			t.Errorf("step %d %q: ok %v, error %q, %d calls", st.Number, st.Title, st.OK, st.Error, len(st.Calls))
		}
		for _, c := range st.Calls {
			// A namsmann move may find the case moved by the server's own
			// namsmann (409); everything else must succeed.
			moved := c.Status == http.StatusConflict && strings.HasPrefix(c.Path, "/admin/utlegg/")
			if (c.Status < 200 || c.Status > 299) && !moved {
				t.Errorf("step %d: %s %s answered %d", st.Number, c.Method, c.Path, c.Status)
			}
		}
	}
	if t.Failed() {
		t.Logf("the story:\n%s", out.String())
	}
	return rep
}

// facts reads a step's facts back through JSON, as --json users see them.
func facts(t *testing.T, rep *Report, step int) map[string]any {
	t.Helper()
	b, _ := json.Marshal(rep.Steps[step].Facts)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDemo tells the whole story against a fresh server, checks what
// each step learned, and tells it again: a target server is reused, so a
// second run must work too.
func TestDemo(t *testing.T) {
	base := start(t, false)
	cfg := Config{BaseURL: base, OperatorToken: operatorToken}
	rep := tell(t, cfg)

	if rep.Person == "" || rep.Today == "" {
		t.Errorf("report names no person or today: %+v", rep)
	}
	if f := facts(t, rep, 1); f["consent_id"] == "" || f["debt_total_ore"].(float64) <= 0 || len(f["loans"].([]any)) == 0 {
		t.Errorf("debt step learned %v", f)
	}
	if f := facts(t, rep, 2); len(f["categories"].([]any)) == 0 || len(f["credit_scoring"].([]any)) == 0 {
		t.Errorf("statement step learned %v", f)
	}
	if f := facts(t, rep, 3); f["eksternSaksreferanse"] == "" || f["saksstatus"] != "sakOpprettet" {
		t.Errorf("utleggsbegjæring step learned %v", f)
	}
	if f := facts(t, rep, 4); len(f["banks"].([]any)) == 0 {
		t.Errorf("DSOP step learned %v", f)
	}
	if f := facts(t, rep, 5); f["beslutningstype"] != "utleggstrekk" || f["saksreferanse"] == "" {
		t.Errorf("decision step learned %v", f)
	}
	if f := facts(t, rep, 6); f["trekkpaalegg"] == nil {
		t.Errorf("trekkpålegg step learned %v", f)
	}
	services := map[string]bool{}
	for _, r := range facts(t, rep, 7)["records"].([]any) {
		services[r.(map[string]any)["service"].(string)] = true
	}
	for _, s := range []string{"gjeld", "nordigen", "dsop", "trekkpaalegg"} {
		if !services[s] {
			t.Errorf("audit step shows no %s record: %v", s, services)
		}
	}

	// Every Maskinporten token came from the token endpoint, none from
	// the operator's minting route.
	var tokens int
	for _, st := range rep.Steps {
		for _, c := range st.Calls {
			if c.Path == "/admin/maskinporten/token" {
				t.Errorf("step %d minted a token through the operator API", st.Number)
			}
			if c.Path == "/maskinporten/token" {
				tokens += c.Count
			}
		}
	}
	if tokens < 4 {
		t.Errorf("%d calls to /maskinporten/token, want one per organisation, scope and audience (at least 4)", tokens)
	}
	if !strings.HasPrefix(rep.Cleanup, "deleted") {
		t.Errorf("cleanup: %q", rep.Cleanup)
	}
	req, _ := http.NewRequest("GET", base+"/admin/maskinporten/clients", nil)
	req.Header.Set("Authorization", "Bearer "+operatorToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(b), "namsfogd-demo-") {
		t.Errorf("the demo's Maskinporten clients are still registered: %.500s", b)
	}

	// Again, on the same server and for the same person: the second
	// story stands on its own (new consent, case and order).
	rep2 := tell(t, cfg)
	if rep2.Person != rep.Person {
		t.Errorf("second run picked %s, first %s: the choice must be deterministic", rep2.Person, rep.Person)
	}
	if facts(t, rep2, 3)["eksternSaksreferanse"] == facts(t, rep, 3)["eksternSaksreferanse"] {
		t.Error("the second run reused the first run's case")
	}
	if n := len(facts(t, rep2, 7)["records"].([]any)); n > len(facts(t, rep, 7)["records"].([]any))+2 {
		t.Errorf("the second run's audit step shows %d records: it must show only its own", n)
	}
}

// TestDemoMovedClock: with the operator's clock frozen at 23:30 UTC on
// New Year's Eve (already the next day and year in Oslo), every date the
// demo sends (DSOP's today-only dates, the begjæringsdato) follows the
// world clock, and the Maskinporten grants signed by the wall clock are
// still accepted.
func TestDemoMovedClock(t *testing.T) {
	base := start(t, false)
	req, _ := http.NewRequest("PUT", base+"/admin/clock", strings.NewReader(`{"mode":"frozen","time":"2026-12-31T23:30:00Z"}`))
	req.Header.Set("Authorization", "Bearer "+operatorToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("set clock: %d", resp.StatusCode)
	}
	rep := tell(t, Config{BaseURL: base, OperatorToken: operatorToken})
	if rep.Today != "2027-01-01" {
		t.Errorf("today %s, want 2027-01-01 (Oslo)", rep.Today)
	}
	if d := facts(t, rep, 5)["beslutningsdato"]; d != "2027-01-01" {
		t.Errorf("beslutningsdato %v, want the world's today", d)
	}
}

// TestDemoAutoNamsmann: against a server whose namsmann decides by
// itself, the demo's own moves may find the case moved already; the
// story still works.
func TestDemoAutoNamsmann(t *testing.T) {
	base := start(t, true)
	tell(t, Config{BaseURL: base, OperatorToken: operatorToken})
}

// TestDemoRefusals: a person whose story cannot work, and a wrong
// operator token, stop the demo at the first step with a clear reason
// and skip the rest.
func TestDemoRefusals(t *testing.T) {
	base := start(t, false)
	for _, c := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown_person", Config{BaseURL: base, OperatorToken: operatorToken, Person: "01010100000"}, "/admin/persons/"},
		{"wrong_operator_token", Config{BaseURL: base, OperatorToken: "wrong"}, "401"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Run(context.Background(), c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want one mentioning %q", err, c.want)
			}
			if rep.OK || rep.Steps[0].OK || !rep.Steps[1].Skipped || !rep.Steps[6].Skipped {
				t.Errorf("steps: first ok %v, second skipped %v", rep.Steps[0].OK, rep.Steps[1].Skipped)
			}
		})
	}
}

// TestNamsmannMovedFirst: when the case is already decided before the
// demo's namsmann moves it (a server in --namsmann auto mode), each move
// answers 409 and the demo carries on from where the case is.
func TestNamsmannMovedFirst(t *testing.T) {
	base := start(t, false)
	ctx := context.Background()
	var out bytes.Buffer
	d := &run{cfg: Config{BaseURL: base, OperatorToken: operatorToken, Out: &out}, base: base, hc: http.DefaultClient, report: &Report{}}
	defer func() {
		if d.mp != nil {
			d.mp.cleanup(ctx, d)
		}
	}()
	for _, step := range []func(context.Context, *Step) error{d.stage, d.utleggsbegjaering} {
		if err := step(ctx, &Step{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.admin(ctx, &Step{}, "POST", "/admin/utlegg/utleggsbegjaering/"+d.caseRef+"/status", "",
		map[string]any{"saksstatus": "sakBesluttet"}); err != nil {
		t.Fatal(err)
	}
	for i, step := range []func(context.Context, *Step) error{d.dsop, d.decide, d.trekkpaalegg} {
		st := &Step{}
		if err := step(ctx, st); err != nil {
			t.Fatalf("step %d after the case was decided: %v", i+4, err)
		}
		if i < 2 && !strings.Contains(strings.Join(st.lines, "\n"), "already sakBesluttet") {
			t.Errorf("step %d does not say the case was already decided: %q", i+4, st.lines)
		}
		if i < 2 && st.Calls[0].Status != http.StatusConflict {
			t.Errorf("step %d: first call answered %d, want 409", i+4, st.Calls[0].Status)
		}
	}
}

// TestSpeaksOnlyHTTP: the demo is a client; it must not reach into the
// server's packages (package doc), not even transitively.
func TestSpeaksOnlyHTTP(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found:", err)
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/namsfogd/namsfogd/") && dep != "github.com/namsfogd/namsfogd/internal/demo" {
			t.Errorf("package demo depends on %s", dep)
		}
	}
}
