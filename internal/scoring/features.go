package scoring

import (
	"fmt"
	"sort"
)

// Tx is one categorised booked transaction as the scorecard sees it.
type Tx struct {
	Date     string // YYYY-MM-DD
	Amount   int64  // minor units
	Currency string
	Category int
	Type     string // income, expense or transfer
}

// Category sets of the features (§7.4), as flags per category id.
const (
	fRegularIncome = 1 << iota
	fCoreIncome
	fDebtService
	fGambling
	fCollection
)

var categoryFlags = func() (t [2000]uint8) {
	for flag, ids := range map[uint8][]int{
		fRegularIncome: {1501, 1502, 1504, 1505, 1601, 1602, 1604, 1605},
		fCoreIncome:    {1501, 1505, 1601},
		fDebtService:   {1001, 1002, 1003, 1004, 1005, 1006},
		fGambling:      {11, 1101, 1102},
		fCollection:    {1007, 1008},
	} {
		for _, id := range ids {
			t[id] |= flag
		}
	}
	return t
}()

func flagsOf(id int) uint8 {
	if id < 0 || id >= len(categoryFlags) {
		return 0
	}
	return categoryFlags[id]
}

// Window is the data a model uses (§7.3).
type Window struct {
	Reference   string // R
	PeriodStart string
	Months      int // M
	Used        int
	Features    Features
	NoIncome    bool
}

// monthIndex maps "YYYY-MM-DD" to year*12 + month-1. Dates come from the
// parsers, always in that form; it is on the hot path (once per
// transaction), hence no fmt.
func monthIndex(date string) int {
	if len(date) < 7 {
		return 0
	}
	num := func(s string) int {
		n := 0
		for i := 0; i < len(s); i++ {
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	return num(date[:4])*12 + num(date[5:7]) - 1
}

func monthStart(idx int) string { return fmt.Sprintf("%04d-%02d-01", idx/12, idx%12+1) }

// Build computes the window and the ten features for window W months
// (already capped by params.period) over booked transactions of one
// currency; ok is false when there are none.
func Build(txs []Tx, window int) (w Window, ok bool) {
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
	// One pass over the window (no copy of it: a 10 MiB statement has
	// ~40 000 booked transactions).
	earliest := rm
	var regular, debt, incomeAll, expenseAll, gamb, cash, net, pos int64
	var nColl, nNew, nFees, nSalary int
	coreMonths := map[int]bool{}
	for _, t := range txs {
		if t.Date < w.PeriodStart || t.Date > ref {
			continue
		}
		w.Used++
		earliest = min(earliest, monthIndex(t.Date))
		a, c := t.Amount, t.Category
		f := flagsOf(c)
		if f&fRegularIncome != 0 {
			regular += a
		}
		if f&fCoreIncome != 0 {
			coreMonths[monthIndex(t.Date)] = true
		}
		if f&fDebtService != 0 {
			debt += abs(a)
		}
		switch t.Type {
		case "income":
			incomeAll += a
		case "expense":
			expenseAll += abs(a)
		}
		if f&fGambling != 0 {
			gamb += abs(a)
		}
		if f&fCollection != 0 {
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
	w.Months = rm - earliest + 1
	M := float64(w.Months)
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

// Result is one model's `credit-scoring` result (§7.7).
type Result struct {
	Model            string          `json:"model"`
	WindowMonths     int             `json:"window_months"`
	MonthsObserved   *int            `json:"months_observed"`
	PeriodStart      *string         `json:"period_start"`
	PeriodEnd        *string         `json:"period_end"`
	TransactionsUsed int             `json:"transactions_used"`
	Score            *int            `json:"score"`
	PD               *float64        `json:"probability_of_default"`
	RiskBand         *string         `json:"risk_band"`
	Logit            *float64        `json:"logit"`
	Intercept        float64         `json:"intercept"`
	Features         []FeatureResult `json:"features"`
	Warnings         []string        `json:"warnings"`
}

// Output is the `credit-scoring` operation output.
type Output struct {
	Currency      string   `json:"currency"`
	ReferenceDate *string  `json:"reference_date"`
	Results       []Result `json:"results"`
}

// Run scores booked transactions of all currencies with the given models
// (§7.3–§7.7). period is params.period (0 = none).
func Run(all []Tx, currency string, models []Model, period int) Output {
	n := 0
	for _, t := range all {
		if t.Currency == currency {
			n++
		}
	}
	otherCurrency := n < len(all)
	txs := all
	if otherCurrency {
		txs = make([]Tx, 0, n)
		for _, t := range all {
			if t.Currency == currency {
				txs = append(txs, t)
			}
		}
	}
	out := Output{Currency: currency, Results: []Result{}}
	for _, m := range models {
		win := m.Window
		if period > 0 && period < win {
			win = period
		}
		r := Result{Model: m.Name, WindowMonths: m.Window, Intercept: m.Intercept, Warnings: []string{}}
		w, ok := Build(txs, win)
		if otherCurrency {
			r.Warnings = append(r.Warnings, "CURRENCY_IGNORED")
		}
		if !ok {
			r.Warnings = append(r.Warnings, "NO_TRANSACTIONS_IN_CURRENCY")
			sort.Strings(r.Warnings)
			out.Results = append(out.Results, r)
			continue
		}
		ref := w.Reference
		out.ReferenceDate = &ref
		s := m.Apply(w.Features, currency)
		months, start, end := w.Months, w.PeriodStart, w.Reference
		score, band := s.Score, s.Band
		pd, logit := Round(s.PD, 6), Round(s.Logit, 6)
		r.MonthsObserved, r.PeriodStart, r.PeriodEnd = &months, &start, &end
		r.TransactionsUsed = w.Used
		r.Score, r.PD, r.RiskBand, r.Logit, r.Features = &score, &pd, &band, &logit, s.Features
		if w.Months < 3 {
			r.Warnings = append(r.Warnings, "INSUFFICIENT_HISTORY")
		}
		if w.NoIncome {
			r.Warnings = append(r.Warnings, "NO_INCOME_DETECTED")
		}
		sort.Strings(r.Warnings)
		out.Results = append(out.Results, r)
	}
	return out
}

func abs(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}
