package gjeld

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"strings"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/store"
)

// adminError is an operator API error: {"error","field","message"}.
type adminError struct {
	Status  int    `json:"-"`
	Code    string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *adminError) Error() string { return e.Message }

func badField(field, msg string) error {
	return &adminError{Status: http.StatusBadRequest, Code: "invalid_field", Field: field, Message: msg}
}

func (s *Service) admin(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *adminError
		var de *httpx.DecodeError
		switch {
		case errors.As(err, &e):
		case errors.As(err, &de):
			e = &adminError{Status: de.Status, Code: "invalid_request", Field: de.Field, Message: de.Message}
		case errors.Is(err, store.ErrNotFound):
			e = &adminError{Status: http.StatusNotFound, Code: "not_found", Message: err.Error()}
		case errors.Is(err, store.ErrConflict):
			e = &adminError{Status: http.StatusConflict, Code: "conflict", Message: err.Error()}
		default:
			if !s.unexpected(r, err) {
				return
			}
			e = &adminError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
		}
		writeJSON(w, e.Status, e)
	}
}

// RegisterAdmin mounts the operator routes under prefix (e.g.
// "/admin/gjeld"); the mux is already protected by the operator token.
//
//	POST /clients                   register a client (secret shown once)
//	GET  /clients                   list clients
//	PUT  /clients/{id}/jwks         the client's keys for signed request objects (JWKS)
//	PUT  /creditors/{orgnr}/mode    {"mode":"answers|unavailable|cached","nin":optional}
//	GET  /persons/{nin}/consents    a person's consents with their uses
//	POST /consents/{id}/withdraw    the person withdraws a consent (T7)
func (s *Service) RegisterAdmin(mux *http.ServeMux, prefix string) {
	p := strings.TrimRight(prefix, "/")
	mux.HandleFunc("POST "+p+"/clients", s.admin(s.adminCreateClient))
	mux.HandleFunc("GET "+p+"/clients", s.admin(s.adminListClients))
	mux.HandleFunc("PUT "+p+"/clients/{id}/jwks", s.admin(s.adminClientKeys))
	mux.HandleFunc("PUT "+p+"/creditors/{orgnr}/mode", s.admin(s.adminCreditorMode))
	mux.HandleFunc("GET "+p+"/persons/{nin}/consents", s.admin(s.adminPersonConsents))
	mux.HandleFunc("POST "+p+"/consents/{id}/withdraw", s.admin(s.adminWithdraw))
}

// ClientSpec registers a client through the operator API or SeedDefaults.
type ClientSpec struct {
	ClientID          string   `json:"client_id"`     // UUID; generated when empty
	ClientSecret      string   `json:"client_secret"` // generated when empty
	OrgNr             string   `json:"orgnr"`
	Name              string   `json:"name"`
	RedirectURIs      []string `json:"redirect_uris"`
	Purposes          []string `json:"purposes"` // default both
	AgreementConsents bool     `json:"agreement_consents"`
	ConsentEvents     bool     `json:"consent_events"`
}

// CreateClient validates and stores a client; it returns the client and
// its secret (shown only here).
func (s *Service) CreateClient(ctx context.Context, sp ClientSpec) (model.Client, string, error) {
	if sp.ClientID == "" {
		sp.ClientID = newUUID()
	}
	if sp.ClientSecret == "" {
		b := make([]byte, 32)
		rand.Read(b)
		sp.ClientSecret = b64.EncodeToString(b)
	}
	if len(sp.Purposes) == 0 {
		sp.Purposes = []string{model.PurposePresentation, model.PurposeProcessing}
	}
	switch {
	case len(sp.ClientID) > 100 || strings.ContainsAny(sp.ClientID, " :\t\n"):
		return model.Client{}, "", badField("client_id", "client_id must be at most 100 characters without spaces or colons")
	case ident.ValidateOrgNr(sp.OrgNr) != nil:
		return model.Client{}, "", badField("orgnr", "orgnr must be a valid organisasjonsnummer")
	case strings.TrimSpace(sp.Name) == "":
		return model.Client{}, "", badField("name", "name is required")
	}
	for _, p := range sp.Purposes {
		if !isPurpose(p) {
			return model.Client{}, "", badField("purposes", "purposes must be debt.unsecured.presentation and/or debt.unsecured.processing")
		}
	}
	for _, u := range sp.RedirectURIs {
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") || strings.ContainsAny(u, " #") {
			return model.Client{}, "", badField("redirect_uris", "redirect_uris must be absolute http(s) URIs without fragment")
		}
	}
	c := model.Client{ID: sp.ClientID, SecretHash: hashSecret(sp.ClientSecret), OrgNr: sp.OrgNr, Name: sp.Name,
		RedirectURIs: sp.RedirectURIs, Purposes: sp.Purposes, AgreementConsents: sp.AgreementConsents,
		ConsentEvents: sp.ConsentEvents, Created: s.clock.Now()}
	if c.RedirectURIs == nil {
		c.RedirectURIs = []string{}
	}
	return c, sp.ClientSecret, s.store.GjeldPutClient(ctx, c)
}

func (s *Service) adminCreateClient(w http.ResponseWriter, r *http.Request) error {
	var sp ClientSpec
	if err := httpx.DecodeJSON(w, r, httpx.MaxJSONBody, &sp); err != nil {
		return err
	}
	c, secret, err := s.CreateClient(r.Context(), sp)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, struct {
		model.Client
		Secret string `json:"client_secret"`
	}{c, secret})
	return nil
}

func (s *Service) adminListClients(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.store.GjeldListClients(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"clients": cs})
	return nil
}

// adminCreditorMode sets whether a creditor answers. spec: §9.4, §13 item 17
func (s *Service) adminCreditorMode(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Mode string `json:"mode"`
		NIN  string `json:"nin"`
	}
	if err := httpx.DecodeJSON(w, r, httpx.MaxJSONBody, &body); err != nil {
		return err
	}
	org := r.PathValue("orgnr")
	if ident.ValidateOrgNr(org) != nil {
		return badField("orgnr", "orgnr must be a valid organisasjonsnummer")
	}
	switch body.Mode {
	case model.ModeAnswers, model.ModeUnavailable, model.ModeCached:
	default:
		return badField("mode", "mode must be answers, unavailable or cached")
	}
	if body.NIN != "" && validateNIN(body.NIN) != nil {
		return badField("nin", "nin must be a valid national identity number")
	}
	if err := s.store.GjeldSetCreditorMode(r.Context(), org, body.NIN, body.Mode); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"orgnr": org, "nin": body.NIN, "mode": body.Mode})
	return nil
}

func (s *Service) adminPersonConsents(w http.ResponseWriter, r *http.Request) error {
	nin := r.PathValue("nin")
	cs, err := s.store.GjeldConsentsByPerson(r.Context(), nin)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	type item struct {
		model.Consent
		Effective string      `json:"effective_state"`
		Uses      []model.Use `json:"uses"`
	}
	out := []item{}
	for _, c := range cs {
		uses, err := s.store.GjeldUses(r.Context(), c.ID)
		if err != nil {
			return err
		}
		out = append(out, item{c, c.EffectiveState(now), uses})
	}
	writeJSON(w, http.StatusOK, map[string]any{"nin": nin, "consents": out})
	return nil
}

func (s *Service) adminWithdraw(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.GjeldGetConsent(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	got, err := s.revokeAsPerson(r, c, "person")
	if errors.Is(err, model.ErrInactive) {
		return &adminError{Status: http.StatusConflict, Code: "conflict", Message: "the consent is not active (" + got.EffectiveState(s.clock.Now()) + ")"}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, got)
	return nil
}
