package ident

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Sentinel kinds of validation failure. Every *Error returned by this package
// matches exactly one of them under errors.Is.
var (
	// ErrLength: the value has the wrong number of characters.
	ErrLength = errors.New("ident: wrong length")
	// ErrNotDigits: the value contains something other than ASCII digits
	// (or, for a MOD11 KID, a '-' anywhere but as the check character).
	ErrNotDigits = errors.New("ident: not digits only")
	// ErrCheckDigit: a check digit does not match.
	ErrCheckDigit = errors.New("ident: bad check digit")
	// ErrDate: the date or birth year encoded in a fødselsnummer or
	// d-nummer cannot exist.
	ErrDate = errors.New("ident: impossible date")
	// ErrSynthetic: a synthetic number was rejected by NINOptions.RejectSynthetic.
	ErrSynthetic = errors.New("ident: synthetic number not accepted")
	// ErrDNumber: a d-nummer was rejected by NINOptions.RejectDNumber.
	ErrDNumber = errors.New("ident: d-nummer not accepted")
)

// Names of the identifiers, as used in Error.What.
const (
	whatFodselsnummer = "fødselsnummer"
	whatDNummer       = "d-nummer"
	whatOrgNr         = "organisasjonsnummer"
	whatKontonummer   = "kontonummer"
	whatKID           = "KID"
)

// Error is a validation failure with a precise reason.
type Error struct {
	What   string // "fødselsnummer", "d-nummer", "organisasjonsnummer", "kontonummer", "KID"
	Reason string // e.g. "must be 11 digits, got 10", "bad first check digit"
	kind   error  // one of the sentinels above
}

// Error returns "<What>: <Reason>".
func (e *Error) Error() string { return e.What + ": " + e.Reason }

// Is reports whether target is the sentinel kind of e.
func (e *Error) Is(target error) bool { return e.kind != nil && target == e.kind }

// Unwrap returns the sentinel kind of e (nil for an Error built by hand).
func (e *Error) Unwrap() error { return e.kind }

func newError(what string, kind error, reason string) *Error {
	return &Error{What: what, Reason: reason, kind: kind}
}

// lengthError reports a value of the wrong length; want is e.g. "11" or
// "2 to 25". The count is in characters (runes), as the caller sees them.
func lengthError(what, want, s string) *Error {
	return newError(what, ErrLength,
		fmt.Sprintf("must be %s digits, got %d", want, utf8.RuneCountInString(s)))
}

func notDigitsError(what string) *Error {
	return newError(what, ErrNotDigits, "must contain digits only")
}
