package utlegg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// The automatic assessment: the namsmann looks the debtor up in the
// world — employment and salary (for utleggstrekk), bank accounts as
// DSOP would report them (for utleggspant) — and decides (spec:
// utleggsbegjaering.md §10.1; the figures are our simplification).

// Livsopphold is the monthly amount the debtor keeps before any
// utleggstrekk (our simplification of the namsmann's standard rates).
const Livsopphold = 16_000

// trekkAndel is the share of salary above Livsopphold that is withheld.
const trekkAndel = 0.5

// MinstePant is the least bank balance (NOK) worth an utleggspant.
const MinstePant = 100

type vurdering struct {
	bi    Beslutningsinformasjon
	trekk *TrekkDecision
}

func kravIDer(sak utleggstore.Sak) []string {
	out := []string{}
	var b Utleggsbegjaering
	if json.Unmarshal(sak.Body, &b) == nil {
		for _, k := range b.KravTilInnkreving {
			if id := sak.Kravgrunnlag[k.Kravreferanse]; id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// vurder assesses a case and returns the decision with its reason.
func (s *Service) vurder(ctx context.Context, sak utleggstore.Sak) (vurdering, error) {
	var b Utleggsbegjaering
	if err := json.Unmarshal(sak.Body, &b); err != nil {
		return vurdering{}, err
	}
	total := 0.0
	for _, k := range b.KravTilInnkreving {
		if k.GjenstaaendeBeloep != nil {
			if f, err := strconv.ParseFloat(string(k.GjenstaaendeBeloep.Beloep), 64); err == nil {
				total += f
			}
		}
	}
	v := vurdering{bi: Beslutningsinformasjon{Beslutningsdato: string(s.cfg.Clock.Today()), Kravgrunnlagsidentifikatorer: kravIDer(sak)}}
	intet := func(grunn string) (vurdering, error) {
		v.bi.Beslutningstype, v.bi.Begrunnelse = IntetTilUtlegg, grunn
		return v, nil
	}
	var id *Identifikator
	person := false
	for _, p := range b.Saksoekt {
		if p.Saksoekt != nil {
			id, person = aktoerID(p.Saksoekt), p.Saksoekt.Person != nil
			break
		}
	}
	if id == nil || id.Verdi == "" {
		return intet("Saksøkte kan ikke identifiseres i registrene.")
	}
	eier := id.Verdi
	if person {
		if _, err := s.cfg.Store.GetPerson(ctx, eier); errors.Is(err, store.ErrNotFound) {
			return intet("Saksøkte " + eier + " finnes ikke i Folkeregisteret.")
		} else if err != nil {
			return v, err
		}
		emps, err := s.cfg.Store.EmploymentsByPerson(ctx, eier)
		if err != nil {
			return v, err
		}
		if e, ok := aktivtArbeid(emps, s.cfg.Clock.Today()); ok {
			maaned := float64(e.AnnualSalary) / 12
			trekk := math.Floor((maaned - Livsopphold) * trekkAndel)
			if trekk > math.Ceil(total) {
				trekk = math.Ceil(total)
			}
			if trekk >= 1 {
				v.bi.Beslutningstype = Utleggstrekk
				v.bi.Begrunnelse = fmt.Sprintf("Saksøkte har arbeidsinntekt hos %s (%d kr per år); trekk %d kr per måned.",
					e.EmployerOrgNr, e.AnnualSalary, int64(trekk))
				t := &TrekkDecision{Saksnummer: sak.Saksreferanse, EksternSaksreferanse: sak.EksternSaksreferanse,
					SkyldnerNIN: eier, ArbeidsgiverOrgnr: e.EmployerOrgNr, Kreditor: sak.Org, BeloepPerMaaned: int64(trekk),
					Totalbeloep: total, Beslutningsdato: s.cfg.Clock.Today(), Begrunnelse: v.bi.Begrunnelse}
				if bi := b.Betalingsinformasjon; bi != nil && bi.NorskKonto != nil {
					t.Kontonummer, t.KID = bi.NorskKonto.Kontonummer, bi.NorskKonto.Kidnummer
				}
				v.trekk = t
				return v, nil
			}
		}
	}
	accts, err := s.cfg.Store.AccountsByOwner(ctx, eier)
	if err != nil {
		return v, err
	}
	var ore int64
	for _, a := range accts {
		switch a.Type {
		case world.AccountLoan, world.AccountCreditCard:
			continue
		}
		if a.Status == world.AccountEnabled && a.AvailableBalance > 0 {
			ore += a.AvailableBalance
		}
	}
	if kr := ore / 100; kr >= MinstePant {
		pant := math.Min(float64(kr), math.Ceil(total))
		v.bi.Beslutningstype = Utleggspant
		v.bi.Begrunnelse = fmt.Sprintf("Saksøkte har bankinnskudd på %d kr; utleggspant for %.0f kr.", kr, pant)
		return v, nil
	}
	return intet("Saksøkte har verken trekkbar inntekt eller midler det kan tas utlegg i.")
}

// aktivtArbeid is the best-paid employment active today.
func aktivtArbeid(es []world.Employment, today world.Date) (world.Employment, bool) {
	var act []world.Employment
	for _, e := range es {
		if e.StartDate <= today && (e.EndDate.IsZero() || e.EndDate >= today) && e.AnnualSalary > 0 {
			act = append(act, e)
		}
	}
	if len(act) == 0 {
		return world.Employment{}, false
	}
	sort.Slice(act, func(i, j int) bool { return act[i].AnnualSalary > act[j].AnnualSalary })
	return act[0], true
}
