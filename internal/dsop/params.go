package dsop

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// header returns the single value of a header: repeated equal values
// count as one, different values make it conflicting (spec:
// dsop-kontroll.md §4.2). Go canonicalises header names, so any letter
// case matches.
func header(h http.Header, name string) (val string, present, conflict bool) {
	vs := h.Values(name)
	if len(vs) == 0 {
		return "", false, false
	}
	for _, v := range vs[1:] {
		if v != vs[0] {
			return "", true, true
		}
	}
	return vs[0], true, false
}

// query holds query parameters by lower-cased name (spec:
// dsop-kontroll.md §4.2, §12 item 12: names match case-insensitively).
type query map[string][]string

func parseQuery(raw string) query {
	q := query{}
	// ParseQuery keeps the parameters it could read; a parameter that
	// could not be read counts as missing and fails its own rule.
	vals, _ := url.ParseQuery(raw)
	for k, vs := range vals {
		lk := strings.ToLower(k)
		q[lk] = append(q[lk], vs...)
	}
	return q
}

// get returns the single value of a query parameter, with the same
// repetition rule as header; fold compares repeated values ignoring case.
func (q query) get(name string, fold bool) (val string, present, conflict bool) {
	vs := q[strings.ToLower(name)]
	if len(vs) == 0 {
		return "", false, false
	}
	for _, v := range vs[1:] {
		if v != vs[0] && !(fold && strings.EqualFold(v, vs[0])) {
			return "", true, true
		}
	}
	return vs[0], true, false
}

// validUUID accepts the hyphenated 8-4-4-4-12 form of any version in
// either hex case; the nil UUID, braces and URN forms are refused (spec:
// dsop-kontroll.md §4.3, §12 item 15).
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	zero := true
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
			continue
		}
		if !isHex(c) {
			return false
		}
		if c != '0' {
			zero = false
		}
	}
	return !zero
}

// validParty accepts an 11-digit fødselsnummer or d-nummer (synthetic
// month +80 and +40 included) or a 9-digit organisasjonsnummer (spec:
// dsop-kontroll.md §4.3.1).
func validParty(s string) bool {
	switch len(s) {
	case 9:
		return ident.ValidateOrgNr(s) == nil
	case 11:
		if ident.ValidateNIN(s) == nil {
			return true
		}
		return validNAVSynthetic(s)
	}
	return false
}

// validNAVSynthetic accepts NAV's synthetic numbers (month + 40): both
// check digits, a real day (d-nummer: day + 40) and month.
func validNAVSynthetic(s string) bool {
	for i := 0; i < 11; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	d := func(i int) int { return int(s[i] - '0') }
	check := func(w []int) int {
		sum := 0
		for i, x := range w {
			sum += x * d(i)
		}
		k := 11 - sum%11
		if k == 11 {
			k = 0
		}
		return k
	}
	k1 := check([]int{3, 7, 6, 1, 8, 9, 4, 5, 2})
	k2 := check([]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	if k1 == 10 || k2 == 10 || k1 != d(9) || k2 != d(10) {
		return false
	}
	day, month := d(0)*10+d(1), d(2)*10+d(3)
	if day > 40 {
		day -= 40
	}
	if month < 41 || month > 52 {
		return false
	}
	return day >= 1 && day <= 31
}

// validRequesterID: 1–255 characters of valid UTF-8, no control
// characters (spec: dsop-kontroll.md §4.3, §12 item 14).
func validRequesterID(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > 255 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// validDate reports whether s is a zero-padded YYYY-MM-DD calendar date.
func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Format("2006-01-02") == s
}

// parseBool accepts true/false in any letter case (spec: dsop-kontroll.md
// §4.3).
func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// acceptsJOSE applies the four Accept rules of spec: dsop-kontroll.md
// §4.4 for the control API: it returns jose=true for a JWE answer,
// false for plain JSON, ok=false for 406.
func acceptsJOSE(accept []string, production bool) (jose, ok bool) {
	ranges := mediaRanges(accept)
	if ranges == nil {
		return true, true // absent or empty: */*
	}
	has := func(t string) bool {
		for _, r := range ranges {
			if r == t {
				return true
			}
		}
		return false
	}
	switch {
	case has("application/jose"):
		return true, true
	case !production && has("application/json"):
		return false, true
	case has("*/*") || has("application/*"):
		return true, true
	}
	return false, false
}

// acceptsJSON is the kundeforhold rule of §4.4: plain JSON unless the
// header lists neither application/json, application/* nor */*.
func acceptsJSON(accept []string) bool {
	ranges := mediaRanges(accept)
	if ranges == nil {
		return true
	}
	for _, r := range ranges {
		if r == "application/json" || r == "application/*" || r == "*/*" {
			return true
		}
	}
	return false
}

// mediaRanges lists the lower-cased media types of the Accept headers,
// dropping ranges with q=0; nil when the header is absent or empty.
func mediaRanges(accept []string) []string {
	var out []string
	empty := true
	for _, h := range accept {
		for _, part := range strings.Split(h, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			empty = false
			fields := strings.Split(part, ";")
			mt := strings.ToLower(strings.TrimSpace(fields[0]))
			drop := false
			for _, p := range fields[1:] {
				k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					v = strings.TrimSpace(v)
					if v == "0" || strings.Trim(v, "0.") == "" && strings.HasPrefix(v, "0") {
						drop = true
					}
				}
			}
			if !drop {
				out = append(out, mt)
			}
		}
	}
	if empty {
		return nil
	}
	if out == nil {
		out = []string{}
	}
	return out
}
