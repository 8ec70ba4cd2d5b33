package ident_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// TestValidateKontonummer: spec utleggsbegjaering.md rule UGYLDIG_KONTONR.
func TestValidateKontonummer(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind error
		msg  string
	}{
		{"valid", "12345678903", nil, ""},
		{"valid DNB-style", "86011117947", nil, ""},
		{"check 11 becomes 0", "86011110020", nil, ""},
		{"bad check digit", "12345678904", ident.ErrCheckDigit, "kontonummer: bad check digit"},
		{"check 10: no digit is right", "86011110081", ident.ErrCheckDigit, "kontonummer: bad check digit"},
		{"dotted form is not accepted here", "1234.56.78903", ident.ErrLength, "kontonummer: must be 11 digits, got 13"},
		{"spaced form is not accepted here", "1234 56 78903", ident.ErrLength, "kontonummer: must be 11 digits, got 13"},
		{"10 digits", "1234567890", ident.ErrLength, "kontonummer: must be 11 digits, got 10"},
		{"empty", "", ident.ErrLength, "kontonummer: must be 11 digits, got 0"},
		{"IBAN", "NO9386011117947", ident.ErrLength, "kontonummer: must be 11 digits, got 15"},
		{"letter", "1234567890X", ident.ErrNotDigits, "kontonummer: must contain digits only"},
		{"dot inside 11 characters", "1234.567890", ident.ErrNotDigits, "kontonummer: must contain digits only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, ident.ValidateKontonummer(tt.in), tt.kind, tt.msg)
		})
	}
}

func TestNormalizeKontonummer(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
		msg            string
	}{
		{"dotted", "1234.56.78903", "12345678903", nil, ""},
		{"spaced", "1234 56 78903", "12345678903", nil, ""},
		{"bare", "12345678903", "12345678903", nil, ""},
		{"odd but only dots and spaces", " 1.2.3.4 5678903 ", "12345678903", nil, ""},
		{"hyphens are not stripped", "1234-56-78903", "", ident.ErrLength, "kontonummer: must be 11 digits, got 13"},
		{"dotted with bad check digit", "1234.56.78904", "", ident.ErrCheckDigit, "kontonummer: bad check digit"},
		{"too short after stripping", "1234.56.7890", "", ident.ErrLength, "kontonummer: must be 11 digits, got 10"},
		{"tab is not stripped", "1234\t5678903", "", ident.ErrLength, "kontonummer: must be 11 digits, got 12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.NormalizeKontonummer(tt.in)
			checkErr(t, err, tt.kind, tt.msg)
			if got != tt.want {
				t.Errorf("NormalizeKontonummer(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestGenerateKontonummer: generated numbers keep the registration number,
// validate, and every single changed digit or adjacent transposition is
// caught (weights 5 4 3 2 7 6 5 4 3 2 and 1 for the check).
func TestGenerateKontonummer(t *testing.T) {
	r := newRand(5)
	for i := 0; i < 5000; i++ {
		reg := []string{"1234", "8601", "0000", "9999", "1503"}[i%5]
		s := ident.GenerateKontonummer(r, reg)
		if !strings.HasPrefix(s, reg) {
			t.Fatalf("GenerateKontonummer(%q) = %q", reg, s)
		}
		if err := ident.ValidateKontonummer(s); err != nil || refKontonummer(s) != nil {
			t.Fatalf("GenerateKontonummer(%q) = %q: %v", reg, s, err)
		}
		for _, m := range mutations(s) {
			if !errors.Is(ident.ValidateKontonummer(m), ident.ErrCheckDigit) {
				t.Fatalf("single change %q → %q not detected", s, m)
			}
		}
		swapped, _ := transpositions(s)
		for _, m := range swapped {
			if !errors.Is(ident.ValidateKontonummer(m), ident.ErrCheckDigit) {
				t.Fatalf("transposition %q → %q not detected", s, m)
			}
		}
	}
	a, b := newRand(9), newRand(9)
	for i := 0; i < 100; i++ {
		if x, y := ident.GenerateKontonummer(a, "1234"), ident.GenerateKontonummer(b, "1234"); x != y {
			t.Fatalf("not deterministic: %q != %q", x, y)
		}
	}
}

func TestGenerateKontonummerPanics(t *testing.T) {
	for _, reg := range []string{"", "123", "12345", "12a4", "١٢٣٤"} {
		t.Run(reg, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("GenerateKontonummer(%q) did not panic", reg)
				}
			}()
			ident.GenerateKontonummer(newRand(1), reg)
		})
	}
}

func FuzzValidateKontonummer(f *testing.F) {
	for _, s := range []string{"12345678903", "1234.56.78903", "1234 56 78903", "86011110081", "", "1234.567890", " . "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ident.ValidateKontonummer(s)
		if kind, want := kindOf(t, err), refKontonummer(s); kind != want {
			t.Fatalf("ValidateKontonummer(%q) = %v, reference says %v", s, err, want)
		}
		if err != nil && !hasWhat(err, "kontonummer") {
			t.Fatalf("ValidateKontonummer(%q) = %v: wrong What", s, err)
		}
		stripped := strings.NewReplacer(".", "", " ", "").Replace(s)
		n, nerr := ident.NormalizeKontonummer(s)
		if verr := ident.ValidateKontonummer(stripped); (nerr == nil) != (verr == nil) ||
			(nerr != nil && nerr.Error() != verr.Error()) {
			t.Fatalf("NormalizeKontonummer(%q) = %v, but the stripped %q gives %v", s, nerr, stripped, verr)
		}
		if nerr != nil {
			kindOf(t, nerr)
			if n != "" {
				t.Fatalf("NormalizeKontonummer(%q) = %q alongside %v", s, n, nerr)
			}
			return
		}
		if n != stripped || ident.ValidateKontonummer(n) != nil {
			t.Fatalf("NormalizeKontonummer(%q) = %q", s, n)
		}
		if again, err := ident.NormalizeKontonummer(n); again != n || err != nil {
			t.Fatalf("NormalizeKontonummer is not idempotent on %q: %q, %v", n, again, err)
		}
	})
}
