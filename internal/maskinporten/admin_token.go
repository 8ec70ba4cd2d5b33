package maskinporten

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
)

func (s *Service) adminListKeys(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.keys.signer(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"current": cur.kid, "keys": s.keys.jwks()})
	return nil
}

func (s *Service) adminRotateKey(w http.ResponseWriter, r *http.Request) error {
	if err := s.RotateKey(r.Context()); err != nil {
		return err
	}
	return s.adminListKeys(w, r)
}

// certificateRequest asks the test CA for a test enterprise certificate.
type certificateRequest struct {
	Org       string `json:"org"`
	Name      string `json:"name"`
	ValidDays int    `json:"valid_days"`
}

// adminIssueCertificate mints a test enterprise certificate for an
// organisation (§10.2): a client without registered keys can then sign
// grants with it and send it in x5c.
func (s *Service) adminIssueCertificate(w http.ResponseWriter, r *http.Request) error {
	var req certificateRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if err := validOrg("org", req.Org); err != nil {
		return err
	}
	if req.ValidDays == 0 {
		req.ValidDays = 365
	}
	if req.ValidDays < 1 || req.ValidDays > 3650 {
		return badField("valid_days", "valid_days must be between 1 and 3650")
	}
	if len(req.Name) > 64 {
		return badField("name", "name is at most 64 characters")
	}
	if err := s.addOrgs(r.Context(), req.Org); err != nil {
		return err
	}
	now := s.clock.Now()
	der, key, err := s.ca.issue(req.Org, req.Name, now, now.AddDate(0, 0, req.ValidDays), 2048)
	if err != nil {
		return err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{
		"org":             req.Org,
		"certificate_pem": string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		"private_key_pem": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})),
		"ca_pem":          string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.ca.cert.Raw})),
		"x5c":             []string{base64.StdEncoding.EncodeToString(der)},
	})
	return nil
}

func (s *Service) adminCA(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/x-pem-file")
	_, err := w.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.ca.cert.Raw}))
	return err
}

// MintRequest is the body of POST /admin/maskinporten/token: a token for
// a client whose private key the server holds (seeded clients,
// generate_key). Either ClientID or Org names the client.
type MintRequest struct {
	ClientID      string   `json:"client_id"`
	Org           string   `json:"org"`
	Scope         string   `json:"scope"`
	ConsumerOrg   string   `json:"consumer_org,omitempty"`
	SystemUserOrg string   `json:"systemuser_org,omitempty"`
	ExternalRef   string   `json:"external_ref,omitempty"`
	Resource      []string `json:"resource,omitempty"`
	PID           string   `json:"pid,omitempty"`
}

// adminToken builds a grant with the client's stored key and runs it
// through the token endpoint's own rules, so an operator-minted token is
// exactly what the client would have got.
func (s *Service) adminToken(w http.ResponseWriter, r *http.Request) error {
	var req MintRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	scopes := dedupe(strings.Fields(req.Scope))
	if len(scopes) == 0 {
		return badField("scope", "scope is required")
	}
	c, key, err := s.mintingClient(ctx, req, scopes)
	if ae := (*adminError)(nil); errors.As(err, &ae) && ae.Status == http.StatusNotFound && req.ClientID == "" &&
		req.ConsumerOrg == "" && req.SystemUserOrg == "" {
		// The organisation has no client of its own: act through a
		// supplier it delegated every scope to (e.g. Politiet through
		// Skatteetaten, §5.3).
		if sup := s.delegatedSupplier(ctx, req.Org, scopes); sup != "" {
			req.ConsumerOrg = req.Org
			req.Org = sup
			c, key, err = s.mintingClient(ctx, req, scopes)
		}
	}
	if err != nil {
		return err
	}
	now := s.clock.Now()
	claims := map[string]any{
		"aud": s.issuer, "iss": c.ClientID, "scope": strings.Join(scopes, " "),
		"iat": now.Unix(), "exp": now.Unix() + int64(MaxGrantLifetime/time.Second), "jti": newUUID(),
	}
	if req.ConsumerOrg != "" {
		claims["consumer_org"] = req.ConsumerOrg
	}
	if req.SystemUserOrg != "" {
		entry := map[string]any{"type": typeSystemUser, "systemuser_org": org(req.SystemUserOrg)}
		if req.ExternalRef != "" {
			entry["externalRef"] = req.ExternalRef
		}
		claims["authorization_details"] = []any{entry}
	}
	if len(req.Resource) > 0 {
		claims["resource"] = req.Resource
	}
	if req.PID != "" {
		claims["pid"] = req.PID
	}
	der, err := x509.ParsePKCS8PrivateKey(key.PrivateKey)
	if err != nil {
		return err
	}
	priv, ok := der.(*rsa.PrivateKey)
	if !ok {
		return errors.New("stored client key is not RSA")
	}
	assertion, err := BuildAssertion(priv, key.Kid, nil, claims)
	if err != nil {
		return err
	}
	traceID := newTraceID()
	resp, info, te := s.exchange(ctx, assertion)
	if te != nil {
		s.reject(r, te, traceID, info)
		if te.status >= 500 {
			return errors.New(te.reason)
		}
		b := s.body(te, traceID)
		return &adminError{Status: te.status, Code: te.code, Message: b.ErrorDescription, ErrorURI: b.ErrorURI, TraceID: traceID}
	}
	s.log.InfoContext(ctx, "maskinporten: token minted by operator", "client_id", c.ClientID, "consumer", resp.consumer,
		"scope", resp.Scope, "token_jti", resp.jti, "trace_id", traceID)
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// mintingClient finds the client and its server-held key: by client id,
// or the first client of the organisation (by id) that holds a usable
// key and has every scope registered.
func (s *Service) mintingClient(ctx context.Context, req MintRequest, scopes []string) (registry.Client, registry.ClientKey, error) {
	now := s.clock.Now()
	usable := func(c registry.Client) (registry.ClientKey, bool) {
		for _, k := range c.Keys {
			if k.Kind == registry.KeyKindJWK && len(k.PrivateKey) > 0 && now.Before(k.Expires) {
				return k, true
			}
		}
		return registry.ClientKey{}, false
	}
	if req.ClientID != "" {
		c, err := s.store.MPGetClient(ctx, req.ClientID)
		if errors.Is(err, store.ErrNotFound) {
			return c, registry.ClientKey{}, notFoundErr("client_id", "no client %q", req.ClientID)
		}
		if err != nil {
			return c, registry.ClientKey{}, err
		}
		k, ok := usable(c)
		if !ok {
			return c, k, badField("client_id", "the server holds no usable private key for client %q; use `namsfogd token --key` with your own key", c.ClientID)
		}
		return c, k, nil
	}
	if req.Org == "" {
		return registry.Client{}, registry.ClientKey{}, badField("client_id", "client_id or org is required")
	}
	if ident.ValidateOrgNr(req.Org) != nil {
		return registry.Client{}, registry.ClientKey{}, badField("org", "org is not a valid organisation number")
	}
	after := ""
	for {
		cs, err := s.store.MPListClients(ctx, req.Org, after, 100)
		if err != nil {
			return registry.Client{}, registry.ClientKey{}, err
		}
		for _, c := range cs {
			if !c.Active || !hasAll(c, scopes) {
				continue
			}
			if k, ok := usable(c); ok {
				return c, k, nil
			}
		}
		if len(cs) < 100 {
			break
		}
		after = cs[len(cs)-1].ClientID
	}
	return registry.Client{}, registry.ClientKey{}, notFoundErr("org",
		"organisation %s has no client with a server-held key and the scopes %s; register one with POST /admin/maskinporten/clients and \"generate_key\": true", req.Org, strings.Join(scopes, " "))
}

// delegatedSupplier returns a supplier that consumer delegated every
// scope to, or "".
func (s *Service) delegatedSupplier(ctx context.Context, consumer string, scopes []string) string {
	ds, err := s.store.MPListDelegations(ctx, consumer)
	if err != nil {
		return ""
	}
	count := map[string]int{}
	var order []string
	for _, d := range ds {
		if d.ConsumerOrg == consumer && slices.Contains(scopes, d.Scope) {
			if count[d.SupplierOrg] == 0 {
				order = append(order, d.SupplierOrg)
			}
			count[d.SupplierOrg]++
		}
	}
	for _, sup := range order {
		if count[sup] == len(scopes) {
			return sup
		}
	}
	return ""
}

func hasAll(c registry.Client, scopes []string) bool {
	for _, sc := range scopes {
		if !c.HasScope(sc) {
			return false
		}
	}
	return true
}
