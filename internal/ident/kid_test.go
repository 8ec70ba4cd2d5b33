package ident_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// spec: utleggsbegjaering.md rule UGYLDIG_KID, trekkpaalegg.md (2–25
// digits, MOD10 or MOD11).

func TestValidateKIDMod10(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind error
		msg  string
	}{
		{"classic Luhn example", "79927398713", nil, ""},
		{"10 digits", "1234567897", nil, ""},
		{"shortest", "00", nil, ""},
		{"longest", "1234567890123456789012340", nil, ""},
		{"bad check digit", "79927398714", ident.ErrCheckDigit, "KID: bad check digit"},
		{"MOD11-only KID", "1234567892", ident.ErrCheckDigit, "KID: bad check digit"},
		{"one digit", "0", ident.ErrLength, "KID: must be 2 to 25 digits, got 1"},
		{"empty", "", ident.ErrLength, "KID: must be 2 to 25 digits, got 0"},
		{"26 digits", strings.Repeat("1", 26), ident.ErrLength, "KID: must be 2 to 25 digits, got 26"},
		{"'-' is MOD11 only", "1009-", ident.ErrNotDigits, "KID: must contain digits only"},
		{"space", "7992 7398713", ident.ErrNotDigits, "KID: must contain digits only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, ident.ValidateKIDMod10(tt.in), tt.kind, tt.msg)
		})
	}
}

func TestValidateKIDMod11(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind error
		msg  string
	}{
		{"plain", "1234567892", nil, ""},
		{"remainder 1 gives '-'", "1009-", nil, ""},
		{"remainder 0 gives '0'", "10030", nil, ""},
		{"shortest", "00", nil, ""},
		{"weights wrap after 7", "12345678903", nil, ""},
		{"bad check digit", "1234567893", ident.ErrCheckDigit, "KID: bad check digit"},
		{"'-' where the check is a digit", "1234567-", ident.ErrCheckDigit, "KID: bad check digit"},
		{"a digit where the check is '-'", "10090", ident.ErrCheckDigit, "KID: bad check digit"},
		{"'-' not last", "10-09", ident.ErrNotDigits, "KID: must contain digits only ('-' allowed as the last character)"},
		{"letter", "1009X", ident.ErrNotDigits, "KID: must contain digits only ('-' allowed as the last character)"},
		{"only '-' after one digit is still 2 characters", "1-", ident.ErrCheckDigit, "KID: bad check digit"},
		{"one character", "-", ident.ErrLength, "KID: must be 2 to 25 digits, got 1"},
		{"26 characters", strings.Repeat("1", 25) + "-", ident.ErrLength, "KID: must be 2 to 25 digits, got 26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, ident.ValidateKIDMod11(tt.in), tt.kind, tt.msg)
		})
	}
}

func TestValidateKID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind error
		msg  string
	}{
		{"MOD10", "79927398713", nil, ""},
		{"MOD11", "1234567892", nil, ""},
		{"MOD11 with '-'", "1009-", nil, ""},
		{"both", "12345678903", nil, ""},
		{"neither", "1234567891", ident.ErrCheckDigit, "KID: bad check digit (neither MOD10 nor MOD11)"},
		{"'-' that is wrong", "1234567-", ident.ErrCheckDigit, "KID: bad check digit"},
		{"letter", "12345X7897", ident.ErrNotDigits, "KID: must contain digits only ('-' allowed as the last character)"},
		{"too short", "7", ident.ErrLength, "KID: must be 2 to 25 digits, got 1"},
		{"too long", strings.Repeat("0", 30), ident.ErrLength, "KID: must be 2 to 25 digits, got 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, ident.ValidateKID(tt.in), tt.kind, tt.msg)
		})
	}
}

func TestKIDCheckDigits(t *testing.T) {
	tests := []struct{ base, mod10, mod11 string }{
		{"0", "00", "00"},
		{"12", "125", "124"},
		{"123456789", "1234567897", "1234567892"},
		{"1009", "10090", "1009-"},
		{"1003", "10033", "10030"},
		{"7992739871", "79927398713", "79927398716"},
	}
	for _, tt := range tests {
		if got := ident.KIDMod10(tt.base); got != tt.mod10 {
			t.Errorf("KIDMod10(%q) = %q, want %q", tt.base, got, tt.mod10)
		}
		if got := ident.KIDMod11(tt.base); got != tt.mod11 {
			t.Errorf("KIDMod11(%q) = %q, want %q", tt.base, got, tt.mod11)
		}
	}
	for _, f := range []func(string) string{ident.KIDMod10, ident.KIDMod11} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("check digit of a non-digit base did not panic")
				}
			}()
			f("12a")
		}()
	}
}

// TestGenerateKID: every length 2–25, valid MOD10, no leading zero; Luhn
// catches every single changed digit and every adjacent transposition
// except 09 ↔ 90 (doubling maps 0 and 9 to themselves modulo 9).
func TestGenerateKID(t *testing.T) {
	r := newRand(6)
	missed09 := 0
	for i := 0; i < 10000; i++ {
		length := 2 + i%24
		s := ident.GenerateKID(r, length)
		if len(s) != length || s[0] == '0' {
			t.Fatalf("GenerateKID(%d) = %q", length, s)
		}
		if err := ident.ValidateKIDMod10(s); err != nil || !refLuhn(s) {
			t.Fatalf("GenerateKID(%d) = %q: %v", length, s, err)
		}
		if err := ident.ValidateKID(s); err != nil {
			t.Fatalf("ValidateKID(%q) = %v", s, err)
		}
		for _, m := range mutations(s) {
			if !errors.Is(ident.ValidateKIDMod10(m), ident.ErrCheckDigit) {
				t.Fatalf("single change %q → %q not detected", s, m)
			}
		}
		swapped, pairs := transpositions(s)
		for j, m := range swapped {
			is09 := pairs[j] == [2]byte{'0', '9'} || pairs[j] == [2]byte{'9', '0'}
			detected := ident.ValidateKIDMod10(m) != nil
			if detected == is09 {
				t.Fatalf("transposition %q → %q: detected=%v, want %v", s, m, detected, !is09)
			}
			if is09 {
				missed09++
			}
		}
	}
	if missed09 == 0 {
		t.Error("no 09 ↔ 90 transposition drawn; the test proves less than it says")
	}
	a, b := newRand(9), newRand(9)
	for i := 0; i < 100; i++ {
		if x, y := ident.GenerateKID(a, 10), ident.GenerateKID(b, 10); x != y {
			t.Fatalf("not deterministic: %q != %q", x, y)
		}
	}
}

// TestKIDMod11DetectsSingleChangesAndTranspositions: weights 1 (check),
// 2–7 repeating are non-zero and neighbours differ modulo 11.
func TestKIDMod11DetectsSingleChangesAndTranspositions(t *testing.T) {
	r := newRand(7)
	dashes := 0
	for i := 0; i < 10000; i++ {
		base := []byte(ident.GenerateKID(r, 2+i%24))[:1+i%24]
		s := ident.KIDMod11(string(base))
		if strings.HasSuffix(s, "-") {
			dashes++
		}
		if err := ident.ValidateKIDMod11(s); err != nil || !refMod11KID(s) {
			t.Fatalf("KIDMod11(%q) = %q: %v", base, s, err)
		}
		for _, m := range mutations(s) {
			if !errors.Is(ident.ValidateKIDMod11(m), ident.ErrCheckDigit) {
				t.Fatalf("single change %q → %q not detected", s, m)
			}
		}
		swapped, _ := transpositions(s)
		for _, m := range swapped {
			if !errors.Is(ident.ValidateKIDMod11(m), ident.ErrCheckDigit) {
				t.Fatalf("transposition %q → %q not detected", s, m)
			}
		}
	}
	if dashes == 0 {
		t.Error("no KID with check '-' drawn")
	}
}

// TestValidateKIDAcceptingEitherSchemeMissesSomeChanges documents the cost
// of accepting MOD10 or MOD11: a single changed digit of a valid MOD10 KID
// is sometimes a valid MOD11 KID, so ValidateKID cannot promise detection.
func TestValidateKIDAcceptingEitherSchemeMissesSomeChanges(t *testing.T) {
	r := newRand(8)
	missed, total := 0, 0
	for i := 0; i < 2000; i++ {
		for _, m := range mutations(ident.GenerateKID(r, 10)) {
			total++
			if ident.ValidateKID(m) == nil {
				missed++
				if ident.ValidateKIDMod11(m) != nil {
					t.Fatalf("%q passes ValidateKID without being MOD11", m)
				}
			}
		}
	}
	if missed == 0 {
		t.Fatal("expected some single-digit changes to pass as MOD11")
	}
	t.Logf("ValidateKID missed %d of %d single-digit changes (%.1f%%)", missed, total, 100*float64(missed)/float64(total))
}

func TestGenerateKIDPanics(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 26} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("GenerateKID(%d) did not panic", n)
				}
			}()
			ident.GenerateKID(newRand(1), n)
		}()
	}
}

func FuzzValidateKID(f *testing.F) {
	for _, s := range []string{"79927398713", "1234567892", "1009-", "10030", "1-", "-", "", "12345678903",
		"10-09", strings.Repeat("9", 25), "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e10, e11, e := ident.ValidateKIDMod10(s), ident.ValidateKIDMod11(s), ident.ValidateKID(s)
		w10, w11, w := refKID(s)
		if k := kindOf(t, e10); k != w10 {
			t.Fatalf("ValidateKIDMod10(%q) = %v, reference says %v", s, e10, w10)
		}
		if k := kindOf(t, e11); k != w11 {
			t.Fatalf("ValidateKIDMod11(%q) = %v, reference says %v", s, e11, w11)
		}
		if k := kindOf(t, e); k != w {
			t.Fatalf("ValidateKID(%q) = %v, reference says %v", s, e, w)
		}
		for _, err := range []error{e10, e11, e} {
			if err != nil && !hasWhat(err, "KID") {
				t.Fatalf("wrong What in %v", err)
			}
		}
		// The generators agree with the validators.
		if e10 == nil && ident.KIDMod10(s[:len(s)-1]) != s {
			t.Fatalf("KIDMod10(%q) = %q, want %q", s[:len(s)-1], ident.KIDMod10(s[:len(s)-1]), s)
		}
		if e11 == nil && ident.KIDMod11(s[:len(s)-1]) != s {
			t.Fatalf("KIDMod11(%q) = %q, want %q", s[:len(s)-1], ident.KIDMod11(s[:len(s)-1]), s)
		}
		if len(s) >= 1 && len(s) <= 24 && refShape(s, len(s)) == nil {
			if k := ident.KIDMod10(s); ident.ValidateKIDMod10(k) != nil || ident.ValidateKID(k) != nil {
				t.Fatalf("KIDMod10(%q) = %q does not validate", s, k)
			}
			if k := ident.KIDMod11(s); ident.ValidateKIDMod11(k) != nil || ident.ValidateKID(k) != nil {
				t.Fatalf("KIDMod11(%q) = %q does not validate", s, k)
			}
		}
	})
}
