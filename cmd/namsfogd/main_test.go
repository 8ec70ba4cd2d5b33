package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersionAndHelp(t *testing.T) {
	if code, out, _ := runCmd(t, "version"); code != 0 || !strings.HasPrefix(out, "namsfogd ") {
		t.Fatalf("version: %d %q", code, out)
	}
	code, out, _ := runCmd(t, "help")
	if code != 0 || !strings.Contains(out, "serve") || !strings.Contains(out, "seed") || !strings.Contains(out, "migrate") {
		t.Fatalf("help: %q", out)
	}
	code, _, errs := runCmd(t, "serve", "--help")
	if code != 0 || !strings.Contains(errs, "NAMSFOGD_ADDR") || !strings.Contains(errs, "NAMSFOGD_PERSONS") {
		t.Fatalf("serve --help must document flags and env: %q", errs)
	}
	if code, _, _ := runCmd(t, "frobnicate"); code != 2 {
		t.Fatalf("unknown command: %d", code)
	}
}

func TestSeedAndMigrate(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCmd(t, "migrate", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "migrations applied") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	code, out, errs = runCmd(t, "seed", "--data-dir", dir, "--persons", "300", "--seed", "9")
	if code != 0 || !strings.Contains(out, "(seed 9)") {
		t.Fatalf("seed: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "namsfogd.db")); err != nil {
		t.Fatal(err)
	}
}

func TestEnvironmentVariables(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("NAMSFOGD_DATA_DIR", dir)
	t.Setenv("NAMSFOGD_PERSONS", "120")
	t.Setenv("NAMSFOGD_SEED", "4")
	code, out, errs := runCmd(t, "seed")
	if code != 0 || !strings.Contains(out, "persons (seed 4)") && !strings.Contains(out, "seeded 10") {
		t.Fatalf("env: %d %q %q", code, out, errs)
	}
	// A flag wins over the environment.
	code, out, _ = runCmd(t, "seed", "--persons", "100")
	if code != 0 || !strings.HasPrefix(out, "seeded 10") {
		t.Fatalf("flag over env: %q", out)
	}
}

// A database that cannot be opened stops the process with one clear line.
func TestUnopenableDatabase(t *testing.T) {
	for _, args := range [][]string{
		{"migrate", "--db", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"},
		{"migrate", "--data-dir", "/proc/namsfogd-cannot-be-here"},
		{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--db", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"},
	} {
		code, _, errs := runCmd(t, args...)
		if code != 1 {
			t.Fatalf("%v: exit %d, want 1 (%q)", args, code, errs)
		}
		lines := strings.Split(strings.TrimSpace(errs), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "namsfogd: ") {
			t.Fatalf("%v: want one line, got %q", args, errs)
		}
	}
	code, _, errs := runCmd(t, "seed", "--data-dir", t.TempDir(), "--persons", "1")
	if code != 2 || !strings.Contains(errs, "--persons") {
		t.Fatalf("bad --persons: %d %q", code, errs)
	}
}
