package ident_test

import (
	"errors"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestParseNINValid: spec dsop-kontroll.md §4.3.1, maskinporten.md §10.1.
func TestParseNINValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ident.NIN
	}{
		{"synthetic Tenor example, month 84 (maskinporten.md §10.1)", "14842249091",
			ident.NIN{Synthetic: true, BirthDate: date(1922, 4, 14)}},
		{"synthetic Tenor example, month 86, 900–999 in 1940–1999", "29868099311",
			ident.NIN{Synthetic: true, BirthDate: date(1980, 6, 29), Male: true}},
		{"synthetic person (dsop-kontroll.md §4.3.1)", "15838510075",
			ident.NIN{Synthetic: true, BirthDate: date(1985, 3, 15)}},
		{"synthetic d-nummer (dsop-kontroll.md §4.3.1)", "55838510069",
			ident.NIN{DNumber: true, Synthetic: true, BirthDate: date(1985, 3, 15)}},
		{"ordinary fødselsnummer", "01019012480", ident.NIN{BirthDate: date(1990, 1, 1)}},
		{"ordinary, 01.01.01 with individnummer 123", "01010112377", ident.NIN{BirthDate: date(1901, 1, 1), Male: true}},
		{"ordinary d-nummer, day 41", "41019012393", ident.NIN{DNumber: true, BirthDate: date(1990, 1, 1), Male: true}},
		{"leap day 2000 (divisible by 400)", "29020050088", ident.NIN{BirthDate: date(2000, 2, 29)}},
		{"leap day 1996", "29029601079", ident.NIN{BirthDate: date(1996, 2, 29)}},
		{"leap day 1984 from 900–999", "29028490028", ident.NIN{BirthDate: date(1984, 2, 29)}},
		{"earliest century: 1854 from 500–749", "01015450068", ident.NIN{BirthDate: date(1854, 1, 1)}},
		{"latest year: 2039 from 990", "31123999188", ident.NIN{BirthDate: date(2039, 12, 31), Male: true}},
		{"1945 from 900–999", "15054591044", ident.NIN{BirthDate: date(1945, 5, 15)}},
		{"1999 from 499", "31129949980", ident.NIN{BirthDate: date(1999, 12, 31), Male: true}},
		{"1900 from 001", "01010000110", ident.NIN{BirthDate: date(1900, 1, 1), Male: true}},
		{"synthetic month 81 with 2012", "31811250182", ident.NIN{Synthetic: true, BirthDate: date(2012, 1, 31), Male: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.ParseNIN(tt.in, ident.NINOptions{})
			if err != nil {
				t.Fatalf("ParseNIN(%q) = %v", tt.in, err)
			}
			tt.want.Value = tt.in
			if got != tt.want {
				t.Errorf("ParseNIN(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if err := ident.ValidateNIN(tt.in); err != nil {
				t.Errorf("ValidateNIN(%q) = %v", tt.in, err)
			}
		})
	}
}

// TestParseNINInvalid: one case per way a fødselsnummer can be wrong.
func TestParseNINInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  ident.NINOptions
		kind error
		msg  string
	}{
		{"empty", "", ident.NINOptions{}, ident.ErrLength, "fødselsnummer: must be 11 digits, got 0"},
		{"10 digits", "1484224909", ident.NINOptions{}, ident.ErrLength, "fødselsnummer: must be 11 digits, got 10"},
		{"12 digits", "148422490911", ident.NINOptions{}, ident.ErrLength, "fødselsnummer: must be 11 digits, got 12"},
		{"formatted with a space", "148422 49091", ident.NINOptions{}, ident.ErrLength, "fødselsnummer: must be 11 digits, got 12"},
		{"letter O for zero", "14842249O91", ident.NINOptions{}, ident.ErrNotDigits, "fødselsnummer: must contain digits only"},
		{"leading space", " 1484224909", ident.NINOptions{}, ident.ErrNotDigits, "fødselsnummer: must contain digits only"},
		{"minus sign", "-1484224909", ident.NINOptions{}, ident.ErrNotDigits, "fødselsnummer: must contain digits only"},
		{"non-ASCII digit counts as one character", "1484224909١", ident.NINOptions{}, ident.ErrNotDigits, "fødselsnummer: must contain digits only"},
		{"invalid UTF-8", "1484224909\xff", ident.NINOptions{}, ident.ErrNotDigits, "fødselsnummer: must contain digits only"},
		{"bad first check digit", "14842249081", ident.NINOptions{}, ident.ErrCheckDigit, "fødselsnummer: bad first check digit"},
		{"01010112345 (made-up example)", "01010112345", ident.NINOptions{}, ident.ErrCheckDigit, "fødselsnummer: bad first check digit"},
		{"bad second check digit (dsop-kontroll check 56)", "15838510076", ident.NINOptions{}, ident.ErrCheckDigit, "fødselsnummer: bad second check digit"},
		{"01017012345 (gjeldsinformasjon check 25)", "01017012345", ident.NINOptions{}, ident.ErrCheckDigit, "fødselsnummer: bad second check digit"},
		{"d-nummer bad check digit", "55838510068", ident.NINOptions{}, ident.ErrCheckDigit, "d-nummer: bad second check digit"},
		{"31 February", "31028510015", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 31.02.1985"},
		{"29 February 1900 (not a leap year)", "29020000064", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 29.02.1900"},
		{"29 February 2001", "29020160061", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 29.02.2001"},
		{"29 February 1983 synthetic", "29028301098", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 29.02.1983"},
		{"day 00", "00019010007", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 00.01.1990"},
		{"day 32", "32019010189", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 32.01.1990"},
		{"day 81 (neither fnr nor d-nummer)", "81019010023", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 81.01.1990"},
		{"d-nummer day 40", "40019010181", ident.NINOptions{}, ident.ErrDate, "d-nummer: impossible date 00.01.1990"},
		{"d-nummer day 72", "72019010091", ident.NINOptions{}, ident.ErrDate, "d-nummer: impossible date 32.01.1990"},
		{"month 00", "15008510110", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 15.00.1985"},
		{"month 13", "15138510058", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 15.13.1985"},
		{"month 93 (synthetic range ends at 92)", "15938510013", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 15.93.1985"},
		{"H-nummer month 43 is not accepted", "15438510092", ident.NINOptions{}, ident.ErrDate, "fødselsnummer: impossible date 15.43.1985"},
		{"individnummer 750–899 with year 40–99", "01014575053", ident.NINOptions{}, ident.ErrDate,
			"fødselsnummer: impossible birth year: individnummer 750 is not used with year 45"},
		{"individnummer 500–749 with year 40–53", "01014560013", ident.NINOptions{}, ident.ErrDate,
			"fødselsnummer: impossible birth year: individnummer 600 is not used with year 45"},
		{"synthetic rejected", "14842249091", ident.NINOptions{RejectSynthetic: true}, ident.ErrSynthetic,
			"fødselsnummer: synthetic numbers are not accepted"},
		{"synthetic d-nummer rejected as synthetic first", "55838510069", ident.NINOptions{RejectSynthetic: true, RejectDNumber: true},
			ident.ErrSynthetic, "d-nummer: synthetic numbers are not accepted"},
		{"d-nummer rejected", "41019012393", ident.NINOptions{RejectDNumber: true}, ident.ErrDNumber,
			"d-nummer: d-numbers are not accepted"},
		{"synthetic d-nummer rejected as d-nummer", "55838510069", ident.NINOptions{RejectDNumber: true}, ident.ErrDNumber,
			"d-nummer: d-numbers are not accepted"},
		{"check digits come before the date", "31028510016", ident.NINOptions{}, ident.ErrCheckDigit,
			"fødselsnummer: bad second check digit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.ParseNIN(tt.in, tt.opt)
			checkErr(t, err, tt.kind, tt.msg)
			if got != (ident.NIN{}) {
				t.Errorf("ParseNIN(%q) returned %+v alongside an error", tt.in, got)
			}
		})
	}
}

// TestParseNINOptionsAcceptOrdinary: the options reject only what they name.
func TestParseNINOptionsAcceptOrdinary(t *testing.T) {
	strict := ident.NINOptions{RejectSynthetic: true, RejectDNumber: true}
	for _, s := range []string{"01019012480", "29020050088", "01015450068"} {
		if _, err := ident.ParseNIN(s, strict); err != nil {
			t.Errorf("ParseNIN(%q, strict) = %v", s, err)
		}
	}
	if _, err := ident.ParseNIN("41019012393", ident.NINOptions{RejectSynthetic: true}); err != nil {
		t.Errorf("RejectSynthetic rejected a non-synthetic d-nummer: %v", err)
	}
	if _, err := ident.ParseNIN("14842249091", ident.NINOptions{RejectDNumber: true}); err != nil {
		t.Errorf("RejectDNumber rejected a synthetic fødselsnummer: %v", err)
	}
}

func TestNINKind(t *testing.T) {
	tests := []struct {
		kind ident.NINKind
		want string
	}{
		{ident.Fodselsnummer, "fødselsnummer"},
		{ident.DNummer, "d-nummer"},
		{ident.NINKind(7), "NINKind(7)"},
	}
	for _, tt := range tests {
		if got := tt.kind.String(); got != tt.want {
			t.Errorf("NINKind(%d).String() = %q, want %q", int(tt.kind), got, tt.want)
		}
	}
	if k := (ident.NIN{DNumber: true}).Kind(); k != ident.DNummer {
		t.Errorf("Kind of a d-nummer = %v", k)
	}
	if k := (ident.NIN{}).Kind(); k != ident.Fodselsnummer {
		t.Errorf("Kind of a fødselsnummer = %v", k)
	}
}

// randomBirth draws a date between 1854-01-01 and 2039-12-31.
func randomBirth(r interface{ IntN(int) int }) time.Time {
	first, last := date(1854, 1, 1), date(2039, 12, 31)
	days := int(last.Sub(first).Hours() / 24)
	return first.AddDate(0, 0, r.IntN(days+1))
}

// TestGenerateNINRoundTrip: every generated number validates, under both
// implementations, and parses back to what it was generated from.
func TestGenerateNINRoundTrip(t *testing.T) {
	r := newRand(1)
	inds := map[int]bool{} // hundreds of individnummer seen, per century block
	for i := 0; i < 20000; i++ {
		birth := randomBirth(r)
		male, synthetic := r.IntN(2) == 1, r.IntN(2) == 1
		kind := ident.NINKind(r.IntN(2))
		s := ident.GenerateNIN(r, birth, male, kind, synthetic)
		n, err := ident.ParseNIN(s, ident.NINOptions{})
		if err != nil {
			t.Fatalf("GenerateNIN(%v, male=%v, %v, synthetic=%v) = %q: %v", birth, male, kind, synthetic, s, err)
		}
		want := ident.NIN{Value: s, DNumber: kind == ident.DNummer, Synthetic: synthetic, BirthDate: birth, Male: male}
		if n != want {
			t.Fatalf("ParseNIN(%q) = %+v, want %+v", s, n, want)
		}
		if n.Kind() != kind {
			t.Fatalf("Kind() = %v, want %v", n.Kind(), kind)
		}
		if _, err := refParseNIN(s, ident.NINOptions{}); err != nil {
			t.Fatalf("reference rejects generated %q: %v", s, err)
		}
		inds[(birth.Year()/100)*10+int(s[6]-'0')] = true
	}
	// Each century draws from its whole individnummer table (§10.1).
	for _, key := range []int{185, 187, 190, 194, 199, 205, 209} {
		if !inds[key] {
			t.Errorf("no individnummer %d00–%d99 drawn for the %d00s", key%10, key%10, key/10)
		}
	}
	if inds[188] || inds[198] || inds[204] {
		t.Errorf("individnummer drawn outside its century's range: %v", inds)
	}
}

// TestGenerateNINDeterministic: the same generator state gives the same numbers.
func TestGenerateNINDeterministic(t *testing.T) {
	a, b := newRand(42), newRand(42)
	for i := 0; i < 100; i++ {
		birth := date(1985, 3, 15)
		if x, y := ident.GenerateNIN(a, birth, true, ident.DNummer, true), ident.GenerateNIN(b, birth, true, ident.DNummer, true); x != y {
			t.Fatalf("draw %d: %q != %q", i, x, y)
		}
	}
}

// TestGenerateNINUsesLocalCalendarDate: the birth date is read in its own zone.
func TestGenerateNINUsesLocalCalendarDate(t *testing.T) {
	birth := time.Date(1985, 3, 15, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600))
	s := ident.GenerateNIN(newRand(3), birth, false, ident.Fodselsnummer, false)
	if s[:6] != "150385" {
		t.Errorf("GenerateNIN(%v) = %q, want date part 150385", birth, s)
	}
}

func TestGenerateNINPanics(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		kind  ident.NINKind
	}{
		{"1853", date(1853, 12, 31), ident.Fodselsnummer},
		{"2040", date(2040, 1, 1), ident.Fodselsnummer},
		{"unknown kind", date(1985, 1, 1), ident.NINKind(2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			ident.GenerateNIN(newRand(1), tt.birth, true, tt.kind, false)
		})
	}
}

// TestNINDetectsEverySingleDigitChange: both check digits have non-zero
// weights below 11 on every digit, so any one changed digit breaks a check
// digit, and the check digits are tested before the date.
func TestNINDetectsEverySingleDigitChange(t *testing.T) {
	r := newRand(2)
	for i := 0; i < 2000; i++ {
		s := ident.GenerateNIN(r, randomBirth(r), r.IntN(2) == 1, ident.NINKind(r.IntN(2)), r.IntN(2) == 1)
		for _, m := range mutations(s) {
			if !errors.Is(ident.ValidateNIN(m), ident.ErrCheckDigit) {
				t.Fatalf("%q → %q: got %v, want a check digit error", s, m, ident.ValidateNIN(m))
			}
		}
	}
}

// TestNINDetectsEveryAdjacentTransposition: adjacent weights differ
// (3 7 6 1 8 9 4 5 2, then 1 for k1; k1 and k2 differ in weight too), so
// swapping two adjacent different digits is always caught.
func TestNINDetectsEveryAdjacentTransposition(t *testing.T) {
	r := newRand(3)
	for i := 0; i < 2000; i++ {
		s := ident.GenerateNIN(r, randomBirth(r), r.IntN(2) == 1, ident.NINKind(r.IntN(2)), r.IntN(2) == 1)
		swapped, _ := transpositions(s)
		for _, m := range swapped {
			if !errors.Is(ident.ValidateNIN(m), ident.ErrCheckDigit) {
				t.Fatalf("%q → %q: got %v, want a check digit error", s, m, ident.ValidateNIN(m))
			}
		}
	}
}

func FuzzParseNIN(f *testing.F) {
	for _, s := range []string{"14842249091", "29868099311", "15838510075", "55838510069", "01019012480",
		"31028510015", "01014575053", "15438510092", "01017012345", "", "1484224909١", "72019010091"} {
		f.Add(s, false, false)
		f.Add(s, true, true)
	}
	f.Fuzz(func(t *testing.T, s string, rejectSynthetic, rejectDNumber bool) {
		opt := ident.NINOptions{RejectSynthetic: rejectSynthetic, RejectDNumber: rejectDNumber}
		n, err := ident.ParseNIN(s, opt)
		want, wantErr := refParseNIN(s, opt)
		if kind := kindOf(t, err); kind != wantErr {
			t.Fatalf("ParseNIN(%q, %+v) kind %v (%v), reference says %v", s, opt, kind, err, wantErr)
		}
		if err != nil {
			var e *ident.Error
			errors.As(err, &e)
			if e.What != "fødselsnummer" && e.What != "d-nummer" {
				t.Fatalf("What = %q", e.What)
			}
			if n != (ident.NIN{}) {
				t.Fatalf("non-zero NIN %+v with error %v", n, err)
			}
			return
		}
		got := refNIN{birth: n.BirthDate, dnr: n.DNumber, synth: n.Synthetic, male: n.Male}
		if got != want || n.Value != s {
			t.Fatalf("ParseNIN(%q) = %+v, reference %+v", s, n, want)
		}
		if err := ident.ValidateNIN(s); err != nil {
			t.Fatalf("ParseNIN accepts %q but ValidateNIN says %v", s, err)
		}
		// Generating from the parsed facts gives a number with the same facts.
		g := ident.GenerateNIN(newRand(uint64(len(s))), n.BirthDate, n.Male, n.Kind(), n.Synthetic)
		if gn, err := ident.ParseNIN(g, opt); err != nil || gn.BirthDate != n.BirthDate ||
			gn.Male != n.Male || gn.DNumber != n.DNumber || gn.Synthetic != n.Synthetic {
			t.Fatalf("GenerateNIN from %+v = %q → %+v, %v", n, g, gn, err)
		}
	})
}
