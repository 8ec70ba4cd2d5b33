package gjeld

import (
	"errors"
	"net/http"
	"slices"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

// Debt API error words. spec: gjeldsinformasjon.md §13 item 5
const (
	errBadRequest     = "bad request"
	errInvalidToken   = "invalid access token"
	errInvalidTokenSt = "Invalid access token" // the status endpoint's capital I
	errNoValidConsent = "no valid consent"
	errInvalidConsent = "invalid consent"
)

// debtToken checks the Debt API's bearer token: 400 when missing, 403
// (never 401) when unusable or not for the debt audience.
func (s *Service) debtToken(r *http.Request, word string) (model.Token, error) {
	t, missing, problem, err := s.bearerToken(r.Context(), r)
	switch {
	case err != nil:
		return t, err
	case missing:
		return t, debtErr(http.StatusBadRequest, errBadRequest, "Missing required header: Authorization")
	case problem != "":
		return t, debtErr(http.StatusForbidden, word, problem)
	case t.Audience != audDebt:
		return t, debtErr(http.StatusForbidden, word, "Access token is not valid for this API")
	}
	return t, nil
}

// inactiveReason says why a consent is not active.
func inactiveReason(c model.Consent, state string) string {
	switch state {
	case model.StateExpired:
		return "Consent expired at " + isoTime(c.Expires)
	case model.StateRevoked:
		return "Consent revoked at " + isoTime(c.InactiveAt)
	case model.StateUsed:
		return "Consent already used at " + isoTime(c.InactiveAt)
	}
	return "No valid consent found"
}

// ownedConsent finds the consent id of the path for the token's client;
// unknown and foreign consents are both "no valid consent" (never 404).
func (s *Service) ownedConsent(r *http.Request, t model.Token) (model.Consent, error) {
	c, err := s.store.GjeldGetConsent(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && c.ClientID != t.ClientID) {
		return c, debtErr(http.StatusForbidden, errNoValidConsent, "No valid consent found")
	}
	return c, err
}

// getDebtWithToken is GET /v1/debt with an authorization-code token.
// spec: gjeldsinformasjon.md §6.2
func (s *Service) getDebtWithToken(w http.ResponseWriter, r *http.Request) error {
	t, err := s.debtToken(r, errInvalidToken)
	if err != nil {
		return err
	}
	if t.ConsentID == "" {
		return debtErr(http.StatusForbidden, errNoValidConsent, "The access token carries no consent")
	}
	c, err := s.store.GjeldGetConsent(r.Context(), t.ConsentID)
	if errors.Is(err, store.ErrNotFound) {
		return debtErr(http.StatusForbidden, errNoValidConsent, "No valid consent found")
	}
	if err != nil {
		return err
	}
	return s.disclose(w, r, t, c, "GET /v1/debt", errNoValidConsent)
}

// getDebtWithConsentID is GET /v1/debt/{id}. spec: gjeldsinformasjon.md §6.3
func (s *Service) getDebtWithConsentID(w http.ResponseWriter, r *http.Request) error {
	t, err := s.debtToken(r, errInvalidToken)
	if err != nil {
		return err
	}
	c, err := s.ownedConsent(r, t)
	if err != nil {
		return err
	}
	if !slices.Contains(t.Scopes, c.Purpose) {
		return debtErr(http.StatusForbidden, errInvalidToken, "Access token does not grant "+c.Purpose)
	}
	return s.disclose(w, r, t, c, "GET /v1/debt/{id}", errInvalidConsent)
}

// disclose builds the debt, records the use and the audit record in one
// transaction, and only then answers 200. spec: §7 T3/T4, §13 items 19-20
func (s *Service) disclose(w http.ResponseWriter, r *http.Request, t model.Token, c model.Consent, endpoint, inactiveWord string) error {
	now := s.clock.Now()
	if st := c.EffectiveState(now); st != model.StateActive {
		return debtErr(http.StatusForbidden, inactiveWord, inactiveReason(c, st))
	}
	info, err := s.debtInformationFor(r.Context(), c)
	if err != nil {
		return err
	}
	tid := r.Header.Get("X-Trace-ID")
	a := s.audit(r, "debt.disclose", t.ClientID, c.NIN, c.ID, "disclosed",
		map[string]any{"endpoint": endpoint, "purpose": c.Purpose, "loans": len(info.Loans)})
	used, err := s.store.GjeldUseConsent(r.Context(), c.ID,
		model.Use{ConsentID: c.ID, ClientID: t.ClientID, At: now, Endpoint: endpoint, TraceID: tid},
		model.FeedEvent{EventID: newUUID(), Occurred: now, Appended: now}, a)
	if errors.Is(err, model.ErrInactive) {
		// Lost a race, e.g. two concurrent reads of a single-use consent.
		return debtErr(http.StatusForbidden, inactiveWord, inactiveReason(used, used.EffectiveState(now)))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

// revokeConsent is DELETE /v1/debt/{id}. spec: gjeldsinformasjon.md §6.4, §7 T6/T8
func (s *Service) revokeConsent(w http.ResponseWriter, r *http.Request) error {
	t, err := s.debtToken(r, errInvalidToken)
	if err != nil {
		return err
	}
	c, err := s.ownedConsent(r, t)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	if st := c.EffectiveState(now); st != model.StateActive {
		return debtErr(http.StatusForbidden, errInvalidConsent, inactiveReason(c, st))
	}
	got, err := s.revokeAsPerson(r, c, t.ClientID)
	if errors.Is(err, model.ErrInactive) {
		return debtErr(http.StatusForbidden, errInvalidConsent, inactiveReason(got, got.EffectiveState(now)))
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// consentStatus is GET /v1/debt/{id}/status: unknown or foreign consents
// are {"active": false}. spec: gjeldsinformasjon.md §6.5, §13 item 15
func (s *Service) consentStatus(w http.ResponseWriter, r *http.Request) error {
	t, err := s.debtToken(r, errInvalidTokenSt)
	if err != nil {
		return err
	}
	type status struct {
		Active    bool   `json:"active"`
		ExpiresAt *int64 `json:"expires_at,omitempty"`
	}
	c, err := s.store.GjeldGetConsent(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) || (err == nil && c.ClientID != t.ClientID) {
		writeJSON(w, http.StatusOK, status{})
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, status{Active: c.EffectiveState(s.clock.Now()) == model.StateActive, ExpiresAt: ptr(c.Expires.Unix())})
	return nil
}
