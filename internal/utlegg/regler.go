package utlegg

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"slices"
	"strings"
)

// The published rule texts (spec: utleggsbegjaering.md §8.3, data file
// valideringsregler.json, copied verbatim into this package).
//
//go:embed valideringsregler.json
var reglerJSON []byte

//go:embed saksoekt-gammelt-regelverk-test.json
var gammeltRegelverkJSON []byte

// Regel is one published vilkår.
type Regel struct {
	Vilkaarnavn       string `json:"vilkaarnavn"`
	GjelderKunEndring bool   `json:"gjelderKunEndring"`
	Tittel            string `json:"tittel"`
	Beskrivelse       string `json:"beskrivelse"`
	Avvikstekst       string `json:"avvikstekst"`
	Nivaa             string `json:"nivaa"`
	HaandhevesPaaV1   bool   `json:"haandhevesPaaV1"`
}

var regler = func() map[string]Regel {
	var f struct {
		Regler []Regel `json:"regler"`
	}
	if err := json.Unmarshal(reglerJSON, &f); err != nil {
		panic("utlegg: valideringsregler.json: " + err.Error())
	}
	m := make(map[string]Regel, len(f.Regler))
	for _, r := range f.Regler {
		m[r.Vilkaarnavn] = r
	}
	return m
}()

// EnforcedRules lists the vilkår enforced on /v1, sorted (spec: §8.3).
func EnforcedRules() []Regel {
	var out []Regel
	for _, r := range regler {
		if r.HaandhevesPaaV1 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Regel) int { return cmp.Compare(a.Vilkaarnavn, b.Vilkaarnavn) })
	return out
}

// defaultGammeltRegelverk is the published old-rules test list (spec:
// rule SAKSOEKT_GAMMELT_REGELVERK).
func defaultGammeltRegelverk() map[string]bool {
	var f struct {
		Personer     []string `json:"personer"`
		Virksomheter []string `json:"virksomheter"`
	}
	if err := json.Unmarshal(gammeltRegelverkJSON, &f); err != nil {
		panic("utlegg: saksoekt-gammelt-regelverk-test.json: " + err.Error())
	}
	m := map[string]bool{}
	for _, x := range append(f.Personer, f.Virksomheter...) {
		m[x] = true
	}
	return m
}

// utslag builds the kontrollutslag of rule kode with its avvikstekst
// filled by the name/value pairs (spec: §8.2). An empty avvikstekst
// gives the tittel.
func utslag(kode string, pairs ...string) Kontrollutslag {
	r, ok := regler[kode]
	if !ok {
		panic("utlegg: unknown rule " + kode)
	}
	m := r.Avvikstekst
	if m == "" {
		m = r.Tittel
	}
	if len(pairs) > 0 {
		m = strings.NewReplacer(pairs...).Replace(m)
	}
	return Kontrollutslag{Kode: kode, Melding: m, Beskrivelse: r.Beskrivelse}
}

// utslagLinje builds the kontrollutslag of a multi-line ("En av
// følgende:") rule from line i (0-based) of its template, without the
// leading "- ", with each '%s' replaced in order by args.
func utslagLinje(kode string, i int, args ...string) Kontrollutslag {
	r := regler[kode]
	lines := strings.Split(r.Avvikstekst, "\n- ")
	line := r.Avvikstekst
	if len(lines) > 1 && i+1 < len(lines) {
		line = lines[i+1]
	}
	return Kontrollutslag{Kode: kode, Melding: fillS(line, args...), Beskrivelse: r.Beskrivelse}
}

// fillS replaces each %s in order by the next argument.
func fillS(t string, args ...string) string {
	var b strings.Builder
	for {
		i := strings.Index(t, "%s")
		if i < 0 || len(args) == 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		b.WriteString(args[0])
		t, args = t[i+2:], args[1:]
	}
}

// sortUtslag orders by kode (code-point order), then document order, and
// drops repeated (kode, melding) pairs (spec: §8.1).
func sortUtslag(ks []Kontrollutslag) []Kontrollutslag {
	slices.SortStableFunc(ks, func(a, b Kontrollutslag) int { return strings.Compare(a.Kode, b.Kode) })
	out := ks[:0]
	seen := map[[2]string]bool{}
	for _, k := range ks {
		key := [2]string{k.Kode, k.Melding}
		if !seen[key] {
			seen[key] = true
			out = append(out, k)
		}
	}
	return out
}
