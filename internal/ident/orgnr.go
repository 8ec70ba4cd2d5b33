package ident

import "math/rand/v2"

// spec: maskinporten.md §10.1 (H-MOD), dsop-kontroll.md §4.3.1.
var orgNrWeights = []int{3, 2, 7, 6, 5, 4, 3, 2}

// ValidateOrgNr checks an organisasjonsnummer: 9 digits whose last is the
// MOD11 check digit of the first eight under weights 3 2 7 6 5 4 3 2; a
// check of 10 makes the number invalid. Any first digit is accepted: real
// numbers start with 8 or 9, but Tenor's synthetic organisations start with
// 2 or 3 and other official test values with other digits.
func ValidateOrgNr(s string) error {
	if e := checkShape(whatOrgNr, s, 9); e != nil {
		return e
	}
	if !checkDigitOK(s[8], mod11(s, orgNrWeights)) {
		return newError(whatOrgNr, ErrCheckDigit, "bad check digit")
	}
	return nil
}

// GenerateOrgNr returns a valid organisasjonsnummer starting with 8 or 9,
// drawn from r (the same r state always yields the same number).
func GenerateOrgNr(r *rand.Rand) string {
	var b [9]byte
	for {
		b[0] = byte('8' + r.IntN(2))
		for i := 1; i < 8; i++ {
			b[i] = byte('0' + r.IntN(10))
		}
		if k := mod11(b[:], orgNrWeights); k < 10 {
			b[8] = byte('0' + k)
			return string(b[:])
		}
	}
}
