package nordigen

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/scoring"
	"github.com/namsfogd/namsfogd/internal/statement"
)

// money renders minor units as a JSON number with two decimals.
type money int64

func (m money) MarshalJSON() ([]byte, error) { return []byte(statement.FormatMinor(int64(m))), nil }

type summaryEntry struct {
	Currency string   `json:"currency"`
	ID       int      `json:"category_id"`
	Title    string   `json:"title"`
	Level    int      `json:"level"`
	ParentID *int     `json:"parent_id"`
	Type     string   `json:"type"`
	Count    int      `json:"count"`
	Sum      money    `json:"sum"`
	SumIn    money    `json:"sum_in"`
	SumOut   money    `json:"sum_out"`
	Average  money    `json:"average"`
	Share    *float64 `json:"share"`
}

type totals struct {
	Currency     string `json:"currency"`
	Transactions int    `json:"transactions"`
	Income       money  `json:"income"`
	Expense      money  `json:"expense"`
	TransferIn   money  `json:"transfer_in"`
	TransferOut  money  `json:"transfer_out"`
	Net          money  `json:"net"`
}

func parentPtr(n categorise.Node) *int {
	if n.Parent == 0 {
		return nil
	}
	p := n.Parent
	return &p
}

// report is the outcome of processing one record, before it is written
// (render.go). The categorisation keeps, per transaction, only the
// assigned category and confidence; everything else a result
// transaction shows is read from the statement while writing, so a
// 40 000-transaction result is never held as structs or as one JSON
// document.
type report struct {
	country  string
	version  string
	accounts []accountReport
	summary  []summaryEntry
	totals   []totals
	// Which members the result has (spec §3.3: only requested ones).
	categorisation, creditScoring, creditScores bool
	credit                                      scoring.Output
	scores                                      map[string]*float64
}

// accountReport is one account of the categorisation (spec §6.3).
type accountReport struct {
	a          *statement.Account
	cats       []txCategory // parallel to a.Transactions
	holders    []string
	joint      bool
	shared     bool
	periodFrom string // "" = null
	periodTo   string
	currencies []currencyReport
}

type txCategory struct {
	id         int32
	confidence float64
}

// currencyReport is one currency group of an account.
type currencyReport struct {
	code          string
	credit, debit int64
	start, end    *int64
	// txs are indexes into the account's transactions in output order
	// (by date, ties in input order; spec §6.3).
	txs []int32
}

// analyse runs categorisation (always first, §4.1 rule 5) and the requested
// operations.
func (s *Service) analyse(accounts []*statement.Account, req processRequest) (*report, error) {
	own := categorise.OwnAccounts(accounts)
	country := req.Country
	rep := &report{country: country, version: categorise.TreeVersion(country),
		categorisation: contains(req.Operations, opCategorisation),
		creditScoring:  contains(req.Operations, opCreditScoring),
		creditScores:   contains(req.Operations, opCreditScores)}
	var scored []scoring.Tx
	type agg struct {
		count              int
		sum, sumIn, sumOut int64
	}
	sums := map[string]map[int]*agg{}
	tot := map[string]*totals{}
	holderSets := make([]string, len(accounts))
	nBooked := 0
	for i, a := range accounts {
		holderSets[i] = stringsKey(a.Holders)
		for j := range a.Transactions {
			if a.Transactions[j].Status == statement.Booked {
				nBooked++
			}
		}
	}
	scored = make([]scoring.Tx, 0, nBooked)
	for ai, a := range accounts {
		ar := accountReport{a: a, cats: make([]txCategory, len(a.Transactions)), holders: a.Holders}
		for _, h := range a.Holders {
			if containsAny(h, " og ", " and ", " & ") {
				ar.joint = true
			}
		}
		ar.joint = ar.joint || len(a.Holders) >= 2
		for j, hs := range holderSets {
			if j != ai && hs != "" && hs != holderSets[ai] {
				ar.shared = true
			}
		}
		var byCur []*currencyReport // few currencies: a slice beats a map
		for i := range a.Transactions {
			t := &a.Transactions[i]
			res := s.cat.Transaction(t, own)
			n, _ := categorise.Lookup(res.ID)
			ar.cats[i] = txCategory{int32(n.ID), res.Confidence}
			if t.Status == statement.Booked {
				scored = append(scored, scoring.Tx{Date: t.Date, Amount: t.Amount, Currency: t.Currency, Category: res.ID, Type: n.Type})
			}
			if t.Status == statement.Pending && !req.IncludePending {
				continue
			}
			var oc *currencyReport
			for _, c := range byCur {
				if c.code == t.Currency {
					oc = c
					break
				}
			}
			if oc == nil {
				oc = &currencyReport{code: t.Currency}
				byCur = append(byCur, oc)
			}
			oc.txs = append(oc.txs, int32(i))
			if ar.periodFrom == "" || t.Date < ar.periodFrom {
				ar.periodFrom = t.Date
			}
			if ar.periodTo == "" || t.Date > ar.periodTo {
				ar.periodTo = t.Date
			}
			if t.Status != statement.Booked {
				continue
			}
			if t.Amount > 0 {
				oc.credit += t.Amount
			} else {
				oc.debit += -t.Amount
			}
			cs := sums[t.Currency]
			if cs == nil {
				cs = map[int]*agg{}
				sums[t.Currency] = cs
			}
			for _, id := range []int{n.ID, categorise.Group(n.ID)} {
				if id == n.ID && n.Level == 0 && id != categorise.Group(n.ID) {
					continue
				}
				g := cs[id]
				if g == nil {
					g = &agg{}
					cs[id] = g
				}
				g.count++
				g.sum += t.Amount
				if t.Amount > 0 {
					g.sumIn += t.Amount
				} else {
					g.sumOut += t.Amount
				}
				if n.Level == 0 {
					break // directly assigned to the group: count once
				}
			}
			tt := tot[t.Currency]
			if tt == nil {
				tt = &totals{Currency: t.Currency}
				tot[t.Currency] = tt
			}
			tt.Transactions++
			tt.Net += money(t.Amount)
			switch n.Type {
			case categorise.TypeIncome:
				tt.Income += money(t.Amount)
			case categorise.TypeExpense:
				tt.Expense += money(t.Amount)
			default:
				if t.Amount > 0 {
					tt.TransferIn += money(t.Amount)
				} else {
					tt.TransferOut += money(t.Amount)
				}
			}
		}
		slices.SortFunc(byCur, func(x, y *currencyReport) int { return strings.Compare(x.code, y.code) })
		for _, oc := range byCur {
			sortByDate(oc.txs, a.Transactions)
			for _, b := range a.Balances {
				if b.Currency != oc.code && b.Currency != "" {
					continue
				}
				v := b.Amount
				if b.Closing {
					oc.end = &v
				} else {
					oc.start = &v
				}
			}
			switch {
			case oc.start != nil && oc.end == nil:
				v := *oc.start + oc.credit - oc.debit
				oc.end = &v
			case oc.end != nil && oc.start == nil:
				v := *oc.end - oc.credit + oc.debit
				oc.start = &v
			}
			ar.currencies = append(ar.currencies, *oc)
		}
		rep.accounts = append(rep.accounts, ar)
	}
	curs := make([]string, 0, len(sums))
	for c := range sums {
		curs = append(curs, c)
	}
	slices.Sort(curs)
	rep.summary, rep.totals = []summaryEntry{}, []totals{}
	for _, c := range curs {
		tt := tot[c]
		rep.totals = append(rep.totals, *tt)
		ids := make([]int, 0, len(sums[c]))
		for id := range sums[c] {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b int) int {
			la, lb := levelOf(a), levelOf(b)
			if la != lb {
				return la - lb
			}
			return a - b
		})
		for _, id := range ids {
			g := sums[c][id]
			n, _ := categorise.Lookup(id)
			e := summaryEntry{Currency: c, ID: id, Title: n.Title(country), Level: n.Level, ParentID: parentPtr(n), Type: n.Type,
				Count: g.count, Sum: money(g.sum), SumIn: money(g.sumIn), SumOut: money(g.sumOut), Average: money(divRound(g.sum, int64(g.count)))}
			var den int64
			switch n.Type {
			case categorise.TypeExpense:
				den = -int64(tt.Expense)
			case categorise.TypeIncome:
				den = int64(tt.Income)
			default:
				den = int64(tt.TransferIn) - int64(tt.TransferOut)
			}
			if den != 0 {
				sh := scoring.Round(float64(abs64(g.sum))/float64(den), 4)
				e.Share = &sh
			}
			rep.summary = append(rep.summary, e)
		}
	}
	if rep.creditScoring || rep.creditScores {
		var models []scoring.Model
		for _, name := range req.Models {
			m, _ := scoring.ModelByName(name)
			models = append(models, m)
		}
		rep.credit = scoring.Run(scored, req.Currency, models, req.Period)
		if rep.creditScores {
			rep.scores = make(map[string]*float64, len(rep.credit.Results))
			for _, r := range rep.credit.Results {
				rep.scores[r.Model] = r.PD
			}
		}
	}
	return rep, nil
}

func levelOf(id int) int {
	if id < 100 {
		return 0
	}
	return 1
}

func divRound(a, b int64) int64 {
	if b == 0 {
		return 0
	}
	q, r := a/b, a%b
	if 2*abs64(r) >= b {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}

func abs64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

func stringsKey(s []string) string {
	b, _ := json.Marshal(s)
	if len(s) == 0 {
		return ""
	}
	return string(b)
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// sortByDate orders a currency group's transaction indexes by date, ties
// in input order (spec §6.3). Statements usually arrive sorted; else
// the dates, as numbers, and the indexes are sorted together as one
// integer each (for ~40 000 transactions several times faster than
// comparing the date strings).
func sortByDate(idx []int32, txs []statement.Transaction) {
	cmp := func(a, b int32) int {
		if c := strings.Compare(txs[a].Date, txs[b].Date); c != 0 {
			return c
		}
		return int(a - b)
	}
	if slices.IsSortedFunc(idx, cmp) {
		return
	}
	keys := make([]uint64, len(idx))
	for k, i := range idx {
		d, ok := dateNumber(txs[i].Date)
		if !ok || i < 0 {
			slices.SortFunc(idx, cmp)
			return
		}
		keys[k] = d<<32 | uint64(i)
	}
	slices.Sort(keys)
	for k, key := range keys {
		idx[k] = int32(uint32(key))
	}
}

// dateNumber maps YYYY-MM-DD to YYYYMMDD, which orders as the text does.
func dateNumber(d string) (uint64, bool) {
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return 0, false
	}
	var n uint64
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := d[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}
