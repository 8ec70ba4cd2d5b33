package nordigen

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/statement"
)

// The reference model of a result: the documented shapes of spec §6.3
// as Go structs, written by encoding/json (without HTML escaping). The
// hand-written result must be byte for byte what it writes.
type refPathItem struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

type refTx struct {
	Amount        money         `json:"amount"`
	CategoryID    int           `json:"category_id"`
	Title         string        `json:"title"`
	Level         int           `json:"level"`
	ParentID      *int          `json:"parent_id"`
	CategoryPath  []refPathItem `json:"category_path"`
	Type          string        `json:"type"`
	Confidence    float64       `json:"confidence"`
	Date          string        `json:"date"`
	ValueDate     *string       `json:"value_date"`
	Info          string        `json:"info"`
	Partner       string        `json:"partner"`
	TransactionID string        `json:"transaction_id"`
	BookingStatus string        `json:"booking_status"`
}

type refCurrency struct {
	Code         string  `json:"code"`
	Credit       money   `json:"credit_turnover"`
	Debit        money   `json:"debit_turnover"`
	StartBalance *money  `json:"start_balance"`
	EndBalance   *money  `json:"end_balance"`
	Transactions []refTx `json:"transactions"`
}

type refHolder struct {
	Name string `json:"name"`
}

type refAccount struct {
	AccountNumber *string       `json:"account_number"`
	Bank          *string       `json:"bank"`
	Country       string        `json:"country"`
	Currencies    []refCurrency `json:"currencies"`
	Holders       []refHolder   `json:"holders"`
	Joint         bool          `json:"is_joint_ownership"`
	Shared        bool          `json:"is_shared_ownership"`
	PeriodStart   *string       `json:"period_start"`
	PeriodEnd     *string       `json:"period_end"`
}

type refCategorisation struct {
	Accounts []refAccount   `json:"accounts"`
	Version  string         `json:"category_tree_version"`
	Summary  []summaryEntry `json:"summary"`
	Totals   []totals       `json:"totals"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func moneyPtr(v *int64) *money {
	if v == nil {
		return nil
	}
	m := money(*v)
	return &m
}

// reference builds the reference model of a report.
func reference(r *report) map[string]any {
	out := map[string]any{}
	if r.categorisation {
		c := refCategorisation{Version: r.version, Summary: r.summary, Totals: r.totals, Accounts: []refAccount{}}
		for _, ar := range r.accounts {
			ra := refAccount{Country: r.country, Bank: strPtr(ar.a.Bank), Holders: []refHolder{}, Currencies: []refCurrency{},
				Joint: ar.joint, Shared: ar.shared, PeriodStart: strPtr(ar.periodFrom), PeriodEnd: strPtr(ar.periodTo)}
			if ar.a.KeyFromInput {
				ra.AccountNumber = &ar.a.Key
			}
			for _, h := range ar.holders {
				ra.Holders = append(ra.Holders, refHolder{h})
			}
			for _, cr := range ar.currencies {
				rc := refCurrency{Code: cr.code, Credit: money(cr.credit), Debit: money(cr.debit), StartBalance: moneyPtr(cr.start),
					EndBalance: moneyPtr(cr.end), Transactions: []refTx{}}
				for k, i := range cr.txs {
					t, cat := ar.a.Transactions[i], ar.cats[i]
					// spec §6.3: by date, ties in input order.
					if k > 0 {
						p := ar.a.Transactions[cr.txs[k-1]]
						if p.Date > t.Date || p.Date == t.Date && cr.txs[k-1] > i {
							panic(fmt.Sprintf("transactions out of order: %s #%d before %s #%d", p.Date, cr.txs[k-1], t.Date, i))
						}
					}
					n, _ := categorise.Lookup(int(cat.id))
					path := []refPathItem{}
					if n.Parent != 0 {
						p, _ := categorise.Lookup(n.Parent)
						path = append(path, refPathItem{p.ID, p.Title(r.country)})
					}
					path = append(path, refPathItem{n.ID, n.Title(r.country)})
					rc.Transactions = append(rc.Transactions, refTx{Amount: money(t.Amount), CategoryID: n.ID, Title: n.Title(r.country),
						Level: n.Level, ParentID: parentPtr(n), CategoryPath: path, Type: n.Type, Confidence: cat.confidence, Date: t.Date,
						ValueDate: strPtr(t.ValueDate), Info: t.Info, Partner: t.Partner, TransactionID: t.ID, BookingStatus: t.Status})
				}
				ra.Currencies = append(ra.Currencies, rc)
			}
			c.Accounts = append(c.Accounts, ra)
		}
		out[opCategorisation] = c
	}
	if r.creditScoring {
		out[opCreditScoring] = r.credit
	}
	if r.creditScores {
		out[opCreditScores] = r.scores
	}
	return out
}

// fullJSON returns the complete result object of a stored result.
func fullJSON(t *testing.T, stored []byte) []byte {
	t.Helper()
	res, err := parseStoredResult(stored)
	if err != nil {
		t.Fatal(err)
	}
	if res.plain != nil {
		return res.plain
	}
	x, err := io.ReadAll(res.inflate())
	if err != nil || uint64(len(x)) != res.n {
		t.Fatalf("inflate: %d bytes, %v; want %d", len(x), err, res.n)
	}
	return append(x, '}')
}

// TestRenderMatchesEncodingJSON: results written by hand, plain and
// compressed, equal the reference model written by encoding/json, for
// every operation, both countries, pending transactions, several
// currencies, accounts and holders, and texts that need escaping.
func TestRenderMatchesEncodingJSON(t *testing.T) {
	s := &Service{cat: categorise.MustDefault()}
	tricky := `{"account":{"iban":"NO9386011117947","ownerName":"Kari og Ola Nordmann","holders":[{"name":"Ola <&> \"N\""}]},
"balances":[{"balanceAmount":{"amount":"-100.10","currency":"NOK"},"balanceType":"closingBooked"}],
"transactions":{"booked":[
 {"transactionId":"x\u2028y","bookingDate":"2024-02-01","transactionAmount":{"amount":"-1.05","currency":"NOK"},"remittanceInformationUnstructured":"A\\B \"q\" \u0001 Lånekassen"},
 {"bookingDate":"2024-01-01","valueDate":"2024-01-03","transactionAmount":{"amount":"120.00","currency":"EUR"},"debtorName":"Hotel Berlin"},
 {"bookingDate":"2024-01-01","transactionAmount":{"amount":"0","currency":"NOK"}}],
"pending":[{"valueDate":"2024-03-01","transactionAmount":{"amount":"-9.00","currency":"NOK"}}]}}`
	csv := "date,amount,currency,description,account\n2024-01-25,40000.00,NOK,Lønn januar,A1\n2024-02-05,-500.00,NOK,REMA 1000,A2\n"
	uploads := map[string][][]byte{
		"small":   {gcStatement("NO9386011117947", 50)},
		"large":   {gcStatement("NO9386011117947", 3000)}, // beyond plainLimit: compressed
		"tricky":  {[]byte(tricky), []byte(csv)},
		"one-csv": {[]byte(csv)},
	}
	bodies := []processRequest{
		{Country: "no", Operations: []string{opCategorisation}, Currency: "NOK"},
		{Country: "uk", Operations: []string{opCategorisation, opCreditScoring, opCreditScores}, Currency: "GBP", IncludePending: true,
			Models: sortedModels([]string{"nordic_scorecard_12m_v1.model", "nordic_scorecard_6m_v1.model"})},
		{Country: "no", Operations: []string{opCreditScores}, Currency: "NOK", Models: []string{"nordic_scorecard_6m_v1.model"}, Period: 3},
	}
	compressed := false
	for name, files := range uploads {
		var parsed []*statement.File
		for i, f := range files {
			p, err := statement.Parse(i, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			parsed = append(parsed, p)
		}
		accounts := statement.Merge(parsed).Accounts
		for bi, req := range bodies {
			rep, err := s.analyse(accounts, req)
			if err != nil {
				t.Fatal(err)
			}
			w := newResultWriter()
			if err := rep.write(w); err != nil {
				t.Fatal(err)
			}
			stored, err := w.finish()
			if err != nil {
				t.Fatal(err)
			}
			compressed = compressed || bytes.HasPrefix(stored, []byte(ngzMagic))
			want, err := marshal(reference(rep))
			if err != nil {
				t.Fatal(err)
			}
			if got := fullJSON(t, stored); !bytes.Equal(got, bytes.TrimSpace(want)) {
				t.Fatalf("%s/%d:\ngot  %.2000s\nwant %.2000s", name, bi, got, want)
			}
		}
	}
	if !compressed {
		t.Fatal("no result was large enough to be stored compressed")
	}
}

// TestAppendJSONStringMatchesEncoder: strings are quoted as encoding/json
// quotes them without HTML escaping (spec §1.2).
func TestAppendJSONStringMatchesEncoder(t *testing.T) {
	for _, s := range []string{"", "Lånekassen", "<&> \"q\" \\ \t\x01\x1f \u2028 \u2029 \xff x\xc3", strings.Repeat("é", 3)} {
		want, _ := marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, bytes.TrimSpace(want)) {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
	}
}

// TestStoredResultGzip: the gzip member GET builds around a compressed
// result decodes to prefix + result + suffix, and its CRC-32 is right
// (crc32Combine).
func TestStoredResultGzip(t *testing.T) {
	w := newResultWriter()
	w.b = append(w.b, `{"a":[`...)
	for i := range 20000 {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = fmt.Appendf(w.b, `{"n":%d,"t":"tekst %d"}`, i, i%7)
		w.spill()
	}
	w.b = append(w.b, "]}"...)
	stored, err := w.finish()
	if err != nil || !bytes.HasPrefix(stored, []byte(ngzMagic)) {
		t.Fatalf("%v %.10q", err, stored)
	}
	x := fullJSON(t, stored)
	if !json.Valid(x) {
		t.Fatal("stored result is not valid JSON")
	}
	res, _ := parseStoredResult(stored)
	prefix, suffix := []byte(`{"data":{"attributes":`), []byte(`,"status":"completed"},"meta":{}}`+"\n"+strings.Repeat("x", 70000))
	gz := res.gzipBody(prefix, suffix)
	got := gunzip(t, gz)
	full := append(append(append([]byte{}, prefix...), x[:len(x)-1]...), suffix...)
	if !bytes.Equal(got, full) {
		t.Fatalf("gzip body differs: %d vs %d bytes", len(got), len(full))
	}
}

// gunzip decodes a gzip body, checking its CRC-32 and length.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

func TestCRC32Combine(t *testing.T) {
	a, b := []byte("statement analysis"), []byte(strings.Repeat("Lånekassen ", 1000))
	for _, n := range []int{0, 1, 2, 3, 7, 100, len(b)} {
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b[:n]...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b[:n]), uint64(n)); got != want {
			t.Errorf("len %d: %08x, want %08x", n, got, want)
		}
	}
}
