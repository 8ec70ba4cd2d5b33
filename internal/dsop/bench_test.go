package dsop_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"
)

// BenchmarkStep2 is step 2a + 2b for one debtor with three deliverable
// accounts, over loopback HTTP with token validation and the audit write
// of every request: one op = one account list + three account details.
// It reports requests/s and the p50/p99 latency of single requests.
func BenchmarkStep2(b *testing.B) {
	h := newHarness(b, harnessOpts{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var mu sync.Mutex
	var lat []time.Duration
	do := func(r *http.Request) (*http.Response, []byte) {
		t0 := time.Now()
		resp, err := client.Do(r)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		mu.Lock()
		lat = append(lat, d)
		mu.Unlock()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		return resp, body
	}
	rq0 := listRequest(b, h) // one token, reused while valid (FS-FAQ)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rq := rq0.Clone(context.Background())
			_, body := do(rq)
			var l struct {
				Accounts []struct{ AccountReference string }
			}
			json.Unmarshal(body, &l)
			if len(l.Accounts) != 3 {
				b.Fatalf("%d accounts", len(l.Accounts))
			}
			for _, a := range l.Accounts {
				d := rq.Clone(context.Background())
				d.URL.Path += "/" + a.AccountReference
				d.URL.RawQuery = "fromDate=2025-10-15&toDate=2025-10-15"
				do(d)
			}
		}
	})
	el := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if n := len(lat); n > 0 {
		b.ReportMetric(float64(n)/el.Seconds(), "req/s")
		b.ReportMetric(float64(lat[n/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[n*99/100].Microseconds())/1000, "p99-ms")
	}
}
