package ident_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoHTTPDependency: domain packages know nothing of HTTP (STYLE.md §2),
// not even transitively.
func TestNoHTTPDependency(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found:", err)
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || strings.HasPrefix(dep, "net/http/") {
			t.Errorf("package ident depends on %s", dep)
		}
	}
}
