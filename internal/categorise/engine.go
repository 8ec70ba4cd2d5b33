package categorise

import (
	"bytes"
	"math"
	"strings"
	"sync"
)

// Input is what the categoriser sees of one transaction. Amount is in
// minor units (hundredths), negative = money out.
type Input struct {
	Amount   int64
	Currency string
	Info     string
	Partner  string
	// Structured signals (spec: statement-analysis.md §6.5 step 4).
	MCC       string
	BankCodes []string
	// OwnCounterparty is true when the counterparty account is one of
	// the uploaded accounts (§6.4 rule 7).
	OwnCounterparty bool
}

// Result is the assigned node and its confidence (0–1, 2 decimals).
type Result struct {
	ID         int
	Confidence float64
}

// Categoriser assigns categories. It is safe for concurrent use.
type Categoriser struct {
	dict  *dictionary
	names nameLists
}

var (
	defaultOnce sync.Once
	defaultCat  *Categoriser
	defaultErr  error
)

// Default returns the categoriser built from the embedded dictionary.
func Default() (*Categoriser, error) {
	defaultOnce.Do(func() {
		names := parseNames(namesText)
		d, err := parseRules(rulesText, names)
		if err != nil {
			defaultErr = err
			return
		}
		defaultCat = &Categoriser{dict: d, names: names}
	})
	return defaultCat, defaultErr
}

// MustDefault is Default for callers that cannot go on without it; the
// embedded dictionary is tested, so it does not fail in a built binary.
func MustDefault() *Categoriser {
	c, err := Default()
	if err != nil {
		panic(err)
	}
	return c
}

type best struct {
	entry int32
	score int32
}

func (b best) beatenBy(score, entry int32) bool {
	return score > b.score || (score == b.score && entry < b.entry)
}

// weakPrio: below it a dictionary hit is only a hint (generic words,
// place-like words), which a truncated name or a person may override.
const weakPrio = 45

// Categorise assigns one node to a transaction following the assignment
// rules of spec §6.4; the result always satisfies the sign invariant.
func (c *Categoriser) Categorise(in Input) Result {
	var arr [512]byte
	text := normalise(arr[:0], in.Info)
	infoEnd := len(text) - 1
	text = normalise(text, in.Partner)
	dropRateNoise(text)

	out := in.Amount <= 0
	var flags uint16
	top, plain := best{entry: -1}, best{entry: -1}
	topName := false
	d := c.dict
	var hits [64]int32
	ids, atInfo, atEnd := d.ac.match(text, hits[:0], infoEnd)
	for _, id := range ids {
		p := d.patterns[id]
		e := &d.entries[p.entry]
		flags |= e.flags
		cat, prio, ok := e.in, e.inPrio, e.inOK
		if out {
			cat, prio, ok = e.out, e.outPrio, e.outOK
		}
		if cat == 0 || !ok {
			continue
		}
		score := int32(prio)*256 + min(p.n, 255)
		if top.beatenBy(score, p.entry) {
			top, topName = best{entry: p.entry, score: score}, p.nameLike
		}
		if !p.nameLike && plain.beatenBy(score, p.entry) {
			plain = best{entry: p.entry, score: score}
		}
	}
	// A dictionary word that is also a name ("Vipps fra Finn Ødegaard")
	// yields to the person (§6.4 rule 4).
	if topName {
		if ok, _ := c.isPerson(in, flags); ok {
			top = plain
		}
	}
	if top.entry >= 0 && top.score/256 >= weakPrio {
		return c.dictResult(in, top, flags, out)
	}
	// Exports cut descriptions off: "LÅNEKASS", "CLAS OHLSO". A transfer
	// to a named person is more likely than a guess at a cut-off word
	// ("Vipps Kari Bakkevi").
	if _, strongPerson := c.isPerson(in, flags); !strongPerson {
		if id, conf := c.completion(text, infoEnd, atInfo, out); id != 0 {
			return c.ownOr(in, Result{id, conf})
		}
		if in.Partner != "" {
			if id, conf := c.completion(text, len(text)-1, atEnd, out); id != 0 {
				return c.ownOr(in, Result{id, conf})
			}
		}
	}
	if top.entry >= 0 {
		return c.dictResult(in, top, flags, out)
	}
	if in.OwnCounterparty {
		return Result{1401, 0.9}
	}
	if id := mccCategory(in.MCC); id != 0 && allowed(TypeOf(id), in.Amount) {
		return Result{id, 0.8}
	}
	if id := codeCategory(in.BankCodes, out); id != 0 {
		return Result{id, 0.75}
	}
	if flags&flagAcquirer != 0 && out {
		return Result{UncategorisedExpense, 0.3}
	}
	if ok, strong := c.isPerson(in, flags); ok {
		if strong {
			return Result{1403, 0.8}
		}
		return Result{1403, 0.6}
	}
	if flags&flagPayPal != 0 {
		return Result{1404, 0.6}
	}
	if !out && c.fromOrganisation(in.Partner) && in.Amount >= salaryThreshold(in.Currency) {
		return Result{1501, 0.5}
	}
	if out {
		return Result{UncategorisedExpense, 0.2}
	}
	return Result{OtherIncome, 0.2}
}

// dictResult turns the winning dictionary entry into a result.
func (c *Categoriser) dictResult(in Input, top best, flags uint16, out bool) Result {
	e := &c.dict.entries[top.entry]
	cat := e.in
	if out {
		cat = e.out
	}
	if in.OwnCounterparty && cat != 1402 && cat != 1401 {
		return Result{1401, 0.9}
	}
	// A large credit from a seller without any refund word is more
	// likely pay from an employer than a return (§6.5 step 5).
	if !out && e.refundIn && flags&flagRefund == 0 && in.Amount >= salaryThreshold(in.Currency) {
		return Result{1501, 0.55}
	}
	conf := e.conf
	if top.score/256 < weakPrio {
		conf = math.Min(conf, 0.75)
	}
	return Result{cat, round2(conf)}
}

func (c *Categoriser) ownOr(in Input, r Result) Result {
	if in.OwnCounterparty && r.ID != 1402 && r.ID != 1401 {
		return Result{1401, 0.9}
	}
	return r
}

// completion recognises a word cut off at the end of a field: the text
// up to end (a separator) ends in automaton state s, whose path starts at
// a word boundary, is at least five characters long and can only go on to
// patterns of one category in this direction. The cut word must not be a
// plain word of its own (a transfer word or a name).
func (c *Categoriser) completion(text []byte, end int, s int32, out bool) (int, float64) {
	d := c.dict
	if s <= 0 || !d.boundary[s] || d.depth[s] < 6 {
		return 0, 0
	}
	w := bytes.LastIndexByte(text[:end], ' ')
	word := text[w+1 : end]
	if len(word) < 3 || word[0] <= '9' {
		return 0, 0
	}
	if c.names.stop[string(word)] || c.names.first[string(word)] || c.names.sur[string(word)] {
		return 0, 0
	}
	e := d.complete[s].in
	if out {
		e = d.complete[s].out
	}
	if e < 0 {
		return 0, 0
	}
	id := d.entries[e].in
	if out {
		id = d.entries[e].out
	}
	return id, 0.6
}

func salaryThreshold(currency string) int64 {
	switch currency {
	case "NOK", "SEK", "DKK", "":
		return 10000_00
	}
	return 1000_00
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// dropRateNoise blanks "kurs <digits>" (exchange-rate text, rule 9) so
// that "kurs" only means a course.
func dropRateNoise(text []byte) {
	for off := 0; ; {
		i := bytes.Index(text[off:], kursWord)
		if i < 0 {
			return
		}
		i += off
		if j := i + len(kursWord); j < len(text) && text[j] >= '0' && text[j] <= '9' {
			copy(text[i+1:i+5], "    ")
		}
		off = i + len(kursWord)
	}
}

var kursWord = []byte(" kurs ")

// isPerson reports whether a private person is the counterparty (rule 4):
// the partner (or the text without transfer words) is two to four plain
// words, none of them an organisation word, and either a known first name
// or surname is among them or a transfer marker was present. strong means
// both.
func (c *Categoriser) isPerson(in Input, flags uint16) (ok, strong bool) {
	marker := flags&flagP2P != 0
	src := in.Partner
	if strings.TrimSpace(src) == "" {
		if !marker {
			// A card text with no transfer word names a shop, even
			// when its street is a person ("ARKET KARL JOHAN").
			return false, false
		}
		src = in.Info
	}
	var arr [256]byte
	text := normalise(arr[:0], src)
	n, known, first := 0, false, false
	for rest := text; ; {
		var wb []byte
		if wb, rest = nextWord(rest); wb == nil {
			break
		}
		// Map look-ups with string(bytes) in the index do not allocate.
		if c.names.stop[string(wb)] {
			continue
		}
		if wb[0] >= '0' && wb[0] <= '9' || c.names.org[string(wb)] || len(wb) < 2 {
			return false, false
		}
		n++
		isFirst := c.names.first[string(wb)]
		first = first || isFirst
		known = known || isFirst || c.names.sur[string(wb)]
	}
	if n < 1 || n > 4 || (n == 1 && !(known && marker)) || (!marker && !first) {
		return false, false
	}
	return known || marker, known && marker
}

// fromOrganisation reports whether the partner name carries an
// organisation word (AS, ASA, kommune, HF, ...).
func (c *Categoriser) fromOrganisation(partner string) bool {
	if partner == "" {
		return false
	}
	var arr [256]byte
	for rest := normalise(arr[:0], partner); ; {
		var w []byte
		if w, rest = nextWord(rest); w == nil {
			return false
		}
		if c.names.org[string(w)] {
			return true
		}
	}
}

// nextWord splits the first word off normalised text (single spaces).
func nextWord(text []byte) (word, rest []byte) {
	for len(text) > 0 && text[0] == ' ' {
		text = text[1:]
	}
	if len(text) == 0 {
		return nil, nil
	}
	i := bytes.IndexByte(text, ' ')
	if i < 0 {
		return text, nil
	}
	return text[:i], text[i:]
}
