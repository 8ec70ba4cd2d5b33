package utlegg

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// Reading cases, status and messages (spec: utleggsbegjaering.md §6.7–§6.11).

var ingenTreff = fail(http.StatusNotFound, KodeIngenTreff, "Ingen treff på oppgitt identifikator.")

// lesSak reads the caller's case named by the path; another
// organisation's case is "not found" (spec: §6).
func (s *Service) lesSak(r *http.Request, org string) (utleggstore.Sak, error) {
	sak, err := s.cfg.Store.UtleggGet(r.Context(), org, r.PathValue("ref"))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return sak, ingenTreff
	case err != nil:
		return sak, s.storageFailure(r, err)
	}
	return sak, nil
}

func (s *Service) hent(w http.ResponseWriter, r *http.Request) error {
	org, err := s.begin(r)
	if err != nil {
		return err
	}
	sak, err := s.lesSak(r, org)
	if err != nil {
		return err
	}
	out := LagretBegjaering{EksternSaksreferanse: sak.EksternSaksreferanse, Versjon: sak.Versjon,
		Mottatt: fmtTime(sak.Mottatt), Saksstatus: sak.Saksstatus, Utleggsbegjaering: sak.Body}
	if negotiate(r.Header.Get("Accept")) == formatXML {
		var b Utleggsbegjaering
		if err := json.Unmarshal(sak.Body, &b); err != nil {
			return err
		}
		out.Dokument = &b
	}
	return respond(w, r, http.StatusOK, out)
}

func (s *Service) finn(w http.ResponseWriter, r *http.Request) error {
	org, err := s.begin(r)
	if err != nil {
		return err
	}
	ref := strings.TrimSpace(r.URL.Query().Get("innsenderReferanse"))
	if ref == "" {
		return ugyldig("innsenderReferanse: mangler")
	}
	saker, err := s.cfg.Store.UtleggFind(r.Context(), org, ref)
	if err != nil {
		return s.storageFailure(r, err)
	}
	l := begjaeringListe{Treff: []BegjaeringTreff{}}
	for _, k := range saker {
		l.Treff = append(l.Treff, BegjaeringTreff{EksternSaksreferanse: k.EksternSaksreferanse, InnsenderReferanse: k.InnsenderReferanse,
			Begjaeringsdato: k.Begjaeringsdato, Saksstatus: k.Saksstatus, Mottatt: fmtTime(k.Opprettet)})
	}
	return respond(w, r, http.StatusOK, l)
}

func (s *Service) status(w http.ResponseWriter, r *http.Request) error {
	org, err := s.begin(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	if !s.cfg.DisableTestreferanser {
		if ref == "TEST_UGYLDIG" {
			return ingenTreff
		}
		if st, ok := testreferanseStatus(ref); ok {
			return respond(w, r, http.StatusOK, testStatus(ref, st, s.cfg.Clock.Now()))
		}
	}
	sak, err := s.lesSak(r, org)
	if err != nil {
		return err
	}
	out, err := statusPaaSak(sak)
	if err != nil {
		return err
	}
	return respond(w, r, http.StatusOK, out)
}

// statusPaaSak builds the status of a stored case (spec: §6.9).
func statusPaaSak(sak utleggstore.Sak) (StatusPaaSak, error) {
	var b Utleggsbegjaering
	if err := json.Unmarshal(sak.Body, &b); err != nil {
		return StatusPaaSak{}, err
	}
	out := StatusPaaSak{EksternSaksreferanse: sak.EksternSaksreferanse, Saksreferanse: sak.Saksreferanse,
		InnsenderReferanse: sak.InnsenderReferanse, Saksstatus: sak.Saksstatus, SistEndret: fmtTime(sak.SistEndret),
		Saksoekere: []StatusPart{}, Saksoekte: []StatusPart{}, Krav: []StatusKrav{}}
	for _, p := range b.Saksoeker {
		if p.Saksoeker != nil {
			out.Saksoekere = append(out.Saksoekere, StatusPart{Navn: aktoerNavn(p.Saksoeker), Identifikator: aktoerID(p.Saksoeker)})
		}
	}
	for _, p := range b.Saksoekt {
		if p.Saksoekt != nil {
			out.Saksoekte = append(out.Saksoekte, StatusPart{Navn: aktoerNavn(p.Saksoekt), Identifikator: aktoerID(p.Saksoekt)})
		}
	}
	for _, k := range b.KravTilInnkreving {
		out.Krav = append(out.Krav, StatusKrav{InnsendersKravreferanse: k.Kravreferanse,
			Kravgrunnlagsidentifikator: sak.Kravgrunnlag[k.Kravreferanse], Kravdetaljer: k.Kravdetaljer, GjenstaaendeBeloep: k.GjenstaaendeBeloep})
	}
	if (sak.Saksstatus == SakBesluttet || sak.Saksstatus == SakAvsluttet) && sak.Beslutning != nil {
		var bi Beslutningsinformasjon
		if err := json.Unmarshal(sak.Beslutning, &bi); err != nil {
			return out, err
		}
		out.Beslutningsinformasjon = &bi
	}
	return out, nil
}

// lesMeldinger turns stored messages into the feed's shape.
func lesMeldinger(ms []utleggstore.Melding) (meldingListe, error) {
	l := meldingListe{Meldinger: make([]Melding, 0, len(ms))}
	for _, m := range ms {
		var d Melding
		if err := json.Unmarshal(m.Body, &d); err != nil {
			return l, err
		}
		d.Sekvensnummer, d.Meldingsid, d.Opprettet = m.Sekvensnummer, m.Meldingsid, fmtTime(m.Opprettet)
		d.EksternSaksreferanse = m.EksternSaksreferanse
		l.Meldinger = append(l.Meldinger, d)
	}
	return l, nil
}

// heltall parses an optional non-negative query parameter.
func heltall(r *http.Request, name string, min int64) (int64, bool, error) {
	v, ok := r.URL.Query()[name]
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v[0]), 10, 64)
	if err != nil || n < min || len(v) > 1 {
		return 0, false, ugyldig(name + ": må være et heltall ≥ " + strconv.FormatInt(min, 10))
	}
	return n, true, nil
}

func (s *Service) meldinger(w http.ResponseWriter, r *http.Request) error {
	org, err := s.begin(r)
	if err != nil {
		return err
	}
	fra, _, err := heltall(r, "fraSekvensnummer", 0)
	if err != nil {
		return err
	}
	maks, _, err := heltall(r, "maksAntall", 1)
	if err != nil {
		return err
	}
	if maks > 1_000_000 {
		maks = 1_000_000
	}
	ms, err := s.cfg.Store.UtleggMeldinger(r.Context(), org, fra, int(maks))
	if err != nil {
		return s.storageFailure(r, err)
	}
	l, err := lesMeldinger(ms)
	if err != nil {
		return err
	}
	return respond(w, r, http.StatusOK, l)
}

func (s *Service) sakMeldinger(w http.ResponseWriter, r *http.Request) error {
	org, err := s.begin(r)
	if err != nil {
		return err
	}
	sak, err := s.lesSak(r, org)
	if err != nil {
		return err
	}
	ms, err := s.cfg.Store.UtleggSakMeldinger(r.Context(), sak.EksternSaksreferanse)
	if err != nil {
		return s.storageFailure(r, err)
	}
	l, err := lesMeldinger(ms)
	if err != nil {
		return err
	}
	return respond(w, r, http.StatusOK, l)
}
