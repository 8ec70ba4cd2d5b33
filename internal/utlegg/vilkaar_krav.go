package utlegg

import (
	"math/big"
	"strings"
)

// The claim, basis and amount rules (spec: utleggsbegjaering.md §8.3).

func erKravdetalj(k *Krav, v string) bool {
	return strings.EqualFold(strings.TrimSpace(k.Kravdetaljer), v)
}

func erRente(k *Krav) bool { return erKravdetalj(k, KravRentekrav) || k.ErRentekrav != nil }

// erGebyrEllerKostnad: the fee/cost kinds of
// GEBYR_ELLER_SAKSKOSTNAD_HAR_ET_RELATERTKRAV_SOM_IKKE_ER_HOVEDSTOL.
func erGebyrEllerKostnad(k *Krav) bool {
	d := strings.ToLower(strings.TrimSpace(k.Kravdetaljer))
	switch d {
	case "utenrettsligekostnader", "tidligererettsligesakskostnader", "sakskostnaderforskriving":
		return true
	}
	return strings.Contains(d, "gebyr") || strings.Contains(d, "kostnad")
}

func (c *vc) krav() {
	ks := c.b.KravTilInnkreving
	if len(ks) == 0 {
		c.add(utslag("MANGLER_KRAV"))
	}
	byRef := map[string]*Krav{}
	count := map[string]int{}
	for i := range ks {
		r := ks[i].Kravreferanse
		count[r]++
		if count[r] == 2 {
			c.add(utslag("KRAV_DUPLIKATE_REFERANSER", "%kravreferanse", r))
		}
		if _, ok := byRef[r]; !ok {
			byRef[r] = &ks[i]
		}
	}
	// In which tvangsgrunnlag is each krav listed?
	tgs := map[string][]int{}
	for ti, t := range c.b.BegjaeringensTvangsgrunnlag {
		for _, r := range t.InnsendersKravreferanse {
			if l := tgs[r]; len(l) == 0 || l[len(l)-1] != ti {
				tgs[r] = append(l, ti)
			}
		}
	}
	medPrioritet := 0
	for i := range ks {
		k := &ks[i]
		if k.PrioritetISak != nil {
			medPrioritet++
		}
		switch n := len(tgs[k.Kravreferanse]); {
		case n == 0:
			c.add(utslag("KRAV_IKKE_BENYTTET", "%kravreferanse", k.Kravreferanse))
		case n > 1:
			c.add(utslag("KRAV_I_FLERE_TVANGSGRUNNLAG"))
		}
		if erKravdetalj(k, KravHovedkrav) && len(k.RelatertKrav) > 0 {
			c.add(utslag("HOVEDSTOL_SKAL_IKKE_HA_ET_RELATERT_KRAV"))
		}
		if erRente(k) && len(k.RelatertKrav) == 0 {
			c.add(utslag("RENTE_MAA_HA_RELATERT_KRAV"))
		}
		for _, r := range k.RelatertKrav {
			if r == k.Kravreferanse {
				c.add(utslag("RELATERTE_KRAV_KAN_IKKE_PEKE_PÅ_SEG_SELV"))
				continue
			}
			rk, ok := byRef[r]
			if !ok {
				c.add(utslag("RELATERTE_KRAV_UGYLDIGE_KRAVREFERANSER", "%hovedkravRef", k.Kravreferanse, "%relatertKravRef", r))
				continue
			}
			for _, ti := range tgs[k.Kravreferanse] {
				if !listed(c.b.BegjaeringensTvangsgrunnlag[ti].InnsendersKravreferanse, r) {
					c.add(utslag("RELATERTE_KRAV_MÅ_FINNES"))
				}
			}
			if erRente(k) && erKravdetalj(rk, KravRentekrav) {
				c.add(utslag("RENTEKRAV_KAN_IKKE_HA_RENTEKRAV"))
			}
			if erGebyrEllerKostnad(k) && !erKravdetalj(rk, KravHovedkrav) {
				c.add(utslag("GEBYR_ELLER_SAKSKOSTNAD_HAR_ET_RELATERTKRAV_SOM_IKKE_ER_HOVEDSTOL"))
			}
		}
		if r := k.RenteOpplysning; r != nil && r.AvtaltRentesats != "" && !gyldigBeloep(string(r.AvtaltRentesats)) {
			c.add(utslag("UGYLDIG_RENTE", "%rentesats", string(r.AvtaltRentesats)))
		}
	}
	if medPrioritet > 0 && medPrioritet < len(ks) {
		c.add(utslag("PRIORITET_MANGLER"))
	}
	for _, t := range c.b.BegjaeringensTvangsgrunnlag {
		for _, r := range t.InnsendersKravreferanse {
			if _, ok := byRef[r]; !ok {
				c.add(utslag("TVANGSGRUNNLAG_UGYLDIGE_KRAVREFERANSER", "%kravreferanse", r))
			}
		}
	}
}

func listed(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// tvangsgrunnlag: PARAGRAF_4_18/4_19, PAASTAND_PAAKREVET,
// KAN_BEHANDLES_I_FORLIKSRAADET_PAAKREVET.
func (c *vc) tvangsgrunnlag() {
	kombinert := isKombinert(c.b.Tvangsfullbyrdelsestype)
	for _, t := range c.b.BegjaeringensTvangsgrunnlag {
		begrunnet := !blank(t.BegrunnelseUnnlatVarsel)
		if t.SaerligTvangsgrunnlag != nil && !begrunnet {
			has418 := false
			for _, v := range t.Varsel {
				has418 = has418 || canonical(v.Type, tvangskraftTyper) == VarselTvfbl418
			}
			if !has418 {
				c.add(utslag("PARAGRAF_4_18_VARSEL_PAAKREVET"))
			}
		}
		if t.AlminneligTvangsgrunnlag != nil && !begrunnet && len(t.Varsel) == 0 {
			c.add(utslag("PARAGRAF_4_19_VARSEL_PAAKREVET"))
		}
		if st := t.SaerligTvangsgrunnlag; kombinert && st != nil && st.SkriftligMeddelelse != nil {
			if blank(st.SkriftligMeddelelse.Paastand) {
				c.add(utslag("PAASTAND_PAAKREVET"))
			}
			if st.SkriftligMeddelelse.KanBehandlesIForliksraadet == nil {
				c.add(utslag("KAN_BEHANDLES_I_FORLIKSRAADET_PAAKREVET"))
			}
		}
	}
}

// beloep: UGYLDIG_BELOEP over every BeloepValuta and paalydendeBeloep.
func (c *vc) beloep() {
	check := func(b *BeloepValuta) {
		if b != nil && b.Beloep != "" && !gyldigBeloep(string(b.Beloep)) {
			c.add(utslag("UGYLDIG_BELOEP", "%beløp", string(b.Beloep)))
		}
	}
	for i := range c.b.KravTilInnkreving {
		k := &c.b.KravTilInnkreving[i]
		check(k.OpprinneligBeloep)
		check(k.GjenstaaendeBeloep)
		for _, x := range k.Innbetaling {
			check(x.Beloep)
		}
		for _, x := range k.Transporterklaering {
			check(x.Beloep)
		}
	}
	for _, t := range c.b.BegjaeringensTvangsgrunnlag {
		if a := t.AlminneligTvangsgrunnlag; a != nil {
			for _, d := range a.DomsslutningInformasjon {
				check(d.BeloepSlutningGenerell)
				check(d.BeloepSlutningSaksomkostninger)
			}
		}
		if s := t.SaerligTvangsgrunnlag; s != nil {
			check(&BeloepValuta{Beloep: s.PaalydendeBeloep})
		}
	}
}

// gyldigBeloep reports whether the literal JSON number is ≥ 0 with at
// most two decimals, judged on the text, never on a float64 (spec: §18
// item 5).
func gyldigBeloep(s string) bool {
	if s == "" {
		return true
	}
	if !strings.ContainsAny(s, "eE") {
		if strings.HasPrefix(s, "-") {
			return strings.Trim(s[1:], "0.") == ""
		}
		_, frac, ok := strings.Cut(s, ".")
		return !ok || len(strings.TrimRight(frac, "0")) <= 2
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 {
		return false
	}
	return r.Mul(r, big.NewRat(100, 1)).IsInt()
}
