package nordigen

import (
	"bytes"
	"testing"
)

// TestTxListJSONMatchesEncoder: the hand-written transaction JSON is
// byte for byte what encoding/json (without HTML escaping) writes.
func TestTxListJSONMatchesEncoder(t *testing.T) {
	p, vd := 1, "2024-03-02"
	txs := []outTx{
		{Amount: -41250, CategoryID: 101, Title: "Groceries", Level: 1, ParentID: &p, CategoryPath: []pathItem{{1, "Food"}, {101, "Groceries"}},
			Type: "expense", Confidence: 0.97, Date: "2024-03-04", ValueDate: &vd, Info: "VISA VARE REMA 1000 GRÜNERLØKKA <&> \"q\" \\ \t\x01 \u2028 \xff",
			Partner: "Lånekassen", TransactionID: "t-1", BookingStatus: "booked"},
		{Amount: 4125000, CategoryID: 16, Title: "Benefits & other income", CategoryPath: []pathItem{{16, "Benefits & other income"}},
			Type: "income", Confidence: 0.5, Date: "2024-03-25", TransactionID: "f0-a0-b1", BookingStatus: "pending"},
	}
	want, _ := marshal(txs)
	got, _ := marshal(txList(txs))
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
		t.Fatalf("\nwant %s\ngot  %s", want, got)
	}
}
