package dsop

import (
	"context"
	"net/http"
	"strings"

	"github.com/namsfogd/namsfogd/internal/auth"
)

// TokenVerifier checks a Maskinporten access token's signature, algorithm,
// issuer, times and required claims (spec: dsop-kontroll.md §3.2 checks
// 2–5 and 7) and returns what it says. *auth.Verifier satisfies it when
// configured with Realm "dsop", no Audience (this package checks aud per
// bank, check 6) and strict claims.
type TokenVerifier interface {
	Verify(ctx context.Context, token string) (auth.Caller, error)
}

const realm = `Bearer realm="dsop"`

// caller is a verified token bound to its FI-Utlegg profile.
type caller struct {
	auth.Caller
	profile    *Profile
	consumerID string // "0192:<orgnr>"
	supplierID string // "" when absent
}

func unauthorized(withError bool, msg string) *apiError {
	ch := realm
	if withError {
		ch += `, error="invalid_token"`
	}
	return &apiError{kind: kindUnauthorized, msg: msg, challenge: ch}
}

// authenticate runs §3.2 checks 1–7: one Bearer credential, a token the
// verifier accepts, and (control API) an aud naming this bank's base URL.
func (s *Service) authenticate(r *http.Request, audience string) (caller, *apiError) {
	const msg401 = "Tilgangstoken mangler eller er ugyldig (utløpt, feil signatur, feil utsteder eller feil audience)."
	hs := r.Header.Values("Authorization")
	if len(hs) != 1 {
		// Check 1: missing or repeated — no error attribute (§3.2).
		return caller{}, unauthorized(false, msg401)
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(hs[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return caller{}, unauthorized(false, msg401)
	}
	token = strings.TrimSpace(token)
	if parts := strings.Split(token, "."); len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return caller{}, unauthorized(true, msg401)
	}
	c, err := s.verifier.Verify(r.Context(), token)
	if err != nil {
		return caller{}, unauthorized(true, msg401)
	}
	// Check 6 (control API only): aud names this bank; one trailing
	// slash ignored on either side.
	if audience != "" && !audienceContains(c.Audience, audience) {
		return caller{}, unauthorized(true, msg401)
	}
	// Check 7: consumer with the ISO 6523 authority and 0192 + 9 digits.
	cons, _ := c.Claims["consumer"].(map[string]any)
	if cons == nil || cons["authority"] != auth.AuthorityISO6523 || c.ConsumerOrg == "" {
		return caller{}, unauthorized(true, msg401)
	}
	out := caller{Caller: c, consumerID: auth.ICDOrgNr + ":" + c.ConsumerOrg}
	if c.SupplierOrg != "" {
		out.supplierID = auth.ICDOrgNr + ":" + c.SupplierOrg
	}
	return out, nil
}

func audienceContains(aud []string, want string) bool {
	want = strings.TrimSuffix(want, "/")
	for _, a := range aud {
		if strings.TrimSuffix(a, "/") == want {
			return true
		}
	}
	return false
}

// authorize runs §3.2 checks 8–10 in the DSOP order: profile, scope,
// supplier and system user. scopeOf picks the scope the endpoint needs
// from the profile ("" means no profile has one).
func authorize(c *caller, scopeOf func(*Profile) string) *apiError {
	p := profileByConsumer(c.consumerID)
	if p == nil {
		return fail(kindForbidden, "Datakonsumenten (consumer.ID) har ikke tilgang til tjenesten FI-Utlegg Saldo med dette scopet.")
	}
	need := scopeOf(p)
	if need == "" || !c.HasScope(need) {
		e := fail(kindForbidden, "Datakonsumenten (consumer.ID) har ikke tilgang til tjenesten FI-Utlegg Saldo med dette scopet.")
		if need != "" {
			e.challenge = realm + `, error="insufficient_scope", scope="` + need + `"`
		}
		return e
	}
	_, hasSupplier := c.Claims["supplier"]
	if p.SupplierID == "" && hasSupplier || p.SupplierID != "" && c.supplierID != p.SupplierID {
		return fail(kindForbidden, "Leverandøren (supplier.ID) i tilgangstokenet er ikke gyldig for tjenesten FI-Utlegg Saldo.")
	}
	if c.IsSystemUser() {
		return fail(kindForbidden, "Tilgangstoken med systembruker støttes ikke i tjenesten FI-Utlegg Saldo.")
	}
	c.profile = p
	return nil
}
