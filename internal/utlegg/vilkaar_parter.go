package utlegg

import (
	"strings"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// The party rules (spec: utleggsbegjaering.md §8.3): identification,
// addresses, duplicates and representatives.

func antallValg(a *Aktoer) int {
	n := 0
	if a.Virksomhet != nil {
		n++
	}
	if a.Person != nil {
		n++
	}
	if a.Sammenslutning != nil {
		n++
	}
	return n
}

// aktoerNavn is the party's name as the templates use it (spec: §8.2).
func aktoerNavn(a *Aktoer) string {
	switch {
	case a == nil:
		return ""
	case a.Virksomhet != nil:
		return a.Virksomhet.Navn
	case a.Person != nil && a.Person.Personnavn != nil:
		n := a.Person.Personnavn
		parts := []string{}
		for _, p := range []string{n.Fornavn, n.Mellomnavn, n.Etternavn} {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		return strings.Join(parts, " ")
	case a.Sammenslutning != nil:
		return a.Sammenslutning.Navn
	}
	return ""
}

// aktoerID is the party's identifikator, nil if none.
func aktoerID(a *Aktoer) *Identifikator {
	switch {
	case a.Virksomhet != nil:
		return a.Virksomhet.Identifikator
	case a.Person != nil:
		return a.Person.Identifikator
	case a.Sammenslutning != nil:
		return a.Sammenslutning.Identifikator
	}
	return nil
}

// visningsnavn is the name, else the identifikator, else "ukjent".
func visningsnavn(a *Aktoer) string {
	if n := strings.TrimSpace(aktoerNavn(a)); n != "" {
		return n
	}
	if id := aktoerID(a); id != nil && strings.TrimSpace(id.Verdi) != "" {
		return id.Verdi
	}
	return "ukjent"
}

// partsnokkel identifies a party for the duplicate rules: the
// identifikator triple, else the normalised name and birth date.
func partsnokkel(a *Aktoer) string {
	if id := aktoerID(a); id != nil && strings.TrimSpace(id.Verdi) != "" {
		return "id\x1f" + strings.ToLower(strings.TrimSpace(id.Identifikatortype)) + "\x1f" + strings.TrimSpace(id.Verdi) +
			"\x1f" + strings.ToUpper(strings.TrimSpace(id.Landkode))
	}
	n := strings.ToLower(strings.Join(strings.Fields(aktoerNavn(a)), " "))
	if n == "" {
		return ""
	}
	fd := ""
	if a.Person != nil {
		fd = a.Person.Foedselsdato
	}
	return "navn\x1f" + n + "\x1f" + fd
}

func harID(id *Identifikator) bool { return id != nil && strings.TrimSpace(id.Verdi) != "" }

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// parter runs the rules on saksøkere, saksøkte and representatives.
func (c *vc) parter() {
	seen := map[string]bool{}
	dupl := false
	for _, s := range c.b.Saksoeker {
		a := s.Saksoeker
		if a == nil {
			continue
		}
		if !identifiserbarSaksoeker(a) {
			c.add(utslag("MANGLER_OPPLYSNINGER_OM_SAKSOEKER", "%saksøker", visningsnavn(a)))
		}
		c.adresser(a, "SAKSOEKERS_INNENLANDS_ADRESSE_UGYLDIG", "SAKSOEKERS_UTENLANDS_ADRESSE_UGYLDIG", "%saksøker")
		if k := partsnokkel(a); k != "" {
			dupl = dupl || seen[k]
			seen[k] = true
		}
		c.prosessfullmektig(s.Prosessfullmektig, false, false)
	}
	if dupl {
		c.add(utslag("DUPLIKAT_SAKSOEKER"))
	}
	seenT := map[string]bool{}
	duplT, samme := false, false
	for _, s := range c.b.Saksoekt {
		a := s.Saksoekt
		if a == nil {
			continue
		}
		if !identifiserbarSaksoekt(a) {
			c.add(utslag("MANGLER_OPPLYSNINGER_OM_SAKSOEKT", "%saksøkt", visningsnavn(a)))
		}
		c.adresser(a, "SAKSØKTES_INNENLANDS_ADRESSE_UGYLDIG", "SAKSØKTES_UTENLANDS_ADRESSE_UGYLDIG", "%saksøkt")
		if k := partsnokkel(a); k != "" {
			duplT = duplT || seenT[k]
			seenT[k] = true
			samme = samme || seen[k]
		}
		c.prosessfullmektig(s.Prosessfullmektig, false, false)
	}
	if duplT {
		c.add(utslag("DUPLIKAT_SAKSOEKT"))
	}
	if samme {
		c.add(utslag("SAMME_SAKSOEKT_SOM_SAKSOEKER"))
	}
	if in := c.b.Innsender; in != nil {
		if in.Innsender != nil {
			c.maksEnAdresse(in.Innsender)
		}
		inkasso := in.Innsender != nil && in.Innsender.Virksomhet != nil &&
			canonical(in.Innsender.Virksomhet.Virksomhetstype, virksomhetsTyper) == VirksomhetInkasso
		c.prosessfullmektig(in.Prosessfullmektig, true, inkasso)
	}
}

// identifiserbarSaksoeker: orgnr + name; name + address; personal
// identifier + surname + first name; birth date + surname + first name.
func identifiserbarSaksoeker(a *Aktoer) bool {
	navn := !blank(aktoerNavn(a))
	switch {
	case a.Virksomhet != nil && harID(a.Virksomhet.Identifikator) && !blank(a.Virksomhet.Navn):
		return true
	case a.Sammenslutning != nil && harID(a.Sammenslutning.Identifikator) && !blank(a.Sammenslutning.Navn):
		return true
	case navn && len(a.Adresse) > 0:
		return true
	case a.Person != nil && a.Person.Personnavn != nil && !blank(a.Person.Personnavn.Fornavn) && !blank(a.Person.Personnavn.Etternavn):
		return harID(a.Person.Identifikator) || a.Person.Foedselsdato != ""
	}
	return false
}

// identifiserbarSaksoekt: personal identifier + surname + first name;
// birth date + surname + first name + address; orgnr + name.
func identifiserbarSaksoekt(a *Aktoer) bool {
	switch {
	case a.Virksomhet != nil && harID(a.Virksomhet.Identifikator) && !blank(a.Virksomhet.Navn):
		return true
	case a.Sammenslutning != nil && harID(a.Sammenslutning.Identifikator) && !blank(a.Sammenslutning.Navn):
		return true
	case a.Person != nil && a.Person.Personnavn != nil && !blank(a.Person.Personnavn.Fornavn) && !blank(a.Person.Personnavn.Etternavn):
		return harID(a.Person.Identifikator) || (a.Person.Foedselsdato != "" && len(a.Adresse) > 0)
	}
	return false
}

// adresser runs MAKS_EN_ADRESSE_AV_HVER_TYPE and the minimum-address
// rules of a saksøker or saksøkt.
func (c *vc) adresser(a *Aktoer, innland, utland, token string) {
	c.maksEnAdresse(a)
	for _, ad := range a.Adresse {
		if in := ad.AdresseInnland; in != nil && in.AdresseFrittFormatInnland != nil {
			f := in.AdresseFrittFormatInnland
			if blank(f.Adressetekst) || blank(f.Postnummer) {
				c.add(utslag(innland, token, visningsnavn(a)))
			}
		}
		if ut := ad.AdresseUtland; ut != nil && ut.AdresseFrittFormatUtland != nil {
			f := ut.AdresseFrittFormatUtland
			if blank(f.PoststedUtland) || blank(f.Landkode) {
				c.add(utslag(utland, token, visningsnavn(a)))
			}
		}
	}
}

func (c *vc) maksEnAdresse(a *Aktoer) {
	typer := map[string]bool{}
	for _, ad := range a.Adresse {
		t := canonical(ad.Adressetype, adresseTyper)
		if typer[t] {
			// The published template's odd token %ukjentBosted is
			// replaced by the literal (spec: §8.3).
			c.add(utslag("MAKS_EN_ADRESSE_AV_HVER_TYPE", "%ukjentBosted", "ukjentBosted"))
			return
		}
		typer[t] = true
	}
}

// prosessfullmektig runs the representative rules; forInnsender marks
// the innsender's representative, inkasso an inkassobyrå innsender.
func (c *vc) prosessfullmektig(p *Prosessfullmektig, forInnsender, inkasso bool) {
	if p == nil || p.Prosessfullmektig == nil {
		return
	}
	a := p.Prosessfullmektig
	navn := visningsnavn(a)
	c.maksEnAdresse(a)
	switch {
	case antallValg(a) == 0:
		c.add(utslag("MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG_PERSON", "%prosessfullmektig", navn))
	case a.Person != nil:
		n := a.Person.Personnavn
		if n == nil || blank(n.Fornavn) || blank(n.Etternavn) || len(a.Adresse) == 0 {
			c.add(utslag("MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG_PERSON", "%prosessfullmektig", navn))
		}
	case a.Virksomhet != nil:
		id := a.Virksomhet.Identifikator
		if !harID(id) {
			c.add(utslag("MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG", "%prosessfullmektig", navn))
		} else if strings.EqualFold(strings.TrimSpace(id.Landkode), "NO") && ident.ValidateOrgNr(strings.TrimSpace(id.Verdi)) != nil {
			c.add(utslag("UGYLDIG_ORGNR_PROSESSFULLMEKTIG", "%prosessfullmektig", navn))
		}
	}
	if p.Bevillingshaver == nil {
		byraa := a.Virksomhet != nil && canonical(a.Virksomhet.Virksomhetstype, virksomhetsTyper) == VirksomhetInkasso
		if byraa || (forInnsender && inkasso && p.Fullmakt == nil) {
			c.add(utslag("MANGLER_OPPLYSNINGER_BEVILLINGSHAVER", "%prosessfullmektig", navn))
		}
	}
}
