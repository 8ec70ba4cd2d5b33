package console

import "testing"

func TestKroner(t *testing.T) {
	for ore, want := range map[int64]string{0: "0,00", 5: "0,05", 100: "1,00", 123456789: "1\u00a0234\u00a0567,89", -1250: "−12,50", 100000: "1\u00a0000,00"} {
		if got := kroner(ore); got != want {
			t.Errorf("kroner(%d) = %q, want %q", ore, got, want)
		}
	}
	if got := wholeKroner(650000); got != "650\u00a0000" {
		t.Errorf("wholeKroner = %q", got)
	}
	for v, want := range map[int]string{1995: "19,95", 400: "4", 450: "4,50", 0: "0"} {
		if got := hundredths(v); got != want {
			t.Errorf("hundredths(%d) = %q, want %q", v, got, want)
		}
	}
}

// Amounts are typed in kroner the Norwegian or the English way.
func TestParseOre(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "0": 0, "12 500": 1250000, "12500,5": 1250050, "12500.50": 1250050, "-300": -30000,
		"−1,01": -101, "1\u00a0000": 100000, "  7 ": 700} {
		got, err := parseOre(in)
		if err != nil || got != want {
			t.Errorf("parseOre(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"abc", "1,234,5", "1.234.56", "12,345", ",5", "1e5", "-", "99999999999999", "1 000 kr"} {
		if _, err := parseOre(in); err == nil {
			t.Errorf("parseOre(%q) accepted", in)
		}
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]string{"1d": "24h0m0s", "-2d": "-48h0m0s", "36h": "36h0m0s", "-30m": "-30m0s", " 7d ": "168h0m0s"} {
		d, err := parseDuration(in)
		if err != nil || d.String() != want {
			t.Errorf("parseDuration(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "d", "1.5d", "soon", "99999d", "1w"} {
		if _, err := parseDuration(in); err == nil {
			t.Errorf("parseDuration(%q) accepted", in)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/console/audit?service=dsop":   "/console/audit?service=dsop",
		"/console/":                     "/console/",
		"":                              "",
		"/console":                      "",
		"/admin/world":                  "",
		"https://evil.example/console/": "",
		"//evil.example/console/":       "",
		"/console/../admin":             "",
		"/console/./x":                  "",
		`/console/\evil`:                "",
	} {
		if got := safeNext("/console", in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeSegment(t *testing.T) {
	for s, want := range map[string]bool{"601d5fdf-46b5-4520-8220-aad074f54eab": true, "TEST_SAK_1": true, "": false, ".": false, "..": false,
		"a/b": false, "a?b": false, "a b": false, "a%2F": false, "æ": false} {
		if got := safeSegment(s); got != want {
			t.Errorf("safeSegment(%q) = %v, want %v", s, got, want)
		}
	}
}
