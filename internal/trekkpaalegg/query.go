package trekkpaalegg

import (
	"net/url"
	"strconv"
	"strings"
)

// Paging is the parsed query of GET /api/trekkpaalegg/v1 (spec:
// trekkpaalegg.md §5.2): orders whose latest sekvensnummer is above Fra,
// at most Maks of them (0: no limit).
type Paging struct {
	Fra  int64
	Maks int64
}

// Query parameter names (spec: §5.2).
const (
	ParamFraSekvensnummer = "fraSekvensnummer"
	ParamMaksAntall       = "maksAntall"
)

// ParsePaging reads fraSekvensnummer and maksAntall from a raw query
// string. Each must match ^[0-9]+$ and fit int64, maksAntall must be at
// least 1, and neither may be given twice; a missing fraSekvensnummer is
// 0 and a missing maksAntall means no limit (spec: §16 items 2–3). Other
// parameters are ignored. The error is a *ValidationError naming the
// parameter (rendered as 400 KB-006).
func ParsePaging(rawQuery string) (Paging, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return Paging{}, invalid("", "spørrestrengen kan ikke leses: %v", err)
	}
	var p Paging
	if p.Fra, err = param(q, ParamFraSekvensnummer, 0); err != nil {
		return Paging{}, err
	}
	if p.Maks, err = param(q, ParamMaksAntall, 1); err != nil {
		return Paging{}, err
	}
	return p, nil
}

func param(q url.Values, name string, min int64) (int64, error) {
	vs, ok := q[name]
	if !ok {
		return 0, nil
	}
	if len(vs) != 1 {
		return 0, invalid(name, "%s er oppgitt %d ganger", name, len(vs))
	}
	n, ok := ParseCount(vs[0])
	if !ok || n < min {
		return 0, invalid(name, "%s må være et heltall fra og med %d, fikk %q", name, min, clip(vs[0]))
	}
	return n, nil
}

// ParseCount parses ^[0-9]+$ into an int64; ok is false for anything
// else, including values above the int64 range.
func ParseCount(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	// Any number of leading zeros is allowed, as by Long.parseLong.
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
