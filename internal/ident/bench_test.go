package ident_test

import (
	"testing"

	"github.com/namsfogd/namsfogd/internal/ident"
)

var sinkErr error

func BenchmarkParseNIN(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = ident.ParseNIN("29868099311", ident.NINOptions{})
	}
}

func BenchmarkParseNINBadCheckDigit(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = ident.ParseNIN("01017012345", ident.NINOptions{})
	}
}

func BenchmarkValidateOrgNr(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkErr = ident.ValidateOrgNr("974761076")
	}
}

func BenchmarkGenerateNIN(b *testing.B) {
	r := newRand(1)
	birth := date(1985, 3, 15)
	b.ReportAllocs()
	for b.Loop() {
		_ = ident.GenerateNIN(r, birth, true, ident.Fodselsnummer, true)
	}
}
