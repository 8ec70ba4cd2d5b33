package statement

import "testing"

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
