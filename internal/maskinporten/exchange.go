package maskinporten

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// client_amr values (spec: maskinporten.md §3.3).
const (
	amrPrivateKeyJWT = "private_key_jwt"
	amrCertificate   = "virksomhetssertifikat"
)

// authenticated is a grant whose client, key, signature and times
// passed §2.4 steps 4–8.
type authenticated struct {
	*grant
	client registry.Client
	amr    string
}

// exchange runs §2.4 steps 2–13 on an assertion and returns the token
// response. It is the whole token endpoint minus HTTP, shared by the
// endpoint and the operator's token minting.
func (s *Service) exchange(ctx context.Context, assertion string) (tokenResponse, exchangeInfo, *tokenError) {
	g, e := parseAssertion(assertion)
	if e != nil {
		return tokenResponse{}, exchangeInfo{}, e
	}
	info := exchangeInfo{clientID: logSafe(g.iss, 100)}
	a, e := s.authenticate(ctx, g)
	if e != nil {
		return tokenResponse{}, info, e
	}
	info.authenticated, info.amr = true, a.amr
	// Step 9: replay, checked and recorded in one step, after
	// authentication succeeded (§2.4, last paragraph).
	key := a.jti
	if key == "" {
		sum := sha256.Sum256([]byte(assertion))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	now := s.clock.Now()
	// Remember the jti while the grant could be valid by either clock.
	until := maxTime(a.exp, now.Add(MaxGrantLifetime)).Add(replayMargin)
	if err := s.replay.use(ctx, registry.JTIUse{ClientID: a.client.ClientID, JTI: key, Expires: until}); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return tokenResponse{}, info, errReplay().why("jti reused")
		}
		return tokenResponse{}, info, errInternal("replay store: " + err.Error())
	}
	s.maybePurge(ctx, now)
	d, e := s.authorize(ctx, a)
	if e != nil {
		return tokenResponse{}, info, e
	}
	resp, err := s.issue(ctx, a, d)
	if err != nil {
		return tokenResponse{}, info, errInternal("sign token: " + err.Error())
	}
	return resp, info, nil
}

// exchangeInfo says who asked, for the log: the client id claimed in
// iss, and whether the assertion authenticated as that client.
type exchangeInfo struct {
	clientID      string
	authenticated bool
	amr           string
}

// authenticate runs §2.4 steps 4–8.
func (s *Service) authenticate(ctx context.Context, g *grant) (*authenticated, *tokenError) {
	// Step 4: the client.
	if g.iss == "" {
		return nil, errClientAuth().why("no iss")
	}
	c, err := s.store.MPGetClient(ctx, g.iss)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !c.Active) {
		return nil, errClientAuth().why("unknown client")
	}
	if err != nil {
		return nil, errInternal("client lookup: " + err.Error())
	}
	// Step 5: audience.
	if !g.hasAud || !s.audienceOK(g.aud) {
		return nil, errAudience().why("aud does not name this issuer")
	}
	// Steps 6 and 7: key selection and signature.
	a := &authenticated{grant: g, client: c}
	now := s.clock.Now()
	if jwks := c.JWKs(); len(jwks) > 0 {
		pub, e := clientKey(jwks, g.tok.Header.Kid, now)
		if e != nil {
			return nil, e
		}
		if g.tok.Verify(pub) != nil {
			return nil, errSignature().why("signature does not verify with kid")
		}
		a.amr = amrPrivateKeyJWT
	} else {
		leaf, e := s.certificate(c, g.tok.Header.X5c, now)
		if e != nil {
			return nil, e
		}
		pub, ok := leaf.PublicKey.(*rsa.PublicKey)
		if !ok {
			return nil, errCertificate().why("certificate key is not RSA")
		}
		if g.tok.Verify(pub) != nil {
			return nil, errSignature().why("signature does not verify with x5c")
		}
		a.amr = amrCertificate
	}
	// Step 8: time.
	if e := s.checkTimes(g, now); e != nil {
		// A real client signs with its wall clock. When the operator has
		// moved the world clock, a grant that is on time by the wall clock
		// is accepted too, so moving the clock never locks real clients
		// out; the token still carries world time.
		if s.clock.Setting().Mode == world.ClockReal || s.checkTimes(g, s.wall()) != nil {
			return nil, e
		}
	}
	return a, nil
}

// checkTimes is §2.4 step 8. Boundaries: exactly the window away is
// accepted; exp equal to now is expired.
func (s *Service) checkTimes(g *grant, now time.Time) *tokenError {
	if !g.hasExp || !now.Before(g.exp) {
		return errExpired().why("exp missing or passed")
	}
	if !g.hasIat {
		return errInvalidValue("").why("iat missing")
	}
	if g.iat.Sub(now) > s.window {
		return errIssuedInFuture().why("iat in the future")
	}
	if now.Sub(g.iat) > s.window {
		return errExpired().why("iat too far in the past")
	}
	if g.exp.Sub(g.iat) > MaxGrantLifetime {
		return errInvalidValue("exp - iat exceeds 120 seconds").why("grant lifetime too long")
	}
	if g.hasNbf && g.nbf.Sub(now) > s.window {
		return errNotYetValid().why("nbf in the future")
	}
	return nil
}

// audienceOK accepts the issuer with or without its trailing slash and
// the token endpoint (§2.4 step 5, §12 item 2).
func (s *Service) audienceOK(aud []string) bool {
	ok := []string{s.issuer, strings.TrimSuffix(s.issuer, "/"), s.TokenEndpoint()}
	for _, a := range aud {
		if slices.Contains(ok, a) {
			return true
		}
	}
	return false
}

// clientKey selects a registered key by kid (§2.4 step 6, first case).
func clientKey(keys []registry.ClientKey, kid string, now time.Time) (*rsa.PublicKey, *tokenError) {
	if kid == "" {
		return nil, errKidRequired().why("kid missing")
	}
	for _, k := range keys {
		if k.Kid != kid {
			continue
		}
		if !now.Before(k.Expires) {
			return nil, errExpiredKey().why("client key expired")
		}
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(k.Public); err != nil {
			return nil, errInternal("stored JWK unreadable: " + err.Error())
		}
		pub, ok := jwk.Key.(*rsa.PublicKey)
		if !ok {
			return nil, errInternal("stored JWK is not RSA")
		}
		return pub, nil
	}
	return nil, errUnknownKid().why("kid not registered on client")
}

// certificate checks the x5c header of a client without registered keys
// (§2.4 step 6, second case) and returns the signing certificate.
func (s *Service) certificate(c registry.Client, raw json.RawMessage, now time.Time) (*x509.Certificate, *tokenError) {
	var chain []string
	if len(raw) == 0 || json.Unmarshal(raw, &chain) != nil || len(chain) == 0 || len(chain) > 10 {
		return nil, errX5c().why("x5c missing or not an array of strings")
	}
	certs := make([]*x509.Certificate, len(chain))
	for i, b64 := range chain {
		der, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, errX5c().why("x5c element is not base64 DER")
		}
		if certs[i], err = x509.ParseCertificate(der); err != nil {
			return nil, errX5c().why("x5c element is not a certificate")
		}
	}
	leaf := certs[0]
	org := certOrgNr(leaf)
	if pinned(c, leaf) {
		// A certificate the operator pinned on this client: trusted as is,
		// inside its validity.
		if now.Before(leaf.NotBefore) || now.After(leaf.NotAfter) {
			return nil, errCertificate().why("pinned certificate outside its validity")
		}
		if org != "" && org != c.OrgNr {
			return nil, errCertOrg().why("certificate orgnr differs from client owner")
		}
		return leaf, nil
	}
	if err := s.ca.verify(leaf, certs[1:], now); err != nil {
		return nil, errCertificate().why("certificate not trusted: " + err.Error())
	}
	if org != c.OrgNr {
		return nil, errCertOrg().why("certificate orgnr differs from client owner")
	}
	return leaf, nil
}

func pinned(c registry.Client, leaf *x509.Certificate) bool {
	for _, k := range c.Keys {
		if k.Kind == registry.KeyKindCertificate && string(k.Public) == string(leaf.Raw) {
			return true
		}
	}
	return false
}

// maybePurge forgets expired grant identifiers about once a minute of
// world time.
func (s *Service) maybePurge(ctx context.Context, now time.Time) {
	if !s.purgeMu.TryLock() {
		return
	}
	defer s.purgeMu.Unlock()
	if now.Before(s.nextPurge) {
		return
	}
	s.nextPurge = now.Add(time.Minute)
	if _, err := s.store.MPPurgeJTI(ctx, now); err != nil {
		s.log.Warn("maskinporten: purge used grant identifiers", "err", err)
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
