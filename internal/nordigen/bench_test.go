package nordigen

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/categorise"
)

// Benchmarks of the speed and memory targets (BENCHMARKS.md):
// a 10 MiB GoCardless upload to completed categorisation + credit
// scoring over HTTP, the peak RSS meanwhile, and GET /v2/report/{id}
// latency under 200 concurrent pollers. They report figures and never
// fail on wall-clock time.

// bigStatement builds a gocardless-json file of about size bytes with
// varied Norwegian transaction texts.
func bigStatement(size int) ([]byte, int) {
	texts := []string{"VISA VARE 4567 REMA 1000 GRUNERLØKKA", "Varekjøp KIWI 505 MAJORSTUEN Dato 12.03", "Efaktura Telenor Norge AS mobil",
		"Vipps *Ola Hansen", "NETFLIX.COM", "Minibank Oslo S", "CIRCLE K TRONDHEIM", "Husleie mars", "Overføring til sparekonto",
		"RUTER billett 30 dager", "ESPRESSO HOUSE BERGEN", "VINMONOPOLET OSLO CITY", "APOTEK 1 STOVNER", "ELKJOP LAGUNEN"}
	var b bytes.Buffer
	b.WriteString(`{"account":{"iban":"NO9386011117947","currency":"NOK","ownerName":"Kari Nordmann","bank":"DNB"},` +
		`"balances":[{"balanceAmount":{"amount":"10500.00","currency":"NOK"},"balanceType":"openingBooked","referenceDate":"2024-01-01"}],` +
		`"transactions":{"booked":[`)
	n := 0
	for b.Len() < size-400 {
		if n > 0 {
			b.WriteByte(',')
		}
		amt := fmt.Sprintf("-%d.%02d", 20+n%900, n%100)
		info := texts[n%len(texts)]
		party := `"creditorName":"Merchant AS"`
		if n%25 == 24 {
			amt, info, party = "41250.00", "Lønn", `"debtorName":"Posten Norge AS"`
		}
		fmt.Fprintf(&b, `{"transactionId":"T%07d","bookingDate":"2024-%02d-%02d","valueDate":"2024-%02d-%02d","transactionAmount":{"amount":"%s","currency":"NOK"},%s,"remittanceInformationUnstructured":%q}`,
			n, 1+n%12, 1+n%28, 1+n%12, 1+n%28, amt, party, info)
		n++
	}
	b.WriteString(`]}}`)
	return b.Bytes(), n
}

// peakRSSMB reads the process's peak resident set size (Linux VmHWM).
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func benchEnv(b *testing.B) *env {
	return newEnv(b, func(c *Config) { c.PollInterval = 5 * time.Millisecond })
}

// BenchmarkUpload10MiBToCompleted: upload → PUT → poll until completed
// (categorisation + credit-scoring) for a 10 MiB, ~40 000-transaction
// GoCardless file; reports the phases and the peak RSS of the whole test
// process (client included).
func BenchmarkUpload10MiBToCompleted(b *testing.B) {
	file, n := bigStatement(10 << 20)
	benchUploadToCompleted(b, file, n)
}

// BenchmarkUpload10MiBVariedToCompleted is the same with texts and ids
// that rarely repeat (variedStatement): a larger stored statement and a
// result that compresses like real data.
func BenchmarkUpload10MiBVariedToCompleted(b *testing.B) {
	file := variedStatement(10 << 20)
	benchUploadToCompleted(b, file, bytes.Count(file, []byte(`"transactionAmount"`)))
}

func benchUploadToCompleted(b *testing.B, file []byte, n int) {
	e := benchEnv(b)
	body, ct := multipartBody(nil, file)
	var up, proc, fetch time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		resp, m, raw := e.do("POST", "/v2/report", ct, body, true)
		if resp.StatusCode != 200 {
			b.Fatalf("upload: %d %s", resp.StatusCode, raw)
		}
		id := dig(m, "data", "attributes", "request-id").(string)
		m, raw = nil, nil
		up += time.Since(start)
		e.put(id, `{"country":"no","operations":["categorisation","credit-scoring"]}`)
		for {
			req, _ := http.NewRequest("GET", e.srv.URL+"/nordigen/v2/report/"+id, nil)
			req.Header.Set("Authorization", "Bearer "+e.tok)
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			// Attributes are written in key order, so "status" follows the
			// results: read the whole body.
			all, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if bytes.Contains(all, []byte(`"status":"completed"`)) {
				break
			}
			if bytes.Contains(all, []byte(`"status":"failed"`)) {
				b.Fatalf("failed: %s", all)
			}
			time.Sleep(2 * time.Millisecond)
		}
		proc += time.Since(start)
		fetchStart := time.Now()
		req, _ := http.NewRequest("GET", e.srv.URL+"/nordigen/v2/report/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+e.tok)
		r, err := http.DefaultClient.Do(req)
		if err != nil || r.StatusCode != 200 {
			b.Fatal(err)
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		fetch += time.Since(fetchStart)
	}
	b.StopTimer()
	b.ReportMetric(float64(up.Milliseconds())/float64(b.N), "upload-ms")
	b.ReportMetric(float64(proc.Milliseconds())/float64(b.N), "upload-to-completed-ms")
	b.ReportMetric(float64(fetch.Milliseconds())/float64(b.N), "result-fetch-ms")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
	b.ReportMetric(float64(n), "transactions")
}

// BenchmarkReportPoll200 measures GET /v2/report/{id} latency with 200
// concurrent pollers, each polling every 200 ms (1 000 requests/s
// offered) for 5 s per op: on a record still processing (status only) and
// on a completed small record (results + one audit record per read).
// closed-loop reports the same with no pause between polls (throughput
// bound: latency ≈ 200 / requests per second).
func BenchmarkReportPoll200(b *testing.B) {
	for _, c := range []struct {
		name      string
		completed bool
		interval  time.Duration
	}{{"queued", false, 200 * time.Millisecond}, {"completed", true, 200 * time.Millisecond}, {"queued-closed-loop", false, 0}} {
		b.Run(c.name, func(b *testing.B) {
			e := benchEnv(b)
			id, _ := e.upload(gcStatement("NO9386011117947", 50))
			if c.completed {
				e.put(id, `{"country":"no","operations":["categorisation","credit-scoring"]}`)
				e.wait(id)
			}
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}
			var mu sync.Mutex
			var all []time.Duration
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				var wg sync.WaitGroup
				stop := time.Now().Add(5 * time.Second)
				for g := range 200 {
					wg.Go(func() {
						var lat []time.Duration
						// Spread the pollers over the interval.
						next := time.Now().Add(c.interval * time.Duration(g) / 200)
						for time.Now().Before(stop) {
							time.Sleep(time.Until(next))
							next = next.Add(c.interval)
							req, _ := http.NewRequest("GET", e.srv.URL+"/nordigen/v2/report/"+id, nil)
							req.Header.Set("Authorization", "Bearer "+e.tok)
							s := time.Now()
							r, err := client.Do(req)
							if err != nil {
								b.Error(err)
								return
							}
							io.Copy(io.Discard, r.Body)
							r.Body.Close()
							lat = append(lat, time.Since(s))
							if r.StatusCode != 200 {
								b.Errorf("status %d", r.StatusCode)
								return
							}
						}
						mu.Lock()
						all = append(all, lat...)
						mu.Unlock()
					})
				}
				wg.Wait()
			}
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(all)
			if len(all) > 0 {
				b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
				b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(all[len(all)*95/100].Microseconds())/1000, "p95-ms")
				b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
			}
		})
	}
}

// variedStatement builds a gocardless-json file of about size bytes
// whose texts and ids rarely repeat (card texts with terminal numbers,
// places, dates and rates), so its result compresses like real data
// (~12 %) rather than like bigStatement's (~2.4 %).
func variedStatement(size int) []byte {
	r := rand.New(rand.NewPCG(1, 1))
	merchants := []string{"REMA 1000", "KIWI", "COOP EXTRA", "MENY", "CIRCLE K", "ESSO", "NARVESEN", "7-ELEVEN", "VINMONOPOLET",
		"APOTEK 1", "ELKJOP", "XXL", "CUBUS", "H&M", "IKEA", "JYSK", "RUTER", "VY", "SATS", "NETFLIX", "SPOTIFY"}
	places := []string{"OSLO", "BERGEN", "TRONDHEIM", "STAVANGER", "TROMSO", "DRAMMEN", "FREDRIKSTAD", "KRISTIANSAND", "SANDNES", "ALESUND"}
	var b bytes.Buffer
	b.WriteString(`{"account":{"iban":"NO9386011117947","currency":"NOK","ownerName":"Kari Nordmann","bank":"DNB"},"transactions":{"booked":[`)
	for n := 0; b.Len() < size-400; n++ {
		if n > 0 {
			b.WriteByte(',')
		}
		info := fmt.Sprintf("VISA VARE %d %s %d %s Dato %02d.%02d Kurs %d.%04d", 1000+r.IntN(9000), merchants[r.IntN(len(merchants))],
			r.IntN(999), places[r.IntN(len(places))], 1+r.IntN(28), 1+r.IntN(12), r.IntN(20), r.IntN(10000))
		fmt.Fprintf(&b, `{"transactionId":"%016x","bookingDate":"2024-%02d-%02d","valueDate":"2024-%02d-%02d","transactionAmount":{"amount":"-%d.%02d","currency":"NOK"},"creditorName":"%s AS","remittanceInformationUnstructured":%q}`,
			r.Uint64(), 1+r.IntN(12), 1+r.IntN(28), 1+r.IntN(12), 1+r.IntN(28), r.IntN(5000), r.IntN(100), merchants[r.IntN(len(merchants))], info)
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

// BenchmarkWriteResult: writing and compressing the categorisation +
// credit-scoring result of a 10 MiB statement (the worker's last step
// before storing it), for repetitive and for varied texts.
func BenchmarkWriteResult(b *testing.B) {
	for _, c := range []struct {
		name string
		file []byte
	}{{"repetitive", func() []byte { f, _ := bigStatement(10 << 20); return f }()}, {"varied", variedStatement(10 << 20)}} {
		b.Run(c.name, func(b *testing.B) {
			s := &Service{cat: categorise.MustDefault()}
			rep, err := s.analyse(parseAll(b, c.file), processRequest{Country: "no", Operations: []string{opCategorisation, opCreditScoring},
				Currency: "NOK", Models: []string{"nordic_scorecard_12m_v1.model"}})
			if err != nil {
				b.Fatal(err)
			}
			var stored []byte
			for b.Loop() {
				w := newResultWriter()
				if err := rep.write(w); err != nil {
					b.Fatal(err)
				}
				if stored, err = w.finish(); err != nil {
					b.Fatal(err)
				}
			}
			res, _ := parseStoredResult(stored)
			b.ReportMetric(float64(res.n)/(1<<20), "json-MiB")
			b.ReportMetric(float64(len(stored))/(1<<20), "stored-MiB")
		})
	}
}
