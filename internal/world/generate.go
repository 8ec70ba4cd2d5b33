package world

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// GenReferenceDate is the fixed "world date" of every generated world:
// ages, account and employment dates and debt timestamps are computed
// against it, never against the wall clock, so a seed always yields the
// same world. Every generated date lies before it.
const GenReferenceDate = "2026-01-01"

// The two synthetic persons that Norsk Gjeldsinformasjon's pre-production
// serves mocked debt for (spec: gjeldsinformasjon.md §9.5). Every world
// with at least two persons has them as persons 0 and 1.
const (
	// FixedNINGetStarted (born 14.04.1922) holds exactly the get-started
	// loan: EXAMPLE LENDER, chargeCard, coBorrower 2.
	FixedNINGetStarted = "14842249091"
	// FixedNINMockedDebt (born 29.06.1980) holds generated debt (at least one loan).
	FixedNINMockedDebt = "29868099311"
)

// MaxGenPersons is the largest world Generate builds. The limit is the
// synthetic fødselsnummer space: one birth date and gender has only about
// 200–250 valid individnummer, so at 8 million adults the busiest birth
// dates are over 80 % taken (at 5.5 million, about 57 %). Card-like account
// numbers, derived from the person index, stay unique far beyond it.
const MaxGenPersons = 8_000_000

// chunkSize is the number of persons generated as one unit of work.
const chunkSize = 1024

// Salts separate the random streams of the generator, so that each part
// of the world depends only on the seed and its own position.
const (
	saltFixedOrgs   = 0x6f7267616e697361 // authorities, lender, banks, creditors, collectors, vendors
	saltExtraBanks  = 0x62616e6b73000000
	saltEmployers   = 0x656d706c6f796572
	saltOrgAccounts = 0x6f72676163637473
	saltNINRedraw   = 0x6e696e7265647261
	saltAcctRedraw  = 0x6163637472656472
	golden          = 0x9e3779b97f4a7c15
)

// Generate builds the world described by cfg and streams it to sink, in
// the order documented on Sink: every organisation, then the
// organisations' accounts (business, tax-deduction and client accounts;
// these Account calls come before the first Person), then for each person
// in index order: the Person, its accounts, the account parties on those
// accounts, its employments and its debts.
//
// The output is a pure function of cfg.Seed and cfg.Persons: the same
// config gives the same calls with the same values, on every machine and
// at every wall-clock time. Person i draws from its own random stream, so
// it does not depend on what earlier persons drew; only the uniqueness
// checks (NINs, account numbers) and the sequence numbers (employment and
// debt IDs) are decided in person order.
//
// The first sink error stops generation and is returned unchanged.
func Generate(cfg GenConfig, sink Sink) error {
	g, e, err := start(cfg, sink)
	if err != nil {
		return err
	}
	w := newWorker(g)
	c := new(chunk)
	for from := 0; from < g.persons; from += chunkSize {
		w.fill(c, from, min(from+chunkSize, g.persons))
		if err := e.emitChunk(c); err != nil {
			return err
		}
	}
	return nil
}

// GenerateParallel is Generate with persons built by workers goroutines.
// It calls sink from the calling goroutine only, with exactly the calls
// Generate makes, in the same order. workers ≤ 1 runs Generate. Workers
// run at most a few chunks ahead of the sink, so memory stays bounded.
func GenerateParallel(cfg GenConfig, workers int, sink Sink) error {
	if workers <= 1 {
		return Generate(cfg, sink)
	}
	g, e, err := start(cfg, sink)
	if err != nil {
		return err
	}
	type job struct {
		from, to int
		c        *chunk
		done     chan struct{}
	}
	ahead := 4 * workers
	jobs := make(chan *job, ahead)
	order := make(chan *job, ahead)
	free := make(chan *chunk, 2*ahead+2)
	stop := make(chan struct{})
	var wg sync.WaitGroup

	wg.Add(1)
	go func() { // feeder: hands out chunks in order, blocking when too far ahead
		defer wg.Done()
		defer close(jobs)
		defer close(order)
		for from := 0; from < g.persons; from += chunkSize {
			select {
			case <-stop:
				return
			default:
			}
			var c *chunk
			select {
			case c = <-free:
			default:
				c = new(chunk)
			}
			j := &job{from: from, to: min(from+chunkSize, g.persons), c: c, done: make(chan struct{})}
			select {
			case order <- j:
			case <-stop:
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(g)
			for j := range jobs {
				w.fill(j.c, j.from, j.to)
				close(j.done)
			}
		}()
	}

	var runErr error
	for j := range order {
		<-j.done
		if runErr = e.emitChunk(j.c); runErr != nil {
			break
		}
		select {
		case free <- j.c:
		default:
		}
	}
	// Stop the feeder; it closes jobs, so the workers finish their current
	// chunk and exit. Nothing waits on a chunk's done channel any more.
	close(stop)
	wg.Wait()
	return runErr
}

// start validates cfg, builds the generator and emits the organisations
// and their accounts.
func start(cfg GenConfig, sink Sink) (*generator, *emitter, error) {
	if cfg.Persons < 0 || cfg.Persons > MaxGenPersons {
		return nil, nil, fmt.Errorf("world: persons must be between 0 and %d, got %d", MaxGenPersons, cfg.Persons)
	}
	g, err := newGenerator(cfg)
	if err != nil {
		return nil, nil, err
	}
	e := newEmitter(g, sink)
	if err := e.organisations(); err != nil {
		return nil, nil, err
	}
	return g, e, nil
}

// generator holds what every person's generation reads: the tables and the
// organisations built before the first person. It is read-only once the
// organisations are emitted, so workers share it without locks.
type generator struct {
	seed    uint64
	persons int
	t       *tables
	dt      *dateTable
	refIdx  int // calendar index of GenReferenceDate
	idx1980 int // calendar index of 1980-01-01, the earliest account date for persons
	idx1990 int // calendar index of 1990-01-01, the earliest organisation account date

	fixed [2]fixedPerson

	banks         []bankInfo
	bankPick      aliasTable
	creditors     []string // orgnr of every organisation with RoleCreditor
	creditorPick  aliasTable
	exampleLender string
	employers     []string // orgnr; index 0 is the largest employer
	zipfQ, zipfL  float64  // employer size distribution (see pickEmployer)
	cardOffset    uint64
	debtTimeBase  time.Time
}

// fixedPerson is one of the two Norsk Gjeldsinformasjon test persons.
type fixedPerson struct {
	nin      string
	birthIdx int
	male     bool
	age      int
}

// bankInfo is a bank as accounts need it.
type bankInfo struct {
	orgnr, regNo string
	bin          string // 6-digit card number prefix
}

func newGenerator(cfg GenConfig) (*generator, error) {
	dt := calendar()
	ref, _ := Date(GenReferenceDate).Time()
	g := &generator{
		seed:         cfg.Seed,
		persons:      cfg.Persons,
		t:            nameTables(),
		dt:           dt,
		refIdx:       dt.index(ref),
		idx1980:      dt.index(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)),
		idx1990:      dt.index(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)),
		cardOffset:   mix64(cfg.Seed) % 1_000_000_000,
		debtTimeBase: ref.Add(-19 * time.Hour), // 2025-12-31T05:00:00Z, the creditors' nightly extract
	}
	for k, nin := range []string{FixedNINGetStarted, FixedNINMockedDebt} {
		n, err := ident.ParseNIN(nin, ident.NINOptions{})
		if err != nil {
			return nil, fmt.Errorf("world: fixed person %s: %w", nin, err)
		}
		b := dt.index(n.BirthDate)
		g.fixed[k] = fixedPerson{nin: nin, birthIdx: b, male: n.Male, age: ageAt(dt, b, g.refIdx)}
	}
	return g, nil
}

// ageAt returns the age in whole years on calendar index ref of a person
// born on calendar index birth.
func ageAt(dt *dateTable, birth, ref int) int {
	b, r := dt.times[birth], dt.times[ref]
	age := r.Year() - b.Year()
	if r.Month() < b.Month() || (r.Month() == b.Month() && r.Day() < b.Day()) {
		age--
	}
	return age
}

// worker generates persons into chunks. Each goroutine has its own.
type worker struct {
	g   *generator
	pcg rand.PCG
	r   *rand.Rand
}

func newWorker(g *generator) *worker {
	w := &worker{g: g}
	w.r = rand.New(&w.pcg)
	return w
}

// fill replaces the contents of c with persons [from, to).
func (w *worker) fill(c *chunk, from, to int) {
	c.reset()
	for i := from; i < to; i++ {
		w.person(c, i)
	}
}
