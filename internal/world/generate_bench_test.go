package world

import (
	"os"
	"strconv"
	"testing"
)

// benchPersons is the world size of the generation benchmarks; set
// NAMSFOGD_BENCH_PERSONS to measure another (e.g. 5500000).
func benchPersons(b *testing.B) int {
	if s := os.Getenv("NAMSFOGD_BENCH_PERSONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("NAMSFOGD_BENCH_PERSONS: %v", err)
		}
		return n
	}
	return 200_000
}

// benchGenerate generates a world per iteration into a discarding sink and
// reports persons and records per second.
func benchGenerate(b *testing.B, workers int) {
	cfg := GenConfig{Seed: 1, Persons: benchPersons(b)}
	b.ReportAllocs()
	records := 0
	for b.Loop() {
		s := &discardSink{}
		var err error
		if workers == 0 {
			err = Generate(cfg, s)
		} else {
			err = GenerateParallel(cfg, workers, s)
		}
		if err != nil {
			b.Fatal(err)
		}
		records += s.n
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)*float64(cfg.Persons)/sec, "persons/s")
	b.ReportMetric(float64(records)/sec, "records/s")
}

func BenchmarkGenerate(b *testing.B)          { benchGenerate(b, 0) }
func BenchmarkGenerateParallel2(b *testing.B) { benchGenerate(b, 2) }
