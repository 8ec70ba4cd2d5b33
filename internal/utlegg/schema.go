package utlegg

import (
	"encoding/json"
	"fmt"
	"regexp"
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

var (
	reUUID     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	reFireSiff = regexp.MustCompile(`^[0-9]{4}$`)
	reLandkode = regexp.MustCompile(`^[A-Z]{2}$`)
	reNumber   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
)

type schema struct {
	errs []Kontrollutslag
	// pf is set while a prosessfullmektig's Aktoer is checked: its
	// organisation number is the rule MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG,
	// not a 400.
	pf bool
}

func (s *schema) number(path string, n json.Number) {
	if n != "" && !reNumber.MatchString(string(n)) {
		s.fail(path, "ugyldig tall %q", string(n))
	}
}

func (s *schema) fail(path, format string, args ...any) {
	s.errs = append(s.errs, Kontrollutslag{Kode: kodeUgyldig, Melding: path + ": " + fmt.Sprintf(format, args...), Beskrivelse: beskUgyldig})
}

func (s *schema) text(path, v string) {
	if utf8.RuneCountInString(v) > maxTekst {
		s.fail(path, "teksten er lengre enn %d tegn", maxTekst)
	}
}

func (s *schema) required(path, v string) bool {
	s.text(path, v)
	if strings.TrimSpace(v) == "" {
		s.fail(path, "mangler")
		return false
	}
	return true
}

// date normalises a Dato (YYYY-MM-DD or YYYYMMDD; spec: §5.3); "" is
// absent and only an error when req.
func (s *schema) date(path string, v *string, req bool) {
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
	for _, layout := range []string{"2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

func (s *schema) enum(path, v string, list []string, req bool) {
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

func (s *schema) pattern(path, v string, re *regexp.Regexp, what string) {
	if v != "" && !re.MatchString(v) {
		s.fail(path, "ugyldig %s %q", what, v)
	}
}

// checkSchema runs layer 1 over b and normalises it.
func checkSchema(b *Utleggsbegjaering) []Kontrollutslag {
	s := &schema{}
	if len(b.Saksoeker) == 0 {
		s.fail("saksoeker", "må ha minst én saksøker")
	}
	for i := range b.Saksoeker {
		p := fmt.Sprintf("saksoeker[%d]", i)
		x := &b.Saksoeker[i]
		if x.Saksoeker == nil {
			s.fail(p+".saksoeker", "mangler")
		}
		s.aktoer(p+".saksoeker", x.Saksoeker)
		s.text(p+".saksoekerReferanse", x.SaksoekerReferanse)
		s.prosessfullmektig(p+".prosessfullmektig", x.Prosessfullmektig)
	}
	if len(b.Saksoekt) == 0 {
		s.fail("saksoekt", "må ha minst én saksøkt")
	}
	for i := range b.Saksoekt {
		p := fmt.Sprintf("saksoekt[%d]", i)
		x := &b.Saksoekt[i]
		if x.Saksoekt == nil {
			s.fail(p+".saksoekt", "mangler")
		}
		s.aktoer(p+".saksoekt", x.Saksoekt)
		s.text(p+".saksoektReferanse", x.SaksoektReferanse)
		s.prosessfullmektig(p+".prosessfullmektig", x.Prosessfullmektig)
	}
	if b.Innsender != nil {
		s.aktoer("innsender.innsender", b.Innsender.Innsender)
		s.text("innsender.saksbehandler", b.Innsender.Saksbehandler)
		s.prosessfullmektig("innsender.prosessfullmektig", b.Innsender.Prosessfullmektig)
	}
	s.required("underskrift", b.Underskrift)
	s.text("innsenderReferanse", b.InnsenderReferanse)
	s.text("saksreferanse", b.Saksreferanse)
	s.enum("tvangsfullbyrdelsestype", b.Tvangsfullbyrdelsestype, tvangsfullbyrdelsesTyper, true)
	s.date("begjaeringsdato", &b.Begjaeringsdato, true)
	if b.KreverRettsgebyrErstattet == nil {
		s.fail("kreverRettsgebyrErstattet", "mangler")
	}
	s.text("berOmInnkallingTilMoeteMedBegrunnelse", b.BerOmInnkallingTilMoeteMedBegrunnelse)
	s.text("berOmUnnlattForeleggelseMedBegrunnelse", b.BerOmUnnlattForeleggelseMedBegrunnelse)
	for i, v := range b.SpesiellUtleggsgjenstand {
		s.text(fmt.Sprintf("spesiellUtleggsgjenstand[%d]", i), v)
	}
	for i := range b.Vedlegg {
		s.vedlegg(fmt.Sprintf("vedlegg[%d]", i), &b.Vedlegg[i], true)
	}
	if bi := b.Betalingsinformasjon; bi != nil {
		for _, k := range []*Kontoinformasjon{bi.NorskKonto, bi.UtenlandskKonto} {
			if k != nil {
				s.text("betalingsinformasjon.kontonummer", k.Kontonummer)
				s.pattern("betalingsinformasjon.landkodeBank", k.LandkodeBank, reLandkode, "landkode")
			}
		}
	}
	for i := range b.KravTilInnkreving {
		s.krav(fmt.Sprintf("kravTilInnkreving[%d]", i), &b.KravTilInnkreving[i])
	}
	if d := b.ValgtNamsmannsdistrikt; d != nil {
		s.required("valgtNamsmannsdistrikt.namsmannsdistrikt", d.Namsmannsdistrikt)
		s.required("valgtNamsmannsdistrikt.begrunnelse", d.Begrunnelse)
	}
	if len(b.BegjaeringensTvangsgrunnlag) == 0 {
		s.fail("begjaeringensTvangsgrunnlag", "må ha minst ett tvangsgrunnlag")
	}
	for i := range b.BegjaeringensTvangsgrunnlag {
		s.tvangsgrunnlag(fmt.Sprintf("begjaeringensTvangsgrunnlag[%d]", i), &b.BegjaeringensTvangsgrunnlag[i])
	}
	return s.errs
}

func (s *schema) aktoer(p string, a *Aktoer) {
	if a == nil {
		return
	}
	n := 0
	if a.Virksomhet != nil {
		n++
		s.virksomhet(p+".virksomhet", a.Virksomhet)
	}
	if a.Person != nil {
		n++
		pp := p + ".person"
		if a.Person.Personnavn == nil {
			s.fail(pp+".personnavn", "mangler")
		}
		s.personnavn(pp+".personnavn", a.Person.Personnavn)
		s.date(pp+".foedselsdato", &a.Person.Foedselsdato, false)
		s.identifikator(pp+".identifikator", a.Person.Identifikator, false)
		for i := range a.Person.InnehaverEnkeltpersonforetak {
			s.virksomhet(fmt.Sprintf("%s.innehaverEnkeltpersonforetak[%d]", pp, i), &a.Person.InnehaverEnkeltpersonforetak[i])
		}
	}
	if a.Sammenslutning != nil {
		n++
		s.required(p+".sammenslutning.navn", a.Sammenslutning.Navn)
		s.identifikator(p+".sammenslutning.identifikator", a.Sammenslutning.Identifikator, false)
	}
	if n > 1 {
		s.fail(p, "kun én av virksomhet, person og sammenslutning kan oppgis")
	}
	for i := range a.Adresse {
		s.adresse(fmt.Sprintf("%s.adresse[%d]", p, i), &a.Adresse[i])
	}
}

func (s *schema) virksomhet(p string, v *Virksomhet) {
	s.required(p+".navn", v.Navn)
	if s.pf && (v.Identifikator == nil || blank(v.Identifikator.Verdi)) {
		// MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG reports it.
	} else {
		s.identifikator(p+".identifikator", v.Identifikator, true)
	}
	s.enum(p+".virksomhetstype", v.Virksomhetstype, virksomhetsTyper, true)
}

func (s *schema) personnavn(p string, n *Personnavn) {
	if n == nil {
		return
	}
	s.text(p+".fornavn", n.Fornavn)
	s.text(p+".mellomnavn", n.Mellomnavn)
	s.required(p+".etternavn", n.Etternavn)
}

func (s *schema) identifikator(p string, id *Identifikator, req bool) {
	if id == nil {
		if req {
			s.fail(p, "mangler")
		}
		return
	}
	s.required(p+".identifikatortype", id.Identifikatortype)
	s.required(p+".verdi", id.Verdi)
	if s.required(p+".landkode", id.Landkode) {
		s.pattern(p+".landkode", id.Landkode, reLandkode, "landkode")
	}
}

func (s *schema) adresse(p string, a *AdresseBegjaering) {
	s.enum(p+".adressetype", a.Adressetype, adresseTyper, true)
	n := 0
	if a.AdresseInnland != nil {
		n++
		if f := a.AdresseInnland.AdresseFrittFormatInnland; f == nil {
			s.fail(p+".adresseInnland.adresseFrittFormatInnland", "mangler")
		} else {
			pp := p + ".adresseInnland.adresseFrittFormatInnland"
			s.text(pp+".adressetekst", f.Adressetekst)
			s.text(pp+".poststedsnavn", f.Poststedsnavn)
			s.pattern(pp+".postnummer", f.Postnummer, reFireSiff, "postnummer")
			s.pattern(pp+".kommunenummer", f.Kommunenummer, reFireSiff, "kommunenummer")
		}
	}
	if a.AdresseUtland != nil {
		n++
		if f := a.AdresseUtland.AdresseFrittFormatUtland; f == nil {
			s.fail(p+".adresseUtland.adresseFrittFormatUtland", "mangler")
		} else {
			pp := p + ".adresseUtland.adresseFrittFormatUtland"
			s.text(pp+".adressetekst", f.Adressetekst)
			s.text(pp+".poststedUtland", f.PoststedUtland)
			s.pattern(pp+".landkode", f.Landkode, reLandkode, "landkode")
		}
	}
	if a.UkjentBosted != nil {
		n++
		s.required(p+".ukjentBosted.begrunnelse", a.UkjentBosted.Begrunnelse)
		s.pattern(p+".ukjentBosted.kommunenummer", a.UkjentBosted.Kommunenummer, reFireSiff, "kommunenummer")
	}
	if n != 1 {
		s.fail(p, "nøyaktig én av adresseInnland, adresseUtland og ukjentBosted må oppgis")
	}
}

func (s *schema) prosessfullmektig(p string, f *Prosessfullmektig) {
	if f == nil {
		return
	}
	if f.Prosessfullmektig == nil {
		s.fail(p+".prosessfullmektig", "mangler")
	}
	s.pf = true
	s.aktoer(p+".prosessfullmektig", f.Prosessfullmektig)
	s.pf = false
	if fm := f.Fullmakt; fm != nil {
		s.date(p+".fullmakt.fraDato", &fm.FraDato, true)
		s.date(p+".fullmakt.tilDato", &fm.TilDato, false)
		s.vedleggReq(p+".fullmakt.fullmakt", fm.Fullmakt)
	}
	if bh := f.Bevillingshaver; bh != nil {
		if bh.Navn == nil {
			s.fail(p+".bevillingshaver.navn", "mangler")
		}
		s.personnavn(p+".bevillingshaver.navn", bh.Navn)
		s.text(p+".bevillingshaver.inkassobevillingshaverNummer", bh.InkassobevillingshaverNummer)
	}
}

// vedlegg checks a reference; a missing uuid is the rule
// VEDLEGG_SKAL_HA_UUID, a malformed one a 400 (spec: §7.5).
func (s *schema) vedlegg(p string, v *Vedlegg, _ bool) {
	s.enum(p+".type", v.Type, vedleggTyper, true)
	s.required(p+".filnavn", v.Filnavn)
	if strings.TrimSpace(v.UUID) != "" {
		s.pattern(p+".uuid", v.UUID, reUUID, "uuid")
	}
}

func (s *schema) vedleggReq(p string, v *Vedlegg) {
	if v == nil {
		s.fail(p, "mangler")
		return
	}
	s.vedlegg(p, v, true)
}
