package nordigen

import (
	"reflect"
	"testing"

	"github.com/namsfogd/namsfogd/internal/statement"
)

func parseAll(t testing.TB, files ...[]byte) []*statement.Account {
	t.Helper()
	var parsed []*statement.File
	for i, f := range files {
		p, err := statement.Parse(i, f)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, p)
	}
	return statement.Merge(parsed).Accounts
}

// TestStatementCodecRoundTrip: the stored form reads back exactly what
// was parsed (the worker may use either, spec §4.1 rule 6).
func TestStatementCodecRoundTrip(t *testing.T) {
	accounts := parseAll(t, gcStatement("NO9386011117947", 300), []byte(csvFixture), []byte(camtCheck14),
		[]byte(`{"transactions":{"booked":[{"bookingDate":"2024-01-01","transactionAmount":{"amount":"-1","currency":"NOK"},
		"bankTransactionCode":"PMNT","proprietaryBankTransactionCode":"VARER","merchantCategoryCode":"5411","creditorAccount":{"iban":"NO1"}}]}}`))
	blob := encodeStatements(accounts)
	got, err := decodeUpload(blob)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, accounts) {
		t.Fatalf("round trip differs:\n%+v\n%+v", got[0], accounts[0])
	}
	// Every truncation is an error, never a panic.
	for n := range len(blob) {
		if _, err := decodeStatements(blob[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
}

// FuzzDecodeStatements: a corrupt stored statement is an error, never a
// panic or an unbounded allocation.
func FuzzDecodeStatements(f *testing.F) {
	f.Add(encodeStatements(parseAll(f, gcStatement("NO9386011117947", 5), []byte(csvFixture))))
	f.Add([]byte(nsbMagic + "\x01\x01\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		accounts, err := decodeStatements(b)
		if err == nil {
			if again, err := decodeStatements(encodeStatements(accounts)); err != nil || !reflect.DeepEqual(again, accounts) {
				t.Fatalf("re-encoding differs: %v", err)
			}
		}
	})
}
