package ident_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// This file holds the test helpers and a second, independent implementation
// of every rule. The reference uses the other textbook formulation of each
// checksum (the weighted sum over all digits, check digit included with
// weight 1, is divisible by 11 or 10), derives the century by searching the
// individnummer table per year and checks dates with time.Date, so that the
// fuzz targets compare two different derivations of the same spec.

// sentinels lists every kind an *ident.Error can have.
var sentinels = []error{
	ident.ErrLength, ident.ErrNotDigits, ident.ErrCheckDigit,
	ident.ErrDate, ident.ErrSynthetic, ident.ErrDNumber,
}

// kindOf returns the single sentinel err matches; it fails the test unless
// err is an *ident.Error matching exactly one sentinel.
func kindOf(t testing.TB, err error) error {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *ident.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *ident.Error", err, err)
	}
	if got := e.What + ": " + e.Reason; e.Error() != got {
		t.Fatalf("Error() = %q, want %q", e.Error(), got)
	}
	var kind error
	for _, s := range sentinels {
		if errors.Is(err, s) {
			if kind != nil {
				t.Fatalf("error %q matches both %v and %v", err, kind, s)
			}
			kind = s
		}
	}
	if kind == nil {
		t.Fatalf("error %q matches no sentinel kind", err)
	}
	return kind
}

// checkErr fails the test unless err has kind wantKind and message wantMsg
// (both empty/nil for success).
func checkErr(t testing.TB, err, wantKind error, wantMsg string) {
	t.Helper()
	if gotKind := kindOf(t, err); gotKind != wantKind {
		t.Fatalf("kind = %v, want %v (error %v)", gotKind, wantKind, err)
	}
	if err != nil && err.Error() != wantMsg {
		t.Fatalf("message = %q, want %q", err.Error(), wantMsg)
	}
}

// newRand returns a deterministic generator for property tests.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// refShape is the reference for the length-then-digits check.
func refShape(s string, n int) error {
	if utf8.RuneCountInString(s) != n {
		return ident.ErrLength
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return ident.ErrNotDigits
		}
	}
	return nil
}

// refWeighted reports whether Σ digit·weight over all of s is divisible by m.
func refWeighted(s string, weights []int, m int) bool {
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return sum%m == 0
}

// refOrgNr is the reference validator for organisasjonsnummer.
func refOrgNr(s string) error {
	if err := refShape(s, 9); err != nil {
		return err
	}
	if !refWeighted(s, []int{3, 2, 7, 6, 5, 4, 3, 2, 1}, 11) {
		return ident.ErrCheckDigit
	}
	return nil
}

// refKontonummer is the reference validator for kontonummer.
func refKontonummer(s string) error {
	if err := refShape(s, 11); err != nil {
		return err
	}
	if !refWeighted(s, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1}, 11) {
		return ident.ErrCheckDigit
	}
	return nil
}

// refNIN is the reference parse of a fødselsnummer/d-nummer.
type refNIN struct {
	birth            time.Time
	dnr, synth, male bool
}

// refIndividRanges is the table of maskinporten.md §10.1, by birth year.
func refIndividRanges(year int) [][2]int {
	switch {
	case year >= 1854 && year <= 1899:
		return [][2]int{{500, 749}}
	case year >= 1900 && year <= 1939:
		return [][2]int{{0, 499}}
	case year >= 1940 && year <= 1999:
		return [][2]int{{0, 499}, {900, 999}}
	case year >= 2000 && year <= 2039:
		return [][2]int{{500, 999}}
	}
	return nil
}

func refParseNIN(s string, opt ident.NINOptions) (refNIN, error) {
	if err := refShape(s, 11); err != nil {
		return refNIN{}, err
	}
	if !refWeighted(s, []int{3, 7, 6, 1, 8, 9, 4, 5, 2, 1}, 11) ||
		!refWeighted(s, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1}, 11) {
		return refNIN{}, ident.ErrCheckDigit
	}
	d := func(i int) int { return int(s[i] - '0') }
	day, month, yy, ind := d(0)*10+d(1), d(2)*10+d(3), d(4)*10+d(5), d(6)*100+d(7)*10+d(8)
	var n refNIN
	if d(0) >= 4 && d(0) <= 7 {
		n.dnr, day = true, day-40
	}
	if month >= 81 && month <= 92 {
		n.synth, month = true, month-80
	}
	year := 0
	for y := yy + 1800; y <= 2099; y += 100 {
		for _, rg := range refIndividRanges(y) {
			if ind >= rg[0] && ind <= rg[1] {
				if year != 0 {
					panic("individnummer table is ambiguous")
				}
				year = y
			}
		}
	}
	if year == 0 || month < 1 || month > 12 {
		return refNIN{}, ident.ErrDate
	}
	n.birth = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if n.birth.Day() != day || int(n.birth.Month()) != month {
		return refNIN{}, ident.ErrDate
	}
	if n.synth && opt.RejectSynthetic {
		return refNIN{}, ident.ErrSynthetic
	}
	if n.dnr && opt.RejectDNumber {
		return refNIN{}, ident.ErrDNumber
	}
	n.male = d(8)%2 == 1
	return n, nil
}

// refLuhn is the reference MOD10 check over a whole KID, check digit included.
func refLuhn(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		v := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			v = v*2/10 + v*2%10
		}
		sum += v
	}
	return sum%10 == 0
}

// refMod11KID is the reference MOD11 check over a whole KID; '-' counts as 10.
func refMod11KID(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[len(s)-1-i]
		v := int(c - '0')
		if c == '-' {
			v = 10
		}
		w := 1
		if i > 0 {
			w = 2 + (i-1)%6
		}
		sum += v * w
	}
	return sum%11 == 0
}

// refKID returns the reference verdicts of ValidateKIDMod10, ValidateKIDMod11
// and ValidateKID.
func refKID(s string) (mod10, mod11, either error) {
	if n := utf8.RuneCountInString(s); n < 2 || n > 25 {
		return ident.ErrLength, ident.ErrLength, ident.ErrLength
	}
	if mod10 = refShape(s, utf8.RuneCountInString(s)); mod10 == nil && !refLuhn(s) {
		mod10 = ident.ErrCheckDigit
	}
	last := len(s) - 1
	base := refShape(s[:last], utf8.RuneCountInString(s[:last]))
	switch {
	case base != nil || (s[last] != '-' && (s[last] < '0' || s[last] > '9')):
		mod11 = ident.ErrNotDigits
	case !refMod11KID(s):
		mod11 = ident.ErrCheckDigit
	}
	switch {
	case mod10 == nil || mod11 == nil:
		either = nil
	case mod11 == ident.ErrNotDigits:
		either = ident.ErrNotDigits
	default:
		either = ident.ErrCheckDigit
	}
	return mod10, mod11, either
}

// mutations returns every string that differs from s (ASCII digits) in
// exactly one digit.
func mutations(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		for c := byte('0'); c <= '9'; c++ {
			if c != s[i] && s[i] >= '0' && s[i] <= '9' {
				out = append(out, s[:i]+string(c)+s[i+1:])
			}
		}
	}
	return out
}

// transpositions returns s with each pair of adjacent, different digits
// swapped, together with the pair.
func transpositions(s string) (out []string, pairs [][2]byte) {
	for i := 0; i+1 < len(s); i++ {
		a, b := s[i], s[i+1]
		if a != b && a >= '0' && a <= '9' && b >= '0' && b <= '9' {
			out = append(out, s[:i]+string(b)+string(a)+s[i+2:])
			pairs = append(pairs, [2]byte{a, b})
		}
	}
	return out, pairs
}
