package scoring

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// The feature computation as first written (one copy of the window, map
// lookups per category): the faster Build must agree with it exactly.

var (
	refRegularIncome = refSet(1501, 1502, 1504, 1505, 1601, 1602, 1604, 1605)
	refCoreIncome    = refSet(1501, 1505, 1601)
	refDebtService   = refSet(1001, 1002, 1003, 1004, 1005, 1006)
	refGambling      = refSet(11, 1101, 1102)
	refCollection    = refSet(1007, 1008)
)

func refSet(ids ...int) map[int]bool {
	m := map[int]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func referenceBuild(txs []Tx, window int) (w Window, ok bool) {
	if len(txs) == 0 {
		return w, false
	}
	ref := ""
	for _, t := range txs {
		if t.Date > ref {
			ref = t.Date
		}
	}
	rm := monthIndex(ref)
	startM := rm - window + 1
	w.Reference, w.PeriodStart = ref, monthStart(startM)
	var in []Tx
	earliest := rm
	for _, t := range txs {
		if t.Date >= w.PeriodStart && t.Date <= ref {
			in = append(in, t)
			earliest = min(earliest, monthIndex(t.Date))
		}
	}
	w.Used = len(in)
	w.Months = rm - earliest + 1
	M := float64(w.Months)
	var regular, debt, incomeAll, expenseAll, gamb, cash, net, pos int64
	var nColl, nNew, nFees, nSalary int
	coreMonths := map[int]bool{}
	for _, t := range in {
		a, c := t.Amount, t.Category
		if refRegularIncome[c] {
			regular += a
		}
		if refCoreIncome[c] {
			coreMonths[monthIndex(t.Date)] = true
		}
		if refDebtService[c] {
			debt += abs(a)
		}
		switch t.Type {
		case "income":
			incomeAll += a
		case "expense":
			expenseAll += abs(a)
		}
		if refGambling[c] {
			gamb += abs(a)
		}
		if refCollection[c] {
			nColl++
		}
		switch c {
		case 1407:
			nNew++
		case 1405:
			cash += abs(a)
		case 1301:
			nFees++
		case 1501:
			nSalary++
		}
		if c != 1401 {
			net += a
			if a > 0 {
				pos += a
			}
		}
	}
	div := func(a, b int64) float64 { return float64(a) / float64(max(b, 100)) }
	w.Features = Features{
		float64(regular) / 100 / M,
		float64(len(coreMonths)) / M,
		div(debt, incomeAll),
		div(gamb, expenseAll),
		float64(nColl) / M,
		float64(nNew) / M,
		div(cash, expenseAll+cash),
		div(net, pos),
		float64(nFees) / M,
		0,
	}
	if nSalary > 0 {
		w.Features[9] = 1
	}
	w.NoIncome = incomeAll == 0
	return w, true
}

// TestBuildMatchesReference: Build gives the same window and features as
// the reference on random statements (several currencies, windows, and
// every category that a feature reads).
func TestBuildMatchesReference(t *testing.T) {
	cats := []int{101, 1001, 1007, 1008, 11, 1101, 1301, 1401, 1405, 1407, 1501, 1502, 1505, 1601, 1611, 1304, 0, 99999}
	types := []string{"income", "expense", "transfer"}
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := r.IntN(300)
		txs := make([]Tx, n)
		for i := range txs {
			txs[i] = Tx{Date: fmt.Sprintf("20%02d-%02d-%02d", 22+r.IntN(3), 1+r.IntN(12), 1+r.IntN(28)),
				Amount: int64(r.IntN(2000000) - 1000000), Currency: "NOK", Category: cats[r.IntN(len(cats))], Type: types[r.IntN(3)]}
		}
		win := 1 + r.IntN(24)
		w1, ok1 := Build(txs, win)
		w2, ok2 := referenceBuild(txs, win)
		if ok1 != ok2 || !reflect.DeepEqual(w1, w2) {
			t.Fatalf("round %d: %+v %v\nreference %+v %v", round, w1, ok1, w2, ok2)
		}
	}
}
