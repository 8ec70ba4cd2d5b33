package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// `namsfogd demo` with no target starts its own server and tells the
// whole story; --json prints one document that says so.
func TestDemoInProcess(t *testing.T) {
	code, out, errs := runCmd(t, "demo", "--json", "--persons", "200")
	if code != 0 {
		t.Fatalf("demo --json: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	var rep struct {
		OK    bool `json:"ok"`
		Steps []struct {
			OK bool `json:"ok"`
		} `json:"steps"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, out)
	}
	if !rep.OK || len(rep.Steps) != 8 {
		t.Fatalf("report: ok %v, %d steps", rep.OK, len(rep.Steps))
	}
	if !strings.Contains(errs, "started an in-process namsfogd") {
		t.Errorf("stderr should say an in-process server was started: %q", errs)
	}
	if code, out, _ := runCmd(t, "help"); code != 0 || !strings.Contains(out, "demo") {
		t.Errorf("help does not list demo: %q", out)
	}
}

// Bad flags and a target without an operator token exit 2 with one line.
func TestDemoFlags(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "--target", "localhost:8080", "--operator-token", "x"},
		{"demo", "--target", "http://127.0.0.1:1", "--data-dir", t.TempDir()},
		{"demo", "--persons", "1"},
		{"demo", "extra"},
	} {
		t.Setenv("NAMSFOGD_OPERATOR_TOKEN", "")
		code, _, errs := runCmd(t, args...)
		if code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.HasPrefix(errs, "namsfogd: ") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, errs)
		}
	}
	// A target that does not answer: exit 1, the report says where it stopped.
	code, out, _ := runCmd(t, "demo", "--target", "http://127.0.0.1:1", "--operator-token", "x")
	if code != 1 || !strings.Contains(out, "The story stopped") {
		t.Errorf("unreachable target: exit %d, %q", code, out)
	}
}
