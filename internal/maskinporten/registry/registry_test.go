package registry_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The registry is a domain package: it must not depend on HTTP or on any
// API package (STYLE.md rule 2).
func TestNoHTTPOrAPIDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/namsfogd/namsfogd/internal/maskinporten/registry").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || strings.HasPrefix(dep, "github.com/namsfogd/namsfogd/") && dep != "github.com/namsfogd/namsfogd/internal/maskinporten/registry" {
			t.Errorf("registry depends on %s", dep)
		}
	}
}
