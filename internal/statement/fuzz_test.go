package statement

import (
	"reflect"
	"testing"
)

// The fuzz targets check that no input makes a parser panic, hang or
// return anything but a File or an *Error.
func fuzzParse(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(0, data)
		if err == nil && file == nil {
			t.Fatal("nil file without error")
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
		}
	})
}

func FuzzGoCardlessJSON(f *testing.F) { fuzzParse(f, gcFixture, `[{"transactions":{"booked":[]}}]`) }
func FuzzLegacyJSON(f *testing.F)     { fuzzParse(f, legacyFixture) }
func FuzzCamt053(f *testing.F)        { fuzzParse(f, camtFixture) }
func FuzzCSV(f *testing.F) {
	seeds := []string{"date,amount,currency,description,counterparty\n2024-01-02,-629.11,NOK,NORWEGIAN,\n"}
	for _, s := range bankCSV {
		seeds = append(seeds, s)
	}
	fuzzParse(f, seeds...)
}

// FuzzGoCardlessFastMatchesSlow: whenever the one-pass decoder accepts a
// file, the member-by-member parser yields the same accounts.
func FuzzGoCardlessFastMatchesSlow(f *testing.F) {
	f.Add([]byte(gcFixture))
	f.Add([]byte(gcRichFixture))
	f.Add([]byte(`[{"transactions":{"booked":[{"bookingDate":"2024-01-01","transactionAmount":{"amount":1.005,"currency":"NOK"}}]}}]`))
	strictFast = true
	defer func() { strictFast = false }()
	f.Fuzz(func(t *testing.T, data []byte) {
		if firstNonSpace(data) != '{' && firstNonSpace(data) != '[' {
			return
		}
		fast, ok := parseGoCardlessFast(0, data)
		if !ok {
			return
		}
		slow, err := parseJSONSlow(0, data)
		if err != nil {
			t.Fatalf("fast path accepted what the slow path rejects: %v", err)
		}
		if !reflect.DeepEqual(fast.Accounts, slow.Accounts) {
			t.Fatalf("fast %+v\nslow %+v", fast.Accounts, slow.Accounts)
		}
	})
}
