package ident

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// spec: utleggsbegjaering.md rule UGYLDIG_KONTONR.
var kontonummerWeights = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}

// ValidateKontonummer checks a Norwegian bank account number: exactly 11
// digits (no separators; see NormalizeKontonummer) whose last is the MOD11
// check digit of the first ten under weights 5 4 3 2 7 6 5 4 3 2; a check of
// 10 makes the number invalid.
func ValidateKontonummer(s string) error {
	if e := checkShape(whatKontonummer, s, 11); e != nil {
		return e
	}
	if !checkDigitOK(s[10], mod11(s, kontonummerWeights)) {
		return newError(whatKontonummer, ErrCheckDigit, "bad check digit")
	}
	return nil
}

// NormalizeKontonummer removes every '.' and ' ' byte from s (so "1234.56.78903"
// and "1234 56 78903" become "12345678903") and validates the result. It
// returns the bare 11 digits, or "" and the validation error.
func NormalizeKontonummer(s string) (string, error) {
	n := s
	if strings.ContainsAny(s, ". ") {
		// Byte by byte, not strings.Map: that would turn invalid UTF-8 into
		// U+FFFD and so change more than the separators.
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if s[i] != '.' && s[i] != ' ' {
				b = append(b, s[i])
			}
		}
		n = string(b)
	}
	if err := ValidateKontonummer(n); err != nil {
		return "", err
	}
	return n, nil
}

// GenerateKontonummer returns a valid account number that starts with the
// 4-digit bank registration number regNo, the other six digits drawn from r
// (the same r state always yields the same number). It panics if regNo is
// not exactly 4 ASCII digits.
func GenerateKontonummer(r *rand.Rand, regNo string) string {
	if len(regNo) != 4 || !allDigits(regNo) {
		panic(fmt.Sprintf("ident: GenerateKontonummer: registration number %q is not 4 digits", regNo))
	}
	var b [11]byte
	copy(b[:4], regNo)
	for {
		for i := 4; i < 10; i++ {
			b[i] = byte('0' + r.IntN(10))
		}
		if k := mod11(b[:], kontonummerWeights); k < 10 {
			b[10] = byte('0' + k)
			return string(b[:])
		}
	}
}
