package nordigen

import (
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/statement"
)

// TestHandoffBounds: entries are taken once, and dropped oldest first
// beyond the transaction bound or the age bound.
func TestHandoffBounds(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	h := newHandoff(100, time.Minute)
	acc := []*statement.Account{{Key: "k"}}
	h.put("a", acc, 60, t0)
	h.put("b", acc, 30, t0)
	if _, ok := h.take("a", t0); !ok {
		t.Fatal("a not held")
	}
	if _, ok := h.take("a", t0); ok {
		t.Fatal("a taken twice")
	}
	h.put("c", acc, 50, t0.Add(time.Second)) // 30 + 50 ≤ 100: both kept
	h.put("d", acc, 50, t0.Add(2*time.Second))
	if _, ok := h.take("b", t0); ok {
		t.Fatal("b kept beyond the transaction bound")
	}
	h.put("big", acc, 101, t0) // larger than the bound: never held
	if _, ok := h.take("big", t0); ok {
		t.Fatal("an upload over the bound was held")
	}
	h.sweep(t0.Add(time.Second + time.Minute))
	if _, ok := h.take("c", t0.Add(time.Second+time.Minute)); ok {
		t.Fatal("c kept beyond the age bound")
	}
	if got, ok := h.take("d", t0.Add(time.Minute)); !ok || got[0].Key != "k" {
		t.Fatal("d lost")
	}
	if h.txs != 0 || len(h.entries) != 0 {
		t.Fatalf("%d transactions and %d entries left", h.txs, len(h.entries))
	}
}
