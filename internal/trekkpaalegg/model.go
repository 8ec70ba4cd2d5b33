package trekkpaalegg

import (
	"encoding/json"
	"strconv"
)

// Trekkstatus values (spec: trekkpaalegg.md §6.4).
const (
	StatusAktiv     = "aktiv"
	StatusAvsluttet = "avsluttet"
)

// Trekkpaalegg is one version of a withholding order, with the JSON names
// and field order of the published examples (spec: trekkpaalegg.md §6.1,
// §6.7). Opprettet is kept as text so that fixture values are served
// verbatim.
type Trekkpaalegg struct {
	Trekkid                   string                      `json:"trekkid"`
	Skyldner                  string                      `json:"skyldner"`
	Opprettet                 string                      `json:"opprettet"`
	Saksnummer                string                      `json:"saksnummer"`
	Trekkstatus               string                      `json:"trekkstatus"`
	Trekkpliktig              string                      `json:"trekkpliktig"`
	Trekkversjon              int64                       `json:"trekkversjon"`
	Sekvensnummer             int64                       `json:"sekvensnummer"`
	Betalingsinformasjon      Betalingsinformasjon        `json:"betalingsinformasjon"`
	TrekkstoerrelseForPeriode []TrekkstoerrelseForPeriode `json:"trekkstoerrelseForPeriode"`
}

// Betalingsinformasjon says where the employer pays (spec: §6.3).
type Betalingsinformasjon struct {
	Kidnummer         string `json:"kidnummer"`
	Kontonummer       string `json:"kontonummer"`
	Betalingsmottaker string `json:"betalingsmottaker"`
}

// TrekkstoerrelseForPeriode is the amount or percentage to withhold in
// one period; exactly one of Trekkbeloep and Trekkprosent is set, and an
// open-ended period has no Sluttdato (spec: §6.2, §6.7).
type TrekkstoerrelseForPeriode struct {
	Startdato    string        `json:"startdato"`
	Sluttdato    string        `json:"sluttdato,omitempty"`
	Trekkbeloep  *Trekkbeloep  `json:"trekkbeloep,omitempty"`
	Trekkprosent *Trekkprosent `json:"trekkprosent,omitempty"`
}

// Trekkbeloep is the wrapper object of an amount per month (spec: §6.2).
// The number is kept as its JSON literal so fixtures are served verbatim.
type Trekkbeloep struct {
	Trekkbeloep json.Number `json:"trekkbeloep"`
}

// Trekkprosent is the wrapper object of a percentage of gross pay.
type Trekkprosent struct {
	Trekkprosent json.Number `json:"trekkprosent"`
}

// Beloep returns a period with an amount per month.
func Beloep(start, slutt string, kroner float64) TrekkstoerrelseForPeriode {
	return TrekkstoerrelseForPeriode{Startdato: start, Sluttdato: slutt, Trekkbeloep: &Trekkbeloep{number(kroner)}}
}

// Prosent returns a period with a percentage.
func Prosent(start, slutt string, prosent float64) TrekkstoerrelseForPeriode {
	return TrekkstoerrelseForPeriode{Startdato: start, Sluttdato: slutt, Trekkprosent: &Trekkprosent{number(prosent)}}
}

func number(f float64) json.Number { return json.Number(strconv.FormatFloat(f, 'f', -1, 64)) }

// lastSluttdato is the sluttdato of the last period ("" if open-ended).
func (t Trekkpaalegg) lastSluttdato() string {
	if n := len(t.TrekkstoerrelseForPeriode); n > 0 {
		return t.TrekkstoerrelseForPeriode[n-1].Sluttdato
	}
	return ""
}

// clonePeriods copies the period list, wrappers included.
func clonePeriods(ps []TrekkstoerrelseForPeriode) []TrekkstoerrelseForPeriode {
	out := make([]TrekkstoerrelseForPeriode, len(ps))
	for i, p := range ps {
		out[i] = p
		if p.Trekkbeloep != nil {
			b := *p.Trekkbeloep
			out[i].Trekkbeloep = &b
		}
		if p.Trekkprosent != nil {
			q := *p.Trekkprosent
			out[i].Trekkprosent = &q
		}
	}
	return out
}
