// Package ident validates and generates Norwegian identifiers: fødselsnummer
// and d-nummer (including synthetic Tenor / Syntetisk Norge numbers),
// organisasjonsnummer, kontonummer and KID.
//
// Every validator returns nil or an *Error whose Reason says precisely what is
// wrong ("must be 11 digits, got 10", "bad second check digit", "impossible
// date 31.02.1985") and which matches exactly one sentinel kind (ErrLength,
// ErrNotDigits, ErrCheckDigit, ErrDate, ErrSynthetic, ErrDNumber) under
// errors.Is, so that an API package can map it onto its own error code.
//
// Generators take an explicit *math/rand/v2.Rand and are deterministic for a
// given generator state; what they return always passes the matching
// validator.
//
// The rules are those of spec/dsop-kontroll.md §4.3.1 and
// spec/maskinporten.md §10.1. Deliberately not accepted: NAV's H-numbers
// (month + 40); only month + 80 marks a synthetic number.
//
// This package is domain code. It must never import net/http or any API or
// storage package, never read the wall clock (time.Now) or the global random
// source, never log, and never panic on input it is asked to validate. The
// generators panic only on programmer error (a birth year without an
// individnummer range, a malformed bank registration number, a KID length
// outside 2–25), and say so in their doc comments.
package ident
