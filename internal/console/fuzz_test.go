package console

import "testing"

// What kroner prints, parseOre reads back; nothing typed makes either
// panic.
func FuzzParseOre(f *testing.F) {
	for _, s := range []string{"12 500", "12500,50", "-3", "−1,01", "", "1\u00a0000,00", "9999999999999,99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseOre(s)
		if err != nil {
			return
		}
		back, err := parseOre(kroner(v))
		if err != nil || back != v {
			t.Fatalf("parseOre(%q) = %d, printed %q, read back %d, %v", s, v, kroner(v), back, err)
		}
	})
}

func FuzzPrefersHTML(f *testing.F) {
	for _, s := range []string{"text/html", "*/*;q=0.8", "application/json;q=0.9, text/html;q=1", ";;,q=,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { PrefersHTML(s) })
}
