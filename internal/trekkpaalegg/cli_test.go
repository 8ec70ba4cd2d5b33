package trekkpaalegg_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
)

func TestTrekkCommand(t *testing.T) {
	e := newEnv(t, envOpt{noFixture: true})
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := trekkpaalegg.TrekkCommand(context.Background(), append([]string{"--url", e.srv.URL, "--token", "x"}, args...), &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, out, _ := run("fixtures"); code != 0 || !strings.Contains(out, `"lastet": 19`) {
		t.Fatalf("fixtures: %d %s", code, out)
	}
	code, out, errs := run("create", "--trekkpliktig", org123, "--skyldner", "10108412345", "--start", "2026-03-02", "--beloep", "2500")
	if code != 0 || !strings.Contains(out, `"sekvensnummer": 556`) {
		t.Fatalf("create: %d %s %s", code, out, errs)
	}
	if code, out, _ := run("get", "10006", "4"); code != 0 || !strings.Contains(out, `"sekvensnummer": 350`) {
		t.Fatalf("get: %d %s", code, out)
	}
	if code, _, errs := run("close", "10004"); code != 1 || !strings.Contains(errs, "422") {
		t.Fatalf("close a closed order: %d %s", code, errs)
	}
	if code, _, _ := run("bogus"); code != 2 {
		t.Fatalf("unknown command: %d", code)
	}
}
