package utlegg

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// Submission and validation of new and changed begjæringer (spec:
// utleggsbegjaering.md §6.3–§6.6). Order: auth → Accept → body (415, 413,
// 400) → vilkår (422) → store.

// JobNamsmann is the durable job kind of the automatic namsmann.
const JobNamsmann = "utlegg.namsmann"

// vilkaarFeil is the 422 of a list of violations.
func vilkaarFeil(res Resultat) *apiError {
	e := &apiError{status: http.StatusUnprocessableEntity, kode: KodeValidering,
		melding: "Begjæringen inneholder valideringsfeil", kontrollutslag: res.Utslag}
	if res.Duplikat != "" {
		e.eksternSaksreferanse = res.Duplikat
	}
	return e
}

func (s *Service) validerNy(w http.ResponseWriter, r *http.Request) error {
	_, _, err := s.provNy(w, r)
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// provNy runs every check of a new begjæring.
func (s *Service) provNy(w http.ResponseWriter, r *http.Request) (string, *Utleggsbegjaering, error) {
	org, err := s.begin(r)
	if err != nil {
		return "", nil, err
	}
	b, err := readBegjaering(w, r)
	if err != nil {
		return "", nil, err
	}
	res, err := s.val.Vilkaar(r.Context(), b, Kontekst{Org: org, Now: s.cfg.Clock.Now()})
	if err != nil {
		return "", nil, s.storageFailure(r, err)
	}
	if len(res.Utslag) > 0 {
		return "", nil, vilkaarFeil(res)
	}
	return org, b, nil
}

func (s *Service) sendInn(w http.ResponseWriter, r *http.Request) error {
	org, b, err := s.provNy(w, r)
	if err != nil {
		return err
	}
	body, err := json.Marshal(b)
	if err != nil {
		return err
	}
	now := s.cfg.Clock.Now().UTC()
	ref := httpx.NewUUID()
	krav := map[string]string{}
	for _, k := range b.KravTilInnkreving {
		krav[k.Kravreferanse] = httpx.NewUUID()
	}
	innsRef := strings.TrimSpace(b.InnsenderReferanse)
	n := utleggstore.NySak{
		Sak: utleggstore.Sak{
			EksternSaksreferanse: ref, Org: org, InnsenderReferanse: innsRef, Begjaeringsdato: b.Begjaeringsdato,
			Saksstatus: SakOpprettet, Opprettet: now, SistEndret: now, Mottatt: now, Body: body, Kravgrunnlag: krav,
			ForsteUnderskrift: strings.TrimSpace(b.Underskrift), ForsteInnsenderOrgnr: innsenderOrgnr(b),
			ForsteBegjaeringsdato: b.Begjaeringsdato,
		},
		DupKey:           dupKey(org, b.Begjaeringsdato, b.InnsenderReferanse),
		BehandletFra:     now.Add(s.cfg.Behandlingsforsinkelse),
		SaksreferanseAar: now.Year(),
		Melding:          utleggstore.Melding{Meldingsid: httpx.NewUUID(), Opprettet: now},
		MeldingBody: func(saksref string) []byte {
			return meldingBody(Melding{EksternSaksreferanse: ref, Saksreferanse: saksref, InnsenderReferanse: innsRef,
				Meldingstype: MeldingSakOpprettet, Saksstatus: SakOpprettet, Tittel: "Sak opprettet",
				Tekst: "Utleggsbegjæringen er mottatt og sak er opprettet."})
		},
	}
	if s.cfg.AutoNamsmann {
		n.JobKind, n.JobAt = JobNamsmann, now.Add(s.cfg.AutoForsinkelse)
	}
	sak, err := s.cfg.Store.UtleggCreate(r.Context(), n)
	var dup *utleggstore.DuplikatError
	switch {
	case errors.As(err, &dup):
		// Lost the race to an identical submission (spec: §9).
		return vilkaarFeil(Resultat{Duplikat: dup.EksternSaksreferanse, Utslag: []Kontrollutslag{
			utslag("DUPLIKAT_INNSENDING", "%begjæringsdato", b.Begjaeringsdato, "%innsenderReferanse", innsRef)}})
	case err != nil:
		return s.storageFailure(r, err)
	}
	if mål, ok := testreferanseStatus(innsRef); ok && !s.cfg.DisableTestreferanser {
		if err := s.kjorTil(r.Context(), sak.EksternSaksreferanse, mål, nil); err != nil {
			s.log.ErrorContext(r.Context(), "utlegg: test reference", "ref", sak.EksternSaksreferanse, "err", err)
		}
	}
	w.Header().Set("Location", s.cfg.BaseURL+strings.TrimRight(r.URL.Path, "/")+"/"+ref)
	return respond(w, r, http.StatusCreated, SendInnUtleggsbegjaeringResponse{EksternSaksreferanse: ref})
}

// provEndring runs every check of a change of case ref.
func (s *Service) provEndring(w http.ResponseWriter, r *http.Request) (string, *utleggstore.Sak, *Utleggsbegjaering, error) {
	org, err := s.begin(r)
	if err != nil {
		return "", nil, nil, err
	}
	ref := r.PathValue("ref")
	sak, err := s.cfg.Store.UtleggGet(r.Context(), org, ref)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "", nil, nil, fail(http.StatusNotFound, KodeIngenTreff, "Ingen treff på oppgitt identifikator.")
	case err != nil:
		return "", nil, nil, s.storageFailure(r, err)
	}
	b, err := readBegjaering(w, r)
	if err != nil {
		return "", nil, nil, err
	}
	res, err := s.val.Vilkaar(r.Context(), b, Kontekst{Org: org, Now: s.cfg.Clock.Now(), Endring: &sak})
	if err != nil {
		return "", nil, nil, s.storageFailure(r, err)
	}
	if len(res.Utslag) > 0 {
		return "", nil, nil, vilkaarFeil(res)
	}
	return org, &sak, b, nil
}

func (s *Service) validerEndring(w http.ResponseWriter, r *http.Request) error {
	if _, _, _, err := s.provEndring(w, r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) endre(w http.ResponseWriter, r *http.Request) error {
	org, sak, b, err := s.provEndring(w, r)
	if err != nil {
		return err
	}
	body, err := json.Marshal(b)
	if err != nil {
		return err
	}
	now := s.cfg.Clock.Now().UTC()
	nye := map[string]string{}
	for _, k := range b.KravTilInnkreving {
		if _, ok := sak.Kravgrunnlag[k.Kravreferanse]; !ok {
			nye[k.Kravreferanse] = httpx.NewUUID()
		}
	}
	innsRef := strings.TrimSpace(b.InnsenderReferanse)
	_, err = s.cfg.Store.UtleggChange(r.Context(), utleggstore.Endring{
		EksternSaksreferanse: sak.EksternSaksreferanse, Org: org, InnsenderReferanse: innsRef,
		DupKey: dupKey(org, b.Begjaeringsdato, b.InnsenderReferanse), Body: body, Mottatt: now,
		BehandletFra: now.Add(s.cfg.Behandlingsforsinkelse), NyeKrav: nye,
		TillatteStatuser: []string{SakOpprettet, SakUnderBehandling, SakForelagt},
		Melding: utleggstore.Melding{Meldingsid: httpx.NewUUID(), Opprettet: now, Body: meldingBody(Melding{
			EksternSaksreferanse: sak.EksternSaksreferanse, Saksreferanse: sak.Saksreferanse, InnsenderReferanse: innsRef,
			Meldingstype: MeldingEndringMottatt, Saksstatus: sak.Saksstatus, Tittel: "Endring mottatt",
			Tekst: "Endret utleggsbegjæring er mottatt."})},
	})
	var dup *utleggstore.DuplikatError
	switch {
	case errors.As(err, &dup):
		return vilkaarFeil(Resultat{Duplikat: dup.EksternSaksreferanse, Utslag: []Kontrollutslag{
			utslag("DUPLIKAT_INNSENDING", "%begjæringsdato", b.Begjaeringsdato, "%innsenderReferanse", innsRef)}})
	case errors.Is(err, utleggstore.ErrState):
		// The case moved between validation and storing: re-run the
		// status rules for the answer.
		cur, gerr := s.cfg.Store.UtleggGet(r.Context(), org, sak.EksternSaksreferanse)
		if gerr != nil {
			return s.storageFailure(r, gerr)
		}
		var us []Kontrollutslag
		if now.Before(cur.UbehandletTil) {
			us = append(us, utslag("UAVKLART_STATUS", "%eksternSaksreferanse", cur.EksternSaksreferanse))
		}
		if !endringTillatt(cur.Saksstatus) {
			us = append(us, utslag("UGYLDIG_STATUS", "%eksternSaksreferanse", cur.EksternSaksreferanse, "%tilstand", cur.Saksstatus))
		}
		if len(us) == 0 {
			us = append(us, utslag("UAVKLART_STATUS", "%eksternSaksreferanse", cur.EksternSaksreferanse))
		}
		return vilkaarFeil(Resultat{Utslag: us})
	case errors.Is(err, store.ErrNotFound):
		return fail(http.StatusNotFound, KodeIngenTreff, "Ingen treff på oppgitt identifikator.")
	case err != nil:
		return s.storageFailure(r, err)
	}
	return respond(w, r, http.StatusOK, SendInnUtleggsbegjaeringResponse{EksternSaksreferanse: sak.EksternSaksreferanse})
}

// meldingBody is a message's stored JSON (sekvensnummer is added when
// it is read).
func meldingBody(m Melding) []byte {
	b, _ := json.Marshal(m)
	return b
}
