package world

import (
	"os"
	"sort"
	"strconv"
	"testing"
)

// countSink counts the calls of each kind.
type countSink struct{ orgs, persons, accounts, orgAccounts, parties, emps, debts int }

func (s *countSink) Organisation(Organisation) error { s.orgs++; return nil }
func (s *countSink) Person(Person) error             { s.persons++; return nil }
func (s *countSink) Account(Account) error {
	if s.persons == 0 {
		s.orgAccounts++
	} else {
		s.accounts++
	}
	return nil
}
func (s *countSink) AccountParty(AccountParty) error { s.parties++; return nil }
func (s *countSink) Employment(Employment) error     { s.emps++; return nil }
func (s *countSink) Debt(Debt) error                 { s.debts++; return nil }

// TestGenerateStats reports how a large world comes out: records per
// person, how often NINs and account numbers were redrawn, and how full
// the banks' account number spaces are. It runs only when
// NAMSFOGD_STATS_PERSONS is set, e.g.
//
//	NAMSFOGD_STATS_PERSONS=5500000 go test -run GenerateStats -v ./internal/world/
func TestGenerateStats(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NAMSFOGD_STATS_PERSONS"))
	if n <= 0 {
		t.Skip("set NAMSFOGD_STATS_PERSONS to run")
	}
	s := &countSink{}
	g, e, err := start(GenConfig{Seed: 1, Persons: n}, s)
	if err != nil {
		t.Fatal(err)
	}
	w, c := newWorker(g), new(chunk)
	ninRedraws, shifted, acctRedraws, moved := 0, 0, 0, 0
	var nins, accts []string
	var banks, births []int
	for from := 0; from < n; from += chunkSize {
		w.fill(c, from, min(from+chunkSize, n))
		nins, births, accts, banks = nins[:0], births[:0], accts[:0], banks[:0]
		for _, p := range c.persons {
			nins, births = append(nins, p.p.NIN), append(births, p.birthIdx)
		}
		for _, a := range c.accounts {
			accts, banks = append(accts, a.a.AccountNumber), append(banks, a.bank)
		}
		if err := e.emitChunk(c); err != nil {
			t.Fatal(err)
		}
		for k, p := range c.persons {
			if p.p.NIN != nins[k] {
				ninRedraws++
			}
			if p.birthIdx != births[k] {
				shifted++
			}
		}
		for k, a := range c.accounts {
			if a.a.AccountNumber != accts[k] {
				acctRedraws++
			}
			if a.bank != banks[k] {
				moved++
			}
		}
	}
	pp := func(x int) float64 { return float64(x) / float64(n) }
	t.Logf("%d persons, %d organisations (%d banks, %d employers), %d organisation accounts", n, s.orgs, len(g.banks), len(g.employers), s.orgAccounts)
	t.Logf("per person: %.3f accounts, %.3f parties, %.3f employments, %.3f debts", pp(s.accounts), pp(s.parties), pp(s.emps), pp(s.debts))
	t.Logf("NIN redraws %d (%.1f %% of persons), birth dates moved %d; account redraws %d (%.1f %%), moved to another bank %d",
		ninRedraws, 100*pp(ninRedraws), shifted, acctRedraws, 100*float64(acctRedraws)/float64(s.accounts), moved)
	fill := append([]int(nil), e.fill...)
	sort.Sort(sort.Reverse(sort.IntSlice(fill)))
	t.Logf("account numbers per bank: largest %v, smallest %d (a bank stops at %d)", fill[:min(5, len(fill))], fill[len(fill)-1], bankFullAt)
}
