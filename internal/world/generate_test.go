package world

import (
	"errors"
	"testing"
	"time"
)

func hashWorld(t *testing.T, cfg GenConfig, workers int) string {
	t.Helper()
	s := newHashSink()
	var err error
	if workers == 0 {
		err = Generate(cfg, s)
	} else {
		err = GenerateParallel(cfg, workers, s)
	}
	if err != nil {
		t.Fatalf("generate %+v (workers %d): %v", cfg, workers, err)
	}
	return s.sum()
}

func TestGenerateIsDeterministic(t *testing.T) {
	cfg := GenConfig{Seed: 42, Persons: 3000}
	a, b := hashWorld(t, cfg, 0), hashWorld(t, cfg, 0)
	if a != b {
		t.Fatalf("same config, different worlds: %s vs %s", a, b)
	}
	if c := hashWorld(t, GenConfig{Seed: 43, Persons: 3000}, 0); c == a {
		t.Fatalf("seeds 42 and 43 gave the same world")
	}
	if d := hashWorld(t, GenConfig{Seed: 42, Persons: 3001}, 0); d == a {
		t.Fatalf("3000 and 3001 persons gave the same world")
	}
}

func TestGenerateParallelMatchesGenerate(t *testing.T) {
	// Not a multiple of chunkSize, so the last chunk is partial.
	cfg := GenConfig{Seed: 7, Persons: 3*chunkSize + 517}
	want := hashWorld(t, cfg, 0)
	for _, workers := range []int{1, 2, 3, 8} {
		if got := hashWorld(t, cfg, workers); got != want {
			t.Errorf("GenerateParallel with %d workers differs from Generate", workers)
		}
	}
}

func TestGenerateSmallWorlds(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 25} {
		s := &collectSink{}
		if err := Generate(GenConfig{Seed: 1, Persons: n}, s); err != nil {
			t.Fatalf("%d persons: %v", n, err)
		}
		persons := 0
		for _, r := range s.recs {
			if r.kind == "P" {
				persons++
			}
		}
		if persons != n {
			t.Errorf("%d persons requested, %d generated", n, persons)
		}
	}
}

func TestGenerateRejectsBadSize(t *testing.T) {
	for _, n := range []int{-1, MaxGenPersons + 1} {
		if err := Generate(GenConfig{Persons: n}, &discardSink{}); err == nil {
			t.Errorf("Persons %d: no error", n)
		}
	}
}

// A sink error stops generation at once and comes back unchanged, in both
// modes and whichever kind of record fails.
func TestGenerateStopsOnSinkError(t *testing.T) {
	cfg := GenConfig{Seed: 3, Persons: 5000}
	cases := []struct {
		kind string
		skip int
	}{
		{"O", 0}, {"O", 50}, {"A", 10}, {"P", 0}, {"P", 2500}, {"R", 5}, {"E", 100}, {"D", 40},
	}
	for _, workers := range []int{0, 4} {
		for _, c := range cases {
			s := &failSink{failOn: c.kind, skip: c.skip}
			var err error
			if workers == 0 {
				err = Generate(cfg, s)
			} else {
				err = GenerateParallel(cfg, workers, s)
			}
			if !errors.Is(err, errStop) || err != errStop {
				t.Errorf("workers %d, fail %s after %d: err = %v, want the sink's error unchanged", workers, c.kind, c.skip, err)
			}
			if s.afterCalls != 0 {
				t.Errorf("workers %d, fail %s after %d: %d calls after the error", workers, c.kind, c.skip, s.afterCalls)
			}
		}
	}
}

func TestGenReferenceDateParses(t *testing.T) {
	ref, ok := Date(GenReferenceDate).Time()
	if !ok || ref != time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("GenReferenceDate %q", GenReferenceDate)
	}
}

func TestSequenceID(t *testing.T) {
	for n, want := range map[int64]string{1: "L000000001", 123456789: "L123456789", 1234567890: "L1234567890"} {
		if got := sequenceID('L', n, 9); got != want {
			t.Errorf("sequenceID(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCardNumbersAreLuhnValid(t *testing.T) {
	g := &generator{banks: []bankInfo{{bin: "512070"}}, cardOffset: 123}
	seen := map[string]bool{}
	for p := 0; p < 2000; p++ {
		for slot := 0; slot < maxPersonAccounts; slot++ {
			n := g.cardNumber(0, p, slot)
			if len(n) != 16 || !luhnValid(n) || seen[n] {
				t.Fatalf("card number %q for (%d, %d): bad or repeated", n, p, slot)
			}
			seen[n] = true
		}
	}
}

func TestAliasTableFollowsWeights(t *testing.T) {
	tab := newAliasTable([]float64{1, 2, 7})
	wk := newWorker(&generator{})
	wk.pcg.Seed(1, 2)
	counts := make([]int, 3)
	const n = 100_000
	for range n {
		counts[tab.pick(wk.r)]++
	}
	for i, want := range []float64{0.1, 0.2, 0.7} {
		if got := float64(counts[i]) / n; got < want-0.01 || got > want+0.01 {
			t.Errorf("index %d drawn %.3f of the time, want %.2f", i, got, want)
		}
	}
}

func TestBankCountScales(t *testing.T) {
	if n := bankCountFor(20_000); n != len(baseBanks) {
		t.Errorf("small world: %d banks, want the %d base banks", n, len(baseBanks))
	}
	// The banks together must hold every account of the largest world.
	if n := bankCountFor(MaxGenPersons); float64(n*bankFullAt) < 2.7*MaxGenPersons*1.2 {
		t.Errorf("%d banks cannot hold the accounts of %d persons", n, MaxGenPersons)
	}
}
