package gjeld

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

// maxBody bounds request bodies. spec: gjeldsinformasjon.md §13 item 23
const maxBody = 64 << 10

// AgreementRequest is a validated CreateConsentRequestDTO.
type AgreementRequest struct {
	NIN             string
	Scope           string
	DurationDays    int // as requested, before clamping
	ClientConsentID string
}

// ParseAgreementRequest validates a PUT /v1/consent/agreement body.
// consent_duration_days may be a number or a string of digits (the
// official sample client sends a string); unknown fields are ignored.
// spec: gjeldsinformasjon.md §6.1
func ParseAgreementRequest(body []byte) (AgreementRequest, error) {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return AgreementRequest{}, errors.New("the body must be a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return AgreementRequest{}, errors.New("the body must hold exactly one JSON object")
	}
	str := func(name string) (string, error) {
		v, ok := raw[name]
		if !ok || string(v) == "null" {
			return "", fmt.Errorf("%s is required", name)
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", fmt.Errorf("%s must be a string", name)
		}
		return s, nil
	}
	var a AgreementRequest
	var err error
	if a.NIN, err = str("nin"); err != nil {
		return a, err
	}
	if len(a.NIN) != 11 || validateNIN(a.NIN) != nil {
		return a, errors.New("nin must be a valid Norwegian national identity number (11 digits, valid check digits)")
	}
	if a.Scope, err = str("scope_of_consent"); err != nil {
		return a, err
	}
	if !isPurpose(a.Scope) {
		return a, errors.New("scope_of_consent must be debt.unsecured.presentation or debt.unsecured.processing")
	}
	v, ok := raw["consent_duration_days"]
	if !ok || string(v) == "null" {
		return a, errors.New("consent_duration_days is required")
	}
	var digits string
	if json.Unmarshal(v, &digits) != nil {
		digits = string(v)
	}
	n, perr := strconv.ParseInt(digits, 10, 32)
	if perr != nil || n < 1 || digits[0] == '+' || digits[0] == '-' {
		return a, errors.New("consent_duration_days must be a whole number of days, at least 1")
	}
	a.DurationDays = int(n)
	if a.ClientConsentID, err = str("client_consent_id"); err != nil {
		return a, err
	}
	if a.ClientConsentID == "" || len([]rune(a.ClientConsentID)) > 255 {
		return a, errors.New("client_consent_id must be 1 to 255 characters")
	}
	return a, nil
}

// agreementToken checks the Agreement API's token: 401 (empty body) when
// missing or unusable, 403 for another audience or a missing scope or
// agreement. spec: gjeldsinformasjon.md §6.1, §13 item 6
func (s *Service) springToken(r *http.Request, aud, scope string, allowed func(model.Client) bool) (model.Token, model.Client, error) {
	t, missing, problem, err := s.bearerToken(r.Context(), r)
	if err != nil {
		return t, model.Client{}, err
	}
	if missing || problem != "" {
		return t, model.Client{}, springErr(http.StatusUnauthorized, "")
	}
	if t.Audience != aud || !slices.Contains(t.Scopes, scope) {
		return t, model.Client{}, springErr(http.StatusForbidden, "the access token is not valid for this API (audience "+audiencePaths[aud]+", scope "+scope+" required)")
	}
	c, err := s.store.GjeldGetClient(r.Context(), t.ClientID)
	if err != nil {
		return t, c, err
	}
	if !allowed(c) {
		return t, c, springErr(http.StatusForbidden, "the client has no agreement for this API")
	}
	return t, c, nil
}

// agreementResponse is CreateConsentResponseDTO.
type agreementResponse struct {
	ClientConsentID string `json:"client_consent_id"`
	Consent         struct {
		ID             string `json:"id"`
		ExpiresAt      string `json:"expires_at"`
		ScopeOfConsent string `json:"scope_of_consent"`
	} `json:"consent"`
}

// createAgreement is PUT /v1/consent/agreement: 200 (not 201), idempotent
// on client_consent_id, 409 on other data. spec: gjeldsinformasjon.md §6.1, §7 T2
func (s *Service) createAgreement(w http.ResponseWriter, r *http.Request) error {
	_, cl, err := s.springToken(r, audAgreement, scopeConsentCreate, func(c model.Client) bool { return c.AgreementConsents })
	if err != nil {
		return err
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return springErr(http.StatusBadRequest, "Content-Type must be application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return springErr(http.StatusBadRequest, "the body could not be read or is larger than 64 KiB")
	}
	req, err := ParseAgreementRequest(body)
	if err != nil {
		return springErr(http.StatusBadRequest, err.Error())
	}
	if !cl.HasPurpose(req.Scope) {
		return springErr(http.StatusForbidden, "the client is not registered for "+req.Scope)
	}
	now := s.clock.Now().Truncate(time.Second)
	days := ClampDays(req.Scope, req.DurationDays)
	c := model.Consent{ID: newUUID(), ClientID: cl.ID, NIN: req.NIN, Purpose: req.Scope, DurationDays: days,
		Origin: model.OriginAgreement, ClientConsentID: req.ClientConsentID,
		Fingerprint: fmt.Sprintf("%s|%s|%d", req.NIN, req.Scope, req.DurationDays),
		Created:     now, Expires: now.Add(time.Duration(days) * 24 * time.Hour)}
	stored, _, err := s.store.GjeldCreateConsent(r.Context(), c, model.FeedEvent{EventID: newUUID(), Occurred: now, Appended: now},
		s.audit(r, "consent.create", cl.ID, req.NIN, c.ID, "registered",
			map[string]any{"origin": c.Origin, "purpose": c.Purpose, "client_consent_id": req.ClientConsentID}))
	if errors.Is(err, store.ErrConflict) {
		return springErr(http.StatusConflict, "client_consent_id "+strconv.Quote(req.ClientConsentID)+" is already registered with other data")
	}
	if err != nil {
		return err
	}
	var resp agreementResponse
	resp.ClientConsentID = stored.ClientConsentID
	resp.Consent.ID, resp.Consent.ExpiresAt, resp.Consent.ScopeOfConsent = stored.ID, stored.Expires.UTC().Format(time.RFC3339), stored.Purpose
	writeJSON(w, http.StatusOK, resp)
	return nil
}
