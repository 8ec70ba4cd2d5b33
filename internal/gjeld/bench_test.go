package gjeld_test

import (
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

// BenchmarkDebtByConsentID measures GET /v1/debt/{id} over HTTP, with
// the token check, the consent use and the audit write, for a person
// with 5 debts. It reports requests/s and p50/p99 latency.
func BenchmarkDebtByConsentID(b *testing.B) {
	e := newEnv(b)
	ctx := b.Context()
	nin := ""
	ps, _ := e.db.ListPersons(ctx, "", 500)
	for _, p := range ps {
		if d, _ := e.db.DebtsByPerson(ctx, p.NIN); len(d) == 5 {
			nin = p.NIN
			break
		}
	}
	if nin == "" {
		nin = ps[5].NIN
		debts, _ := e.db.DebtsByPerson(ctx, nin)
		for i := len(debts); i < 5; i++ {
			e.db.CreateDebt(ctx, world.Debt{ID: "bench-" + itoa(int64(i)), PersonNIN: nin, CreditorOrgNr: debtsOrg(b, e),
				Type: world.DebtChargeCard, NonInterestBearingBalance: 10000, Timestamp: t0})
		}
	}
	id := e.agreement(0, nin, "debt.unsecured.presentation", 365, "bench")
	tok := e.tdebt(0)
	url := e.B + "/v1/debt/" + id
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	cl := &http.Client{Transport: tr}
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	start := time.Now()
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t := time.Now()
			req, _ := http.NewRequest("GET", url, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := cl.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Errorf("status %d", res.StatusCode)
				return
			}
			mine = append(mine, time.Since(t))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	el := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/el.Seconds(), "req/s")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}

func debtsOrg(b *testing.B, e *env) string {
	d, _ := e.db.DebtsByPerson(b.Context(), P1)
	return d[0].CreditorOrgNr
}
