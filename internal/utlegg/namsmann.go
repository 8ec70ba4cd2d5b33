package utlegg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// The namsmann: the case state machine (spec: utleggsbegjaering.md
// §10.2) and the moves the operator or the automatic mode make.

// ErrOvergang is returned for a status change the state machine does
// not allow from the case's current status.
var ErrOvergang = errors.New("utlegg: status change not allowed")

// fraStatuser lists, per target status, the statuses it may be reached
// from in one step (spec: §10.2).
var fraStatuser = map[string][]string{
	SakUnderBehandling: {SakOpprettet},
	SakNektetFremmet:   {SakUnderBehandling},
	SakForelagt:        {SakUnderBehandling},
	SakBesluttet:       {SakForelagt},
	SakAvsluttet:       {SakBesluttet},
	SakHevet:           {SakOpprettet, SakUnderBehandling, SakForelagt, SakBesluttet},
}

// Saksstatuser lists every saksstatus.
var Saksstatuser = []string{SakOpprettet, SakUnderBehandling, SakNektetFremmet, SakForelagt, SakBesluttet, SakAvsluttet, SakHevet}

var hovedlop = []string{SakOpprettet, SakUnderBehandling, SakForelagt, SakBesluttet, SakAvsluttet}

// sti returns the steps from status fra to til through the state
// machine; false when til cannot be reached.
func sti(fra, til string) ([]string, bool) {
	if fra == til {
		return nil, true
	}
	switch til {
	case SakHevet:
		for _, f := range fraStatuser[SakHevet] {
			if f == fra {
				return []string{SakHevet}, true
			}
		}
		return nil, false
	case SakNektetFremmet:
		s, ok := sti(fra, SakUnderBehandling)
		return append(s, SakNektetFremmet), ok
	}
	start, slutt := -1, -1
	for i, s := range hovedlop {
		if s == fra {
			start = i
		}
		if s == til {
			slutt = i
		}
	}
	if start < 0 || slutt < 0 || slutt < start {
		return nil, false
	}
	return hovedlop[start+1 : slutt+1], true
}

var statusTekst = map[string]string{
	SakUnderBehandling: "Namsmannen har startet prøving av begjæringen.",
	SakNektetFremmet:   "Namsmannen har nektet å fremme begjæringen.",
	SakForelagt:        "Begjæringen er forelagt saksøkte.",
	SakBesluttet:       "Namsmannen har truffet beslutning i saken.",
	SakAvsluttet:       "Saken er avsluttet.",
	SakHevet:           "Saken er hevet.",
}

// overgang moves a case one step and publishes STATUSENDRING (and
// BESLUTNING with a decision); tekst overrides the standard text.
func (s *Service) overgang(ctx context.Context, sak utleggstore.Sak, til string, bi *Beslutningsinformasjon, tekst string) (utleggstore.Sak, error) {
	now := s.cfg.Clock.Now().UTC()
	if tekst == "" {
		tekst = statusTekst[til]
	}
	o := utleggstore.Overgang{EksternSaksreferanse: sak.EksternSaksreferanse, Fra: fraStatuser[til], Til: til, Tidspunkt: now}
	mk := func(typ, tittel, tekst string) utleggstore.Melding {
		return utleggstore.Melding{Meldingsid: httpx.NewUUID(), Opprettet: now, Body: meldingBody(Melding{
			EksternSaksreferanse: sak.EksternSaksreferanse, Saksreferanse: sak.Saksreferanse, InnsenderReferanse: sak.InnsenderReferanse,
			Meldingstype: typ, Saksstatus: til, Tittel: tittel, Tekst: tekst})}
	}
	o.Meldinger = append(o.Meldinger, mk(MeldingStatusendring, "Ny status: "+til, tekst))
	if bi != nil {
		b, err := json.Marshal(bi)
		if err != nil {
			return sak, err
		}
		o.Beslutning = b
		t := "Beslutning: " + bi.Beslutningstype
		if bi.Begrunnelse != "" {
			t += ". " + bi.Begrunnelse
		}
		o.Meldinger = append(o.Meldinger, mk(MeldingBeslutning, "Beslutning i saken", t))
	}
	out, err := s.cfg.Store.UtleggTransition(ctx, o)
	if errors.Is(err, utleggstore.ErrState) {
		return sak, fmt.Errorf("%w: %s → %s", ErrOvergang, sak.Saksstatus, til)
	}
	return out, err
}

// kjorTil drives a case to status mål through every intermediate step.
// Reaching sakBesluttet without a given decision runs the assessment
// (and OnUtleggstrekk for utleggstrekk).
func (s *Service) kjorTil(ctx context.Context, ref, mål string, bi *Beslutningsinformasjon) error {
	sak, err := s.cfg.Store.UtleggGet(ctx, "", ref)
	if err != nil {
		return err
	}
	steg, ok := sti(sak.Saksstatus, mål)
	if !ok {
		return fmt.Errorf("%w: %s → %s", ErrOvergang, sak.Saksstatus, mål)
	}
	for _, til := range steg {
		var b *Beslutningsinformasjon
		if til == SakBesluttet {
			if b = bi; b == nil {
				if b, err = s.beslutt(ctx, sak); err != nil {
					return err
				}
			} else if err := s.fyllBeslutning(ctx, sak, b); err != nil {
				return err
			}
		}
		if sak, err = s.overgang(ctx, sak, til, b, ""); err != nil {
			return err
		}
	}
	return nil
}

// beslutt runs the assessment and, for utleggstrekk, the hook.
func (s *Service) beslutt(ctx context.Context, sak utleggstore.Sak) (*Beslutningsinformasjon, error) {
	v, err := s.vurder(ctx, sak)
	if err != nil {
		return nil, err
	}
	if v.trekk != nil && s.cfg.OnUtleggstrekk != nil {
		if err := s.cfg.OnUtleggstrekk(ctx, *v.trekk); err != nil {
			return nil, fmt.Errorf("utlegg: creating trekkpålegg for %s: %w", sak.Saksreferanse, err)
		}
	}
	return &v.bi, nil
}

// fyllBeslutning completes an operator's decision: date and krav ids;
// an operator's utleggstrekk also calls the hook when the debtor has an
// employer in the world.
func (s *Service) fyllBeslutning(ctx context.Context, sak utleggstore.Sak, bi *Beslutningsinformasjon) error {
	if bi.Beslutningsdato == "" {
		bi.Beslutningsdato = string(s.cfg.Clock.Today())
	}
	if bi.Kravgrunnlagsidentifikatorer == nil {
		bi.Kravgrunnlagsidentifikatorer = kravIDer(sak)
	}
	if bi.Beslutningstype != Utleggstrekk || s.cfg.OnUtleggstrekk == nil {
		return nil
	}
	v, err := s.vurder(ctx, sak)
	if err != nil {
		return err
	}
	if v.trekk == nil {
		return nil
	}
	if bi.Begrunnelse != "" {
		v.trekk.Begrunnelse = bi.Begrunnelse
	}
	return s.cfg.OnUtleggstrekk(ctx, *v.trekk)
}

// Run runs the automatic namsmann until ctx is done: it claims due
// JobNamsmann jobs (durable, any process may run them) and decides each
// case. It returns nil when ctx ends.
func (s *Service) Run(ctx context.Context) error {
	for {
		worked, err := s.RunOnce(ctx)
		if err != nil && !errors.Is(err, context.Canceled) {
			s.log.ErrorContext(ctx, "utlegg: namsmann job", "err", err)
		}
		if ctx.Err() != nil {
			return nil
		}
		if !worked {
			t := time.NewTimer(s.cfg.PollInterval)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil
			case <-t.C:
			}
		}
	}
}

// RunOnce claims and runs at most one due job; worked reports whether
// there was one.
func (s *Service) RunOnce(ctx context.Context) (worked bool, err error) {
	j, err := s.cfg.Store.ClaimJob(ctx, []string{JobNamsmann}, s.cfg.Clock.Now(), time.Minute)
	if errors.Is(err, store.ErrNoJob) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ref := string(j.Payload)
	err = s.kjorTil(ctx, ref, SakBesluttet, nil)
	switch {
	case err == nil, errors.Is(err, ErrOvergang), errors.Is(err, store.ErrNotFound):
		// Done, or the operator already moved the case elsewhere.
		return true, s.cfg.Store.CompleteJob(ctx, j.ID)
	case j.Attempts >= 10:
		return true, errors.Join(err, s.cfg.Store.FailJob(ctx, j.ID, err.Error()))
	default:
		backoff := time.Duration(j.Attempts) * 10 * time.Second
		return true, errors.Join(err, s.cfg.Store.RetryJob(ctx, j.ID, s.cfg.Clock.Now().Add(backoff), err.Error()))
	}
}
