package utlegg

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Layer 1 of the validation (spec: utleggsbegjaering.md §8.1): formats,
// code lists, «valgEgenskap» choices and the req-400 fields of §7. Each
// problem is one UGYLDIG_INPUT kontrollutslag naming its JSON path. The
// check also normalises the document in place: dates to YYYY-MM-DD, the
// model-1.0 aliases to their 0.9 names.

const (
	maxTekst    = 4000
	kodeUgyldig = "UGYLDIG_INPUT"
	beskUgyldig = "Feil i forbindelse med validering av inputdata."
)

type schema struct {
	errs []Kontrollutslag
	// pf is set while a prosessfullmektig's Aktoer is checked: its
	// organisation number is the rule MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG,
	// not a 400.
	pf bool
}

// jsonsti is a JSON path built only when a problem is reported: a chain of
// members on the caller's stack, so a document without problems costs
// no path strings.
type jsonsti struct {
	opp  *jsonsti
	ledd string // member name(s), "" at the root
	idx  int    // index into ledd, or -1
}

// f is the member ledd (which may hold dots) of p.
func (p *jsonsti) f(ledd string) jsonsti { return jsonsti{opp: p, ledd: ledd, idx: -1} }

// fi is element i of the list member ledd of p.
func (p *jsonsti) fi(ledd string, i int) jsonsti { return jsonsti{opp: p, ledd: ledd, idx: i} }

// String renders the path as saksoeker[0].saksoeker.
func (p *jsonsti) String() string {
	var b strings.Builder
	p.skriv(&b)
	return b.String()
}

func (p *jsonsti) skriv(b *strings.Builder) {
	if p.opp != nil {
		p.opp.skriv(b)
	}
	if p.ledd != "" {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p.ledd)
	}
	if p.idx >= 0 {
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(p.idx))
		b.WriteByte(']')
	}
}

func (s *schema) number(path jsonsti, n Tall) {
	if n != "" && !erTall(string(n)) {
		s.fail(path, "ugyldig tall %q", string(n))
	}
}

func (s *schema) fail(path jsonsti, format string, args ...any) {
	s.errs = append(s.errs, Kontrollutslag{Kode: kodeUgyldig, Melding: path.String() + ": " + fmt.Sprintf(format, args...), Beskrivelse: beskUgyldig})
}

func (s *schema) text(path jsonsti, v string) {
	if utf8.RuneCountInString(v) > maxTekst {
		s.fail(path, "teksten er lengre enn %d tegn", maxTekst)
	}
}

func (s *schema) required(path jsonsti, v string) bool {
	s.text(path, v)
	if strings.TrimSpace(v) == "" {
		s.fail(path, "mangler")
		return false
	}
	return true
}

// date normalises a Dato (YYYY-MM-DD or YYYYMMDD; spec: §5.3); "" is
// absent and only an error when req.
func (s *schema) date(path jsonsti, v *string, req bool) {
	if *v == "" {
		if req {
			s.fail(path, "mangler")
		}
		return
	}
	if d, ok := parseDato(*v); ok {
		*v = d
		return
	}
	s.fail(path, "ugyldig dato %q, forventet YYYY-MM-DD", *v)
}

func parseDato(v string) (string, bool) {
	if erIsoDato(v) {
		return v, true
	}
	for _, layout := range []string{"2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

func (s *schema) enum(path jsonsti, v string, list []string, req bool) {
	if v == "" {
		if req {
			s.fail(path, "mangler")
		}
		return
	}
	if _, ok := enumMatch(v, list); !ok {
		s.fail(path, "ukjent verdi %q, tillatte verdier: %s", v, strings.Join(list, ", "))
	}
}

func (s *schema) pattern(path jsonsti, v string, match func(string) bool, what string) {
	if v != "" && !match(v) {
		s.fail(path, "ugyldig %s %q", what, v)
	}
}

// checkSchema runs layer 1 over b and normalises it.
func checkSchema(b *Utleggsbegjaering) []Kontrollutslag {
	s := &schema{}
	rot := jsonsti{idx: -1}
	if len(b.Saksoeker) == 0 {
		s.fail(rot.f("saksoeker"), "må ha minst én saksøker")
	}
	for i := range b.Saksoeker {
		p := rot.fi("saksoeker", i)
		x := &b.Saksoeker[i]
		if x.Saksoeker == nil {
			s.fail(p.f("saksoeker"), "mangler")
		}
		s.aktoer(p.f("saksoeker"), x.Saksoeker)
		s.text(p.f("saksoekerReferanse"), x.SaksoekerReferanse)
		s.prosessfullmektig(p.f("prosessfullmektig"), x.Prosessfullmektig)
	}
	if len(b.Saksoekt) == 0 {
		s.fail(rot.f("saksoekt"), "må ha minst én saksøkt")
	}
	for i := range b.Saksoekt {
		p := rot.fi("saksoekt", i)
		x := &b.Saksoekt[i]
		if x.Saksoekt == nil {
			s.fail(p.f("saksoekt"), "mangler")
		}
		s.aktoer(p.f("saksoekt"), x.Saksoekt)
		s.text(p.f("saksoektReferanse"), x.SaksoektReferanse)
		s.prosessfullmektig(p.f("prosessfullmektig"), x.Prosessfullmektig)
	}
	if b.Innsender != nil {
		s.aktoer(rot.f("innsender.innsender"), b.Innsender.Innsender)
		s.text(rot.f("innsender.saksbehandler"), b.Innsender.Saksbehandler)
		s.prosessfullmektig(rot.f("innsender.prosessfullmektig"), b.Innsender.Prosessfullmektig)
	}
	s.required(rot.f("underskrift"), b.Underskrift)
	s.text(rot.f("innsenderReferanse"), b.InnsenderReferanse)
	s.text(rot.f("saksreferanse"), b.Saksreferanse)
	s.enum(rot.f("tvangsfullbyrdelsestype"), b.Tvangsfullbyrdelsestype, tvangsfullbyrdelsesTyper, true)
	s.date(rot.f("begjaeringsdato"), &b.Begjaeringsdato, true)
	if b.KreverRettsgebyrErstattet == nil {
		s.fail(rot.f("kreverRettsgebyrErstattet"), "mangler")
	}
	s.text(rot.f("berOmInnkallingTilMoeteMedBegrunnelse"), b.BerOmInnkallingTilMoeteMedBegrunnelse)
	s.text(rot.f("berOmUnnlattForeleggelseMedBegrunnelse"), b.BerOmUnnlattForeleggelseMedBegrunnelse)
	for i, v := range b.SpesiellUtleggsgjenstand {
		s.text(rot.fi("spesiellUtleggsgjenstand", i), v)
	}
	for i := range b.Vedlegg {
		s.vedlegg(rot.fi("vedlegg", i), &b.Vedlegg[i], true)
	}
	if bi := b.Betalingsinformasjon; bi != nil {
		for _, k := range []*Kontoinformasjon{bi.NorskKonto, bi.UtenlandskKonto} {
			if k != nil {
				s.text(rot.f("betalingsinformasjon.kontonummer"), k.Kontonummer)
				s.pattern(rot.f("betalingsinformasjon.landkodeBank"), k.LandkodeBank, erLandkode, "landkode")
			}
		}
	}
	for i := range b.KravTilInnkreving {
		s.krav(rot.fi("kravTilInnkreving", i), &b.KravTilInnkreving[i])
	}
	if d := b.ValgtNamsmannsdistrikt; d != nil {
		s.required(rot.f("valgtNamsmannsdistrikt.namsmannsdistrikt"), d.Namsmannsdistrikt)
		s.required(rot.f("valgtNamsmannsdistrikt.begrunnelse"), d.Begrunnelse)
	}
	if len(b.BegjaeringensTvangsgrunnlag) == 0 {
		s.fail(rot.f("begjaeringensTvangsgrunnlag"), "må ha minst ett tvangsgrunnlag")
	}
	for i := range b.BegjaeringensTvangsgrunnlag {
		s.tvangsgrunnlag(rot.fi("begjaeringensTvangsgrunnlag", i), &b.BegjaeringensTvangsgrunnlag[i])
	}
	return s.errs
}

func (s *schema) aktoer(p jsonsti, a *Aktoer) {
	if a == nil {
		return
	}
	n := 0
	if a.Virksomhet != nil {
		n++
		s.virksomhet(p.f("virksomhet"), a.Virksomhet)
	}
	if a.Person != nil {
		n++
		pp := p.f("person")
		if a.Person.Personnavn == nil {
			s.fail(pp.f("personnavn"), "mangler")
		}
		s.personnavn(pp.f("personnavn"), a.Person.Personnavn)
		s.date(pp.f("foedselsdato"), &a.Person.Foedselsdato, false)
		s.identifikator(pp.f("identifikator"), a.Person.Identifikator, false)
		for i := range a.Person.InnehaverEnkeltpersonforetak {
			s.virksomhet(pp.fi("innehaverEnkeltpersonforetak", i), &a.Person.InnehaverEnkeltpersonforetak[i])
		}
	}
	if a.Sammenslutning != nil {
		n++
		s.required(p.f("sammenslutning.navn"), a.Sammenslutning.Navn)
		s.identifikator(p.f("sammenslutning.identifikator"), a.Sammenslutning.Identifikator, false)
	}
	if n > 1 {
		s.fail(p, "kun én av virksomhet, person og sammenslutning kan oppgis")
	}
	for i := range a.Adresse {
		s.adresse(p.fi("adresse", i), &a.Adresse[i])
	}
}

func (s *schema) virksomhet(p jsonsti, v *Virksomhet) {
	s.required(p.f("navn"), v.Navn)
	if s.pf && (v.Identifikator == nil || blank(v.Identifikator.Verdi)) {
		// MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG reports it.
	} else {
		s.identifikator(p.f("identifikator"), v.Identifikator, true)
	}
	s.enum(p.f("virksomhetstype"), v.Virksomhetstype, virksomhetsTyper, true)
}

func (s *schema) personnavn(p jsonsti, n *Personnavn) {
	if n == nil {
		return
	}
	s.text(p.f("fornavn"), n.Fornavn)
	s.text(p.f("mellomnavn"), n.Mellomnavn)
	s.required(p.f("etternavn"), n.Etternavn)
}

func (s *schema) identifikator(p jsonsti, id *Identifikator, req bool) {
	if id == nil {
		if req {
			s.fail(p, "mangler")
		}
		return
	}
	s.required(p.f("identifikatortype"), id.Identifikatortype)
	s.required(p.f("verdi"), id.Verdi)
	if s.required(p.f("landkode"), id.Landkode) {
		s.pattern(p.f("landkode"), id.Landkode, erLandkode, "landkode")
	}
}

func (s *schema) adresse(p jsonsti, a *AdresseBegjaering) {
	s.enum(p.f("adressetype"), a.Adressetype, adresseTyper, true)
	n := 0
	if a.AdresseInnland != nil {
		n++
		if f := a.AdresseInnland.AdresseFrittFormatInnland; f == nil {
			s.fail(p.f("adresseInnland.adresseFrittFormatInnland"), "mangler")
		} else {
			pp := p.f("adresseInnland.adresseFrittFormatInnland")
			s.text(pp.f("adressetekst"), f.Adressetekst)
			s.text(pp.f("poststedsnavn"), f.Poststedsnavn)
			s.pattern(pp.f("postnummer"), f.Postnummer, erFireSiffer, "postnummer")
			s.pattern(pp.f("kommunenummer"), f.Kommunenummer, erFireSiffer, "kommunenummer")
		}
	}
	if a.AdresseUtland != nil {
		n++
		if f := a.AdresseUtland.AdresseFrittFormatUtland; f == nil {
			s.fail(p.f("adresseUtland.adresseFrittFormatUtland"), "mangler")
		} else {
			pp := p.f("adresseUtland.adresseFrittFormatUtland")
			s.text(pp.f("adressetekst"), f.Adressetekst)
			s.text(pp.f("poststedUtland"), f.PoststedUtland)
			s.pattern(pp.f("landkode"), f.Landkode, erLandkode, "landkode")
		}
	}
	if a.UkjentBosted != nil {
		n++
		s.required(p.f("ukjentBosted.begrunnelse"), a.UkjentBosted.Begrunnelse)
		s.pattern(p.f("ukjentBosted.kommunenummer"), a.UkjentBosted.Kommunenummer, erFireSiffer, "kommunenummer")
	}
	if n != 1 {
		s.fail(p, "nøyaktig én av adresseInnland, adresseUtland og ukjentBosted må oppgis")
	}
}

func (s *schema) prosessfullmektig(p jsonsti, f *Prosessfullmektig) {
	if f == nil {
		return
	}
	if f.Prosessfullmektig == nil {
		s.fail(p.f("prosessfullmektig"), "mangler")
	}
	s.pf = true
	s.aktoer(p.f("prosessfullmektig"), f.Prosessfullmektig)
	s.pf = false
	if fm := f.Fullmakt; fm != nil {
		s.date(p.f("fullmakt.fraDato"), &fm.FraDato, true)
		s.date(p.f("fullmakt.tilDato"), &fm.TilDato, false)
		s.vedleggReq(p.f("fullmakt.fullmakt"), fm.Fullmakt)
	}
	if bh := f.Bevillingshaver; bh != nil {
		if bh.Navn == nil {
			s.fail(p.f("bevillingshaver.navn"), "mangler")
		}
		s.personnavn(p.f("bevillingshaver.navn"), bh.Navn)
		s.text(p.f("bevillingshaver.inkassobevillingshaverNummer"), bh.InkassobevillingshaverNummer)
	}
}

// vedlegg checks a reference; a missing uuid is the rule
// VEDLEGG_SKAL_HA_UUID, a malformed one a 400 (spec: §7.5).
func (s *schema) vedlegg(p jsonsti, v *Vedlegg, _ bool) {
	s.enum(p.f("type"), v.Type, vedleggTyper, true)
	s.required(p.f("filnavn"), v.Filnavn)
	if strings.TrimSpace(v.UUID) != "" {
		s.pattern(p.f("uuid"), v.UUID, erUUID, "uuid")
	}
}

func (s *schema) vedleggReq(p jsonsti, v *Vedlegg) {
	if v == nil {
		s.fail(p, "mangler")
		return
	}
	s.vedlegg(p, v, true)
}
