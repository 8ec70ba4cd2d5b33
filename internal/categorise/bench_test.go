package categorise

import (
	"encoding/csv"
	"os"
	"syscall"
	"testing"

	"github.com/namsfogd/namsfogd/internal/statement"
)

// BenchmarkCategorise measures transactions per second on one core over
// the development set's lines (goal: ≥ 500 000/s).
func BenchmarkCategorise(b *testing.B) { benchmarkFile(b, devSet(b)) }

// BenchmarkCategoriseHoldout runs over the held-out lines, which take the
// slower paths (truncated words, persons, fallbacks) far more often.
func BenchmarkCategoriseHoldout(b *testing.B) {
	benchmarkFile(b, "testdata/holdout-labelled.csv")
}

func benchmarkFile(b *testing.B, name string) {
	f, err := os.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	var ins []Input
	for _, r := range recs[1:] {
		a, _ := statement.ParseCSVAmount(r[1])
		ins = append(ins, Input{Amount: a, Currency: r[2], Info: r[3], Partner: r[4]})
	}
	c := MustDefault()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; b.Loop(); i++ {
		c.Categorise(ins[i%len(ins)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu, "tx/cpu-s")
	}
}

// cpuSeconds is the process's user+system CPU time; on a shared machine
// it measures the work better than the wall clock.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// Categorising allocates nothing per transaction, on every path: dictionary
// hits, truncated words, persons, organisations and fallbacks (the labelled
// sets exercise them all).
func TestCategoriseDoesNotAllocate(t *testing.T) {
	var ins []Input
	for _, name := range []string{devSet(t), "testdata/holdout-labelled.csv", "testdata/households-labelled.csv"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs[1:] {
			a, _ := statement.ParseCSVAmount(r[1])
			ins = append(ins, Input{Amount: a, Currency: r[2], Info: statement.CleanText(r[3]), Partner: statement.CleanText(r[4])})
		}
	}
	c := MustDefault()
	for _, in := range ins {
		if n := testing.AllocsPerRun(10, func() { c.Categorise(in) }); n != 0 {
			t.Errorf("%q/%q: %.0f allocations", in.Info, in.Partner, n)
		}
	}
}
