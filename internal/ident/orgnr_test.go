package ident_test

import (
	"errors"
	"testing"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// TestValidateOrgNr: spec maskinporten.md §10.1, dsop-kontroll.md §4.3.1.
func TestValidateOrgNr(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind error
		msg  string
	}{
		{"synthetic organisation (dsop-kontroll.md §4.3.1, check 57)", "313000001", nil, ""},
		{"Tenor examples start with 3 (maskinporten.md §10.1)", "313367002", nil, ""},
		{"Tenor example 310385980", "310385980", nil, ""},
		{"Tenor example 314240979", "314240979", nil, ""},
		{"Skatteetaten", "974761076", nil, ""},
		{"Politi- og lensmannsetaten", "915429785", nil, ""},
		{"Digdir", "991825827", nil, ""},
		{"check 11 becomes 0", "974760010", nil, ""},
		{"wrong check digit (dsop-kontroll.md check 56)", "313000002", ident.ErrCheckDigit, "organisasjonsnummer: bad check digit"},
		{"Innkrevingsmyndigheten example fails MOD11 (trekkpaalegg.md)", "971648199", ident.ErrCheckDigit, "organisasjonsnummer: bad check digit"},
		{"123456789 fails MOD11 (trekkpaalegg.md)", "123456789", ident.ErrCheckDigit, "organisasjonsnummer: bad check digit"},
		{"check 10: no digit is right", "974760070", ident.ErrCheckDigit, "organisasjonsnummer: bad check digit"},
		{"8 digits (maskinporten.md check 33)", "12345678", ident.ErrLength, "organisasjonsnummer: must be 9 digits, got 8"},
		{"empty", "", ident.ErrLength, "organisasjonsnummer: must be 9 digits, got 0"},
		{"10 digits", "9747610760", ident.ErrLength, "organisasjonsnummer: must be 9 digits, got 10"},
		{"ISO 6523 prefix", "0192:974761076", ident.ErrLength, "organisasjonsnummer: must be 9 digits, got 14"},
		{"spaced", "974 761 076", ident.ErrLength, "organisasjonsnummer: must be 9 digits, got 11"},
		{"letter", "97476107A", ident.ErrNotDigits, "organisasjonsnummer: must contain digits only"},
		{"non-ASCII digit", "97476107٦", ident.ErrNotDigits, "organisasjonsnummer: must contain digits only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, ident.ValidateOrgNr(tt.in), tt.kind, tt.msg)
		})
	}
}

// TestGenerateOrgNr: generated numbers start with 8 or 9, validate, and
// every single changed digit or adjacent transposition is caught (weights
// 3 2 7 6 5 4 3 2 and 1 for the check are non-zero and differ from their
// neighbours modulo 11).
func TestGenerateOrgNr(t *testing.T) {
	r := newRand(4)
	first := map[byte]int{}
	for i := 0; i < 5000; i++ {
		s := ident.GenerateOrgNr(r)
		first[s[0]]++
		if err := ident.ValidateOrgNr(s); err != nil {
			t.Fatalf("GenerateOrgNr() = %q: %v", s, err)
		}
		if refOrgNr(s) != nil {
			t.Fatalf("reference rejects generated %q", s)
		}
		for _, m := range mutations(s) {
			if !errors.Is(ident.ValidateOrgNr(m), ident.ErrCheckDigit) {
				t.Fatalf("single change %q → %q not detected", s, m)
			}
		}
		swapped, _ := transpositions(s)
		for _, m := range swapped {
			if !errors.Is(ident.ValidateOrgNr(m), ident.ErrCheckDigit) {
				t.Fatalf("transposition %q → %q not detected", s, m)
			}
		}
	}
	if len(first) != 2 || first['8'] == 0 || first['9'] == 0 {
		t.Errorf("first digits drawn: %v, want both 8 and 9 and nothing else", first)
	}
	a, b := newRand(9), newRand(9)
	for i := 0; i < 100; i++ {
		if x, y := ident.GenerateOrgNr(a), ident.GenerateOrgNr(b); x != y {
			t.Fatalf("not deterministic: %q != %q", x, y)
		}
	}
}

func FuzzValidateOrgNr(f *testing.F) {
	for _, s := range []string{"313000001", "313000002", "974761076", "974760070", "12345678", "", "97476107٦", "0192:974761076"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ident.ValidateOrgNr(s)
		if kind, want := kindOf(t, err), refOrgNr(s); kind != want {
			t.Fatalf("ValidateOrgNr(%q) = %v, reference says %v", s, err, want)
		}
		if err != nil && !hasWhat(err, "organisasjonsnummer") {
			t.Fatalf("ValidateOrgNr(%q) = %v: wrong What", s, err)
		}
		// Exactly one check digit, or none (check 10), completes 8 digits.
		if len(s) == 9 && refShape(s[:8], 8) == nil {
			valid := 0
			for c := byte('0'); c <= '9'; c++ {
				if ident.ValidateOrgNr(s[:8]+string(c)) == nil {
					valid++
				}
			}
			if valid > 1 {
				t.Fatalf("%d check digits complete %q", valid, s[:8])
			}
		}
	})
}

// hasWhat reports whether err is an *ident.Error about what.
func hasWhat(err error, what string) bool {
	var e *ident.Error
	return errors.As(err, &e) && e.What == what
}
