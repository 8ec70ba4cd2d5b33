package utlegg

import (
	"context"
	"strings"
)

// The attachment rules (spec: utleggsbegjaering.md §6.1, §8.3).

// Attachment statuses (spec: §6.1).
const (
	VedleggMottatt            = "MOTTATT"
	VedleggKlar               = "KLAR"
	VedleggFeiletTeknisk      = "FEILET_TEKNISK"
	VedleggFeiletKonvertering = "FEILET_KONVERTERING"
	VedleggIkkeKonverterbar   = "IKKE_KONVERTERBAR"
	VedleggVirus              = "VIRUS"
	VedleggSlettet            = "SLETTET"
	VedleggKassert            = "KASSERT"
)

// VedleggStatuser lists every attachment status.
var VedleggStatuser = []string{VedleggMottatt, VedleggKlar, VedleggFeiletTeknisk, VedleggFeiletKonvertering,
	VedleggIkkeKonverterbar, VedleggVirus, VedleggSlettet, VedleggKassert}

// alleVedlegg returns every attachment reference of the document in
// document order.
func alleVedlegg(b *Utleggsbegjaering) []*Vedlegg {
	var out []*Vedlegg
	add := func(v *Vedlegg) {
		if v != nil {
			out = append(out, v)
		}
	}
	pf := func(p *Prosessfullmektig) {
		if p != nil && p.Fullmakt != nil {
			add(p.Fullmakt.Fullmakt)
		}
	}
	for i := range b.Saksoeker {
		pf(b.Saksoeker[i].Prosessfullmektig)
	}
	for i := range b.Saksoekt {
		pf(b.Saksoekt[i].Prosessfullmektig)
	}
	if b.Innsender != nil {
		pf(b.Innsender.Prosessfullmektig)
	}
	for i := range b.Vedlegg {
		add(&b.Vedlegg[i])
	}
	for i := range b.KravTilInnkreving {
		k := &b.KravTilInnkreving[i]
		for j := range k.Betalingsoppfordring {
			add(k.Betalingsoppfordring[j].Betalingsoppfordring)
		}
		for j := range k.Transporterklaering {
			add(k.Transporterklaering[j].Transporterklaering)
		}
	}
	for i := range b.BegjaeringensTvangsgrunnlag {
		t := &b.BegjaeringensTvangsgrunnlag[i]
		add(t.Tvangsgrunnlag)
		for j := range t.Varsel {
			add(t.Varsel[j].Tvangskraftgrunnlag)
		}
		if s := t.SaerligTvangsgrunnlag; s != nil && s.SkriftligMeddelelse != nil && s.SkriftligMeddelelse.Forsendelsesmaate != nil {
			if a := s.SkriftligMeddelelse.Forsendelsesmaate.AlternativElektroniskKanalForMeddelelse; a != nil {
				add(a.AkseptKanalvalg)
			}
		}
	}
	return out
}

// vedleggTyper: the UGYLDIG_VEDLEGG_* rules.
func (c *vc) vedleggTyper() {
	feil := func(v *Vedlegg, want string) bool { return v != nil && canonical(v.Type, vedleggTyper) != want }
	fm := func(p *Prosessfullmektig) {
		if p != nil && p.Fullmakt != nil && feil(p.Fullmakt.Fullmakt, VedleggFullmakt) {
			c.add(utslag("UGYLDIG_VEDLEGG_FULLMAKT", "%filnavn", p.Fullmakt.Fullmakt.Filnavn))
		}
	}
	for i := range c.b.Saksoeker {
		fm(c.b.Saksoeker[i].Prosessfullmektig)
	}
	for i := range c.b.Saksoekt {
		fm(c.b.Saksoekt[i].Prosessfullmektig)
	}
	if c.b.Innsender != nil {
		fm(c.b.Innsender.Prosessfullmektig)
	}
	for _, k := range c.b.KravTilInnkreving {
		for _, b := range k.Betalingsoppfordring {
			if feil(b.Betalingsoppfordring, VedleggBetalingsoppfordring) {
				c.add(utslag("UGYLDIG_VEDLEGG_BETALINGSOPPFORDRING", "%filnavn", b.Betalingsoppfordring.Filnavn))
			}
		}
		for _, t := range k.Transporterklaering {
			if feil(t.Transporterklaering, VedleggTransporterklaering) {
				c.add(utslag("UGYLDIG_VEDLEGG_TRANSPORTERKLÆRING", "%filnavn", t.Transporterklaering.Filnavn))
			}
		}
	}
	for _, t := range c.b.BegjaeringensTvangsgrunnlag {
		if feil(t.Tvangsgrunnlag, VedleggTvangsgrunnlag) {
			c.add(utslag("UGYLDIG_VEDLEGG_TVANGSGRUNNLAG", "%betegnelse", t.BetegnelseAvTvangsgrunnlag))
		}
		for _, v := range t.Varsel {
			if feil(v.Tvangskraftgrunnlag, VedleggTvangskraftgrunnlag) {
				c.add(utslag("UGYLDIG_VEDLEGG_TVANGSKRAFTGRUNNLAG", "%filnavn", v.Tvangskraftgrunnlag.Filnavn))
			}
		}
	}
}

// vedleggTilgang: VEDLEGG_SKAL_HA_UUID and the rules that read the
// uploads (one lookup for all distinct uuids).
func (c *vc) vedleggTilgang(ctx context.Context, l Lookup) error {
	refs := alleVedlegg(c.b)
	var uuids []string
	seen := map[string]bool{}
	for _, v := range refs {
		u := strings.ToLower(strings.TrimSpace(v.UUID))
		if u == "" {
			c.add(utslagLinje("VEDLEGG_SKAL_HA_UUID", -1, v.Filnavn))
			continue
		}
		if !seen[u] {
			seen[u] = true
			uuids = append(uuids, u)
		}
	}
	if len(uuids) == 0 {
		return nil
	}
	meta, err := l.UtleggGetVedlegg(ctx, uuids)
	if err != nil {
		return err
	}
	ref := strings.TrimSpace(c.b.InnsenderReferanse)
	for _, v := range refs {
		u := strings.ToLower(strings.TrimSpace(v.UUID))
		if u == "" {
			continue
		}
		m, ok := meta[u]
		if !ok || m.Org != c.k.Org {
			c.add(utslagLinje("VEDLEGG_SKAL_VAERE_TILGJENGELIG", 0, v.Filnavn, v.UUID))
			continue
		}
		switch m.Status {
		case VedleggSlettet:
			c.add(utslagLinje("VEDLEGG_SKAL_VAERE_TILGJENGELIG", 1, v.Filnavn))
		case VedleggKassert:
			c.add(utslagLinje("VEDLEGG_SKAL_VAERE_TILGJENGELIG", 2, v.Filnavn))
		case VedleggVirus:
			c.add(utslagLinje("VEDLEGG_SKAL_VAERE_TILGJENGELIG", 3, v.Filnavn))
		case VedleggFeiletTeknisk:
			c.add(utslagLinje("VEDLEGG_SKAL_IKKE_HA_FEILET", 0, v.Filnavn))
		case VedleggFeiletKonvertering:
			c.add(utslagLinje("VEDLEGG_SKAL_IKKE_HA_FEILET", 1, v.Filnavn))
		case VedleggIkkeKonverterbar:
			c.add(utslagLinje("VEDLEGG_SKAL_IKKE_HA_FEILET", 2, v.Filnavn))
		case VedleggMottatt:
			c.add(utslagLinje("VEDLEGG_SKAL_VAERE_VIRUSSJEKKET_VALIDERT_OG_KONVERTERT", 0, v.Filnavn))
		}
		if m.InnsenderReferanse != "" && m.InnsenderReferanse != ref {
			c.add(utslagLinje("VEDLEGG_SKAL_HA_REFERANSE_TIL_BEGJAERINGEN", -1, v.Filnavn, ref))
		}
	}
	return nil
}
