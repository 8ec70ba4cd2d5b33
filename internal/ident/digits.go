package ident

import (
	"strconv"
	"unicode/utf8"
)

// allDigits reports whether every byte of s is an ASCII digit.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// mod11 returns the MOD11 check digit of the first len(weights) digits of s:
// k = 11 − (Σ dᵢ·wᵢ mod 11), where 11 means 0. A result of 10 means that no
// check digit exists for these digits (the number is invalid, or for a KID,
// the check character is '-'). s must hold at least len(weights) ASCII digits.
func mod11[T ~string | ~[]byte](s T, weights []int) int {
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return (11 - sum%11) % 11
}

// checkDigitOK reports whether c is the ASCII form of the check digit k;
// k = 10 (no check digit exists) never matches.
func checkDigitOK(c byte, k int) bool { return k < 10 && int(c-'0') == k }

// checkShape returns nil if s is exactly n ASCII digits, and otherwise an
// ErrLength error (if s does not have n characters) or an ErrNotDigits error.
func checkShape(what, s string, n int) *Error {
	if len(s) == n && allDigits(s) {
		return nil
	}
	if utf8.RuneCountInString(s) != n {
		return lengthError(what, strconv.Itoa(n), s)
	}
	return notDigitsError(what)
}
