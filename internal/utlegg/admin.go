package utlegg

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// The operator's namsmann (spec: utleggsbegjaering.md §6.12). Errors are
// the operator API's {"error", "field", "message"}.

type adminFeil struct {
	status  int
	Code    string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (s *Service) adminHandle(h func(w http.ResponseWriter, r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := h(w, r)
		if err == nil {
			httpx.WriteJSON(w, http.StatusOK, v)
			return
		}
		var af *adminFeil
		switch {
		case errors.As(err, &af):
		case errors.Is(err, store.ErrNotFound):
			af = &adminFeil{status: http.StatusNotFound, Code: "not_found", Message: "no such case or attachment"}
		case errors.Is(err, ErrOvergang):
			af = &adminFeil{status: http.StatusConflict, Code: "conflict", Field: "saksstatus", Message: err.Error()}
		default:
			s.log.ErrorContext(r.Context(), "utlegg admin: internal error", "err", err)
			af = &adminFeil{status: http.StatusInternalServerError, Code: "internal_error", Message: "internal error"}
		}
		httpx.WriteJSON(w, af.status, af)
	}
}

func (e *adminFeil) Error() string { return e.Code + ": " + e.Message }

func badField(field, msg string) *adminFeil {
	return &adminFeil{status: http.StatusBadRequest, Code: "invalid_request", Field: field, Message: msg}
}

// adminBody is every operator request's body; each route reads its part.
type adminBody struct {
	Saksstatus             string                  `json:"saksstatus"`
	Beslutningsinformasjon *Beslutningsinformasjon `json:"beslutningsinformasjon"`
	Beslutningstype        string                  `json:"beslutningstype"`
	Begrunnelse            string                  `json:"begrunnelse"`
	Meldingstype           string                  `json:"meldingstype"`
	Tittel                 string                  `json:"tittel"`
	Tekst                  string                  `json:"tekst"`
	Svarfrist              string                  `json:"svarfrist"`
	Kontrollutslag         []Kontrollutslag        `json:"kontrollutslag"`
	Status                 string                  `json:"status"`
}

func readAdmin(w http.ResponseWriter, r *http.Request) (adminBody, error) {
	var b adminBody
	if r.ContentLength == 0 {
		return b, nil
	}
	if de := httpx.DecodeJSON(w, r, 1<<20, &b); de != nil {
		return b, &adminFeil{status: de.Status, Code: "invalid_request", Field: de.Field, Message: de.Message}
	}
	return b, nil
}

// RegisterAdmin mounts the operator routes under prefix (e.g.
// "/admin/utlegg"): GET …/utleggsbegjaering?org=&saksstatus=&etter=&antall=
// (every case, newest first), GET …/utleggsbegjaering/{ref} and POST
// …/utleggsbegjaering/{ref}/{start|retting|nekt|godkjenn|beslutt|avslutt|hev|status|meldinger|behandle},
// PUT …/vedlegg/{uuid}/status.
func (s *Service) RegisterAdmin(mux *http.ServeMux, prefix string) {
	mux.HandleFunc("GET "+strings.TrimSuffix(prefix, "/")+"/utleggsbegjaering", s.adminHandle(s.adminList))
	p := strings.TrimSuffix(prefix, "/") + "/utleggsbegjaering/{ref}"
	mux.HandleFunc("GET "+p, s.adminHandle(s.adminSak))
	steg := map[string]string{"start": SakUnderBehandling, "nekt": SakNektetFremmet, "godkjenn": SakForelagt,
		"beslutt": SakBesluttet, "avslutt": SakAvsluttet, "hev": SakHevet}
	for name, til := range steg {
		mux.HandleFunc("POST "+p+"/"+name, s.adminHandle(func(w http.ResponseWriter, r *http.Request) (any, error) {
			return s.adminSteg(w, r, til)
		}))
	}
	mux.HandleFunc("POST "+p+"/status", s.adminHandle(s.adminStatus))
	mux.HandleFunc("POST "+p+"/retting", s.adminHandle(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return s.adminMelding(w, r, MeldingAnmodningOmRetting)
	}))
	mux.HandleFunc("POST "+p+"/meldinger", s.adminHandle(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return s.adminMelding(w, r, "")
	}))
	mux.HandleFunc("POST "+p+"/behandle", s.adminHandle(func(w http.ResponseWriter, r *http.Request) (any, error) {
		if err := s.cfg.Store.UtleggBehandle(r.Context(), r.PathValue("ref"), s.cfg.Clock.Now()); err != nil {
			return nil, err
		}
		return s.adminSak(w, r)
	}))
	mux.HandleFunc("PUT "+strings.TrimSuffix(prefix, "/")+"/vedlegg/{uuid}/status", s.adminHandle(s.adminVedlegg))
}

// adminSak shows a case: status, latest begjæring and messages.
// sakRad is one case in the operator's list.
type sakRad struct {
	EksternSaksreferanse string `json:"eksternSaksreferanse"`
	Saksreferanse        string `json:"saksreferanse"`
	Org                  string `json:"org"`
	InnsenderReferanse   string `json:"innsenderReferanse"`
	Begjaeringsdato      string `json:"begjaeringsdato"`
	Saksstatus           string `json:"saksstatus"`
	Versjon              int64  `json:"versjon"`
	Opprettet            string `json:"opprettet"`
	SistEndret           string `json:"sistEndret"`
}

// adminList is every case, newest first, filtered by org and saksstatus,
// antall (1–1000, default 100) at a time; neste continues the list.
func (s *Service) adminList(_ http.ResponseWriter, r *http.Request) (any, error) {
	q := r.URL.Query()
	sq := utleggstore.SakQuery{Org: q.Get("org"), Saksstatus: q.Get("saksstatus"), After: q.Get("etter"), Limit: 100}
	if sq.Org != "" && (len(sq.Org) != 9 || siffer(sq.Org, 0) != 9) {
		return nil, badField("org", "org must be an organisasjonsnummer of 9 digits")
	}
	if sq.Saksstatus != "" && !slices.Contains(Saksstatuser, sq.Saksstatus) {
		return nil, badField("saksstatus", "saksstatus must be one of "+strings.Join(Saksstatuser, ", "))
	}
	if _, _, ok := utleggstore.ParseCursor(sq.After); sq.After != "" && !ok {
		return nil, badField("etter", "etter must be the neste value of an earlier page")
	}
	if a := q.Get("antall"); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil || n < 1 || n > 1000 {
			return nil, badField("antall", "antall must be 1–1000")
		}
		sq.Limit = n
	}
	saker, err := s.cfg.Store.UtleggList(r.Context(), sq)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"saker": []sakRad{}}
	rader := make([]sakRad, 0, len(saker))
	for _, k := range saker {
		rader = append(rader, sakRad{EksternSaksreferanse: k.EksternSaksreferanse, Saksreferanse: k.Saksreferanse, Org: k.Org,
			InnsenderReferanse: k.InnsenderReferanse, Begjaeringsdato: k.Begjaeringsdato, Saksstatus: k.Saksstatus, Versjon: k.Versjon,
			Opprettet: k.Opprettet.UTC().Format(time.RFC3339), SistEndret: k.SistEndret.UTC().Format(time.RFC3339)})
	}
	out["saker"] = rader
	if len(saker) == sq.Limit {
		out["neste"] = saker[len(saker)-1].Cursor()
	}
	return out, nil
}

func (s *Service) adminSak(_ http.ResponseWriter, r *http.Request) (any, error) {
	sak, err := s.cfg.Store.UtleggGet(r.Context(), "", r.PathValue("ref"))
	if err != nil {
		return nil, err
	}
	st, err := statusPaaSak(sak)
	if err != nil {
		return nil, err
	}
	ms, err := s.cfg.Store.UtleggSakMeldinger(r.Context(), sak.EksternSaksreferanse)
	if err != nil {
		return nil, err
	}
	l, err := lesMeldinger(ms)
	if err != nil {
		return nil, err
	}
	return map[string]any{"org": sak.Org, "versjon": sak.Versjon, "status": st, "meldinger": l.Meldinger,
		"utleggsbegjaering": json.RawMessage(sak.Body)}, nil
}

// adminSteg makes one step of the state machine; beslutt takes an
// optional beslutningstype (none: the automatic assessment decides).
func (s *Service) adminSteg(w http.ResponseWriter, r *http.Request, til string) (any, error) {
	b, err := readAdmin(w, r)
	if err != nil {
		return nil, err
	}
	sak, err := s.cfg.Store.UtleggGet(r.Context(), "", r.PathValue("ref"))
	if err != nil {
		return nil, err
	}
	var bi *Beslutningsinformasjon
	if til == SakBesluttet {
		if b.Beslutningstype != "" {
			if !slices.Contains([]string{Utleggstrekk, Utleggspant, IntetTilUtlegg}, b.Beslutningstype) {
				return nil, badField("beslutningstype", "must be utleggstrekk, utleggspant or intetTilUtlegg")
			}
			bi = &Beslutningsinformasjon{Beslutningstype: b.Beslutningstype, Begrunnelse: b.Begrunnelse}
			if err := s.fyllBeslutning(r.Context(), sak, bi); err != nil {
				return nil, err
			}
		} else if bi, err = s.beslutt(r.Context(), sak); err != nil {
			return nil, err
		}
	}
	if _, err := s.overgang(r.Context(), sak, til, bi, b.Begrunnelse); err != nil {
		return nil, err
	}
	return s.adminSak(w, r)
}

// adminStatus drives a case to any status through the state machine.
func (s *Service) adminStatus(w http.ResponseWriter, r *http.Request) (any, error) {
	b, err := readAdmin(w, r)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(Saksstatuser, b.Saksstatus) {
		return nil, badField("saksstatus", "unknown saksstatus "+b.Saksstatus)
	}
	if bi := b.Beslutningsinformasjon; bi != nil && !slices.Contains([]string{Utleggstrekk, Utleggspant, IntetTilUtlegg}, bi.Beslutningstype) {
		return nil, badField("beslutningsinformasjon.beslutningstype", "must be utleggstrekk, utleggspant or intetTilUtlegg")
	}
	if err := s.kjorTil(r.Context(), r.PathValue("ref"), b.Saksstatus, b.Beslutningsinformasjon); err != nil {
		return nil, err
	}
	return s.adminSak(w, r)
}

// adminMelding publishes a message; ANMODNING_OM_RETTING carries
// kontrollutslag and a svarfrist (spec: §10.2, §11).
func (s *Service) adminMelding(w http.ResponseWriter, r *http.Request, typ string) (any, error) {
	b, err := readAdmin(w, r)
	if err != nil {
		return nil, err
	}
	if typ == "" {
		typ = b.Meldingstype
	}
	switch typ {
	case MeldingAnmodningOmRetting, MeldingInformasjon:
	default:
		return nil, badField("meldingstype", "must be ANMODNING_OM_RETTING or INFORMASJON")
	}
	if b.Svarfrist != "" {
		d, ok := parseDato(b.Svarfrist)
		if !ok {
			return nil, badField("svarfrist", "must be YYYY-MM-DD")
		}
		b.Svarfrist = d
	}
	for i, k := range b.Kontrollutslag {
		if r, ok := regler[k.Kode]; ok && k.Beskrivelse == "" {
			b.Kontrollutslag[i].Beskrivelse = r.Beskrivelse
		}
	}
	if b.Tittel == "" {
		b.Tittel = map[string]string{MeldingAnmodningOmRetting: "Anmodning om retting", MeldingInformasjon: "Informasjon"}[typ]
	}
	sak, err := s.cfg.Store.UtleggGet(r.Context(), "", r.PathValue("ref"))
	if err != nil {
		return nil, err
	}
	now := s.cfg.Clock.Now().UTC()
	_, err = s.cfg.Store.UtleggTransition(r.Context(), utleggstore.Overgang{EksternSaksreferanse: sak.EksternSaksreferanse,
		Tidspunkt: now, Meldinger: []utleggstore.Melding{{Meldingsid: httpx.NewUUID(), Opprettet: now, Body: meldingBody(Melding{
			EksternSaksreferanse: sak.EksternSaksreferanse, Saksreferanse: sak.Saksreferanse, InnsenderReferanse: sak.InnsenderReferanse,
			Meldingstype: typ, Saksstatus: sak.Saksstatus, Tittel: b.Tittel, Tekst: b.Tekst, Svarfrist: b.Svarfrist,
			Kontrollutslag: b.Kontrollutslag})}}})
	if err != nil {
		return nil, err
	}
	return s.adminSak(w, r)
}

func (s *Service) adminVedlegg(w http.ResponseWriter, r *http.Request) (any, error) {
	b, err := readAdmin(w, r)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(VedleggStatuser, b.Status) {
		return nil, badField("status", "unknown attachment status "+b.Status)
	}
	id := strings.ToLower(r.PathValue("uuid"))
	if err := s.cfg.Store.UtleggSetVedleggStatus(r.Context(), id, b.Status); err != nil {
		return nil, err
	}
	m, err := s.cfg.Store.UtleggGetVedlegg(r.Context(), []string{id})
	if err != nil {
		return nil, err
	}
	return vedleggsinfo(m[id]), nil
}
