package utlegg

import (
	"fmt"
	"strconv"
)

// Layer 1 for krav and tvangsgrunnlag (spec: utleggsbegjaering.md §7.6, §7.7).

func (s *schema) beloep(p string, b *BeloepValuta, req bool) {
	if b == nil {
		if req {
			s.fail(p, "mangler")
		}
		return
	}
	if req && b.Beloep == "" {
		s.fail(p+".beloep", "mangler")
	}
	s.number(p+".beloep", b.Beloep)
	s.text(p+".valuta", b.Valuta)
}

func (s *schema) krav(p string, k *Krav) {
	s.required(p+".kravreferanse", k.Kravreferanse)
	s.text(p+".kravbeskrivelse", k.Kravbeskrivelse)
	s.beloep(p+".opprinneligBeloep", k.OpprinneligBeloep, true)
	s.beloep(p+".gjenstaaendeBeloep", k.GjenstaaendeBeloep, true)
	s.text(p+".sisteFristavbrytendeTiltak", k.SisteFristavbrytendeTiltak)
	if k.PrioritetISak != nil {
		if _, err := strconv.ParseUint(k.PrioritetISak.Text, 10, 31); err != nil {
			s.fail(p+".prioritetISak", "må være et heltall, fikk %q", k.PrioritetISak.Text)
		}
	}
	s.enum(p+".prioritetDekningsloven", k.PrioritetDekningsloven, dekningslovBokstaver, true)
	s.required(p+".kravdetaljer", k.Kravdetaljer)
	for i, r := range k.RelatertKrav {
		s.text(fmt.Sprintf("%s.relatertKrav[%d]", p, i), r)
	}
	if k.Kravforfall == nil {
		s.fail(p+".kravforfall", "mangler")
	} else {
		s.date(p+".kravforfall.forfallsdato", &k.Kravforfall.Forfallsdato, true)
	}
	if r := k.ErRentekrav; r != nil {
		if r.RentePeriode == nil {
			s.fail(p+".erRentekrav.rentePeriode", "mangler")
		} else {
			s.date(p+".erRentekrav.rentePeriode.startdato", &r.RentePeriode.Startdato, false)
			s.date(p+".erRentekrav.rentePeriode.sluttdato", &r.RentePeriode.Sluttdato, false)
		}
	}
	if r := k.RenteOpplysning; r != nil {
		if (r.Forsinkelsesrente == nil) == (r.AvtaltRentesats == "") {
			s.fail(p+".renteOpplysning", "nøyaktig én av forsinkelsesrente og avtaltRentesats må oppgis")
		}
		s.number(p+".renteOpplysning.avtaltRentesats", r.AvtaltRentesats)
	}
	for i := range k.Betalingsoppfordring {
		b := &k.Betalingsoppfordring[i]
		pp := fmt.Sprintf("%s.betalingsoppfordring[%d]", p, i)
		s.date(pp+".betalingsfrist", &b.Betalingsfrist, true)
		s.vedleggReq(pp+".betalingsoppfordring", b.Betalingsoppfordring)
		s.date(pp+".brevdato", &b.Brevdato, false)
	}
	for i := range k.TilleggsfristForeldelse {
		t := &k.TilleggsfristForeldelse[i]
		pp := fmt.Sprintf("%s.tilleggsfristForeldelse[%d]", p, i)
		s.date(pp+".dato", &t.Dato, false)
		s.enum(pp+".grunnlag", t.Grunnlag, tilleggsfristGrunnlag, true)
		s.required(pp+".begrunnelse", t.Begrunnelse)
	}
	for i := range k.Innbetaling {
		b := &k.Innbetaling[i]
		pp := fmt.Sprintf("%s.innbetaling[%d]", p, i)
		s.date(pp+".bokfoertDato", &b.BokfoertDato, true)
		s.beloep(pp+".beloep", b.Beloep, true)
	}
	for i := range k.Transporterklaering {
		t := &k.Transporterklaering[i]
		pp := fmt.Sprintf("%s.transporterklaering[%d]", p, i)
		s.date(pp+".dato", &t.Dato, true)
		s.identifikator(pp+".transportertFra", t.TransportertFra, false)
		s.identifikator(pp+".transportertTil", t.TransportertTil, false)
		s.beloep(pp+".beloep", t.Beloep, false)
		s.vedleggReq(pp+".transporterklaering", t.Transporterklaering)
	}
}

func (s *schema) tvangsgrunnlag(p string, t *BegjaeringensTvangsgrunnlag) {
	if len(t.InnsendersKravreferanse) == 0 {
		s.fail(p+".innsendersKravreferanse", "må referere minst ett krav")
	}
	s.text(p+".eksternSaksreferanse", t.EksternSaksreferanse)
	s.date(p+".tvangsgrunnlagsdato", &t.Tvangsgrunnlagsdato, true)
	s.vedleggReq(p+".tvangsgrunnlag", t.Tvangsgrunnlag)
	s.required(p+".betegnelseAvTvangsgrunnlag", t.BetegnelseAvTvangsgrunnlag)
	s.enum(p+".begrunnelseUnnlatVarsel", t.BegrunnelseUnnlatVarsel, unnlatVarselTyper, false)
	for i := range t.Varsel {
		v := &t.Varsel[i]
		pp := fmt.Sprintf("%s.varsel[%d]", p, i)
		s.vedleggReq(pp+".tvangskraftgrunnlag", v.Tvangskraftgrunnlag)
		s.date(pp+".dato", &v.Dato, true)
		s.enum(pp+".type", v.Type, tvangskraftTyper, true)
	}
	if (t.AlminneligTvangsgrunnlag == nil) == (t.SaerligTvangsgrunnlag == nil) {
		s.fail(p, "nøyaktig én av alminneligTvangsgrunnlag og saerligTvangsgrunnlag må oppgis")
	}
	if a := t.AlminneligTvangsgrunnlag; a != nil {
		pp := p + ".alminneligTvangsgrunnlag"
		s.text(pp+".domsreferanse", a.Domsreferanse)
		s.enum(pp+".type", a.Type, alminneligTyper, true)
		for i := range a.DomsslutningInformasjon {
			d := &a.DomsslutningInformasjon[i]
			dp := fmt.Sprintf("%s.domsslutningInformasjon[%d]", pp, i)
			if d.BeloepSlutningGenerell == nil && d.BeloepSlutningGenrell != nil {
				d.BeloepSlutningGenerell = d.BeloepSlutningGenrell
			}
			d.BeloepSlutningGenrell = nil
			s.beloep(dp+".beloepSlutningGenerell", d.BeloepSlutningGenerell, false)
			s.beloep(dp+".beloepSlutningSaksomkostninger", d.BeloepSlutningSaksomkostninger, false)
			s.date(dp+".oppfyllelsesfrist", &d.Oppfyllelsesfrist, true)
			s.date(dp+".forkynnelsesdato", &d.Forkynnelsesdato, false)
		}
	}
	if st := t.SaerligTvangsgrunnlag; st != nil {
		s.saerlig(p+".saerligTvangsgrunnlag", st)
	}
}

func (s *schema) saerlig(p string, st *SaerligTvangsgrunnlag) {
	s.text(p+".referanseSak", st.ReferanseSak)
	if st.PaalydendeBeloep == "" {
		s.fail(p+".paalydendeBeloep", "mangler")
	}
	s.number(p+".paalydendeBeloep", st.PaalydendeBeloep)
	if len(st.Kreditor) == 0 {
		s.fail(p+".kreditor", "må ha minst én kreditor")
	}
	for i := range st.Kreditor {
		s.identifikator(fmt.Sprintf("%s.kreditor[%d]", p, i), &st.Kreditor[i], true)
	}
	if len(st.Skyldner) == 0 {
		s.fail(p+".skyldner", "må ha minst én skyldner")
	}
	for i := range st.Skyldner {
		s.identifikator(fmt.Sprintf("%s.skyldner[%d]", p, i), &st.Skyldner[i], true)
	}
	n := 0
	if t := st.TvangsmulktEllerLovbestemmelse; t != nil {
		n++
		s.enum(p+".tvangsmulktEllerLovbestemmelse.type", t.Type, tvangsmulktTyper, true)
		s.identifikator(p+".tvangsmulktEllerLovbestemmelse.vedtakendeMyndighet", t.VedtakendeMyndighet, false)
	}
	if m := st.SkriftligMeddelelse; m != nil {
		n++
		s.skriftlig(p+".skriftligMeddelelse", m)
	}
	if g := st.Gjeldsbrev; g != nil {
		n++
		if g.Skylderklaering == nil {
			g.Skylderklaering = g.Skyldnererklaering
		}
		g.Skyldnererklaering = nil
		if g.Skylderklaering == nil {
			s.fail(p+".gjeldsbrev.skylderklaering", "mangler")
		}
		if g.Inndrivelsesklausul == nil {
			s.fail(p+".gjeldsbrev.inndrivelsesklausul", "mangler")
		}
	}
	if g := st.ElektroniskGjeldserklaering; g != nil {
		n++
		if g.Skyldererklaering == nil {
			g.Skyldererklaering = g.Skyldnererklaering
		}
		g.Skyldnererklaering = nil
		if g.Skyldererklaering == nil {
			s.fail(p+".elektroniskGjeldserklaering.skyldererklaering", "mangler")
		}
		if g.Inndrivelsesklausul == nil {
			s.fail(p+".elektroniskGjeldserklaering.inndrivelsesklausul", "mangler")
		}
	}
	if n != 1 {
		s.fail(p, "nøyaktig én av tvangsmulktEllerLovbestemmelse, skriftligMeddelelse, gjeldsbrev og elektroniskGjeldserklaering må oppgis")
	}
}

func (s *schema) skriftlig(p string, m *SkriftligMeddelelse) {
	s.required(p+".kravetsGrunnlag", m.KravetsGrunnlag)
	s.identifikator(p+".avsender", m.Avsender, false)
	if a := m.Mottakeradresse; a != nil {
		for i, t := range a.Adressetekst {
			s.text(fmt.Sprintf("%s.mottakeradresse.adressetekst[%d]", p, i), t)
		}
		s.pattern(p+".mottakeradresse.postnummer", a.Postnummer, reFireSiff, "postnummer")
		s.pattern(p+".mottakeradresse.kommunenummer", a.Kommunenummer, reFireSiff, "kommunenummer")
	}
	s.text(p+".paastand", m.Paastand)
	if m.KrevesFravaersdom == nil {
		s.fail(p+".krevesFravaersdom", "mangler")
	}
	s.required(p+".faktiskeForholdForKravet", m.FaktiskeForholdForKravet)
	f := m.Forsendelsesmaate
	if f == nil || (f.Forsendelsesmaate == "" && f.AlternativElektroniskKanalForMeddelelse == nil) {
		s.fail(p+".forsendelsesmaate", "mangler")
		return
	}
	s.enum(p+".forsendelsesmaate.forsendelsesmaate", f.Forsendelsesmaate, forsendelsesTyper, false)
	if a := f.AlternativElektroniskKanalForMeddelelse; a != nil {
		pp := p + ".forsendelsesmaate.alternativElektroniskKanalForMeddelelse"
		s.required(pp+".kanalForMeddelelse", a.KanalForMeddelelse)
		s.vedleggReq(pp+".akseptKanalvalg", a.AkseptKanalvalg)
	}
}
