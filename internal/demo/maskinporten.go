package demo

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maskinporten is the demo's side of the Maskinporten-compatible token
// service: one RSA key of its own, one client per organisation that
// plays a part, and JWT-bearer grants signed here and posted to the real
// token endpoint (spec: maskinporten.md §2.4).
type maskinporten struct {
	key       *rsa.PrivateKey
	runID     string
	issuer    string // the token service's issuer, the grants' aud
	tokenPath string // path of the token endpoint on the target
	// publicBase is the server's base URL as its tokens name it (the
	// issuer without /maskinporten/): DSOP audiences derive from it.
	publicBase string
	clients    map[string]string // org -> client_id
	tokens     map[string]string // client|scope|resource -> access token
}

// newMaskinporten makes the demo's key and reads the token service's
// metadata, as a client configures itself from it.
func (d *run) newMaskinporten(ctx context.Context, st *Step) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	var id [4]byte
	rand.Read(id[:])
	mp := &maskinporten{key: key, runID: fmt.Sprintf("%x", id), clients: map[string]string{}, tokens: map[string]string{}}
	r, err := d.expect(ctx, st, request{method: "GET", path: "/maskinporten/.well-known/oauth-authorization-server",
		note: "metadata: issuer and token endpoint"}, http.StatusOK)
	if err != nil {
		return err
	}
	var meta struct {
		Issuer        string `json:"issuer"`
		TokenEndpoint string `json:"token_endpoint"`
	}
	if err := r.decode(&meta); err != nil {
		return err
	}
	if meta.Issuer == "" || meta.TokenEndpoint == "" {
		return fmt.Errorf("the metadata names no issuer or token endpoint: %s", excerpt(r.Body))
	}
	u, err := url.Parse(meta.TokenEndpoint)
	if err != nil {
		return fmt.Errorf("token_endpoint %q: %v", meta.TokenEndpoint, err)
	}
	// The token endpoint is called on the target (the metadata may name a
	// host the demo does not reach by that name); the grant's aud is the
	// issuer, as the metadata says.
	mp.issuer, mp.tokenPath = meta.Issuer, u.Path
	mp.publicBase = strings.TrimSuffix(strings.TrimSuffix(meta.Issuer, "/"), "/maskinporten")
	d.mp = mp
	return nil
}

// jwk is the public half of the demo's key as a JWK with kid.
func (mp *maskinporten) jwk(kid string) map[string]any {
	pub := &mp.key.PublicKey
	return map[string]any{"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes())}
}

// register registers a client for org with the demo's public key, which
// also grants the organisation the scopes (spec: maskinporten.md §2.5;
// the operator route POST /admin/maskinporten/clients).
func (d *run) register(ctx context.Context, st *Step, role, org string, scopes ...string) error {
	mp := d.mp
	id := "namsfogd-demo-" + mp.runID + "-" + role
	body := map[string]any{"client_id": id, "org": org, "scopes": scopes,
		"jwks":        map[string]any{"keys": []any{mp.jwk(id + "-key")}},
		"description": "namsfogd demo: " + role + " (deleted when the demo ends)"}
	if _, err := d.admin(ctx, st, "POST", "/admin/maskinporten/clients", "", body, http.StatusCreated); err != nil {
		return err
	}
	mp.clients[org] = id
	return nil
}

// token gets an access token for org's client: a JWT-bearer grant signed
// with the demo's key, posted to the token endpoint. resource, when set,
// asks for an audience-restricted token (DSOP's bank APIs).
func (d *run) token(ctx context.Context, st *Step, org, scope, resource string) (string, error) {
	mp := d.mp
	client, ok := mp.clients[org]
	if !ok {
		return "", fmt.Errorf("no Maskinporten client registered for %s", org)
	}
	k := client + "|" + scope + "|" + resource
	if t, ok := mp.tokens[k]; ok {
		return t, nil
	}
	now := time.Now()
	claims := map[string]any{"aud": mp.issuer, "iss": client, "scope": scope, "iat": now.Unix(),
		"exp": now.Unix() + 60, "jti": newUUID()}
	if resource != "" {
		claims["resource"] = resource
	}
	grant, err := signJWT(mp.key, client+"-key", claims)
	if err != nil {
		return "", err
	}
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {grant}}
	r, err := d.expect(ctx, st, request{method: "POST", path: mp.tokenPath, body: []byte(form.Encode()),
		note:   "JWT-bearer grant for " + org + ", scope " + scope,
		header: []string{"Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"}}, http.StatusOK)
	if err != nil {
		return "", err
	}
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := r.decode(&tr); err != nil {
		return "", err
	}
	if tr.AccessToken == "" {
		return "", fmt.Errorf("the token endpoint answered without an access token: %s", excerpt(r.Body))
	}
	mp.tokens[k] = tr.AccessToken
	return tr.AccessToken, nil
}

// cleanup deletes the clients the run registered; it reports in a last
// line rather than a step, since the story is over.
func (mp *maskinporten) cleanup(ctx context.Context, d *run) {
	st := &Step{}
	var failed []string
	for _, id := range mp.clients {
		if _, err := d.admin(ctx, st, "DELETE", "/admin/maskinporten/clients/"+url.PathEscape(id), "/admin/maskinporten/clients/{id}",
			nil, http.StatusOK, http.StatusNoContent); err != nil {
			failed = append(failed, id)
		}
	}
	if len(mp.clients) == 0 {
		return
	}
	if len(failed) > 0 {
		d.report.Cleanup = "could not delete the demo's Maskinporten clients " + strings.Join(failed, ", ")
	} else {
		d.report.Cleanup = fmt.Sprintf("deleted the demo's %d Maskinporten clients (DELETE /admin/maskinporten/clients/{id})", len(mp.clients))
	}
	d.printf("Cleanup: %s.\n", d.report.Cleanup)
}

// signJWT makes a compact RS256 JWS of claims with kid in the header.
func signJWT(key *rsa.PrivateKey, kid string, claims map[string]any) (string, error) {
	h, err := json.Marshal(map[string]any{"alg": "RS256", "typ": "JWT", "kid": kid})
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return in + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}
