package utlegg_test

import (
	"fmt"
	"github.com/namsfogd/namsfogd/internal/store/pgtest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSubmitHTTP submits fresh variants of E1 over HTTP with token
// checks and a durable write, on SQLite and on PostgreSQL (skipped when
// none answers), from 1, 10 and 50 clients; it reports submissions/s and
// the p99 latency.
func BenchmarkSubmitHTTP(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		for _, clients := range []int{1, 10, 50} {
			b.Run(fmt.Sprintf("%s/clients=%d", backend, clients), func(b *testing.B) {
				benchSubmit(b, backend, clients)
			})
		}
	}
}

func benchSubmit(b *testing.B, backend string, clients int) {
	var o envOpt
	if backend == "postgres" {
		o.dsn = pgtest.Fresh(b)
	}
	e := newEnv(b, o)
	tok := e.tA()
	// An upload without innsenderReferanse may serve every variant.
	base := example(b, E1)
	base["innsenderReferanse"] = ""
	base = e.prepare(base, "", tok)
	bodies := make([][]byte, b.N)
	for i := range bodies {
		base["innsenderReferanse"] = fmt.Sprintf("bench-%d-%d", clients, i)
		bodies[i] = base.bytes()
	}
	var next atomic.Int64
	lat := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t0 := time.Now()
				r := e.do("POST", B+"/utleggsbegjaering", tok, bodies[i])
				lat[i] = time.Since(t0)
				if r.status != 201 {
					b.Errorf("%d %s", r.status, r.body)
					return
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/el.Seconds(), "submits/s")
	b.ReportMetric(float64(lat[(len(lat)*99)/100].Microseconds())/1000, "p99-ms")
}
