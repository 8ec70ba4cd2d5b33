package categorise

// symbols maps a byte of normalised text to its alphabet index.
var symbols = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		t[c] = uint8(symbol(byte(c)))
	}
	return t
}()

// automaton is an Aho–Corasick matcher over the normalised alphabet, built
// as a full transition table so that matching is one table look-up per
// byte.
type automaton struct {
	trie [][alpha]int32
	outs [][]int32
	// After build: next[s*alpha+c] is the transition; outAt[s]..outAt[s+1]
	// index the pattern ids (own and inherited) ending in state s.
	next  []int32
	outAt []int32
	out   []int32
}

func newAutomaton() *automaton {
	return &automaton{trie: make([][alpha]int32, 1), outs: make([][]int32, 1)}
}

func (a *automaton) add(p string, id int32) {
	s := int32(0)
	for i := 0; i < len(p); i++ {
		c := symbol(p[i])
		if a.trie[s][c] == 0 {
			a.trie = append(a.trie, [alpha]int32{})
			a.outs = append(a.outs, nil)
			a.trie[s][c] = int32(len(a.trie) - 1)
		}
		s = a.trie[s][c]
	}
	a.outs[s] = append(a.outs[s], id)
}

// build computes failure links and turns the trie into a flat DFA.
func (a *automaton) build() {
	fail := make([]int32, len(a.trie))
	queue := make([]int32, 0, len(a.trie))
	for c := 0; c < alpha; c++ {
		if t := a.trie[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		if f := fail[s]; len(a.outs[f]) > 0 {
			a.outs[s] = append(append([]int32(nil), a.outs[s]...), a.outs[f]...)
		}
		for c := 0; c < alpha; c++ {
			t := a.trie[s][c]
			if t == 0 {
				a.trie[s][c] = a.trie[fail[s]][c]
				continue
			}
			fail[t] = a.trie[fail[s]][c]
			queue = append(queue, t)
		}
	}
	a.next = make([]int32, len(a.trie)*alpha)
	a.outAt = make([]int32, len(a.trie)+1)
	for s := range a.trie {
		copy(a.next[s*alpha:], a.trie[s][:])
		a.outAt[s] = int32(len(a.out))
		a.out = append(a.out, a.outs[s]...)
	}
	a.outAt[len(a.trie)] = int32(len(a.out))
	a.trie, a.outs = nil, nil
}

// match appends the ids of every pattern occurrence in text to dst. It
// also returns the states reached after text[:mark] and after
// text[:len(text)-1] (text ends in a separator): the longest suffix there
// that is the start of a pattern, which is how a truncated last word is
// recognised.
func (a *automaton) match(text []byte, dst []int32, mark int) (_ []int32, atMark, atEnd int32) {
	end := max(len(text)-1, 0)
	mark = min(max(mark, 0), end)
	s := int32(0)
	s, dst = a.run(s, text[:mark], dst)
	atMark = s
	s, dst = a.run(s, text[mark:end], dst)
	atEnd = s
	_, dst = a.run(s, text[end:], dst)
	return dst, atMark, atEnd
}

func (a *automaton) run(s int32, seg []byte, dst []int32) (int32, []int32) {
	next, outAt, out := a.next, a.outAt, a.out
	for _, c := range seg {
		s = next[int(s)*alpha+int(symbols[c])]
		if lo, hi := outAt[s], outAt[s+1]; lo < hi {
			dst = append(dst, out[lo:hi]...)
		}
	}
	return s, dst
}

// trieShape describes the trie before build: for every state its parent,
// its depth (characters from the root) and whether its path starts at a
// word boundary; order lists the states parents first.
type trieShape struct {
	parent   []int32
	depth    []int16
	boundary []bool
	order    []int32
}

// shape must be called before build, while the trie holds only real edges.
func (a *automaton) shape() trieShape {
	n := len(a.trie)
	sh := trieShape{parent: make([]int32, n), depth: make([]int16, n), boundary: make([]bool, n), order: make([]int32, 0, n)}
	sh.order = append(sh.order, 0)
	for qi := 0; qi < len(sh.order); qi++ {
		s := sh.order[qi]
		for c := 0; c < alpha; c++ {
			t := a.trie[s][c]
			if t == 0 {
				continue
			}
			sh.parent[t] = s
			sh.depth[t] = sh.depth[s] + 1
			sh.boundary[t] = sh.boundary[s] || (s == 0 && c == 0)
			sh.order = append(sh.order, t)
		}
	}
	return sh
}
