package world

import (
	"os"
	"sort"
	"strconv"
	"testing"
)

func TestZZStats(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("STATS_PERSONS"))
	if n == 0 {
		t.Skip()
	}
	s := &discardSink{}
	g, e, err := start(GenConfig{Seed: 1, Persons: n}, s)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorker(g)
	c := new(chunk)
	ninRedraw, shifted, acctMoved, acctRedraw := 0, 0, 0, 0
	var prov []string
	var provAcc []string
	var provBank []int
	var provBirth []int
	for from := 0; from < n; from += chunkSize {
		w.fill(c, from, min(from+chunkSize, n))
		prov, provAcc, provBank, provBirth = prov[:0], provAcc[:0], provBank[:0], provBirth[:0]
		for _, p := range c.persons {
			prov = append(prov, p.p.NIN)
			provBirth = append(provBirth, p.birthIdx)
		}
		for _, a := range c.accounts {
			provAcc = append(provAcc, a.a.AccountNumber)
			provBank = append(provBank, a.bank)
		}
		if err := e.emitChunk(c); err != nil {
			t.Fatal(err)
		}
		for k, p := range c.persons {
			if p.p.NIN != prov[k] {
				ninRedraw++
			}
			if p.birthIdx != provBirth[k] {
				shifted++
			}
		}
		for k, a := range c.accounts {
			if a.a.AccountNumber != provAcc[k] {
				acctRedraw++
			}
			if a.bank != provBank[k] {
				acctMoved++
			}
		}
	}
	t.Logf("persons %d banks %d employers %d", n, len(g.banks), len(g.employers))
	t.Logf("NIN redraws %d (%.2f%%), birth shifted %d, account redraws %d, moved bank %d", ninRedraw, 100*float64(ninRedraw)/float64(n), shifted, acctRedraw, acctMoved)
	f := append([]int(nil), e.fill...)
	sort.Sort(sort.Reverse(sort.IntSlice(f)))
	t.Logf("bank fills (top 10): %v ... min %d", f[:10], f[len(f)-1])
	t.Logf("records %d", s.n)
}
