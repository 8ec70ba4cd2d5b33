package world

import (
	"fmt"
	"math/rand/v2"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// chunk holds the records of a run of consecutive persons as a worker
// generated them, before the emitter settles what needs global knowledge.
// Its slices are reused from chunk to chunk.
type chunk struct {
	persons  []personRec
	accounts []accountRec
	parties  []partyRec
	emps     []Employment
	debts    []Debt
}

func (c *chunk) reset() {
	c.persons = c.persons[:0]
	c.accounts = c.accounts[:0]
	c.parties = c.parties[:0]
	c.emps = c.emps[:0]
	c.debts = c.debts[:0]
}

// personRec is a generated person. Its accounts, parties, employments and
// debts are the chunk's records up to the *End offsets (exclusive),
// starting where the previous person's end.
type personRec struct {
	p        Person // NIN is provisional until the emitter settles it
	index    int
	birthIdx int
	age      int
	male     bool
	dnr      bool
	fixed    bool
	accEnd   int
	partyEnd int
	empEnd   int
	debtEnd  int
}

// accountRec is a generated account. bank is the index in generator.banks
// whose registration number starts AccountNumber, or -1 for a card-like
// number, which is unique by construction.
type accountRec struct {
	a    Account
	bank int
}

// partyRec is an account party. The emitter fills in PartyID (the
// previous person's settled NIN) and AccountNumber (of chunk account acc).
type partyRec struct {
	p   AccountParty
	acc int
}

// Uniqueness bookkeeping.
const (
	// ninKeySpace covers d-nummer flag × day × month × year (2 digits) ×
	// individnummer; see ninKey.
	ninKeySpace = 2 * 31 * 12 * 100 * 1000
	// accountBodies is the number of 6-digit account bodies per
	// registration number; about 10/11 of them have a check digit.
	accountBodies = 1_000_000
	// bankFullAt is when a bank takes no more new numbers: near it, random
	// draws would mostly collide.
	bankFullAt = 750_000
	// ninShiftEvery is how many redraws on one birth date are tried before
	// the birth date moves by a day (only a bursting date needs it).
	ninShiftEvery = 32
	// ninMaxAttempts gives up: the NIN space around the date is exhausted.
	ninMaxAttempts = 64 * ninShiftEvery
)

// emitter settles and emits records in person order, from one goroutine.
// It owns everything that depends on earlier persons: the sets of used
// NINs and account numbers, the previous person's NIN and the sequences.
type emitter struct {
	g       *generator
	sink    Sink
	nins    bitset
	accts   []bitset // per bank index, allocated on first use
	fill    []int    // numbers taken per bank
	prevNIN string
	empSeq  int64
	debtSeq int64
	pcg     rand.PCG
	r       *rand.Rand
}

func newEmitter(g *generator, sink Sink) *emitter {
	e := &emitter{g: g, sink: sink, nins: newBitset(ninKeySpace)}
	e.r = rand.New(&e.pcg)
	return e
}

// ninKey maps a NIN to an index in [0, ninKeySpace). Two different NINs
// with the same key could only differ in the month's offset (+40/+80) or
// in check digits; all generated NINs are synthetic with standard check
// digits, so equal keys mean equal numbers (and anything else errs on the
// safe side: a redraw).
func ninKey(nin string) (int, bool) {
	if len(nin) != 11 {
		return 0, false
	}
	dd, dnr := digitsAt(nin, 0, 2), 0
	if dd > 40 {
		dd, dnr = dd-40, 1
	}
	mm := digitsAt(nin, 2, 4) % 20 // 1–12, 41–52 and 81–92 all map to 1–12
	if dd < 1 || dd > 31 || mm < 1 || mm > 12 {
		return 0, false
	}
	return (((dnr*31+dd-1)*12+mm-1)*100+digitsAt(nin, 4, 6))*1000 + digitsAt(nin, 6, 9), true
}

// settleNIN makes the person's NIN unique: on a collision it redraws from a
// stream that depends only on (seed, person index, attempt), so the result
// is the same whichever goroutine generated the person.
func (e *emitter) settleNIN(pr *personRec) error {
	nin := pr.p.NIN
	for attempt := 1; ; attempt++ {
		k, ok := ninKey(nin)
		if !ok {
			return fmt.Errorf("world: generated malformed NIN %q", nin)
		}
		if !e.nins.testAndSet(k) {
			pr.p.NIN = nin
			return nil
		}
		if pr.fixed {
			return fmt.Errorf("world: fixed person %s is already taken", nin)
		}
		if attempt >= ninMaxAttempts {
			return fmt.Errorf("world: no free synthetic NIN near birth date %s (world too large)", pr.p.BirthDate)
		}
		if attempt%ninShiftEvery == 0 {
			// Every individnummer of this date is (nearly) taken: move the
			// birth date a day, towards the middle of the age range.
			if pr.age >= 50 {
				pr.birthIdx++
			} else {
				pr.birthIdx--
			}
			pr.p.BirthDate = e.g.dt.dates[pr.birthIdx]
		}
		e.pcg.Seed(e.g.seed^saltNINRedraw^uint64(attempt)*golden, mix64(uint64(pr.index)))
		kind := ident.Fodselsnummer
		if pr.dnr {
			kind = ident.DNummer
		}
		nin = ident.GenerateNIN(e.r, e.g.dt.times[pr.birthIdx], pr.male, kind, true)
	}
}

// claimAccount records the 11-digit number num at bank b; false if taken.
func (e *emitter) claimAccount(b int, num string) bool {
	if e.accts[b] == nil {
		e.accts[b] = newBitset(accountBodies)
	}
	if e.accts[b].testAndSet(digitsAt(num, 4, 10)) {
		return false
	}
	e.fill[b]++
	return true
}

// nextBank returns the first bank after b that still takes new numbers.
func (e *emitter) nextBank(b int) (int, error) {
	for k := 1; k <= len(e.fill); k++ {
		if nb := (b + k) % len(e.fill); e.fill[nb] < bankFullAt {
			return nb, nil
		}
	}
	return 0, fmt.Errorf("world: every bank's account numbers are used up")
}

// settleAccount makes a person's account number unique, redrawing from a
// stream that depends only on (seed, person, slot, attempt). A bank that
// is full hands the account to the next bank.
func (e *emitter) settleAccount(person, slot int, a *accountRec) error {
	if a.bank < 0 {
		return nil
	}
	b, num := a.bank, a.a.AccountNumber
	for attempt := 1; ; attempt++ {
		if e.fill[b] >= bankFullAt {
			nb, err := e.nextBank(b)
			if err != nil {
				return err
			}
			b = nb
		} else if e.claimAccount(b, num) {
			a.bank, a.a.AccountNumber, a.a.BankOrgNr = b, num, e.g.banks[b].orgnr
			return nil
		}
		e.pcg.Seed(e.g.seed^saltAcctRedraw^uint64(attempt)*golden, mix64(uint64(person)<<4|uint64(slot)))
		num = ident.GenerateKontonummer(e.r, e.g.banks[b].regNo)
	}
}

// emitChunk settles the chunk's persons in order and sends them and their
// records to the sink.
func (e *emitter) emitChunk(c *chunk) error {
	ai, pi, ei, di := 0, 0, 0, 0
	for k := range c.persons {
		pr := &c.persons[k]
		if err := e.settleNIN(pr); err != nil {
			return err
		}
		nin := pr.p.NIN
		if err := e.sink.Person(pr.p); err != nil {
			return err
		}
		for slot := 0; ai < pr.accEnd; ai, slot = ai+1, slot+1 {
			a := &c.accounts[ai]
			a.a.OwnerID = nin
			if err := e.settleAccount(pr.index, slot, a); err != nil {
				return err
			}
			if err := e.sink.Account(a.a); err != nil {
				return err
			}
		}
		for ; pi < pr.partyEnd; pi++ {
			p := &c.parties[pi]
			p.p.PartyID = e.prevNIN
			p.p.AccountNumber = c.accounts[p.acc].a.AccountNumber
			if err := e.sink.AccountParty(p.p); err != nil {
				return err
			}
		}
		for ; ei < pr.empEnd; ei++ {
			m := &c.emps[ei]
			e.empSeq++
			m.ID, m.PersonNIN = e.empSeq, nin
			if err := e.sink.Employment(*m); err != nil {
				return err
			}
		}
		for ; di < pr.debtEnd; di++ {
			d := &c.debts[di]
			e.debtSeq++
			d.ID, d.PersonNIN = sequenceID('L', e.debtSeq, 9), nin
			if err := e.sink.Debt(*d); err != nil {
				return err
			}
		}
		e.prevNIN = nin
	}
	return nil
}
