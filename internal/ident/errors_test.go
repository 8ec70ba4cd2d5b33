package ident_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// TestErrorKinds: each validator's error is found by errors.Is and
// errors.As, also when an API package wraps it.
func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name string
		err  error
		kind error
		what string
	}{
		{"length", ident.ValidateNIN("123"), ident.ErrLength, "fødselsnummer"},
		{"digits", ident.ValidateOrgNr("12345678x"), ident.ErrNotDigits, "organisasjonsnummer"},
		{"check digit", ident.ValidateKontonummer("12345678904"), ident.ErrCheckDigit, "kontonummer"},
		{"date", ident.ValidateNIN("31028510015"), ident.ErrDate, "fødselsnummer"},
		{"synthetic", func() error {
			_, err := ident.ParseNIN("14842249091", ident.NINOptions{RejectSynthetic: true})
			return err
		}(), ident.ErrSynthetic, "fødselsnummer"},
		{"d-nummer", func() error {
			_, err := ident.ParseNIN("41019012393", ident.NINOptions{RejectDNumber: true})
			return err
		}(), ident.ErrDNumber, "d-nummer"},
		{"KID", ident.ValidateKID("1"), ident.ErrLength, "KID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, err := range []error{tt.err, fmt.Errorf("field nin: %w", tt.err)} {
				if kindOf(t, err) != tt.kind {
					t.Errorf("%v: kind %v, want %v", err, kindOf(t, err), tt.kind)
				}
				var e *ident.Error
				if !errors.As(err, &e) || e.What != tt.what {
					t.Errorf("%v: What = %q, want %q", err, e.What, tt.what)
				}
				if errors.Unwrap(e) != tt.kind {
					t.Errorf("Unwrap(%v) = %v, want %v", e, errors.Unwrap(e), tt.kind)
				}
			}
		})
	}
}

// TestErrorBuiltByHand: an Error made outside the package formats itself
// and matches no kind.
func TestErrorBuiltByHand(t *testing.T) {
	e := &ident.Error{What: "KID", Reason: "is unknown"}
	if got := e.Error(); got != "KID: is unknown" {
		t.Errorf("Error() = %q", got)
	}
	for _, s := range sentinels {
		if errors.Is(e, s) {
			t.Errorf("hand-built Error matches %v", s)
		}
	}
}
