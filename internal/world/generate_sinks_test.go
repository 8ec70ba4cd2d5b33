package world

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
)

// hashSink hashes every call and its values, in order.
type hashSink struct {
	h     hash.Hash
	calls int
}

func newHashSink() *hashSink { return &hashSink{h: sha256.New()} }

func (s *hashSink) add(kind string, v any) error {
	s.calls++
	fmt.Fprintf(s.h, "%s %#v\n", kind, v)
	return nil
}

func (s *hashSink) Organisation(o Organisation) error { return s.add("O", o) }
func (s *hashSink) Person(p Person) error             { return s.add("P", p) }
func (s *hashSink) Account(a Account) error           { return s.add("A", a) }
func (s *hashSink) AccountParty(p AccountParty) error { return s.add("R", p) }
func (s *hashSink) Employment(e Employment) error     { return s.add("E", e) }
func (s *hashSink) Debt(d Debt) error                 { return s.add("D", d) }

func (s *hashSink) sum() string { return fmt.Sprintf("%x/%d", s.h.Sum(nil), s.calls) }

// discardSink drops everything (for benchmarks).
type discardSink struct{ n int }

func (s *discardSink) Organisation(Organisation) error { s.n++; return nil }
func (s *discardSink) Person(Person) error             { s.n++; return nil }
func (s *discardSink) Account(Account) error           { s.n++; return nil }
func (s *discardSink) AccountParty(AccountParty) error { s.n++; return nil }
func (s *discardSink) Employment(Employment) error     { s.n++; return nil }
func (s *discardSink) Debt(Debt) error                 { s.n++; return nil }

// record is one sink call.
type record struct {
	kind string // "O", "P", "A", "R", "E", "D"
	v    any
}

// collectSink keeps every call.
type collectSink struct{ recs []record }

func (s *collectSink) add(kind string, v any) error {
	s.recs = append(s.recs, record{kind, v})
	return nil
}

func (s *collectSink) Organisation(o Organisation) error { return s.add("O", o) }
func (s *collectSink) Person(p Person) error             { return s.add("P", p) }
func (s *collectSink) Account(a Account) error           { return s.add("A", a) }
func (s *collectSink) AccountParty(p AccountParty) error { return s.add("R", p) }
func (s *collectSink) Employment(e Employment) error     { return s.add("E", e) }
func (s *collectSink) Debt(d Debt) error                 { return s.add("D", d) }

// errStop is what failSink returns.
var errStop = errors.New("sink full")

// failSink fails the first call of kind failOn after skip such calls, and
// counts the calls made after the failure.
type failSink struct {
	failOn     string
	skip       int
	failed     bool
	afterCalls int
}

func (s *failSink) call(kind string) error {
	if s.failed {
		s.afterCalls++
		return nil
	}
	if kind == s.failOn {
		if s.skip == 0 {
			s.failed = true
			return errStop
		}
		s.skip--
	}
	return nil
}

func (s *failSink) Organisation(Organisation) error { return s.call("O") }
func (s *failSink) Person(Person) error             { return s.call("P") }
func (s *failSink) Account(Account) error           { return s.call("A") }
func (s *failSink) AccountParty(AccountParty) error { return s.call("R") }
func (s *failSink) Employment(Employment) error     { return s.call("E") }
func (s *failSink) Debt(Debt) error                 { return s.call("D") }
