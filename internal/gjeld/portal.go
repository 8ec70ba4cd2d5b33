package gjeld

import (
	"errors"
	"net/http"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// portalConsent is one consent as the person sees it in Min Gjeld.
type portalConsent struct {
	ID          string
	ClientName  string
	ClientOrgNr string
	Purpose     string
	Created     string
	Expires     string
	State       string
	Active      bool
	Archived    bool
	Uses        []string
}

const portalTime = "02.01.2006 15:04:05 MST"

// personConsents lists a person's consents with their uses.
// spec: gjeldsinformasjon.md R4, §13 item 21
func (s *Service) personConsents(r *http.Request, nin string) ([]portalConsent, error) {
	cs, err := s.store.GjeldConsentsByPerson(r.Context(), nin)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	names := map[string]model.Client{}
	out := make([]portalConsent, 0, len(cs))
	for _, c := range cs {
		cl, ok := names[c.ClientID]
		if !ok {
			if cl, err = s.store.GjeldGetClient(r.Context(), c.ClientID); err != nil {
				return nil, err
			}
			names[c.ClientID] = cl
		}
		uses, err := s.store.GjeldUses(r.Context(), c.ID)
		if err != nil {
			return nil, err
		}
		pc := portalConsent{ID: c.ID, ClientName: cl.Name, ClientOrgNr: cl.OrgNr, Purpose: c.Purpose,
			Created: localTime(c.Created), Expires: localTime(c.Expires), State: stateLabel(c, now),
			Active: c.EffectiveState(now) == model.StateActive, Archived: c.State == model.StateRevoked}
		for _, u := range uses {
			pc.Uses = append(pc.Uses, localTime(u.At)+" ("+u.Endpoint+")")
		}
		out = append(out, pc)
	}
	return out, nil
}

func localTime(t time.Time) string { return t.In(world.Oslo).Format(portalTime) }

// portal is GET /min-gjeld: every consent, every use, withdraw buttons.
func (s *Service) portal(w http.ResponseWriter, r *http.Request) error {
	nin, ok := s.session(r)
	if !ok {
		http.Redirect(w, r, s.prefix+"/login", http.StatusSeeOther)
		return nil
	}
	cs, err := s.personConsents(r, nin)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "portal", pageData{Title: "Min Gjeld", NIN: nin, CSRF: s.csrf(nin), Consents: cs})
}

// portalWithdraw is POST /min-gjeld/consents/{id}/withdraw: the person
// revokes a consent (T7).
func (s *Service) portalWithdraw(w http.ResponseWriter, r *http.Request) error {
	nin, ok := s.session(r)
	if !ok {
		http.Redirect(w, r, s.prefix+"/login", http.StatusSeeOther)
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if r.ParseForm() != nil || r.PostForm.Get("csrf") != s.csrf(nin) {
		return pageErr(http.StatusBadRequest, "Ugyldig skjema", "The form is invalid or has expired; reload Min Gjeld.")
	}
	c, err := s.store.GjeldGetConsent(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && c.NIN != nin) {
		return pageErr(http.StatusNotFound, "Ukjent samtykke", "No such consent.")
	}
	if err != nil {
		return err
	}
	if _, err := s.revokeAsPerson(r, c, "person"); err != nil && !errors.Is(err, model.ErrInactive) {
		return err
	}
	http.Redirect(w, r, s.prefix+"/min-gjeld", http.StatusSeeOther)
	return nil
}

// revokeAsPerson performs T7 (or T6 when by is a client id).
func (s *Service) revokeAsPerson(r *http.Request, c model.Consent, by string) (model.Consent, error) {
	now := s.clock.Now()
	return s.store.GjeldRevokeConsent(r.Context(), c.ID, model.FeedEvent{EventID: newUUID(), Occurred: now, Appended: now},
		s.audit(r, "consent.revoke", by, c.NIN, c.ID, "revoked", map[string]any{"client_id": c.ClientID, "by": by}))
}

// demoCallback is the seeded demo client's redirect target: it shows what
// arrived, so the flow can be tried with a browser and curl alone.
func (s *Service) demoCallback(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	msg := "code=" + q.Get("code") + " scope=" + q.Get("scope") + " state=" + q.Get("state")
	if e := q.Get("error"); e != "" {
		msg = "error=" + e + " error_description=" + q.Get("error_description") + " state=" + q.Get("state")
	}
	return s.render(w, http.StatusOK, "message", pageData{Title: "Demo callback", Message: msg})
}
