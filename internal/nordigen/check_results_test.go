package nordigen

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// spec: statement-analysis.md §12 checks 31–47 (categorisation, tree,
// models and credit scoring) against the real server.

// tree returns the nodes of E6 by id.
func (e *env) tree(country string) (map[int]map[string]any, string) {
	e.t.Helper()
	_, m, b := e.do("GET", "/v2/category-tree/"+country, "", nil, true)
	cats, ok := dig(m, "data", 0, "attributes", "categories").([]any)
	if !ok {
		e.t.Fatalf("tree %s: %s", country, b)
	}
	out := map[int]map[string]any{}
	for _, c := range cats {
		n := c.(map[string]any)
		out[int(n["id"].(float64))] = n
	}
	return out, dig(m, "data", 0, "attributes", "category_tree_version").(string)
}

func twoDecimals(v float64) bool { return math.Abs(v*100-math.Round(v*100)) < 1e-6 }

func TestCheck31_33_38_DevSetStructure(t *testing.T) {
	e := newEnv(t, nil)
	a := e.analyse(`{"country":"no","operations":["categorisation"]}`, devCSV(t))
	tree, version := e.tree("no")
	cat := a["categorisation"]
	if dig(cat, "category_tree_version") != version {
		t.Fatalf("check 38: %v vs %s", dig(cat, "category_tree_version"), version)
	}
	txs := transactions(cat)
	if len(txs) != 300 {
		t.Fatalf("got %d transactions", len(txs))
	}
	for _, tx := range txs {
		id := int(tx["category_id"].(float64))
		n := tree[id]
		if n == nil {
			t.Fatalf("check 31: %d not in tree", id)
		}
		if tx["title"] != n["readable-title"] || tx["level"] != n["level"] || tx["parent_id"] != n["parent_id"] || tx["type"] != n["type"] {
			t.Fatalf("check 31: %v vs node %v", tx, n)
		}
		path := tx["category_path"].([]any)
		if len(path) != int(n["level"].(float64))+1 || dig(path, 0, "id") != float64(groupOf(id)) ||
			dig(path, len(path)-1, "id") != float64(id) || dig(path, len(path)-1, "title") != n["readable-title"] {
			t.Fatalf("check 31: path %v", path)
		}
		amt := tx["amount"].(float64)
		typ := tx["type"].(string)
		if (amt < 0 && typ == "income") || (amt > 0 && typ == "expense") {
			t.Fatalf("check 32: %v", tx)
		}
		c, ok := tx["confidence"].(float64)
		if !ok || c < 0 || c > 1 || !twoDecimals(c) {
			t.Fatalf("check 33: confidence %v", tx["confidence"])
		}
	}
}

func TestCheck34_IncludePending(t *testing.T) {
	e := newEnv(t, nil)
	file := gcStatement("NO9386011117947", 12)
	a := e.analyse(`{"country":"no","operations":["categorisation"]}`, file)
	off := dig(a, "categorisation", "accounts", 0, "currencies", 0).(map[string]any)
	for _, tx := range transactions(a["categorisation"]) {
		if tx["booking_status"] != "booked" {
			t.Fatalf("pending returned without include_pending: %v", tx)
		}
	}
	if n := len(transactions(a["categorisation"])); n != 12 {
		t.Fatalf("booked count %d", n)
	}
	b := e.analyse(`{"country":"no","operations":["categorisation"],"params":{"include_pending":true}}`, file)
	on := dig(b, "categorisation", "accounts", 0, "currencies", 0).(map[string]any)
	pending := 0
	for _, tx := range transactions(b["categorisation"]) {
		if tx["booking_status"] == "pending" {
			pending++
		}
	}
	if pending != 1 || on["credit_turnover"] != off["credit_turnover"] || on["debit_turnover"] != off["debit_turnover"] {
		t.Fatalf("check 34: pending %d, turnovers %v/%v vs %v/%v", pending, on["credit_turnover"], on["debit_turnover"], off["credit_turnover"], off["debit_turnover"])
	}
}

func TestCheck35_TransactionIDs(t *testing.T) {
	e := newEnv(t, nil)
	for _, tx := range transactions(e.analyse(putCat, gcStatement("NO9386011117947", 5))["categorisation"]) {
		if id := tx["transaction_id"].(string); !strings.HasPrefix(id, "t") {
			t.Fatalf("input id not kept: %v", id)
		}
	}
	ids := func() []string {
		var out []string
		for _, tx := range transactions(e.analyse(putCat, []byte(csvFixture))["categorisation"]) {
			out = append(out, tx["transaction_id"].(string))
		}
		return out
	}
	if x, y := ids(), ids(); !slices.Equal(x, y) || x[0] == "" {
		t.Fatalf("generated ids differ: %v %v", x, y)
	}
}

func TestCheck36_Turnovers(t *testing.T) {
	e := newEnv(t, nil)
	a := e.analyse(putCat, gcStatement("NO9386011117947", 40))
	cur := dig(a, "categorisation", "accounts", 0, "currencies", 0).(map[string]any)
	var in, out float64
	for _, tx := range cur["transactions"].([]any) {
		v := dig(tx, "amount").(float64)
		if v > 0 {
			in += v
		} else {
			out -= v
		}
	}
	cr, dr := cur["credit_turnover"].(float64), cur["debit_turnover"].(float64)
	if math.Abs(cr-in) > 0.005 || math.Abs(dr-out) > 0.005 {
		t.Fatalf("turnovers %v %v vs %v %v", cr, dr, in, out)
	}
	sb, eb := cur["start_balance"].(float64), cur["end_balance"].(float64)
	if math.Abs((eb-sb)-(cr-dr)) > 0.01 {
		t.Fatalf("balances %v %v vs turnovers %v %v", sb, eb, cr, dr)
	}
}

func TestCheck37_SummaryAndTotals(t *testing.T) {
	e := newEnv(t, nil)
	a := e.analyse(putCat, devCSV(t))
	cat := a["categorisation"]
	var booked int
	var all float64
	for _, tx := range transactions(cat) {
		booked++
		all += tx["amount"].(float64)
	}
	leafCount := 0
	groupSum := map[int]float64{}
	direct := map[int]float64{}
	level0 := map[int]float64{}
	for _, x := range dig(cat, "summary").([]any) {
		s := x.(map[string]any)
		id := int(s["category_id"].(float64))
		if s["level"] == 1.0 {
			leafCount += int(s["count"].(float64))
			groupSum[groupOf(id)] += s["sum"].(float64)
		} else {
			level0[id] = s["sum"].(float64)
		}
	}
	for _, tx := range transactions(cat) {
		if tx["level"] == 0.0 {
			leafCount++
			direct[int(tx["category_id"].(float64))] += tx["amount"].(float64)
		}
	}
	if leafCount != booked {
		t.Fatalf("check 37: level-1 + direct counts %d, booked %d", leafCount, booked)
	}
	for id, sum := range level0 {
		if math.Abs(sum-groupSum[id]-direct[id]) > 0.005 {
			t.Fatalf("check 37: group %d sum %v vs %v", id, sum, groupSum[id]+direct[id])
		}
	}
	if net := dig(cat, "totals", 0, "net").(float64); math.Abs(net-all) > 0.005 {
		t.Fatalf("check 37: net %v vs %v", net, all)
	}
}

func TestCheck40_Determinism(t *testing.T) {
	e := newEnv(t, nil)
	x := e.analyse(putCat, devCSV(t))["categorisation"]
	y := e.analyse(putCat, devCSV(t))["categorisation"]
	if !reflect.DeepEqual(x, y) {
		t.Fatal("check 40: categorisation differs between two records")
	}
}

func TestCheck42_UKTree(t *testing.T) {
	e := newEnv(t, nil)
	no, _ := e.tree("no")
	for _, c := range []string{"uk", "UK", "gb"} {
		uk, v := e.tree(c)
		if !strings.HasPrefix(v, "uk_") || len(uk) != len(no) {
			t.Fatalf("%s: %s %d", c, v, len(uk))
		}
		var differ []int
		for id, n := range no {
			u := uk[id]
			if u == nil || u["level"] != n["level"] || u["parent_id"] != n["parent_id"] || u["type"] != n["type"] {
				t.Fatalf("%s: node %d differs: %v %v", c, id, n, u)
			}
			if u["readable-title"] != n["readable-title"] {
				differ = append(differ, id)
			}
		}
		slices.Sort(differ)
		if want := []int{105, 202, 203, 302, 1007, 1008, 1201, 1601, 1602, 1604, 1605}; !slices.Equal(differ, want) {
			t.Fatalf("check 42: titles differ at %v", differ)
		}
	}
	resp, _, b := e.do("GET", "/v2/category-tree/xx", "", nil, true)
	errCode(t, resp, b, 400, "UNSUPPORTED_COUNTRY_REQUESTED")
}

func TestCheck43_Models(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Clients = []Client{{ID: "full", Secret: "s1"}, {ID: "cat-only", Secret: "s2", Models: []string{}}}
	})
	e.tok = e.tokenFor("full", "s1")
	_, m, _ := e.do("GET", "/v2/available-models", "", nil, true)
	got := dig(m, "data", "attributes", "available-models").([]any)
	if dig(m, "data", "type") != "models list" || len(got) != 2 || got[0] != "nordic_scorecard_12m_v1.model" || got[1] != "nordic_scorecard_6m_v1.model" {
		t.Fatalf("check 43: %v", m)
	}
	e.as(e.tokenFor("cat-only", "s2"), func() {
		_, m := e.upload([]byte(csvFixture))
		if ops := dig(m, "data", "attributes", "available-operations").([]any); len(ops) != 1 || ops[0] != "categorisation" {
			t.Fatalf("check 43: operations %v", ops)
		}
		_, m, _ = e.do("GET", "/v2/available-models", "", nil, true)
		if got := dig(m, "data", "attributes", "available-models").([]any); len(got) != 0 {
			t.Fatalf("models %v", got)
		}
	})
}

func TestCheck45_46_CreditScoring(t *testing.T) {
	e := newEnv(t, nil)
	a := e.analyse(`{"country":"no","operations":["credit-scoring","credit-scores"]}`, devCSV(t))
	if a["categorisation"] != nil {
		t.Fatal("categorisation returned though not requested")
	}
	results := dig(a, "credit-scoring", "results").([]any)
	if len(results) != 2 {
		t.Fatalf("results %v", results)
	}
	for _, x := range results {
		r := x.(map[string]any)
		pd, ok := r["probability_of_default"].(float64)
		if !ok {
			t.Fatalf("no PD: %v", r)
		}
		if pd < 0 || pd > 1 || r["score"].(float64) != math.Round(1000*(1-pd)) {
			t.Fatalf("check 45: pd %v score %v", pd, r["score"])
		}
		band := "E"
		switch {
		case pd < 0.02:
			band = "A"
		case pd < 0.05:
			band = "B"
		case pd < 0.10:
			band = "C"
		case pd < 0.20:
			band = "D"
		}
		if r["risk_band"] != band {
			t.Fatalf("check 45: band %v for %v", r["risk_band"], pd)
		}
		feats := r["features"].([]any)
		sum := r["intercept"].(float64)
		for i, f := range feats {
			sum += dig(f, "contribution").(float64)
			if i > 0 {
				p, c := math.Abs(dig(feats[i-1], "contribution").(float64)), math.Abs(dig(f, "contribution").(float64))
				if c > p || (c == p && dig(f, "name").(string) < dig(feats[i-1], "name").(string)) {
					t.Fatalf("check 45: feature order at %d", i)
				}
			}
		}
		if len(feats) != 10 || math.Abs(sum-r["logit"].(float64)) > 1e-5 {
			t.Fatalf("check 45: %d features, Σ %v vs logit %v", len(feats), sum, r["logit"])
		}
		if got := dig(a, "credit-scores", r["model"].(string)); got != pd {
			t.Fatalf("check 46: credit-scores %v vs %v", got, pd)
		}
	}
}

func TestCheck47_CurrenciesOverHTTP(t *testing.T) {
	e := newEnv(t, nil)
	file := []byte("date,amount,currency,description\n2024-01-25,40000.00,NOK,Lønn januar\n2024-02-03,-120.00,EUR,Hotel Berlin\n2024-02-05,-500.00,NOK,REMA 1000\n")
	a := e.analyse(`{"country":"no","operations":["credit-scoring"]}`, file)
	r := dig(a, "credit-scoring", "results", 0).(map[string]any)
	if r["transactions_used"] != 2.0 || !slices.Contains(r["warnings"].([]any), any("CURRENCY_IGNORED")) {
		t.Fatalf("check 47: %v", r)
	}
	a = e.analyse(`{"country":"no","operations":["credit-scoring"],"params":{"currency":"SEK"}}`, file)
	r = dig(a, "credit-scoring", "results", 0).(map[string]any)
	for _, k := range []string{"score", "probability_of_default", "risk_band", "logit", "features", "months_observed", "period_start", "period_end"} {
		if v, ok := r[k]; !ok || v != nil {
			t.Fatalf("check 47: %s = %v", k, v)
		}
	}
	if w := mustJSON(t, r["warnings"]); w != `["CURRENCY_IGNORED","NO_TRANSACTIONS_IN_CURRENCY"]` || r["transactions_used"] != 0.0 {
		t.Fatalf("check 47: warnings %s", w)
	}
}
