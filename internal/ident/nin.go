package ident

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// spec: dsop-kontroll.md §4.3.1, maskinporten.md §10.1.
var (
	ninWeights1 = []int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	ninWeights2 = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// Offsets that mark special kinds of number.
const (
	dNumberDayOffset     = 40 // d-nummer: first digit of the day + 4
	syntheticMonthOffset = 80 // Tenor / Syntetisk Norge: month + 80
)

// NIN is a parsed fødselsnummer or d-nummer.
type NIN struct {
	Value     string    // the 11 digits, as given
	DNumber   bool      // first digit +4
	Synthetic bool      // Tenor/Syntetisk Norge: month + 80
	BirthDate time.Time // UTC midnight
	Male      bool      // 9th digit odd
}

// Kind returns DNummer for a d-nummer and Fodselsnummer otherwise.
func (n NIN) Kind() NINKind {
	if n.DNumber {
		return DNummer
	}
	return Fodselsnummer
}

// NINOptions narrows what ParseNIN accepts. The zero value accepts
// fødselsnummer, d-nummer and synthetic numbers.
type NINOptions struct {
	RejectSynthetic bool // fail synthetic numbers with ErrSynthetic
	RejectDNumber   bool // fail d-numbers with ErrDNumber
}

// NINKind says which kind of national identity number to generate.
type NINKind int

// The kinds of national identity number.
const (
	Fodselsnummer NINKind = iota // ordinary fødselsnummer
	DNummer                      // d-nummer: day + 40
)

// String returns "fødselsnummer" or "d-nummer".
func (k NINKind) String() string {
	switch k {
	case Fodselsnummer:
		return whatFodselsnummer
	case DNummer:
		return whatDNummer
	}
	return fmt.Sprintf("NINKind(%d)", int(k))
}

// ParseNIN parses a fødselsnummer or d-nummer DDMMYYIIICC.
//
// It checks, in this order, and reports the first failure: 11 characters
// (ErrLength), digits only (ErrNotDigits), the first and then the second
// check digit (ErrCheckDigit), that the individnummer III fits the year YY and
// that the date exists (ErrDate), then opt (ErrSynthetic before ErrDNumber).
// Error.What is "d-nummer" once the value is 11 digits whose first digit is
// 4–7, and "fødselsnummer" otherwise.
func ParseNIN(s string, opt NINOptions) (NIN, error) {
	if e := checkShape(whatFodselsnummer, s, 11); e != nil {
		return NIN{}, e
	}
	dnr := s[0] >= '4' && s[0] <= '7'
	what := whatFodselsnummer
	if dnr {
		what = whatDNummer
	}
	if !checkDigitOK(s[9], mod11(s, ninWeights1)) {
		return NIN{}, newError(what, ErrCheckDigit, "bad first check digit")
	}
	if !checkDigitOK(s[10], mod11(s, ninWeights2)) {
		return NIN{}, newError(what, ErrCheckDigit, "bad second check digit")
	}

	day, month, yy, ind := num(s[0:2]), num(s[2:4]), num(s[4:6]), num(s[6:9])
	if dnr {
		day -= dNumberDayOffset
	}
	synthetic := month > syntheticMonthOffset && month <= syntheticMonthOffset+12
	if synthetic {
		month -= syntheticMonthOffset
	}
	year, ok := birthYear(ind, yy)
	if !ok {
		return NIN{}, newError(what, ErrDate,
			fmt.Sprintf("impossible birth year: individnummer %03d is not used with year %02d", ind, yy))
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return NIN{}, newError(what, ErrDate,
			fmt.Sprintf("impossible date %02d.%02d.%04d", day, month, year))
	}

	if synthetic && opt.RejectSynthetic {
		return NIN{}, newError(what, ErrSynthetic, "synthetic numbers are not accepted")
	}
	if dnr && opt.RejectDNumber {
		return NIN{}, newError(what, ErrDNumber, "d-numbers are not accepted")
	}
	return NIN{
		Value:     s,
		DNumber:   dnr,
		Synthetic: synthetic,
		BirthDate: time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC),
		Male:      (s[8]-'0')%2 == 1,
	}, nil
}

// ValidateNIN is ParseNIN with zero options: it accepts fødselsnummer,
// d-nummer and synthetic numbers.
func ValidateNIN(s string) error {
	_, err := ParseNIN(s, NINOptions{})
	return err
}

// GenerateNIN returns a valid number for a person born on birth's calendar
// date (read in birth's own location): a d-nummer if kind is DNummer, with
// month + 80 if synthetic. The individnummer is drawn from r among those
// that fit the birth year's century and the gender (third digit odd for
// male), and redrawn until both check digits exist; the same r state always
// yields the same number.
//
// It panics if the year is outside 1854–2039 (no individnummer range
// exists) or kind is unknown.
func GenerateNIN(r *rand.Rand, birth time.Time, male bool, kind NINKind, synthetic bool) string {
	year, month, day := birth.Date()
	ranges := individRanges(year)
	if ranges == nil {
		panic(fmt.Sprintf("ident: GenerateNIN: no individnummer range for birth year %d (want 1854–2039)", year))
	}
	if kind != Fodselsnummer && kind != DNummer {
		panic(fmt.Sprintf("ident: GenerateNIN: unknown kind %d", int(kind)))
	}
	if kind == DNummer {
		day += dNumberDayOffset
	}
	m := int(month)
	if synthetic {
		m += syntheticMonthOffset
	}
	total := 0
	for _, rg := range ranges {
		total += rg[1] - rg[0] + 1
	}
	parity := 0
	if male {
		parity = 1
	}

	var b [11]byte
	put2(b[0:2], day)
	put2(b[2:4], m)
	put2(b[4:6], year%100)
	for {
		// Every range runs from an even to an odd number, so fixing the
		// lowest bit keeps the draw inside its range.
		ind := pick(r.IntN(total), ranges)&^1 | parity
		b[6], b[7], b[8] = byte('0'+ind/100), byte('0'+ind/10%10), byte('0'+ind%10)
		k1 := mod11(b[:9], ninWeights1)
		if k1 == 10 {
			continue
		}
		b[9] = byte('0' + k1)
		k2 := mod11(b[:10], ninWeights2)
		if k2 == 10 {
			continue
		}
		b[10] = byte('0' + k2)
		return string(b[:])
	}
}

// birthYear derives the four-digit birth year from individnummer ind and
// two-digit year yy (spec: maskinporten.md §10.1):
//
//	000–499             → 1900–1999
//	500–749 with 54–99  → 1854–1899
//	500–999 with 00–39  → 2000–2039
//	900–999 with 40–99  → 1940–1999
//
// ok is false for every other combination.
func birthYear(ind, yy int) (year int, ok bool) {
	switch {
	case ind <= 499:
		return 1900 + yy, true
	case ind <= 749 && yy >= 54:
		return 1800 + yy, true
	case yy <= 39:
		return 2000 + yy, true
	case ind >= 900:
		return 1900 + yy, true
	}
	return 0, false
}

// individRanges returns the inclusive individnummer ranges for a birth year,
// the inverse of birthYear; nil outside 1854–2039.
func individRanges(year int) [][2]int {
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

// pick maps n in [0, total size) onto the n-th number of ranges.
func pick(n int, ranges [][2]int) int {
	for _, rg := range ranges {
		if size := rg[1] - rg[0] + 1; n >= size {
			n -= size
			continue
		}
		return rg[0] + n
	}
	panic("ident: pick out of range")
}

// daysIn returns the number of days in month of year (Gregorian).
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// num parses a short run of ASCII digits.
func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// put2 writes n (0–99) as two ASCII digits.
func put2(b []byte, n int) {
	b[0], b[1] = byte('0'+n/10), byte('0'+n%10)
}
