package console

import "testing"

// Browsers get the console at /, API clients the JSON index.
func TestPrefersHTML(t *testing.T) {
	for _, c := range []struct {
		accept string
		want   bool
	}{
		{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", true}, // Chrome
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true},                       // Firefox
		{"", false},
		{"*/*", false},
		{"application/json", false},
		{"application/json, text/html", false},
		{"text/html;q=0.5, application/json", false},
		{"application/json;q=0.5, text/html", true},
		{"TEXT/HTML", true},
		{"text/html;q=0", false},
		{"text/html;q=abc", true},
		{"text/plain", false},
	} {
		if got := PrefersHTML(c.accept); got != c.want {
			t.Errorf("PrefersHTML(%q) = %v, want %v", c.accept, got, c.want)
		}
	}
}
