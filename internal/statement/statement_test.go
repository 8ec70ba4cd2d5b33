package statement

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, data string) *File {
	t.Helper()
	f, err := Parse(0, []byte(data))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return f
}

func TestGoCardless(t *testing.T) {
	f := mustParse(t, "\ufeff"+gcFixture)
	if f.Format != FormatGoCardless || f.Booked != 2 || f.Pending != 1 {
		t.Fatalf("%+v", f)
	}
	a := f.Accounts[0]
	if a.Key != "NO9386011117947" || a.Transactions[0].Amount != -41250 || a.Transactions[1].Amount != 4125000 {
		t.Fatalf("%+v", a)
	}
	if a.Transactions[1].Partner != "Posten Norge AS" || a.Transactions[2].ID != "f0-a0-p0" {
		t.Fatalf("%+v", a.Transactions)
	}
}

func TestLegacyAndCamt(t *testing.T) {
	f := mustParse(t, legacyFixture)
	if f.Format != FormatLegacy || f.Accounts[0].Transactions[0].Amount != -1545 || len(f.Accounts[0].Balances) != 2 {
		t.Fatalf("%+v", f.Accounts[0])
	}
	f = mustParse(t, camtFixture)
	a := f.Accounts[0]
	if f.Format != FormatCamt053 || a.Transactions[0].Amount != -10000 || a.Transactions[1].Amount != 5000 {
		t.Fatalf("%+v", a)
	}
	if a.Transactions[1].Partner != "Ola Nordmann" || a.Transactions[1].Date != "2024-03-06" || len(a.Balances) != 2 || a.Bank != "DNBANOKK" {
		t.Fatalf("%+v", a)
	}
}

// Check 15 (unit form): every Norwegian bank layout, with its signs.
func TestBankCSV(t *testing.T) {
	for format, data := range bankCSV {
		f := mustParse(t, data)
		if f.Format != format {
			t.Errorf("%s detected as %s", format, f.Format)
			continue
		}
		tx := f.Accounts[0].Transactions
		if tx[0].Amount != -41250 || tx[len(tx)-1].Amount != 4125000 {
			t.Errorf("%s: amounts %d %d", format, tx[0].Amount, tx[len(tx)-1].Amount)
		}
	}
	if f := mustParse(t, bankCSV[FormatNordea]); f.Skipped != 1 {
		t.Errorf("nordea reservert not skipped: %d", f.Skipped)
	}
	// Windows-1252 DNB export
	latin := strings.NewReplacer("å", "\xe5", "ø", "\xf8").Replace(bankCSV[FormatDNB])
	if f := mustParse(t, latin); f.Format != FormatDNB || f.Accounts[0].Transactions[1].Info != "Lønn" {
		t.Errorf("cp1252: %+v", f)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		data, code, source string
	}{
		{"%PDF-1.4 ...", CodePDF, "input[0]"},
		{"Dear bank, here is my statement.", CodeNoParser, "input[0]"},
		{"{\"transactions\":{\"booked\":[]},\"x\":\"\xff\"}", CodeInvalidEncoding, "input[0]"},
		{`{"transactions":{"booked":[{},{},{},{"bookingDate":"2024-01-01"}]}}`, CodeInvalid, "input[0]/transactions/booked/0/transactionAmount"},
		{`{"foo":1}`, CodeNoParser, "input[0]"},
		{`{"transactions":`, CodeInvalid, "input[0]"},
		{"<html></html>", CodeNoParser, "input[0]"},
		{"date,amount,description\n2024-01-01,12\n", CodeInvalid, "input[0]/row/2"},
	}
	for _, c := range cases {
		_, err := Parse(0, []byte(c.data))
		var se *Error
		if !errors.As(err, &se) || se.Code != c.code || !strings.HasPrefix(se.Source, c.source) {
			t.Errorf("%q: %v, want %s at %s", c.data, err, c.code, c.source)
		}
	}
}

func TestAmounts(t *testing.T) {
	for in, want := range map[string]int64{"-1 245,50": -124550, "1.234": 123400, "12,5": 1250, "1,234.56": 123456, "+3": 300, "0,005": 500} {
		if got, err := ParseCSVAmount(in); err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", in, got, err, want)
		}
	}
	if v, _ := ParseDecimal("-0.125"); v != -13 {
		t.Errorf("half away from zero: %d", v)
	}
}

func TestMergeDuplicates(t *testing.T) {
	a := mustParse(t, gcFixture)
	b, _ := Parse(1, []byte(gcFixture))
	u := Merge([]*File{a, b})
	if len(u.Accounts) != 1 || b.Duplicates != 2 || len(u.Accounts[0].Transactions) != 4 {
		t.Fatalf("accounts %d dup %d tx %d", len(u.Accounts), b.Duplicates, len(u.Accounts[0].Transactions))
	}
}

// The one-pass decoder reads the canonical fixtures itself (it does not
// fall back) and yields exactly what the member-by-member path yields.
func TestGoCardlessFastPath(t *testing.T) {
	for _, data := range []string{gcFixture, gcRichFixture} {
		fast, ok := parseGoCardlessFast(0, []byte(data))
		if !ok {
			t.Fatalf("fast path gave up on %.60s", data)
		}
		slow, err := parseJSONSlow(0, []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast.Accounts, slow.Accounts) {
			t.Fatalf("fast %+v\nslow %+v", fast.Accounts, slow.Accounts)
		}
	}
	// Duplicates and case-insensitive names are left to encoding/json.
	for _, data := range []string{
		`{"transactions":{"booked":[{"bookingDate":"2024-01-01","bookingDate":"2024-01-02","transactionAmount":{"amount":"1","currency":"NOK"}}]}}`,
		`{"transactions":{"booked":[{"BookingDate":"2024-01-01","transactionAmount":{"amount":"1","currency":"NOK"}}]}}`,
		`{"transactions":{"booked":[{"bookingDate":"2024-01-01","transactionAmount":{"amount":"1","currency":"NOK"}}]}} x`,
	} {
		if _, ok := parseGoCardlessFast(0, []byte(data)); ok {
			t.Errorf("fast path accepted %s", data)
		}
	}
}

// The parsed statement shares no memory with the uploaded bytes: the
// upload buffer may be reused once Parse returns.
func TestParseDoesNotAliasInput(t *testing.T) {
	data := []byte(gcRichFixture)
	f, err := Parse(0, data)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%+v", f.Accounts[0].Transactions)
	for i := range data {
		data[i] = 'x'
	}
	if got := fmt.Sprintf("%+v", f.Accounts[0].Transactions); got != want {
		t.Fatalf("parsed statement changed with its input:\n%s\n%s", got, want)
	}
}
