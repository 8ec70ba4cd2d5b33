package console

import (
	"encoding/json"
	"errors"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/namsfogd/namsfogd/internal/world"
)

// funcs are the templates' helpers. None returns template.HTML: every
// value a page shows is escaped by html/template for its context.
var funcs = template.FuncMap{
	"kr":      kroner,
	"krWhole": wholeKroner,
	"ts":      timestamp,
	"json":    prettyJSON,
	"join":    strings.Join,
	"has":     hasString,
	"percent": hundredths,
	"list":    func(s ...string) []string { return s },
}

// kroner formats an amount in øre as Norwegian kroner: "12 345,67".
func kroner(ore int64) string {
	neg := ore < 0
	if neg {
		ore = -ore
	}
	whole, frac := strconv.FormatInt(ore/100, 10), ore%100
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString("\u00a0")
		}
		b.WriteRune(r)
	}
	b.WriteString(",")
	if frac < 10 {
		b.WriteString("0")
	}
	b.WriteString(strconv.FormatInt(frac, 10))
	return b.String()
}

// wholeKroner formats whole kroner: "650 000".
func wholeKroner(k int64) string { return strings.TrimSuffix(kroner(k*100), ",00") }

// hundredths formats a value kept ×100 (interest rates) as "4,25".
func hundredths(v int) string {
	s := kroner(int64(v))
	return strings.TrimSuffix(strings.TrimSuffix(s, "00"), ",")
}

// timestamp shows a time in Norwegian local time.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(world.Oslo).Format("2006-01-02 15:04:05 MST")
}

// prettyJSON indents a value (or raw JSON) for a <pre>.
func prettyJSON(v any) string {
	var b []byte
	var err error
	if raw, ok := v.(json.RawMessage); ok {
		var x any
		if json.Unmarshal(raw, &x) == nil {
			v = x
		}
	}
	if b, err = json.MarshalIndent(v, "", "  "); err != nil {
		return ""
	}
	return string(b)
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clip shortens s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

var errAmount = errors.New("an amount is digits with at most two decimals, e.g. 12 500 or 12500,50")

// parseOre reads an amount in kroner ("12 500", "12500,50", "-300.5")
// as øre; "" is 0. Values are kept ×100, so the same parser reads
// percentages with two decimals.
func parseOre(s string) (int64, error) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "_", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, nil
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"):
		neg = true
		s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	}
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 13 || len(frac) > 2 || !allDigits(whole) || (frac != "" && !allDigits(frac)) {
		return 0, errAmount
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := w*100 + f
	if neg {
		v = -v
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
