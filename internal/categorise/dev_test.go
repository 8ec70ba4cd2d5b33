package categorise

import (
	"os"
	"path/filepath"
	"testing"
)

// devSet locates the shared development set (spec: statement-analysis.md §6.7).
func devSet(t testing.TB) string {
	for _, p := range []string{
		os.Getenv("NAMSFOGD_STATEMENT_DEVSET"),
		filepath.Join("testdata", "dev-labelled.csv"), // a copy of shared/data/statements
		filepath.Join("..", "..", "..", "shared", "data", "statements", "dev-labelled.csv"),
		"/work/shared/data/statements/dev-labelled.csv",
	} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("dev-labelled.csv not found; set NAMSFOGD_STATEMENT_DEVSET")
	return ""
}

// Check 39 (quality, unit form): dev leaf ≥ 0.90, group ≥ 0.95.
func TestCheck39_DevSetAccuracy(t *testing.T) {
	f, err := os.Open(devSet(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checkAccuracy(t, "dev", f, 0.90, 0.95)
}
