package trekkpaalegg_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"
)

// benchWorld loads n orders spread over n/2 employers (two orders each;
// the national world has ~300 000 employers and ~150 000 active orders)
// and returns, per employer, the sekvensnummer of its two orders.
func benchWorld(b *testing.B, e *env, n int) (orgs []string, seqs map[string][2]int64) {
	b.Helper()
	seqs = map[string][2]int64{}
	const chunk = 5000
	var batch []byte
	flush := func() {
		if len(batch) == 0 {
			return
		}
		batch = append(batch, ']')
		if _, err := e.svc.LoadFixtures(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	for i := range n {
		org := fmt.Sprintf("9%08d", i/2)
		seq := int64(i + 1)
		if i%2 == 0 {
			orgs = append(orgs, org)
		}
		s := seqs[org]
		s[i%2] = seq
		seqs[org] = s
		if len(batch) == 0 {
			batch = append(batch, '[')
		} else {
			batch = append(batch, ',')
		}
		batch = fmt.Appendf(batch, `{"trekkid":"B%d","skyldner":"10108412345","opprettet":"2026-01-01T10:00:00.000Z","saksnummer":"TREKK/2026/%d","trekkstatus":"aktiv","trekkpliktig":%q,"trekkversjon":1,"sekvensnummer":%d,"betalingsinformasjon":{"kidnummer":"6487719756","kontonummer":"70213997155","betalingsmottaker":"971648199"},"trekkstoerrelseForPeriode":[{"startdato":"2026-01-10","sluttdato":"2026-02-09","trekkbeloep":{"trekkbeloep":5000}},{"startdato":"2026-02-10","trekkprosent":{"trekkprosent":17.5}}]}`,
			i, i, org, seq)
		if (i+1)%chunk == 0 {
			flush()
		}
	}
	flush()
	return orgs, seqs
}

// BenchmarkPoll measures employers polling "what changed since my last
// sekvensnummer" through the HTTP handler, token verification included
// (one signed token per employer, reused as a payroll system does for
// the token's lifetime), in a 10 000- and a 150 000-order world: the
// common answers "nothing" ([]) and "one order" (which also writes the
// disclosure's audit record). It reports polls/s and the p99 latency.
func BenchmarkPoll(b *testing.B) {
	for _, n := range []int{10_000, 150_000} {
		b.Run(fmt.Sprintf("orders=%d", n), func(b *testing.B) {
			e := newEnv(b, envOpt{noFixture: true, db: openSQLite(b, filepath.Join(b.TempDir(), "bench.db"))})
			orgs, seqs := benchWorld(b, e, n)
			polled := orgs[:min(len(orgs), 2000)]
			tokens := map[string]string{}
			for _, o := range polled {
				tokens[o] = e.token(o)
			}
			mux := http.NewServeMux()
			e.svc.Register(mux, apiPath)
			for _, kind := range []string{"nothing", "one"} {
				b.Run(kind, func(b *testing.B) {
					var (
						mu   sync.Mutex
						lats []time.Duration
					)
					b.ResetTimer()
					start := time.Now()
					var next int64
					var nmu sync.Mutex
					// Many payroll systems poll at once: 16 concurrent pollers.
					b.SetParallelism(8)
					b.RunParallel(func(pb *testing.PB) {
						local := make([]time.Duration, 0, 1024)
						for pb.Next() {
							nmu.Lock()
							i := next
							next++
							nmu.Unlock()
							org := polled[int(i)%len(polled)]
							s := seqs[org]
							from := s[1]
							if kind == "one" {
								from = s[0]
							}
							req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("%s?fraSekvensnummer=%d&maksAntall=2500", apiPath, from), nil)
							req.Header.Set("Authorization", "Bearer "+tokens[org])
							w := httptest.NewRecorder()
							t0 := time.Now()
							mux.ServeHTTP(w, req)
							local = append(local, time.Since(t0))
							if w.Code != http.StatusOK || (kind == "nothing") != (w.Body.String() == "[]\n") {
								b.Fatalf("%d %s", w.Code, w.Body)
							}
						}
						mu.Lock()
						lats = append(lats, local...)
						mu.Unlock()
					})
					elapsed := time.Since(start)
					b.StopTimer()
					sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
					if len(lats) > 0 {
						p99 := lats[min(len(lats)-1, len(lats)*99/100)]
						b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
						b.ReportMetric(float64(len(lats))/elapsed.Seconds(), "polls/s")
					}
				})
			}
		})
	}
}
