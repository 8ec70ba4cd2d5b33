package maskinporten

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth/jws"
)

// tokenResponse is the body of a successful token response (§3.1).
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`

	// Not serialised: for the log line.
	jti      string
	consumer string
}

// orgRef is {"authority": "iso6523-actorid-upis", "ID": "0192:<orgnr>"}.
type orgRef struct {
	Authority string `json:"authority"`
	ID        string `json:"ID"`
}

func org(nr string) orgRef { return orgRef{Authority: authorityISO6523, ID: icdPrefix + nr} }

// systemUserDetail is the authorization_details entry of a systembruker
// token (§3.3).
type systemUserDetail struct {
	Type          string   `json:"type"`
	SystemUserOrg orgRef   `json:"systemuser_org"`
	SystemUserID  []string `json:"systemuser_id"`
	SystemID      string   `json:"system_id"`
}

// accessClaims are the access token's claims in the order of
// data/maskinporten/access-token-examples.json (§3.3, §12 item 7).
type accessClaims struct {
	Iss                  string             `json:"iss"`
	ClientAMR            string             `json:"client_amr"`
	TokenType            string             `json:"token_type"`
	Aud                  any                `json:"aud,omitempty"`
	Scope                string             `json:"scope"`
	ClientID             string             `json:"client_id"`
	Consumer             orgRef             `json:"consumer"`
	Supplier             *orgRef            `json:"supplier,omitempty"`
	DelegationSource     string             `json:"delegation_source,omitempty"`
	AuthorizationDetails []systemUserDetail `json:"authorization_details,omitempty"`
	PID                  string             `json:"pid,omitempty"`
	Iat                  int64              `json:"iat"`
	Exp                  int64              `json:"exp"`
	Jti                  string             `json:"jti"`
}

// accessHeader is exactly {kid, alg} (§3.2).
type accessHeader struct {
	Kid string `json:"kid"`
	Alg string `json:"alg"`
}

// issue signs the access token (§2.4 step 13, §3).
func (s *Service) issue(ctx context.Context, a *authenticated, d decision) (tokenResponse, error) {
	key, err := s.keys.signer(ctx)
	if err != nil {
		return tokenResponse{}, err
	}
	now := s.clock.Now()
	iat := now.Unix()
	exp := iat + int64(d.lifetime/time.Second)
	var rnd [32]byte
	rand.Read(rnd[:])
	c := accessClaims{
		Iss: s.issuer, ClientAMR: a.amr, TokenType: "Bearer", Scope: strings.Join(d.scopes, " "),
		ClientID: a.client.ClientID, Consumer: org(d.consumer), DelegationSource: d.delegationSource,
		PID: a.pid, Iat: iat, Exp: exp, Jti: base64.RawURLEncoding.EncodeToString(rnd[:]),
	}
	// §12 item 3: one resource → a string, several → an array.
	switch len(a.resource) {
	case 0:
	case 1:
		c.Aud = a.resource[0]
	default:
		c.Aud = a.resource
	}
	if d.supplier != "" {
		sup := org(d.supplier)
		c.Supplier = &sup
	}
	if u := d.systemUser; u != nil {
		c.AuthorizationDetails = []systemUserDetail{{
			Type: typeSystemUser, SystemUserOrg: org(u.CustomerOrg), SystemUserID: []string{u.ID}, SystemID: d.system.ID,
		}}
	}
	tok, err := jws.SignJSON("RS256", accessHeader{Kid: key.kid, Alg: "RS256"}, c, key.priv)
	if err != nil {
		return tokenResponse{}, err
	}
	s.issued.Add(1)
	// expires_in counts from the response, rounded down (§12 item 8).
	expiresIn := int64(time.Unix(exp, 0).Sub(now) / time.Second)
	return tokenResponse{AccessToken: tok, TokenType: "Bearer", ExpiresIn: max(expiresIn, 0), Scope: c.Scope,
		jti: c.Jti, consumer: d.consumer}, nil
}
