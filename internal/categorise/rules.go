package categorise

import (
	"bufio"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed rules.txt
var rulesText string

//go:embed names.txt
var namesText string

// Evidence flags set by dictionary sections.
const (
	flagP2P      uint16 = 1 << iota // Vipps, MobilePay, overføring: a person may be behind it
	flagAcquirer                    // SumUp, iZettle, Square: a merchant must be named (§6.4 rule 3)
	flagPayPal                      // PayPal without a merchant is a top-up (§6.4 rule 3)
	flagRefund                      // money back (§6.4 rule 5)
	flagOrg                         // an organisation, not a person
)

var flagNames = map[string]uint16{"p2p": flagP2P, "acquirer": flagAcquirer, "paypal": flagPayPal, "refund": flagRefund, "org": flagOrg}

// entry is one dictionary section: what its patterns mean for outgoing
// and incoming money.
type entry struct {
	out, in         int // node ids; 0 = the section says nothing for that direction
	outPrio, inPrio int
	conf            float64
	refundIn        bool // in = 1606 only because money came back from a seller
	flags           uint16
	line            int
	// outOK/inOK: the node may take money out/in (§6.4 rule 1).
	outOK, inOK bool
}

type pattern struct {
	entry int32
	n     int32 // normalised length, the tie-breaker
	// nameLike: the pattern is one word that is also a first name or
	// surname ("Finn", "Lan"), so it yields to a person (§6.4 rule 4).
	nameLike bool
}

// dictionary is the compiled rules file.
type dictionary struct {
	ac       *automaton
	patterns []pattern
	entries  []entry
	// For every automaton state: the entry that every pattern still
	// reachable from it agrees on, per direction (-1 none, -2 patterns
	// disagree), its depth and whether its path starts at a word boundary.
	// A description cut off inside a word ends in such a state.
	complete []completion
	depth    []int16
	boundary []bool
}

type completion struct{ out, in int32 }

const (
	noEntry       = -1
	conflictEntry = -2
)

// parseRules compiles the rules file. Syntax: a section header
//
//	@ out=101 in=~ prio=50 conf=0.95 flag=p2p
//
// (out/in: node id, "-" for none, "~" for in = 1606 refund; prio or
// outprio/inprio; conf; flag) followed by patterns, comma- or
// line-separated. A pattern matches at word boundaries in the normalised
// text; a leading or trailing '*' drops that boundary (compound words).
func parseRules(text string, names nameLists) (*dictionary, error) {
	d := &dictionary{ac: newAutomaton()}
	sc := bufio.NewScanner(strings.NewReader(text))
	ln := 0
	cur := -1
	for sc.Scan() {
		ln++
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "@") {
			e, err := parseHeader(strings.Fields(line[1:]), ln)
			if err != nil {
				return nil, err
			}
			d.entries = append(d.entries, e)
			cur = len(d.entries) - 1
			continue
		}
		if cur < 0 {
			return nil, fmt.Errorf("rules line %d: pattern before any @ section", ln)
		}
		for p := range strings.SplitSeq(line, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			left, right := !strings.HasPrefix(p, "*"), !strings.HasSuffix(p, "*")
			core := normalise(nil, strings.Trim(p, "*"))
			core = core[1 : len(core)-1]
			if len(core) == 0 {
				return nil, fmt.Errorf("rules line %d: empty pattern %q", ln, p)
			}
			w := string(core)
			nameLike := !strings.Contains(w, " ") && (names.first[w] || names.sur[w])
			for _, form := range forms(w, left, right) {
				var b []byte
				if left {
					b = append(b, ' ')
				}
				b = append(b, form...)
				if right {
					b = append(b, ' ')
				}
				d.ac.add(string(b), int32(len(d.patterns)))
				d.patterns = append(d.patterns, pattern{entry: int32(cur), n: int32(len(core)), nameLike: nameLike})
			}
		}
	}
	d.completions()
	d.ac.build()
	return d, nil
}

// forms returns the spellings a pattern matches. A word-final pattern
// ("*kafe", "*kiosk") names a kind of place, and Norwegian shop names often
// use its definite form ("STRANDKAFEEN", "TORGKIOSKEN", "BYVERKSTEDET"), so
// it also matches with -en/-et (-n/-t after e).
func forms(core string, left, right bool) []string {
	if left || !right || len(core) < 4 {
		return []string{core}
	}
	last := core[len(core)-1]
	if last < 'a' || last > 'z' {
		return []string{core}
	}
	if last == 'e' {
		return []string{core, core + "n", core + "t", core + "en", core + "et"}
	}
	return []string{core, core + "en", core + "et"}
}

// completions fills d.complete bottom-up over the trie (before build).
func (d *dictionary) completions() {
	sh := d.ac.shape()
	n := len(sh.order)
	d.complete = make([]completion, n)
	for i := range d.complete {
		d.complete[i] = completion{noEntry, noEntry}
	}
	d.depth, d.boundary = sh.depth, sh.boundary
	merge := func(cur, e int32, out bool) int32 {
		switch {
		case e == noEntry || cur == conflictEntry:
			return cur
		case e == conflictEntry || cur == noEntry:
			return e
		}
		a, b := &d.entries[cur], &d.entries[e]
		if out {
			if a.out != b.out {
				return conflictEntry
			}
			if b.outPrio > a.outPrio {
				return e
			}
			return cur
		}
		if a.in != b.in {
			return conflictEntry
		}
		if b.inPrio > a.inPrio {
			return e
		}
		return cur
	}
	for i := n - 1; i >= 0; i-- {
		s := sh.order[i]
		c := &d.complete[s]
		for _, pid := range d.ac.outs[s] {
			ei := d.patterns[pid].entry
			e := &d.entries[ei]
			if e.outOK {
				c.out = merge(c.out, ei, true)
			}
			if e.inOK {
				c.in = merge(c.in, ei, false)
			}
		}
		if s != 0 {
			p := &d.complete[sh.parent[s]]
			p.out = merge(p.out, c.out, true)
			p.in = merge(p.in, c.in, false)
		}
	}
}

func parseHeader(fields []string, ln int) (entry, error) {
	e := entry{outPrio: 50, inPrio: 50, conf: 0.95, line: ln}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return e, fmt.Errorf("rules line %d: %q is not key=value", ln, f)
		}
		var err error
		switch k {
		case "out", "in":
			id := 0
			switch v {
			case "-":
			case "~":
				id = 1606
				e.refundIn = true
			default:
				id, err = strconv.Atoi(v)
				if err == nil {
					if _, known := Lookup(id); !known {
						err = fmt.Errorf("unknown node %d", id)
					}
				}
			}
			if k == "out" {
				e.out = id
			} else {
				e.in = id
			}
		case "prio":
			e.outPrio, err = strconv.Atoi(v)
			e.inPrio = e.outPrio
		case "outprio":
			e.outPrio, err = strconv.Atoi(v)
		case "inprio":
			e.inPrio, err = strconv.Atoi(v)
		case "conf":
			e.conf, err = strconv.ParseFloat(v, 64)
		case "flag":
			for name := range strings.SplitSeq(v, "|") {
				fl, ok := flagNames[name]
				if !ok {
					err = fmt.Errorf("unknown flag %q", name)
				}
				e.flags |= fl
			}
		default:
			err = fmt.Errorf("unknown key %q", k)
		}
		if err != nil {
			return e, fmt.Errorf("rules line %d: %v", ln, err)
		}
	}
	e.outOK = e.out != 0 && TypeOf(e.out) != TypeIncome
	e.inOK = e.in != 0 && TypeOf(e.in) != TypeExpense
	if e.out != 0 && TypeOf(e.out) == TypeIncome {
		return e, fmt.Errorf("rules line %d: out=%d is an income node", ln, e.out)
	}
	if e.in != 0 && TypeOf(e.in) == TypeExpense {
		return e, fmt.Errorf("rules line %d: in=%d is an expense node", ln, e.in)
	}
	return e, nil
}

// nameLists holds first names, surnames and organisation words used to
// recognise a private person behind a transfer (§6.4 rule 4).
type nameLists struct {
	first, sur, org, stop map[string]bool
}

func parseNames(text string) nameLists {
	nl := nameLists{first: map[string]bool{}, sur: map[string]bool{}, org: map[string]bool{}, stop: map[string]bool{}}
	var cur map[string]bool
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		switch line {
		case "[first]":
			cur = nl.first
			continue
		case "[sur]":
			cur = nl.sur
			continue
		case "[org]":
			cur = nl.org
			continue
		case "[stop]":
			cur = nl.stop
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") || cur == nil {
			continue
		}
		for w := range strings.FieldsSeq(string(normalise(nil, line))) {
			cur[w] = true
		}
	}
	return nl
}
