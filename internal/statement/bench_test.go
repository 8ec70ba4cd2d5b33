package statement

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// bigGoCardless builds a gocardless-json file of about size bytes, like
// the upload benchmark of the API (internal/nordigen).
func bigGoCardless(size int) []byte {
	texts := []string{"VISA VARE 4567 REMA 1000 GRUNERLØKKA", "Varekjøp KIWI 505 MAJORSTUEN Dato 12.03", "Efaktura Telenor Norge AS mobil",
		"Vipps *Ola Hansen", "NETFLIX.COM", "Minibank Oslo S", "CIRCLE K TRONDHEIM", "Husleie mars", "Overføring til sparekonto"}
	var b bytes.Buffer
	b.WriteString(`{"account":{"iban":"NO9386011117947","currency":"NOK","ownerName":"Kari Nordmann","bank":"DNB"},"transactions":{"booked":[`)
	for n := 0; b.Len() < size-400; n++ {
		if n > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"transactionId":"T%07d","bookingDate":"2024-%02d-%02d","valueDate":"2024-%02d-%02d","transactionAmount":{"amount":"-%d.%02d","currency":"NOK"},"creditorName":"Merchant AS","remittanceInformationUnstructured":%q}`,
			n, 1+n%12, 1+n%28, 1+n%12, 1+n%28, 20+n%900, n%100, texts[n%len(texts)])
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

// BenchmarkParseGoCardless10MiB: upload pre-processing of a 10 MiB
// canonical file (detection, decoding, validation, normalisation).
func BenchmarkParseGoCardless10MiB(b *testing.B) {
	data := bigGoCardless(10 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(0, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseGoCardless10MiBSlow is the member-by-member path on the
// same file, for comparison.
func BenchmarkParseGoCardless10MiBSlow(b *testing.B) {
	data := bigGoCardless(10 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseJSONSlow(0, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseGoCardless10MiBVaried: the same with texts and ids that
// rarely repeat.
func BenchmarkParseGoCardless10MiBVaried(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	var buf bytes.Buffer
	buf.WriteString(`{"transactions":{"booked":[`)
	for n := 0; buf.Len() < 10<<20-400; n++ {
		if n > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"transactionId":"%016x","bookingDate":"2024-%02d-%02d","transactionAmount":{"amount":"-%d.%02d","currency":"NOK"},"creditorName":"Shop %d AS","remittanceInformationUnstructured":"VISA VARE %d SHOP %d OSLO Dato %02d.%02d Kurs %d.%04d"}`,
			r.Uint64(), 1+r.IntN(12), 1+r.IntN(28), r.IntN(5000), r.IntN(100), r.IntN(30), 1000+r.IntN(9000), r.IntN(999), 1+r.IntN(28), 1+r.IntN(12), r.IntN(20), r.IntN(10000))
	}
	buf.WriteString(`]}}`)
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(0, data); err != nil {
			b.Fatal(err)
		}
	}
}
