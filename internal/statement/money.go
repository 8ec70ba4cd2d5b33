package statement

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

var errAmount = errors.New("not a decimal amount")

// ParseDecimal parses a plain decimal ("-245.00", "12", "1e3" is refused)
// into minor units, rounding beyond two decimals half away from zero
// (spec: statement-analysis.md §1.4, §5.3).
func ParseDecimal(s string) (int64, error) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, errAmount
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && (!hasDot || frac == "") {
		return 0, errAmount
	}
	if hasDot && frac == "" && intPart == "" {
		return 0, errAmount
	}
	var v int64
	for i := 0; i < len(intPart); i++ {
		c := intPart[i]
		if c < '0' || c > '9' {
			return 0, errAmount
		}
		if v > (1<<62)/10 {
			return 0, errAmount
		}
		v = v*10 + int64(c-'0')
	}
	v *= 100
	var cents int64
	round := false
	for i := 0; i < len(frac); i++ {
		c := frac[i]
		if c < '0' || c > '9' {
			return 0, errAmount
		}
		switch {
		case i == 0:
			cents += int64(c-'0') * 10
		case i == 1:
			cents += int64(c - '0')
		case i == 2:
			round = c >= '5'
		}
	}
	v += cents
	if round {
		v++
	}
	if v > 1<<60 {
		return 0, errAmount
	}
	if neg {
		v = -v
	}
	return v, nil
}

// ParseCSVAmount parses a CSV amount by the rules of spec §5.7: spaces,
// NBSP and '+' removed; with both '.' and ',' the last one is the decimal
// separator; with one kind occurring once and followed by 1–2 trailing
// digits it is the decimal separator; otherwise a thousands separator.
func ParseCSVAmount(s string) (int64, error) {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\u00a0', '\u202f', '+', '\t':
			continue
		case '\u2212':
			r = '-'
		}
		b.WriteRune(r)
	}
	t := b.String()
	if !utf8.ValidString(t) || t == "" {
		return 0, errAmount
	}
	lastDot, lastComma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	dec := byte(0)
	switch {
	case lastDot >= 0 && lastComma >= 0:
		if lastDot > lastComma {
			dec = '.'
		} else {
			dec = ','
		}
	case lastDot >= 0 || lastComma >= 0:
		sep, pos := byte('.'), lastDot
		if lastComma >= 0 {
			sep, pos = ',', lastComma
		}
		tail := len(t) - pos - 1
		if strings.Count(t, string(sep)) == 1 && tail >= 1 && tail <= 2 {
			dec = sep
		}
	}
	var out strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == dec:
			out.WriteByte('.')
		case c == '.' || c == ',':
			// thousands separator
		default:
			out.WriteByte(c)
		}
	}
	return ParseDecimal(out.String())
}

// FormatMinor renders minor units as a decimal with two fractional digits.
func FormatMinor(v int64) string { return string(AppendMinor(nil, v)) }

// AppendMinor appends FormatMinor(v) to b.
func AppendMinor(b []byte, v int64) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/100, 10)
	return append(b, '.', byte('0'+u%100/10), byte('0'+u%10))
}

// ParseDate accepts YYYY-MM-DD, DD.MM.YYYY, DD.MM.YY (20YY) and YYYY/MM/DD
// (spec §5.7) and returns YYYY-MM-DD, or "" when it is none of them.
func ParseDate(s string) string {
	s = strings.TrimSpace(s)
	d := func(x string) bool {
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return false
			}
		}
		return true
	}
	var y, m, day string
	canonical := false
	switch {
	case len(s) == 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]:
		canonical = s[4] == '-'
		y, m, day = s[:4], s[5:7], s[8:]
	case len(s) == 10 && s[2] == '.' && s[5] == '.':
		y, m, day = s[6:], s[3:5], s[:2]
	case len(s) == 8 && s[2] == '.' && s[5] == '.':
		y, m, day = "20"+s[6:], s[3:5], s[:2]
	default:
		return ""
	}
	if !d(y) || !d(m) || !d(day) {
		return ""
	}
	mi := int(m[0]-'0')*10 + int(m[1]-'0')
	di := int(day[0]-'0')*10 + int(day[1]-'0')
	if mi < 1 || mi > 12 || di < 1 || di > daysIn(y, mi) {
		return ""
	}
	if canonical {
		return s // already YYYY-MM-DD: no new string
	}
	return y + "-" + m + "-" + day
}

func daysIn(y string, m int) int {
	switch m {
	case 2:
		yi := 0
		for i := 0; i < 4; i++ {
			yi = yi*10 + int(y[i]-'0')
		}
		if yi%4 == 0 && (yi%100 != 0 || yi%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
