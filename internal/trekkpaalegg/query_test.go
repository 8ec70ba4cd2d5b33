package trekkpaalegg_test

import (
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
)

var countRE = regexp.MustCompile(`^[0-9]+$`)

// refParam is the reference reading of one parameter (spec:
// trekkpaalegg.md §5.2, §16 item 3).
func refParam(q url.Values, name string, min int64) (int64, bool) {
	vs, ok := q[name]
	if !ok {
		return 0, true
	}
	if len(vs) != 1 || !countRE.MatchString(vs[0]) {
		return 0, false
	}
	n, err := strconv.ParseInt(vs[0], 10, 64)
	return n, err == nil && n >= min
}

// FuzzParsePaging: the parser never panics and agrees with the reference
// reading of fraSekvensnummer/maksAntall.
func FuzzParsePaging(f *testing.F) {
	for _, s := range []string{"", "fraSekvensnummer=159&maksAntall=3", "maksAntall=0", "fraSekvensnummer=-1",
		"fraSekvensnummer=9223372036854775807", "fraSekvensnummer=9223372036854775808", "maksAntall=1.5",
		"fraSekvensnummer=00042&x=y", "a=%zz", "maksAntall=1;x", "fraSekvensnummer=1&fraSekvensnummer=2", "maksAntall=+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := trekkpaalegg.ParsePaging(raw)
		q, qerr := url.ParseQuery(raw)
		if qerr != nil {
			if err == nil {
				t.Fatalf("%q: accepted an unreadable query", raw)
			}
			return
		}
		fra, okF := refParam(q, "fraSekvensnummer", 0)
		maks, okM := refParam(q, "maksAntall", 1)
		if okF && okM {
			if err != nil || p.Fra != fra || p.Maks != maks {
				t.Fatalf("%q: got %+v, %v; want {%d %d}", raw, p, err, fra, maks)
			}
		} else if err == nil {
			t.Fatalf("%q: accepted %+v", raw, p)
		}
	})
}

func TestParsePagingTable(t *testing.T) {
	for raw, want := range map[string]trekkpaalegg.Paging{
		"": {}, "maksAntall=2": {Maks: 2}, "fraSekvensnummer=410": {Fra: 410},
		"fraSekvensnummer=0&maksAntall=2500&ukjent=1": {Maks: 2500},
	} {
		if got, err := trekkpaalegg.ParsePaging(raw); err != nil || got != want {
			t.Errorf("%q: %+v %v, want %+v", raw, got, err, want)
		}
	}
}
