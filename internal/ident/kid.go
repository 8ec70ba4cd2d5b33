package ident

import (
	"fmt"
	"math/rand/v2"
	"unicode/utf8"
)

// KID (kundeidentifikasjon) lengths, check character included.
// spec: utleggsbegjaering.md rule UGYLDIG_KID, trekkpaalegg.md.
const (
	kidMinLen = 2
	kidMaxLen = 25
)

// ValidateKIDMod10 checks a KID of 2–25 digits whose last digit is the
// MOD10 (Luhn) check digit of the others.
func ValidateKIDMod10(s string) error {
	if e := checkKIDLength(s); e != nil {
		return e
	}
	if !allDigits(s) {
		return notDigitsError(whatKID)
	}
	if n := len(s) - 1; int(s[n]-'0') != luhn(s[:n]) {
		return newError(whatKID, ErrCheckDigit, "bad check digit")
	}
	return nil
}

// ValidateKIDMod11 checks a KID of 2–25 characters whose last character is
// the MOD11 check of the digits before it, weighted 2, 3, 4, 5, 6, 7, 2, 3, …
// from the right: k = 11 − (sum mod 11), written '0' when k is 11 and '-'
// when k is 10. Every other character must be a digit.
func ValidateKIDMod11(s string) error {
	if e := checkKIDLength(s); e != nil {
		return e
	}
	n := len(s) - 1
	if !allDigits(s[:n]) || (s[n] != '-' && !allDigits(s[n:])) {
		return newError(whatKID, ErrNotDigits, "must contain digits only ('-' allowed as the last character)")
	}
	if s[n] != kidMod11Char(s[:n]) {
		return newError(whatKID, ErrCheckDigit, "bad check digit")
	}
	return nil
}

// ValidateKID checks a KID that is valid under MOD10 or MOD11. Note that
// accepting either weakens error detection: a single changed digit of a
// valid KID can yield a number valid under the other scheme.
func ValidateKID(s string) error {
	if e := checkKIDLength(s); e != nil {
		return e
	}
	n := len(s) - 1
	if s[n] == '-' {
		return ValidateKIDMod11(s)
	}
	if !allDigits(s) {
		return newError(whatKID, ErrNotDigits, "must contain digits only ('-' allowed as the last character)")
	}
	if int(s[n]-'0') == luhn(s[:n]) || s[n] == kidMod11Char(s[:n]) {
		return nil
	}
	return newError(whatKID, ErrCheckDigit, "bad check digit (neither MOD10 nor MOD11)")
}

// KIDMod10 returns base followed by its MOD10 (Luhn) check digit. base must
// be ASCII digits (1–24 of them for a valid KID); KIDMod10 panics otherwise.
func KIDMod10(base string) string {
	mustDigits("KIDMod10", base)
	return base + string(rune('0'+luhn(base)))
}

// KIDMod11 returns base followed by its MOD11 check character: '-' when the
// check would be 10, '0' when it would be 11. base must be ASCII digits
// (1–24 of them for a valid KID); KIDMod11 panics otherwise.
func KIDMod11(base string) string {
	mustDigits("KIDMod11", base)
	return base + string(rune(kidMod11Char(base)))
}

// GenerateKID returns a random MOD10 KID of length digits, check digit
// included, drawn from r (the same r state always yields the same KID). Its
// first digit is never 0, so it survives systems that store KIDs as
// numbers. It panics if length is outside 2–25.
func GenerateKID(r *rand.Rand, length int) string {
	if length < kidMinLen || length > kidMaxLen {
		panic(fmt.Sprintf("ident: GenerateKID: length %d outside %d–%d", length, kidMinLen, kidMaxLen))
	}
	var b [kidMaxLen]byte
	b[0] = byte('1' + r.IntN(9))
	for i := 1; i < length-1; i++ {
		b[i] = byte('0' + r.IntN(10))
	}
	b[length-1] = byte('0' + luhn(b[:length-1]))
	return string(b[:length])
}

// checkKIDLength fails s unless it has 2–25 characters (runes, as the caller
// sees them; multi-byte characters are caught later as non-digits).
func checkKIDLength(s string) *Error {
	if n := utf8.RuneCountInString(s); n < kidMinLen || n > kidMaxLen {
		return lengthError(whatKID, "2 to 25", s)
	}
	return nil
}

// luhn returns the MOD10 (Luhn) check digit of the ASCII digits base:
// every second digit from the right, starting with the last, is doubled
// (minus 9 when above 9), and the check brings the sum to a multiple of 10.
func luhn[T ~string | ~[]byte](base T) int {
	sum := 0
	double := true
	for i := len(base) - 1; i >= 0; i-- {
		d := int(base[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}

// kidMod11Char returns the MOD11 check character of the ASCII digits base.
func kidMod11Char(base string) byte {
	sum, w := 0, 2
	for i := len(base) - 1; i >= 0; i-- {
		sum += int(base[i]-'0') * w
		if w++; w > 7 {
			w = 2
		}
	}
	switch k := (11 - sum%11) % 11; k {
	case 10:
		return '-'
	default:
		return byte('0' + k)
	}
}

func mustDigits(fn, base string) {
	if !allDigits(base) {
		panic(fmt.Sprintf("ident: %s: base %q is not digits only", fn, base))
	}
}
