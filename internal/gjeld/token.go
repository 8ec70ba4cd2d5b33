package gjeld

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

// Lifetimes. spec: gjeldsinformasjon.md §5.3, §5.5, §13 items 3 and 9
const (
	tokenLifetime   = time.Hour
	reportedExpires = 3599
	codeLifetime    = 10 * time.Minute
	singleUseWindow = 10 * time.Minute
)

const (
	labelToken = "access token"
	labelCode  = "authorization code"
)

// tokenResponse is the token endpoint's answer; no refresh_token, ever.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	IDToken     string `json:"id_token,omitempty"`
	Scope       string `json:"scope"`
	TokenType   string `json:"token_type"`
}

// hashSecret is how client secrets are stored.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte("gjeld client secret\x00" + secret))
	return hex.EncodeToString(sum[:])
}

// authenticateClient checks HTTP Basic credentials, the only method.
// spec: gjeldsinformasjon.md §5.3, R9
func (s *Service) authenticateClient(r *http.Request) (model.Client, error) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		return model.Client{}, oauthErr(http.StatusUnauthorized, "invalid_client",
			"client authentication failed: use HTTP Basic (client_secret_basic)")
	}
	c, err := s.store.GjeldGetClient(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && subtle.ConstantTimeCompare([]byte(c.SecretHash), []byte(hashSecret(secret))) != 1) {
		return model.Client{}, oauthErr(http.StatusUnauthorized, "invalid_client", "client authentication failed")
	}
	return c, err
}

// token is POST /oauth2/token. Evaluation order: client authentication,
// grant_type, missing parameters, audience, scope. spec: §5.3
func (s *Service) token(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	formErr := r.ParseForm()
	c, err := s.authenticateClient(r)
	if err != nil {
		return err
	}
	if formErr != nil {
		return oauthErr(http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	f := r.PostForm
	if id := f.Get("client_id"); id != "" && id != c.ID {
		return oauthErr(http.StatusBadRequest, "invalid_request", "client_id differs from the authenticated client")
	}
	switch gt := f.Get("grant_type"); gt {
	case "":
		return oauthErr(http.StatusBadRequest, "invalid_request", "grant_type is missing")
	case "client_credentials":
		return s.clientCredentials(w, r, c)
	case "authorization_code":
		return s.exchangeCode(w, r, c)
	default:
		return oauthErr(http.StatusBadRequest, "unsupported_grant_type", "grant_type "+gt+" is not supported")
	}
}

// allowedScope reports whether client c may get scope sc for audience aud.
func allowedScope(c model.Client, aud, sc string) bool {
	switch aud {
	case audDebt:
		return isPurpose(sc) && c.HasPurpose(sc)
	case audAgreement:
		return sc == scopeConsentCreate && c.AgreementConsents
	case audFeed:
		return sc == scopeFeed && c.ConsentEvents
	}
	return false
}

func (s *Service) clientCredentials(w http.ResponseWriter, r *http.Request, c model.Client) error {
	f := r.PostForm
	a := f.Get("audience")
	if a == "" {
		return oauthErr(http.StatusBadRequest, "invalid_request", "audience is missing")
	}
	aud, ok := s.audience(a)
	if !ok {
		return oauthErr(http.StatusBadRequest, "invalid_request", "unknown audience "+a)
	}
	var scopes []string
	for _, sc := range strings.Fields(f.Get("scope")) {
		if !allowedScope(c, aud, sc) {
			return oauthErr(http.StatusBadRequest, "invalid_scope", "scope "+sc+" is not allowed for this client and audience")
		}
		if !slices.Contains(scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	value, hash := s.newOpaque(labelToken)
	t := model.Token{Hash: hash, ClientID: c.ID, Audience: aud, Scopes: scopes, Expires: s.clock.Now().Add(tokenLifetime)}
	if err := s.store.GjeldPutToken(r.Context(), t); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tokenResponse{AccessToken: value, ExpiresIn: reportedExpires,
		Scope: strings.Join(scopes, " "), TokenType: "bearer"})
	return nil
}

func (s *Service) exchangeCode(w http.ResponseWriter, r *http.Request, c model.Client) error {
	f := r.PostForm
	code, redirect := f.Get("code"), f.Get("redirect_uri")
	if code == "" || redirect == "" {
		return oauthErr(http.StatusBadRequest, "invalid_request", "code and redirect_uri are required")
	}
	bad := oauthErr(http.StatusBadRequest, "invalid_grant", "the authorization code is invalid, expired, used or was issued to another client or redirect_uri")
	if !s.checkOpaque(labelCode, code) {
		return bad
	}
	now := s.clock.Now()
	cd, err := s.store.GjeldRedeemCode(r.Context(), hashOpaque(code), now)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) {
		return bad
	}
	if err != nil {
		return err
	}
	if cd.ClientID != c.ID || cd.RedirectURI != redirect || !now.Before(cd.Expires) || !pkceOK(cd, f.Get("code_verifier")) {
		return bad
	}
	openid := strings.HasSuffix(cd.Scope, " "+scopeOpenID)
	value, hash := s.newOpaque(labelToken)
	t := model.Token{Hash: hash, ClientID: c.ID, Audience: audDebt, Scopes: []string{strings.Fields(cd.Scope)[0]},
		ConsentID: cd.ConsentID, NIN: cd.NIN, CodeHash: cd.Hash, OpenID: openid, Expires: now.Add(tokenLifetime)}
	if err := s.store.GjeldPutToken(r.Context(), t); err != nil {
		return err
	}
	resp := tokenResponse{AccessToken: value, ExpiresIn: reportedExpires, Scope: cd.Scope, TokenType: "bearer"}
	if openid {
		if resp.IDToken, err = s.idToken(cd, value, now); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// pkceOK checks the PKCE verifier when the authorization request had a challenge.
func pkceOK(cd model.Code, verifier string) bool {
	switch {
	case cd.Challenge == "":
		return true
	case verifier == "":
		return false
	case cd.Method == "S256":
		sum := sha256.Sum256([]byte(verifier))
		return b64.EncodeToString(sum[:]) == cd.Challenge
	default:
		return verifier == cd.Challenge
	}
}

// pairwiseSub is stable per client and person, different across clients.
// spec: gjeldsinformasjon.md §13 item 12
func (s *Service) pairwiseSub(clientID, nin string) string {
	return s.sign(string(s.subSalt), clientID+"\x00"+nin)
}

// idToken signs the ID token of a flow that asked for openid. spec: §5.5
func (s *Service) idToken(cd model.Code, accessToken string, now time.Time) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: s.key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", s.kid))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(accessToken))
	claims := map[string]any{
		"iss": s.issuer(), "sub": s.pairwiseSub(cd.ClientID, cd.NIN), "aud": []string{cd.ClientID},
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "auth_time": cd.AuthTime.Unix(),
		"at_hash": b64.EncodeToString(sum[:16]), "pid": cd.NIN, "consent_id": cd.ConsentID,
	}
	if cd.Nonce != "" {
		claims["nonce"] = cd.Nonce
	}
	return jwt.Signed(signer).Claims(claims).Serialize()
}

// revoke is POST /oauth2/revoke (RFC 7009): revokes the token, never the
// consent; 200 even for unknown tokens. spec: §5.7
func (s *Service) revoke(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	r.ParseForm()
	c, err := s.authenticateClient(r)
	if err != nil {
		return err
	}
	if v := r.PostForm.Get("token"); v != "" {
		t, err := s.store.GjeldGetToken(r.Context(), hashOpaque(v))
		if err == nil && t.ClientID == c.ID {
			if err := s.store.GjeldRevokeToken(r.Context(), t.Hash); err != nil {
				return err
			}
		}
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// bearerToken finds the request's access token. missing is true when
// there is no "Bearer" Authorization header; problem describes an
// unusable token ("" when the token is valid now).
func (s *Service) bearerToken(ctx context.Context, r *http.Request) (t model.Token, missing bool, problem string, err error) {
	h := r.Header.Get("Authorization")
	scheme, v, ok := strings.Cut(strings.TrimSpace(h), " ")
	v = strings.TrimSpace(v)
	if !ok || !strings.EqualFold(scheme, "Bearer") || v == "" {
		return t, true, "", nil
	}
	if !s.checkOpaque(labelToken, v) {
		return t, false, "Access token is not active", nil
	}
	t, err = s.store.GjeldGetToken(ctx, hashOpaque(v))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return t, false, "Access token is not active", nil
	case err != nil:
		return t, false, "", err
	case t.Revoked:
		return t, false, "Access token is not active", nil
	case !s.clock.Now().Before(t.Expires):
		return t, false, "Access token is expired", nil
	}
	return t, false, "", nil
}
