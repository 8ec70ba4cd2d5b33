package trekkpaalegg

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// ValidationError is a request the rules refuse; Field names the JSON
// field (with its index) at fault. The operator API renders it as 422.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrClosed: the order is avsluttet and takes no new versions (spec:
// trekkpaalegg.md §7: an ended order is never reopened).
var ErrClosed = errors.New("trekkpålegg er avsluttet og kan ikke endres; opprett et nytt trekkpålegg")

func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func addDays(d string, n int) string {
	t, _ := time.Parse("2006-01-02", d)
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

func digitsN(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func numberValue(n string) (float64, bool) {
	f, err := strconv.ParseFloat(n, 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// checkPeriods applies the shape rules every version meets, fixtures
// included (spec: §6.2): at least one period, valid dates, exactly one of
// trekkbeloep/trekkprosent, percentages 0–100, amounts ≥ 0, only the last
// period open-ended, periods ascending and not overlapping.
func checkPeriods(ps []TrekkstoerrelseForPeriode) error {
	if len(ps) == 0 {
		return invalid("trekkstoerrelseForPeriode", "minst én periode kreves")
	}
	for i, p := range ps {
		f := fmt.Sprintf("trekkstoerrelseForPeriode[%d]", i)
		if !validDate(p.Startdato) {
			return invalid(f+".startdato", "må være en dato YYYY-MM-DD, fikk %q", p.Startdato)
		}
		if p.Sluttdato != "" {
			if !validDate(p.Sluttdato) {
				return invalid(f+".sluttdato", "må være en dato YYYY-MM-DD, fikk %q", p.Sluttdato)
			}
			if p.Sluttdato < p.Startdato {
				return invalid(f+".sluttdato", "sluttdato %s er før startdato %s", p.Sluttdato, p.Startdato)
			}
		} else if i < len(ps)-1 {
			return invalid(f+".sluttdato", "bare siste periode kan være uten sluttdato")
		}
		if i > 0 && p.Startdato <= ps[i-1].Sluttdato {
			return invalid(f+".startdato", "startdato %s må være etter forrige periodes sluttdato %s", p.Startdato, ps[i-1].Sluttdato)
		}
		switch {
		case (p.Trekkbeloep == nil) == (p.Trekkprosent == nil):
			return invalid(f, "nøyaktig én av trekkbeloep og trekkprosent kreves")
		case p.Trekkbeloep != nil:
			v, ok := numberValue(string(p.Trekkbeloep.Trekkbeloep))
			if !ok || v < 0 || v > 1e9 {
				return invalid(f+".trekkbeloep.trekkbeloep", "må være et tall fra 0, fikk %q", p.Trekkbeloep.Trekkbeloep)
			}
		default:
			v, ok := numberValue(string(p.Trekkprosent.Trekkprosent))
			if !ok || v < 0 || v > 100 {
				return invalid(f+".trekkprosent.trekkprosent", "må være et tall fra 0 til 100, fikk %q", p.Trekkprosent.Trekkprosent)
			}
		}
	}
	return nil
}

// checkVersion applies the shape rules of §6.1 to a whole version.
func checkVersion(t Trekkpaalegg) error {
	switch {
	case t.Trekkid == "" || len(t.Trekkid) > 64:
		return invalid("trekkid", "må være 1–64 tegn")
	case !digitsN(t.Skyldner, 11):
		return invalid("skyldner", "må være et fødselsnummer eller D-nummer med 11 siffer")
	case !digitsN(t.Trekkpliktig, 9):
		return invalid("trekkpliktig", "må være et organisasjonsnummer med 9 siffer")
	case t.Trekkversjon < 1:
		return invalid("trekkversjon", "må være 1 eller høyere")
	case t.Sekvensnummer < 1:
		return invalid("sekvensnummer", "må være 1 eller høyere")
	case t.Trekkstatus != StatusAktiv && t.Trekkstatus != StatusAvsluttet:
		return invalid("trekkstatus", "må være aktiv eller avsluttet")
	case t.Betalingsinformasjon.Kidnummer == "":
		return invalid("betalingsinformasjon.kidnummer", "mangler")
	}
	if _, err := time.Parse(time.RFC3339Nano, t.Opprettet); err != nil {
		return invalid("opprettet", "må være et tidspunkt etter RFC 3339, fikk %q", t.Opprettet)
	}
	for i, r := range t.Trekkid {
		if r == '/' || r < ' ' || r == '?' || r == '#' || r == '%' {
			return invalid("trekkid", "ugyldig tegn på plass %d", i)
		}
	}
	return checkPeriods(t.TrekkstoerrelseForPeriode)
}

// checkPublication applies the publication rules of §6.2 to orders the
// server manages itself: a new period starts tomorrow at the earliest; a
// period that has started keeps its start and size; a sluttdato is never
// set or moved before today. prev is nil for a new order.
func checkPublication(prev, next []TrekkstoerrelseForPeriode, today string) error {
	tomorrow := addDays(today, 1)
	old := map[string]TrekkstoerrelseForPeriode{}
	for _, p := range prev {
		old[p.Startdato] = p
	}
	kept := map[string]bool{}
	for i, p := range next {
		f := fmt.Sprintf("trekkstoerrelseForPeriode[%d]", i)
		o, existed := old[p.Startdato]
		if !existed || o.Startdato > today {
			if p.Startdato < tomorrow {
				return invalid(f+".startdato", "ny eller endret periode kan tidligst starte i morgen (%s), fikk %s", tomorrow, p.Startdato)
			}
			continue
		}
		kept[p.Startdato] = true
		if !sameSize(o, p) {
			return invalid(f, "størrelsen på en periode som har startet (%s) kan ikke endres; avslutt den og legg til en ny periode", p.Startdato)
		}
		if p.Sluttdato != o.Sluttdato {
			if o.Sluttdato != "" && o.Sluttdato < today {
				return invalid(f+".sluttdato", "sluttdato %s er passert og kan ikke endres", o.Sluttdato)
			}
			if p.Sluttdato != "" && p.Sluttdato < today {
				return invalid(f+".sluttdato", "sluttdato kan ikke settes tilbake i tid (før %s)", today)
			}
		}
	}
	for _, o := range prev {
		if o.Startdato <= today && !kept[o.Startdato] {
			return invalid("trekkstoerrelseForPeriode", "periode som startet %s mangler; en ny versjon har hele periodehistorikken", o.Startdato)
		}
	}
	return nil
}

func sameSize(a, b TrekkstoerrelseForPeriode) bool {
	switch {
	case a.Trekkbeloep != nil && b.Trekkbeloep != nil:
		x, _ := numberValue(string(a.Trekkbeloep.Trekkbeloep))
		y, _ := numberValue(string(b.Trekkbeloep.Trekkbeloep))
		return x == y
	case a.Trekkprosent != nil && b.Trekkprosent != nil:
		x, _ := numberValue(string(a.Trekkprosent.Trekkprosent))
		y, _ := numberValue(string(b.Trekkprosent.Trekkprosent))
		return x == y
	}
	return false
}

// statusFor derives trekkstatus from the periods (spec: §7): avsluttet
// once the last period's sluttdato is today or has passed.
func statusFor(ps []TrekkstoerrelseForPeriode, today string) string {
	if n := len(ps); n > 0 && ps[n-1].Sluttdato != "" && ps[n-1].Sluttdato <= today {
		return StatusAvsluttet
	}
	return StatusAktiv
}
