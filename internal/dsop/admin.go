package dsop

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"github.com/namsfogd/namsfogd/internal/rsakeys"
	"io"
	"net/http"
	"strconv"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/store"
)

// BankControls are the operator's switches for one synthetic bank, so
// consumers can test their error handling (issue: slow, unavailable,
// partial).
type BankControls struct {
	// DelayMS delays every authorised request by this many milliseconds.
	DelayMS int `json:"delay_ms"`
	// Unavailable answers every authorised request with 503 ACC-100.
	Unavailable bool `json:"unavailable"`
	// Partial marks every answer "partial" with a message (§4.8).
	Partial bool `json:"partial"`
	// KFROnly: the institution is known to the customer overview only
	// from the register KFR, not KAR, so its activeAccount is always
	// false (§5.1, §12 item 20).
	KFROnly bool `json:"kfr_only"`
}

func bankControlSetting(orgnr string) string { return "dsop.bank." + orgnr }

// bankControls reads a bank's controls (cached for a second); a read
// failure counts as no controls, since the request will meet the
// database again and fail there.
func (s *Service) bankControls(ctx context.Context, orgnr string) BankControls {
	now := s.clock.Now()
	if c, ok := s.controls.get(orgnr, now); ok {
		return c
	}
	var c BankControls
	if raw, err := s.store.GetSetting(ctx, bankControlSetting(orgnr)); err == nil {
		json.Unmarshal(raw, &c)
	}
	s.controls.put(orgnr, c, now)
	return c
}

// adminError is the operator API's error body {"error","field","message"}.
type adminError struct {
	Status  int    `json:"-"`
	Err     string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *adminError) Error() string { return e.Message }

func badField(field, format string, args ...any) *adminError {
	return &adminError{Status: 400, Err: "invalid_request", Field: field, Message: fmt.Sprintf(format, args...)}
}

// RegisterAdmin mounts the operator routes under prefix (normally
// "/admin/dsop"); the mux is already protected by the operator token:
//
//	GET  prefix/banks/{orgnr}                 bank controls
//	PUT  prefix/banks/{orgnr}                 {"delay_ms":0,"unavailable":false,"partial":false,"kfr_only":false}
//	GET  prefix/consumers/{orgnr}/key         the consumer's registered encryption key (public JWK)
//	PUT  prefix/consumers/{orgnr}/key         {"jwk":{...}} or {"pem":"-----BEGIN CERTIFICATE..."}
//	POST prefix/consumers/{orgnr}/key/generate  a new RSA key; answers the private JWK once
//	GET  prefix/audit?after=&limit=           the DSOP audit log
//	GET  prefix/audit/{party}?after=&limit=   who looked at this person's or organisation's accounts
func (s *Service) RegisterAdmin(mux *http.ServeMux, prefix string) {
	h := func(pattern string, fn func(http.ResponseWriter, *http.Request) error) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := fn(w, r); err != nil {
				var ae *adminError
				if !errors.As(err, &ae) {
					s.log.ErrorContext(r.Context(), "dsop admin: internal error", "error", err)
					ae = &adminError{Status: 500, Err: "internal_error", Message: "internal error"}
				}
				writeAdmin(w, ae.Status, ae)
			}
		})
	}
	h("GET "+prefix+"/banks/{orgnr}", s.adminGetBank)
	h("PUT "+prefix+"/banks/{orgnr}", s.adminPutBank)
	h("GET "+prefix+"/consumers/{orgnr}/key", s.adminGetKey)
	h("PUT "+prefix+"/consumers/{orgnr}/key", s.adminPutKey)
	h("POST "+prefix+"/consumers/{orgnr}/key/generate", s.adminGenerateKey)
	h("GET "+prefix+"/audit", s.adminAudit)
	h("GET "+prefix+"/audit/{party}", s.adminAudit)
}

func writeAdmin(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func decodeAdmin(r *http.Request, v any) error {
	d := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return badField("body", "invalid JSON body: %v", err)
	}
	return nil
}

func (s *Service) adminBank(r *http.Request) (bankInfo, error) {
	orgnr := r.PathValue("orgnr")
	if ident.ValidateOrgNr(orgnr) != nil {
		return bankInfo{}, badField("orgnr", "%q is not a valid organisation number", orgnr)
	}
	b, err := s.bank(r.Context(), orgnr)
	if err != nil {
		return b, err
	}
	if !b.ok {
		return b, &adminError{Status: 404, Err: "not_found", Field: "orgnr", Message: "no synthetic bank " + orgnr}
	}
	return b, nil
}

func (s *Service) adminGetBank(w http.ResponseWriter, r *http.Request) error {
	b, err := s.adminBank(r)
	if err != nil {
		return err
	}
	s.controls.drop(b.orgnr)
	writeAdmin(w, 200, map[string]any{"orgnr": b.orgnr, "name": b.name, "base_url": s.BankBaseURL(b.orgnr),
		"controls": s.bankControls(r.Context(), b.orgnr)})
	return nil
}

func (s *Service) adminPutBank(w http.ResponseWriter, r *http.Request) error {
	b, err := s.adminBank(r)
	if err != nil {
		return err
	}
	var c BankControls
	if err := decodeAdmin(r, &c); err != nil {
		return err
	}
	if c.DelayMS < 0 || c.DelayMS > 120000 {
		return badField("delay_ms", "delay_ms must be between 0 and 120000")
	}
	raw, _ := json.Marshal(c)
	if err := s.store.PutSetting(r.Context(), bankControlSetting(b.orgnr), raw); err != nil {
		return err
	}
	s.controls.drop(b.orgnr)
	writeAdmin(w, 200, map[string]any{"orgnr": b.orgnr, "name": b.name, "base_url": s.BankBaseURL(b.orgnr), "controls": c})
	return nil
}

func consumerOrg(r *http.Request) (string, error) {
	org := r.PathValue("orgnr")
	if ident.ValidateOrgNr(org) != nil {
		return "", badField("orgnr", "%q is not a valid organisation number", org)
	}
	return org, nil
}

func (s *Service) adminGetKey(w http.ResponseWriter, r *http.Request) error {
	org, err := consumerOrg(r)
	if err != nil {
		return err
	}
	s.keys.drop(org)
	k, err := s.consumerKey(r.Context(), org)
	if err != nil {
		return err
	}
	if !k.found {
		return &adminError{Status: 404, Err: "not_found", Field: "orgnr", Message: "no encryption key registered for " + org}
	}
	writeAdmin(w, 200, k.jwk)
	return nil
}

func (s *Service) storeKey(ctx context.Context, org string, k jose.JSONWebKey) error {
	raw, err := k.MarshalJSON()
	if err != nil {
		return err
	}
	if err := s.store.PutSetting(ctx, consumerKeySetting(org), raw); err != nil {
		return err
	}
	s.keys.drop(org)
	return nil
}

func (s *Service) adminPutKey(w http.ResponseWriter, r *http.Request) error {
	org, err := consumerOrg(r)
	if err != nil {
		return err
	}
	var body struct {
		JWK json.RawMessage `json:"jwk"`
		PEM string          `json:"pem"`
	}
	if err := decodeAdmin(r, &body); err != nil {
		return err
	}
	k, err := parsePublicKey(body.JWK, body.PEM)
	if err != nil {
		return badField("jwk", "%v", err)
	}
	if err := s.storeKey(r.Context(), org, k); err != nil {
		return err
	}
	writeAdmin(w, 200, k)
	return nil
}

// adminGenerateKey makes a test key pair for a consumer: the public half
// is registered, the private half is answered once and not kept.
func (s *Service) adminGenerateKey(w http.ResponseWriter, r *http.Request) error {
	org, err := consumerOrg(r)
	if err != nil {
		return err
	}
	priv, err := rsakeys.New(2048)
	if err != nil {
		return err
	}
	pub, err := parsePublicKey(nil, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustPKIX(&priv.PublicKey)})))
	if err != nil {
		return err
	}
	if err := s.storeKey(r.Context(), org, pub); err != nil {
		return err
	}
	privJWK := jose.JSONWebKey{Key: priv, KeyID: pub.KeyID, Use: "enc", Algorithm: pub.Algorithm}
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	writeAdmin(w, 200, map[string]any{"kid": pub.KeyID, "private_jwk": privJWK,
		"private_key_pem": string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))})
	return nil
}

func mustPKIX(k *rsa.PublicKey) []byte {
	b, _ := x509.MarshalPKIXPublicKey(k)
	return b
}

func (s *Service) adminAudit(w http.ResponseWriter, r *http.Request) error {
	q := store.AuditQuery{Service: "dsop", SubjectID: r.PathValue("party"), Limit: 100}
	if v := r.URL.Query().Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return badField("after", "after must be a non-negative audit id")
		}
		q.AfterID = n
	}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return badField("limit", "limit must be between 1 and 1000")
		}
		q.Limit = n
	}
	recs, err := s.store.ListAudit(r.Context(), q)
	if err != nil {
		return err
	}
	if recs == nil {
		recs = []store.AuditRecord{}
	}
	next := ""
	if len(recs) == q.Limit {
		next = strconv.FormatInt(recs[len(recs)-1].ID, 10)
	}
	writeAdmin(w, 200, map[string]any{"records": recs, "next_after": next})
	return nil
}

// SeedDefaults registers an encryption key for each FI-Utlegg consumer
// (Skatteetaten and Politiet) that has none, so that success responses can
// be encrypted out of the box (spec: dsop-kontroll.md §4.4). The private
// halves are not kept: a consumer that wants to decrypt registers its own
// key (PUT /admin/dsop/consumers/{orgnr}/key) or makes a new pair with
// POST .../key/generate. Idempotent.
func (s *Service) SeedDefaults(ctx context.Context) error {
	for _, org := range []string{orgIM, orgAN} {
		if _, err := s.store.GetSetting(ctx, consumerKeySetting(org)); err == nil {
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		priv, err := rsakeys.New(2048)
		if err != nil {
			return err
		}
		pub, err := parsePublicKey(nil, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustPKIX(&priv.PublicKey)})))
		if err != nil {
			return err
		}
		if err := s.storeKey(ctx, org, pub); err != nil {
			return err
		}
	}
	return nil
}

// The FI-Utlegg consumers (spec: dsop-kontroll.md §2).
const (
	orgIM = "974761076" // Skatteetaten, innkrevingsmyndighet
	orgAN = "915429785" // Politiet, alminnelig namsmann
)
