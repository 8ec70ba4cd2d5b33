package world

import (
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// aliasTable draws indices with given weights in O(1) (Vose's alias
// method). It is read-only after construction and safe for concurrent use.
type aliasTable struct {
	prob  []uint64 // threshold on a 32-bit coin, scaled to 1<<32
	alias []int32
}

// newAliasTable builds a sampler over weights (all ≥ 0, sum > 0).
func newAliasTable(weights []float64) aliasTable {
	n := len(weights)
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	scaled := make([]float64, n)
	var small, large []int
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	t := aliasTable{prob: make([]uint64, n), alias: make([]int32, n)}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		t.prob[s] = uint64(scaled[s] * (1 << 32))
		t.alias[s] = int32(l)
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// Whatever is left has probability 1 (up to rounding).
	for _, i := range large {
		t.prob[i] = 1 << 32
		t.alias[i] = int32(i)
	}
	for _, i := range small {
		t.prob[i] = 1 << 32
		t.alias[i] = int32(i)
	}
	return t
}

// pick draws one index using a single 64-bit draw from r: the high half
// chooses the column, the low half flips the column's coin.
func (t *aliasTable) pick(r *rand.Rand) int {
	x := r.Uint64()
	i := int((x >> 32) * uint64(len(t.prob)) >> 32)
	if uint64(uint32(x)) < t.prob[i] {
		return i
	}
	return int(t.alias[i])
}

// Calendar table: every day from dateBaseYear-01-01 up to, not including,
// dateEndYear-01-01, as a Date string and a UTC time.Time, so the hot path
// never formats or allocates a date.
const (
	dateBaseYear = 1900
	dateEndYear  = 2027
)

type dateTable struct {
	dates     []Date
	times     []time.Time
	yearStart []int32 // yearStart[y-dateBaseYear] = index of y-01-01; one extra at the end
}

var calendar = sync.OnceValue(func() *dateTable {
	start := time.Date(dateBaseYear, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(dateEndYear, 1, 1, 0, 0, 0, 0, time.UTC)
	n := int(end.Sub(start).Hours() / 24)
	t := &dateTable{
		dates:     make([]Date, n),
		times:     make([]time.Time, n),
		yearStart: make([]int32, 0, dateEndYear-dateBaseYear+1),
	}
	for i := 0; i < n; i++ {
		d := start.AddDate(0, 0, i)
		t.times[i] = d
		t.dates[i] = Date(d.Format("2006-01-02"))
		if d.Month() == 1 && d.Day() == 1 {
			t.yearStart = append(t.yearStart, int32(i))
		}
	}
	t.yearStart = append(t.yearStart, int32(n))
	return t
})

// index returns the table index of the calendar date of t (UTC).
func (c *dateTable) index(t time.Time) int {
	return int(c.yearStart[t.Year()-dateBaseYear]) + t.YearDay() - 1
}

// bitset is a fixed-size set of small integers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

// testAndSet sets bit i and reports whether it was already set.
func (b bitset) testAndSet(i int) bool {
	w, m := i>>6, uint64(1)<<(uint(i)&63)
	old := b[w]&m != 0
	b[w] |= m
	return old
}

// mix64 is the splitmix64 finaliser; it spreads a counter over 64 bits so
// that neighbouring person indices seed unrelated PCG states.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// digitsAt parses the ASCII digits s[from:to] as a number.
func digitsAt(s string, from, to int) int {
	n := 0
	for i := from; i < to; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// putDigits writes v as exactly len(b) decimal digits, zero padded.
func putDigits(b []byte, v uint64) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
}

// luhnDigit returns the Luhn check digit for the digits in b.
func luhnDigit(b []byte) byte {
	sum := 0
	double := true // the digit left of the check digit is doubled
	for i := len(b) - 1; i >= 0; i-- {
		d := int(b[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// luhnValid reports whether s is all digits with a correct Luhn check digit.
func luhnValid(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return luhnDigit([]byte(s[:len(s)-1])) == s[len(s)-1]
}

// logNormal draws exp(N(ln median, sigma²)).
func logNormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// clamp limits v to [lo, hi].
func clamp[T int | int64 | float64](v, lo, hi T) T {
	return max(lo, min(hi, v))
}

// nokToOre converts a NOK amount to øre, with random øre so balances do
// not all end in 00.
func nokToOre(r *rand.Rand, nok float64) int64 {
	if nok <= 0 {
		return 0
	}
	return int64(nok)*100 + int64(r.IntN(100))
}

// sequenceID formats prefix + n zero-padded to width digits.
func sequenceID(prefix byte, n int64, width int) string {
	var buf [24]byte
	buf[0] = prefix
	s := strconv.AppendInt(buf[1:1], n, 10)
	if pad := width - len(s); pad > 0 {
		b := buf[:1+width]
		copy(b[1+pad:], s)
		for i := 1; i <= pad; i++ {
			b[i] = '0'
		}
		return string(b)
	}
	return string(buf[:1+len(s)])
}
