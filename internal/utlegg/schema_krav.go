package utlegg

import (
	"strconv"
)

// Layer 1 for krav and tvangsgrunnlag (spec: utleggsbegjaering.md §7.6, §7.7).

func (s *schema) beloep(p jsonsti, b *BeloepValuta, req bool) {
	if b == nil {
		if req {
			s.fail(p, "mangler")
		}
		return
	}
	if req && b.Beloep == "" {
		s.fail(p.f("beloep"), "mangler")
	}
	s.number(p.f("beloep"), b.Beloep)
	s.text(p.f("valuta"), b.Valuta)
}

func (s *schema) krav(p jsonsti, k *Krav) {
	s.required(p.f("kravreferanse"), k.Kravreferanse)
	s.text(p.f("kravbeskrivelse"), k.Kravbeskrivelse)
	s.beloep(p.f("opprinneligBeloep"), k.OpprinneligBeloep, true)
	s.beloep(p.f("gjenstaaendeBeloep"), k.GjenstaaendeBeloep, true)
	s.text(p.f("sisteFristavbrytendeTiltak"), k.SisteFristavbrytendeTiltak)
	if k.PrioritetISak != nil {
		if _, err := strconv.ParseUint(k.PrioritetISak.Text, 10, 31); err != nil {
			s.fail(p.f("prioritetISak"), "må være et heltall, fikk %q", k.PrioritetISak.Text)
		}
	}
	s.enum(p.f("prioritetDekningsloven"), k.PrioritetDekningsloven, dekningslovBokstaver, true)
	s.required(p.f("kravdetaljer"), k.Kravdetaljer)
	for i, r := range k.RelatertKrav {
		s.text(p.fi("relatertKrav", i), r)
	}
	if k.Kravforfall == nil {
		s.fail(p.f("kravforfall"), "mangler")
	} else {
		s.date(p.f("kravforfall.forfallsdato"), &k.Kravforfall.Forfallsdato, true)
	}
	if r := k.ErRentekrav; r != nil {
		if r.RentePeriode == nil {
			s.fail(p.f("erRentekrav.rentePeriode"), "mangler")
		} else {
			s.date(p.f("erRentekrav.rentePeriode.startdato"), &r.RentePeriode.Startdato, false)
			s.date(p.f("erRentekrav.rentePeriode.sluttdato"), &r.RentePeriode.Sluttdato, false)
		}
	}
	if r := k.RenteOpplysning; r != nil {
		if (r.Forsinkelsesrente == nil) == (r.AvtaltRentesats == "") {
			s.fail(p.f("renteOpplysning"), "nøyaktig én av forsinkelsesrente og avtaltRentesats må oppgis")
		}
		s.number(p.f("renteOpplysning.avtaltRentesats"), r.AvtaltRentesats)
	}
	for i := range k.Betalingsoppfordring {
		b := &k.Betalingsoppfordring[i]
		pp := p.fi("betalingsoppfordring", i)
		s.date(pp.f("betalingsfrist"), &b.Betalingsfrist, true)
		s.vedleggReq(pp.f("betalingsoppfordring"), b.Betalingsoppfordring)
		s.date(pp.f("brevdato"), &b.Brevdato, false)
	}
	for i := range k.TilleggsfristForeldelse {
		t := &k.TilleggsfristForeldelse[i]
		pp := p.fi("tilleggsfristForeldelse", i)
		s.date(pp.f("dato"), &t.Dato, false)
		s.enum(pp.f("grunnlag"), t.Grunnlag, tilleggsfristGrunnlag, true)
		s.required(pp.f("begrunnelse"), t.Begrunnelse)
	}
	for i := range k.Innbetaling {
		b := &k.Innbetaling[i]
		pp := p.fi("innbetaling", i)
		s.date(pp.f("bokfoertDato"), &b.BokfoertDato, true)
		s.beloep(pp.f("beloep"), b.Beloep, true)
	}
	for i := range k.Transporterklaering {
		t := &k.Transporterklaering[i]
		pp := p.fi("transporterklaering", i)
		s.date(pp.f("dato"), &t.Dato, true)
		s.identifikator(pp.f("transportertFra"), t.TransportertFra, false)
		s.identifikator(pp.f("transportertTil"), t.TransportertTil, false)
		s.beloep(pp.f("beloep"), t.Beloep, false)
		s.vedleggReq(pp.f("transporterklaering"), t.Transporterklaering)
	}
}

func (s *schema) tvangsgrunnlag(p jsonsti, t *BegjaeringensTvangsgrunnlag) {
	if len(t.InnsendersKravreferanse) == 0 {
		s.fail(p.f("innsendersKravreferanse"), "må referere minst ett krav")
	}
	s.text(p.f("eksternSaksreferanse"), t.EksternSaksreferanse)
	s.date(p.f("tvangsgrunnlagsdato"), &t.Tvangsgrunnlagsdato, true)
	s.vedleggReq(p.f("tvangsgrunnlag"), t.Tvangsgrunnlag)
	s.required(p.f("betegnelseAvTvangsgrunnlag"), t.BetegnelseAvTvangsgrunnlag)
	s.enum(p.f("begrunnelseUnnlatVarsel"), t.BegrunnelseUnnlatVarsel, unnlatVarselTyper, false)
	for i := range t.Varsel {
		v := &t.Varsel[i]
		pp := p.fi("varsel", i)
		s.vedleggReq(pp.f("tvangskraftgrunnlag"), v.Tvangskraftgrunnlag)
		s.date(pp.f("dato"), &v.Dato, true)
		s.enum(pp.f("type"), v.Type, tvangskraftTyper, true)
	}
	if (t.AlminneligTvangsgrunnlag == nil) == (t.SaerligTvangsgrunnlag == nil) {
		s.fail(p, "nøyaktig én av alminneligTvangsgrunnlag og saerligTvangsgrunnlag må oppgis")
	}
	if a := t.AlminneligTvangsgrunnlag; a != nil {
		pp := p.f("alminneligTvangsgrunnlag")
		s.text(pp.f("domsreferanse"), a.Domsreferanse)
		s.enum(pp.f("type"), a.Type, alminneligTyper, true)
		for i := range a.DomsslutningInformasjon {
			d := &a.DomsslutningInformasjon[i]
			dp := pp.fi("domsslutningInformasjon", i)
			if d.BeloepSlutningGenerell == nil && d.BeloepSlutningGenrell != nil {
				d.BeloepSlutningGenerell = d.BeloepSlutningGenrell
			}
			d.BeloepSlutningGenrell = nil
			s.beloep(dp.f("beloepSlutningGenerell"), d.BeloepSlutningGenerell, false)
			s.beloep(dp.f("beloepSlutningSaksomkostninger"), d.BeloepSlutningSaksomkostninger, false)
			s.date(dp.f("oppfyllelsesfrist"), &d.Oppfyllelsesfrist, true)
			s.date(dp.f("forkynnelsesdato"), &d.Forkynnelsesdato, false)
		}
	}
	if st := t.SaerligTvangsgrunnlag; st != nil {
		s.saerlig(p.f("saerligTvangsgrunnlag"), st)
	}
}

func (s *schema) saerlig(p jsonsti, st *SaerligTvangsgrunnlag) {
	s.text(p.f("referanseSak"), st.ReferanseSak)
	if st.PaalydendeBeloep == "" {
		s.fail(p.f("paalydendeBeloep"), "mangler")
	}
	s.number(p.f("paalydendeBeloep"), st.PaalydendeBeloep)
	if len(st.Kreditor) == 0 {
		s.fail(p.f("kreditor"), "må ha minst én kreditor")
	}
	for i := range st.Kreditor {
		s.identifikator(p.fi("kreditor", i), &st.Kreditor[i], true)
	}
	if len(st.Skyldner) == 0 {
		s.fail(p.f("skyldner"), "må ha minst én skyldner")
	}
	for i := range st.Skyldner {
		s.identifikator(p.fi("skyldner", i), &st.Skyldner[i], true)
	}
	n := 0
	if t := st.TvangsmulktEllerLovbestemmelse; t != nil {
		n++
		s.enum(p.f("tvangsmulktEllerLovbestemmelse.type"), t.Type, tvangsmulktTyper, true)
		s.identifikator(p.f("tvangsmulktEllerLovbestemmelse.vedtakendeMyndighet"), t.VedtakendeMyndighet, false)
	}
	if m := st.SkriftligMeddelelse; m != nil {
		n++
		s.skriftlig(p.f("skriftligMeddelelse"), m)
	}
	if g := st.Gjeldsbrev; g != nil {
		n++
		if g.Skylderklaering == nil {
			g.Skylderklaering = g.Skyldnererklaering
		}
		g.Skyldnererklaering = nil
		if g.Skylderklaering == nil {
			s.fail(p.f("gjeldsbrev.skylderklaering"), "mangler")
		}
		if g.Inndrivelsesklausul == nil {
			s.fail(p.f("gjeldsbrev.inndrivelsesklausul"), "mangler")
		}
	}
	if g := st.ElektroniskGjeldserklaering; g != nil {
		n++
		if g.Skyldererklaering == nil {
			g.Skyldererklaering = g.Skyldnererklaering
		}
		g.Skyldnererklaering = nil
		if g.Skyldererklaering == nil {
			s.fail(p.f("elektroniskGjeldserklaering.skyldererklaering"), "mangler")
		}
		if g.Inndrivelsesklausul == nil {
			s.fail(p.f("elektroniskGjeldserklaering.inndrivelsesklausul"), "mangler")
		}
	}
	if n != 1 {
		s.fail(p, "nøyaktig én av tvangsmulktEllerLovbestemmelse, skriftligMeddelelse, gjeldsbrev og elektroniskGjeldserklaering må oppgis")
	}
}

func (s *schema) skriftlig(p jsonsti, m *SkriftligMeddelelse) {
	s.required(p.f("kravetsGrunnlag"), m.KravetsGrunnlag)
	s.identifikator(p.f("avsender"), m.Avsender, false)
	if a := m.Mottakeradresse; a != nil {
		for i, t := range a.Adressetekst {
			s.text(p.fi("mottakeradresse.adressetekst", i), t)
		}
		s.pattern(p.f("mottakeradresse.postnummer"), a.Postnummer, erFireSiffer, "postnummer")
		s.pattern(p.f("mottakeradresse.kommunenummer"), a.Kommunenummer, erFireSiffer, "kommunenummer")
	}
	s.text(p.f("paastand"), m.Paastand)
	if m.KrevesFravaersdom == nil {
		s.fail(p.f("krevesFravaersdom"), "mangler")
	}
	s.required(p.f("faktiskeForholdForKravet"), m.FaktiskeForholdForKravet)
	f := m.Forsendelsesmaate
	if f == nil || (f.Forsendelsesmaate == "" && f.AlternativElektroniskKanalForMeddelelse == nil) {
		s.fail(p.f("forsendelsesmaate"), "mangler")
		return
	}
	s.enum(p.f("forsendelsesmaate.forsendelsesmaate"), f.Forsendelsesmaate, forsendelsesTyper, false)
	if a := f.AlternativElektroniskKanalForMeddelelse; a != nil {
		pp := p.f("forsendelsesmaate.alternativElektroniskKanalForMeddelelse")
		s.required(pp.f("kanalForMeddelelse"), a.KanalForMeddelelse)
		s.vedleggReq(pp.f("akseptKanalvalg"), a.AkseptKanalvalg)
	}
}
