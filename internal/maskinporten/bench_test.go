package maskinporten_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkIssueToken measures token issuance over HTTP against the real
// handler stack and a SQLite file (target ≥ 2 000 tokens/s). Grants are
// signed before the timer starts, so only the server's work is measured:
// form parsing, client lookup, RSA verification of the grant, the jti
// write, scope and access reads, and RSA-2048 signing of the token.
// Requests run from GOMAXPROCS×4 goroutines.
func BenchmarkIssueToken(b *testing.B) {
	e := newEnv(b)
	e.setClock(time.Now().UTC().Truncate(time.Second))
	now := e.clock.Now()
	bodies := make([]string, b.N)
	for i := range bodies {
		c := e.claims()
		c["iat"], c["exp"] = now.Unix(), now.Unix()+120
		bodies[i] = url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {e.grant(c)}}.Encode()
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var next, failed atomic.Int64
	b.SetParallelism(4)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			resp, err := client.Post(e.srv.URL+"/maskinporten/token", "application/x-www-form-urlencoded", strings.NewReader(bodies[i]))
			if err != nil {
				failed.Add(1)
				continue
			}
			if resp.StatusCode != 200 {
				failed.Add(1)
			}
			resp.Body.Close()
		}
	})
	b.StopTimer()
	if failed.Load() > 0 {
		b.Fatalf("%d of %d requests failed", failed.Load(), b.N)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tokens/s")
}
