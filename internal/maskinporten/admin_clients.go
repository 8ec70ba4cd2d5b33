package maskinporten

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"github.com/namsfogd/namsfogd/internal/rsakeys"
	"net/http"
	"strconv"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
)

// clientRequest is the body of POST /admin/maskinporten/clients. The
// first four fields are the fixed public interface.
type clientRequest struct {
	ClientID string   `json:"client_id"`
	Org      string   `json:"org"`
	Scopes   []string `json:"scopes"`
	JWKS     *jwksDoc `json:"jwks"`
	// Certificates are PEM or base64 DER certificates pinned on a client
	// that authenticates with x5c (no JWKs).
	Certificates []string `json:"certificates"`
	Description  string   `json:"description"`
	// AccessTokenLifetime in seconds; 0 means 120.
	AccessTokenLifetime int `json:"access_token_lifetime"`
	// GenerateKey makes the server generate and keep a key pair, so that
	// POST /admin/maskinporten/token can mint tokens for the client; the
	// private key is returned once, in the response.
	GenerateKey bool `json:"generate_key"`
	// GrantAccess (default true) also grants the organisation access to
	// the scopes, so that one call is enough to get tokens.
	GrantAccess *bool `json:"grant_access"`
}

type jwksDoc struct {
	Keys []json.RawMessage `json:"keys"`
}

// clientView is a stored client as the operator API shows it.
type clientView struct {
	ClientID            string     `json:"client_id"`
	Org                 string     `json:"org"`
	Description         string     `json:"description,omitempty"`
	Scopes              []string   `json:"scopes"`
	IntegrationType     string     `json:"integration_type"`
	AuthMethod          string     `json:"token_endpoint_auth_method"`
	GrantTypes          []string   `json:"grant_types"`
	AccessTokenLifetime int64      `json:"access_token_lifetime"`
	Active              bool       `json:"active"`
	Created             time.Time  `json:"created"`
	JWKS                jwksView   `json:"jwks"`
	Certificates        []certView `json:"certificates"`
	ServerHeldKeys      []string   `json:"server_held_keys"`
	GeneratedPrivateKey string     `json:"generated_private_key,omitempty"`
}

type jwksView struct {
	Keys []json.RawMessage `json:"keys"`
}

type certView struct {
	Kid      string    `json:"kid"`
	Subject  string    `json:"subject"`
	NotAfter time.Time `json:"not_after"`
	SHA256   string    `json:"sha256"`
}

func viewClient(c registry.Client) clientView {
	v := clientView{
		ClientID: c.ClientID, Org: c.OrgNr, Description: c.Description, Scopes: c.Scopes,
		IntegrationType: registry.IntegrationMaskinporten, AuthMethod: registry.AuthPrivateKeyJWT,
		GrantTypes: []string{grantTypeJWTBearer}, Active: c.Active, Created: c.Created,
		AccessTokenLifetime: int64(c.AccessTokenLifetime / time.Second),
		JWKS:                jwksView{Keys: []json.RawMessage{}}, Certificates: []certView{}, ServerHeldKeys: []string{},
	}
	if v.AccessTokenLifetime == 0 {
		v.AccessTokenLifetime = int64(registry.DefaultTokenLifetime / time.Second)
	}
	for _, k := range c.Keys {
		switch k.Kind {
		case registry.KeyKindJWK:
			v.JWKS.Keys = append(v.JWKS.Keys, json.RawMessage(k.Public))
			if len(k.PrivateKey) > 0 {
				v.ServerHeldKeys = append(v.ServerHeldKeys, k.Kid)
			}
		case registry.KeyKindCertificate:
			if cert, err := x509.ParseCertificate(k.Public); err == nil {
				sum := sha256.Sum256(k.Public)
				v.Certificates = append(v.Certificates, certView{Kid: k.Kid, Subject: cert.Subject.String(),
					NotAfter: cert.NotAfter, SHA256: hex.EncodeToString(sum[:])})
			}
		}
	}
	return v
}

func (s *Service) adminCreateClient(w http.ResponseWriter, r *http.Request) error {
	var req clientRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	now := s.clock.Now()
	if req.ClientID == "" {
		req.ClientID = newUUID()
	}
	if !reClientID.MatchString(req.ClientID) {
		return badField("client_id", "client_id must be 1–100 characters of letters, digits and . _ : @ -")
	}
	if err := validOrg("org", req.Org); err != nil {
		return err
	}
	if req.Scopes == nil {
		req.Scopes = []string{}
	}
	if err := s.scopeList(ctx, "scopes", req.Scopes); err != nil {
		return err
	}
	if req.AccessTokenLifetime < 0 || time.Duration(req.AccessTokenLifetime)*time.Second > MaxTokenLifetime {
		return badField("access_token_lifetime", "access_token_lifetime must be between 1 and %d seconds", int(MaxTokenLifetime/time.Second))
	}
	c := registry.Client{
		ClientID: req.ClientID, OrgNr: req.Org, Description: req.Description, Scopes: dedupe(req.Scopes),
		AccessTokenLifetime: time.Duration(req.AccessTokenLifetime) * time.Second, Active: true, Created: now,
	}
	var err error
	if req.JWKS != nil {
		if c.Keys, err = parseJWKs("jwks.keys", req.JWKS.Keys, req.ClientID, now); err != nil {
			return err
		}
	}
	certs, err := parseCertificates(req.Certificates, req.ClientID, req.Org, now)
	if err != nil {
		return err
	}
	c.Keys = append(c.Keys, certs...)
	var generated string
	if req.GenerateKey {
		k, pemKey, err := generateClientKey(req.ClientID, now, 2048)
		if err != nil {
			return err
		}
		c.Keys, generated = append(c.Keys, k), pemKey
	}
	if _, err := s.store.MPGetClient(ctx, req.ClientID); err == nil {
		return conflictErr("client_id", "client %q exists", req.ClientID)
	}
	if err := s.addOrgs(ctx, c.OrgNr); err != nil {
		return err
	}
	if err := s.store.MPCreateClient(ctx, c); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return conflictErr("jwks", "client %q or one of its key ids (kid) exists; kid must be unique across all clients", req.ClientID)
		}
		return err
	}
	if req.GrantAccess == nil || *req.GrantAccess {
		for _, sc := range c.Scopes {
			if err := s.store.MPGrantAccess(ctx, registry.Access{OrgNr: c.OrgNr, Scope: sc, Created: now}); err != nil {
				return err
			}
		}
	}
	s.log.InfoContext(ctx, "maskinporten: client registered", "client_id", c.ClientID, "org", c.OrgNr, "scopes", strings.Join(c.Scopes, " "))
	v := viewClient(c)
	v.GeneratedPrivateKey = generated
	w.Header().Set("Location", strings.TrimSuffix(r.URL.Path, "/")+"/"+c.ClientID)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// parseJWKs validates uploaded public JWKs (spec: maskinporten.md §2.5):
// RSA, at least 2048 bits, public only, with a kid; an x5c inside the JWK
// must match its key (go-jose checks that).
func parseJWKs(field string, raws []json.RawMessage, clientID string, now time.Time) ([]registry.ClientKey, error) {
	var out []registry.ClientKey
	seen := map[string]bool{}
	for i, raw := range raws {
		f := fmt.Sprintf("%s[%d]", field, i)
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil {
			return nil, badField(f, "not a valid JWK: %v", err)
		}
		if !k.IsPublic() {
			return nil, badField(f, "upload the public key only; this JWK holds private key material")
		}
		pub, ok := k.Key.(*rsa.PublicKey)
		if !ok {
			return nil, badField(f, "Maskinporten accepts RSA keys only")
		}
		if pub.N.BitLen() < 2048 {
			return nil, badField(f, "the RSA key must have at least 2048 bits")
		}
		if k.KeyID == "" || len(k.KeyID) > 200 {
			return nil, badField(f+".kid", "kid is required (at most 200 characters)")
		}
		if k.Use != "" && k.Use != "sig" {
			return nil, badField(f+".use", "use must be \"sig\"")
		}
		switch k.Algorithm {
		case "", "RS256", "RS384", "RS512":
		default:
			return nil, badField(f+".alg", "alg must be RS256, RS384 or RS512")
		}
		if seen[k.KeyID] {
			return nil, badField(f+".kid", "duplicate kid %q", k.KeyID)
		}
		seen[k.KeyID] = true
		js, err := k.Public().MarshalJSON()
		if err != nil {
			return nil, badField(f, "not a valid JWK: %v", err)
		}
		out = append(out, registry.ClientKey{Kid: k.KeyID, ClientID: clientID, Kind: registry.KeyKindJWK, Public: js,
			Created: now, Expires: now.Add(registry.KeyLifetime)})
	}
	return out, nil
}

// parseCertificates reads pinned certificates: PEM (one or more blocks)
// or base64 DER.
func parseCertificates(in []string, clientID, org string, now time.Time) ([]registry.ClientKey, error) {
	var out []registry.ClientKey
	for i, s := range in {
		f := fmt.Sprintf("certificates[%d]", i)
		var ders [][]byte
		rest := []byte(s)
		for {
			var b *pem.Block
			b, rest = pem.Decode(rest)
			if b == nil {
				break
			}
			if b.Type == "CERTIFICATE" {
				ders = append(ders, b.Bytes)
			}
		}
		if len(ders) == 0 {
			der, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
			if err != nil {
				return nil, badField(f, "not a PEM or base64 DER certificate")
			}
			ders = [][]byte{der}
		}
		// The first certificate is the one pinned; the rest is its chain.
		cert, err := x509.ParseCertificate(ders[0])
		if err != nil {
			return nil, badField(f, "not a certificate: %v", err)
		}
		if _, ok := cert.PublicKey.(*rsa.PublicKey); !ok {
			return nil, badField(f, "the certificate must hold an RSA key")
		}
		if o := certOrgNr(cert); o != "" && o != org {
			return nil, badField(f, "the certificate belongs to organisation %s, not %s", o, org)
		}
		sum := sha256.Sum256(cert.Raw)
		out = append(out, registry.ClientKey{
			Kid: "x5t#S256:" + base64.RawURLEncoding.EncodeToString(sum[:]) + "@" + clientID, ClientID: clientID,
			Kind: registry.KeyKindCertificate, Public: cert.Raw, Created: now, Expires: cert.NotAfter,
		})
	}
	return out, nil
}

// generateClientKey makes a server-held key pair; it returns the stored
// key and the private key as PEM.
func generateClientKey(clientID string, now time.Time, bits int) (registry.ClientKey, string, error) {
	priv, err := rsakeys.New(bits)
	if err != nil {
		return registry.ClientKey{}, "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return registry.ClientKey{}, "", err
	}
	var rnd [4]byte
	rand.Read(rnd[:])
	kid := clientID + "-" + hex.EncodeToString(rnd[:])
	js, err := jose.JSONWebKey{Key: &priv.PublicKey, KeyID: kid, Algorithm: "RS256", Use: "sig"}.MarshalJSON()
	if err != nil {
		return registry.ClientKey{}, "", err
	}
	k := registry.ClientKey{Kid: kid, ClientID: clientID, Kind: registry.KeyKindJWK, Public: js, PrivateKey: der,
		Created: now, Expires: now.Add(registry.KeyLifetime)}
	return k, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

func (s *Service) adminListClients(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	if org := q.Get("org"); org != "" && !isDigits(org, 9) {
		return badField("org", "org must be 9 digits")
	}
	cs, err := s.store.MPListClients(r.Context(), q.Get("org"), q.Get("after"), limit)
	if err != nil {
		return err
	}
	out := struct {
		Clients []clientView `json:"clients"`
		Next    string       `json:"next,omitempty"`
	}{Clients: make([]clientView, 0, len(cs))}
	for _, c := range cs {
		out.Clients = append(out.Clients, viewClient(c))
	}
	if len(cs) == limit {
		out.Next = cs[len(cs)-1].ClientID
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Service) adminGetClient(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.MPGetClient(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return notFoundErr("client_id", "no client %q", r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewClient(c))
	return nil
}

func (s *Service) adminDeleteClient(w http.ResponseWriter, r *http.Request) error {
	err := s.store.MPDeleteClient(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return notFoundErr("client_id", "no client %q", r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// adminAddClientKeys is POST /clients/{id}/jwks with {"keys": [...]}, as
// the real admin API's upload of client keys (§2.5).
func (s *Service) adminAddClientKeys(w http.ResponseWriter, r *http.Request) error {
	var doc jwksDoc
	if err := decodeJSON(w, r, &doc); err != nil {
		return err
	}
	ctx, id := r.Context(), r.PathValue("id")
	if len(doc.Keys) == 0 {
		return badField("keys", "keys must hold at least one JWK")
	}
	keys, err := parseJWKs("keys", doc.Keys, id, s.clock.Now())
	if err != nil {
		return err
	}
	for _, k := range keys {
		switch err := s.store.MPAddClientKey(ctx, k); {
		case errors.Is(err, store.ErrNotFound):
			return notFoundErr("client_id", "no client %q", id)
		case errors.Is(err, store.ErrConflict):
			return conflictErr("keys", "kid %q exists; kid must be unique across all clients", k.Kid)
		case err != nil:
			return err
		}
	}
	c, err := s.store.MPGetClient(ctx, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, viewClient(c))
	return nil
}

func dedupe(xs []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func isDigits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

// newUUID returns a random version 4 UUID, the form of modern client ids.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
