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

type pathItem struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

type outTx struct {
	Amount        money      `json:"amount"`
	CategoryID    int        `json:"category_id"`
	Title         string     `json:"title"`
	Level         int        `json:"level"`
	ParentID      *int       `json:"parent_id"`
	CategoryPath  []pathItem `json:"category_path"`
	Type          string     `json:"type"`
	Confidence    float64    `json:"confidence"`
	Date          string     `json:"date"`
	ValueDate     *string    `json:"value_date"`
	Info          string     `json:"info"`
	Partner       string     `json:"partner"`
	TransactionID string     `json:"transaction_id"`
	BookingStatus string     `json:"booking_status"`
}

type outCurrency struct {
	Code         string  `json:"code"`
	Credit       money   `json:"credit_turnover"`
	Debit        money   `json:"debit_turnover"`
	StartBalance *money  `json:"start_balance"`
	EndBalance   *money  `json:"end_balance"`
	Transactions []outTx `json:"transactions"`
}

type holder struct {
	Name string `json:"name"`
}

type outAccount struct {
	AccountNumber *string       `json:"account_number"`
	Bank          *string       `json:"bank"`
	Country       string        `json:"country"`
	Currencies    []outCurrency `json:"currencies"`
	Holders       []holder      `json:"holders"`
	Joint         bool          `json:"is_joint_ownership"`
	Shared        bool          `json:"is_shared_ownership"`
	PeriodStart   *string       `json:"period_start"`
	PeriodEnd     *string       `json:"period_end"`
}

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

type categorisation struct {
	Accounts []outAccount   `json:"accounts"`
	Version  string         `json:"category_tree_version"`
	Summary  []summaryEntry `json:"summary"`
	Totals   []totals       `json:"totals"`
}

func parentPtr(n categorise.Node) *int {
	if n.Parent == 0 {
		return nil
	}
	p := n.Parent
	return &p
}

// analyse runs categorisation (always first, §4.1 rule 5) and the requested
// operations, returning the attributes members by operation keyword.
func (s *Service) analyse(u storedUpload, req processRequest) (map[string]any, error) {
	own := categorise.OwnAccounts(u.Accounts)
	country := req.Country
	cat := categorisation{Version: categorise.TreeVersion(country), Accounts: []outAccount{}}
	var scored []scoring.Tx
	type agg struct {
		count              int
		sum, sumIn, sumOut int64
	}
	sums := map[string]map[int]*agg{}
	tot := map[string]*totals{}
	holderSets := make([]string, len(u.Accounts))
	for i, a := range u.Accounts {
		holderSets[i] = stringsKey(a.Holders)
	}
	for ai, a := range u.Accounts {
		oa := outAccount{Country: country, Holders: []holder{}, Currencies: []outCurrency{}}
		if a.KeyFromInput {
			k := a.Key
			oa.AccountNumber = &k
		}
		if a.Bank != "" {
			b := a.Bank
			oa.Bank = &b
		}
		for _, h := range a.Holders {
			oa.Holders = append(oa.Holders, holder{h})
			if containsAny(h, " og ", " and ", " & ") {
				oa.Joint = true
			}
		}
		oa.Joint = oa.Joint || len(a.Holders) >= 2
		for j, hs := range holderSets {
			if j != ai && hs != "" && hs != holderSets[ai] {
				oa.Shared = true
			}
		}
		byCur := map[string]*outCurrency{}
		for i := range a.Transactions {
			t := &a.Transactions[i]
			res := s.cat.Transaction(t, own)
			n, _ := categorise.Lookup(res.ID)
			if t.Status == statement.Booked {
				scored = append(scored, scoring.Tx{Date: t.Date, Amount: t.Amount, Currency: t.Currency, Category: res.ID, Type: n.Type})
			}
			if t.Status == statement.Pending && !req.IncludePending {
				continue
			}
			oc := byCur[t.Currency]
			if oc == nil {
				oc = &outCurrency{Code: t.Currency, Transactions: txList{}}
				byCur[t.Currency] = oc
			}
			path := []pathItem{}
			if n.Parent != 0 {
				pn, _ := categorise.Lookup(n.Parent)
				path = append(path, pathItem{pn.ID, pn.Title(country)})
			}
			path = append(path, pathItem{n.ID, n.Title(country)})
			ot := outTx{Amount: money(t.Amount), CategoryID: n.ID, Title: n.Title(country), Level: n.Level, ParentID: parentPtr(n),
				CategoryPath: path, Type: n.Type, Confidence: res.Confidence, Date: t.Date, Info: t.Info, Partner: t.Partner,
				TransactionID: t.ID, BookingStatus: t.Status}
			if t.ValueDate != "" {
				vd := t.ValueDate
				ot.ValueDate = &vd
			}
			oc.Transactions = append(oc.Transactions, ot)
			if oa.PeriodStart == nil || t.Date < *oa.PeriodStart {
				d := t.Date
				oa.PeriodStart = &d
			}
			if oa.PeriodEnd == nil || t.Date > *oa.PeriodEnd {
				d := t.Date
				oa.PeriodEnd = &d
			}
			if t.Status != statement.Booked {
				continue
			}
			if t.Amount > 0 {
				oc.Credit += money(t.Amount)
			} else {
				oc.Debit += money(-t.Amount)
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
		codes := make([]string, 0, len(byCur))
		for c := range byCur {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			oc := byCur[c]
			sortByDate(oc.Transactions)
			var start, end *money
			for _, b := range a.Balances {
				if b.Currency != c && b.Currency != "" {
					continue
				}
				v := money(b.Amount)
				if b.Closing {
					end = &v
				} else {
					start = &v
				}
			}
			switch {
			case start != nil && end == nil:
				v := *start + oc.Credit - oc.Debit
				end = &v
			case end != nil && start == nil:
				v := *end - oc.Credit + oc.Debit
				start = &v
			}
			oc.StartBalance, oc.EndBalance = start, end
			oa.Currencies = append(oa.Currencies, *oc)
		}
		cat.Accounts = append(cat.Accounts, oa)
	}
	curs := make([]string, 0, len(sums))
	for c := range sums {
		curs = append(curs, c)
	}
	slices.Sort(curs)
	cat.Summary, cat.Totals = []summaryEntry{}, []totals{}
	for _, c := range curs {
		tt := tot[c]
		cat.Totals = append(cat.Totals, *tt)
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
			cat.Summary = append(cat.Summary, e)
		}
	}
	out := map[string]any{}
	if contains(req.Operations, opCategorisation) {
		out[opCategorisation] = cat
	}
	if contains(req.Operations, opCreditScoring) || contains(req.Operations, opCreditScores) {
		var models []scoring.Model
		for _, name := range req.Models {
			m, _ := scoring.ModelByName(name)
			models = append(models, m)
		}
		cs := scoring.Run(scored, req.Currency, models, req.Period)
		if contains(req.Operations, opCreditScoring) {
			out[opCreditScoring] = cs
		}
		if contains(req.Operations, opCreditScores) {
			m := make(map[string]*float64, len(cs.Results))
			for _, r := range cs.Results {
				m[r.Model] = r.PD
			}
			out[opCreditScores] = m
		}
	}
	return out, nil
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
		if len(s) >= len(x) && indexOf(s, x) >= 0 {
			return true
		}
	}
	return false
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// sortByDate orders transactions by date, ties in input order (spec
// §6.3). Statements usually arrive sorted; otherwise an index
// permutation is sorted rather than moving the large structs around.
func sortByDate(txs []outTx) {
	if slices.IsSortedFunc(txs, func(x, y outTx) int { return strings.Compare(x.Date, y.Date) }) {
		return
	}
	idx := make([]int, len(txs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := strings.Compare(txs[a].Date, txs[b].Date); c != 0 {
			return c
		}
		return a - b
	})
	out := make([]outTx, len(txs))
	for i, j := range idx {
		out[i] = txs[j]
	}
	copy(txs, out)
}
