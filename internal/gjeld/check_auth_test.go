package gjeld_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

var opaque = regexp.MustCompile(`^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$`)

func TestCheck01_Discovery(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/.well-known/openid-configuration", "", nil)
	m := r.json(t)
	eq(t, "status", r.status, 200)
	eq(t, "members", len(m), 21)
	if !strings.HasSuffix(m["issuer"].(string), "/") {
		t.Errorf("issuer %v lacks trailing slash", m["issuer"])
	}
	for k, want := range map[string]string{"token_endpoint_auth_methods_supported": `["client_secret_basic"]`,
		"grant_types_supported": `["authorization_code","client_credentials"]`, "subject_types_supported": `["pairwise"]`,
		"scopes_supported": `["openid"]`} {
		b, _ := json.Marshal(m[k])
		eq(t, k, string(b), want)
	}
}

func TestCheck02_JWKS(t *testing.T) {
	e := newEnv(t)
	cfg := e.do("GET", "/.well-known/openid-configuration", "", nil).json(t)
	res, err := http.Get(cfg["jwks_uri"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var set jose.JSONWebKeySet
	json.NewDecoder(res.Body).Decode(&set)
	res.Body.Close()
	if res.StatusCode != 200 || len(set.Keys) == 0 || set.Keys[0].KeyID == "" || set.Keys[0].Algorithm != "RS256" {
		t.Fatalf("jwks: %d %+v", res.StatusCode, set)
	}
}

func ccForm(aud, scope string) url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "audience": {aud}, "scope": {scope}}
}

func TestCheck03_ClientCredentialsToken(t *testing.T) {
	e := newEnv(t)
	r := e.form("/oauth2/token", e.id(0), e.secret(0), ccForm(AUD_DEBT, debtBoth))
	m := r.json(t)
	eq(t, "status", r.status, 200)
	if !opaque.MatchString(m["access_token"].(string)) {
		t.Errorf("access_token %q is not <43>.<43>", m["access_token"])
	}
	eq(t, "expires_in", m["expires_in"], 3599.0)
	eq(t, "scope", m["scope"], debtBoth)
	eq(t, "token_type", m["token_type"], "bearer")
	if _, ok := m["refresh_token"]; ok {
		t.Error("refresh_token present")
	}
	if _, ok := m["id_token"]; ok {
		t.Error("id_token present")
	}
}

func TestCheck04_ProductionAudienceAlias(t *testing.T) {
	e := newEnv(t)
	eq(t, "status", e.form("/oauth2/token", e.id(0), e.secret(0), ccForm("https://api.norskgjeld.no/v1/debt", debtBoth)).status, 200)
	eq(t, "own alias", e.form("/oauth2/token", e.id(0), e.secret(0), ccForm(e.B+"/v1/debt", debtBoth)).status, 200)
}

func TestCheck05_WrongSecret(t *testing.T) {
	e := newEnv(t)
	r := e.form("/oauth2/token", e.id(0), "wrong", ccForm(AUD_DEBT, debtBoth))
	eq(t, "status", r.status, 401)
	eq(t, "error", r.json(t)["error"], "invalid_client")
}

func TestCheck06_BodyCredentialsRefused(t *testing.T) {
	e := newEnv(t)
	v := ccForm(AUD_DEBT, debtBoth)
	v.Set("client_id", e.id(0))
	v.Set("client_secret", e.secret(0))
	r := e.form("/oauth2/token", "", "", v)
	eq(t, "status", r.status, 401)
	eq(t, "error", r.json(t)["error"], "invalid_client")
}

func TestCheck07_UnsupportedGrantType(t *testing.T) {
	e := newEnv(t)
	for _, gt := range []string{"refresh_token", "password"} {
		r := e.form("/oauth2/token", e.id(0), e.secret(0), url.Values{"grant_type": {gt}})
		eq(t, gt+" status", r.status, 400)
		eq(t, gt+" error", r.json(t)["error"], "unsupported_grant_type")
	}
}

func TestCheck08_ScopeNotAllowed(t *testing.T) {
	e := newEnv(t)
	r := e.form("/oauth2/token", e.id(2), e.secret(2), ccForm(AUD_AGR, "consent.create"))
	eq(t, "status", r.status, 400)
	eq(t, "error", r.json(t)["error"], "invalid_scope")
	// A scope of another audience is refused too, with no partial grant.
	r = e.form("/oauth2/token", e.id(0), e.secret(0), ccForm(AUD_DEBT, "debt.unsecured.presentation consent.create"))
	eq(t, "cross-audience", r.json(t)["error"], "invalid_scope")
}

func TestCheck09_UnknownAudience(t *testing.T) {
	e := newEnv(t)
	r := e.form("/oauth2/token", e.id(0), e.secret(0), ccForm("https://unknown.example/", debtBoth))
	eq(t, "status", r.status, 400)
	eq(t, "error", r.json(t)["error"], "invalid_request")
}

func TestCheck10_AuthorizationCodeCallback(t *testing.T) {
	e := newEnv(t)
	u := e.consentRedirect(authQuery("debt.unsecured.presentation"), P1, "login", "accept")
	eq(t, "target", u.Scheme+"://"+u.Host+u.Path, cb)
	q := u.Query()
	if !opaque.MatchString(q.Get("code")) {
		t.Errorf("code %q", q.Get("code"))
	}
	eq(t, "scope", q.Get("scope"), "debt.unsecured.presentation")
	eq(t, "state", q.Get("state"), "st-123456")
	if !strings.HasPrefix(u.RawQuery, "code=") {
		t.Errorf("query order %q", u.RawQuery)
	}
}

func TestCheck11_ConsentDenied(t *testing.T) {
	e := newEnv(t)
	u := e.consentRedirect(authQuery("debt.unsecured.presentation"), P1, "login", "deny")
	eq(t, "query", u.RawQuery, "error=consent_denied&error_description=&state=st-123456")
}

func TestCheck12_LoginCancelled(t *testing.T) {
	e := newEnv(t)
	u := e.consentRedirect(authQuery("debt.unsecured.presentation"), P1, "cancel", "")
	eq(t, "error", u.Query().Get("error"), "login_cancelled")
	eq(t, "state", u.Query().Get("state"), "st-123456")
}

func authErrorRedirect(t *testing.T, e *env, q url.Values) url.Values {
	t.Helper()
	res := e.authorize(e.browser(), q)
	return location(t, res, http.StatusFound).Query()
}

func TestCheck13_TwoDebtScopes(t *testing.T) {
	e := newEnv(t)
	q := authErrorRedirect(t, e, authQuery(debtBoth))
	eq(t, "error", q.Get("error"), "invalid_scopes")
	eq(t, "state", q.Get("state"), "st-123456")
	cs, _ := e.db.GjeldConsentsByPerson(t.Context(), P1)
	eq(t, "consents created", len(cs), 0)
}

func TestCheck14_OpenIDMustBeLast(t *testing.T) {
	e := newEnv(t)
	eq(t, "openid first", authErrorRedirect(t, e, authQuery("openid debt.unsecured.presentation")).Get("error"), "invalid_scopes")
	u := e.consentRedirect(authQuery("debt.unsecured.presentation openid"), P1, "login", "accept")
	eq(t, "scope", u.Query().Get("scope"), "debt.unsecured.presentation openid")
}

func TestCheck15_UnregisteredRedirectURI(t *testing.T) {
	e := newEnv(t)
	q := authQuery("debt.unsecured.presentation")
	q.Set("redirect_uri", "https://evil.test/cb")
	res := e.authorize(e.browser(), q)
	readBody(t, res)
	eq(t, "status", res.StatusCode, 400)
	eq(t, "Location", res.Header.Get("Location"), "")
}

func TestCheck16_CodeExchange(t *testing.T) {
	e := newEnv(t)
	m := e.flow("debt.unsecured.presentation")
	if !opaque.MatchString(m["access_token"].(string)) {
		t.Errorf("access_token %q", m["access_token"])
	}
	eq(t, "expires_in", m["expires_in"], 3599.0)
	eq(t, "scope", m["scope"], "debt.unsecured.presentation")
	eq(t, "token_type", m["token_type"], "bearer")
	for _, k := range []string{"refresh_token", "id_token"} {
		if _, ok := m[k]; ok {
			t.Errorf("%s present", k)
		}
	}
}

func TestCheck17_CodeReuseAndRedirectMismatch(t *testing.T) {
	e := newEnv(t)
	exchange := func(code, redirect string) resp {
		return e.form("/oauth2/token", e.id(0), e.secret(0), url.Values{"grant_type": {"authorization_code"},
			"client_id": {e.id(0)}, "redirect_uri": {redirect}, "code": {code}})
	}
	code := e.consentRedirect(authQuery("debt.unsecured.presentation.30"), P1, "login", "accept").Query().Get("code")
	first := exchange(code, cb)
	eq(t, "first", first.status, 200)
	again := exchange(code, cb)
	eq(t, "reuse status", again.status, 400)
	eq(t, "reuse error", again.json(t)["error"], "invalid_grant")
	// The second redemption revokes the token of the first (§13 item 9).
	tok := first.json(t)["access_token"].(string)
	eq(t, "revoked token", e.do("GET", "/v1/debt", tok, nil).status, 403)

	code = e.consentRedirect(authQuery("debt.unsecured.presentation.30"), P1, "login", "accept").Query().Get("code")
	other := exchange(code, "https://client.test/other")
	eq(t, "mismatch status", other.status, 400)
	eq(t, "mismatch error", other.json(t)["error"], "invalid_grant")
}

func TestCheck18_IDToken(t *testing.T) {
	e := newEnv(t)
	m := e.flow("debt.unsecured.presentation openid")
	raw, ok := m["id_token"].(string)
	if !ok {
		t.Fatalf("no id_token: %v", m)
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := http.Get(e.B + "/.well-known/jwks.json")
	var set jose.JSONWebKeySet
	json.NewDecoder(res.Body).Decode(&set)
	res.Body.Close()
	var claims struct {
		jwt.Claims
		PID       string `json:"pid"`
		ConsentID string `json:"consent_id"`
	}
	if err := tok.Claims(set.Keys[0].Key, &claims); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if !claims.Audience.Contains(e.id(0)) {
		t.Errorf("aud %v", claims.Audience)
	}
	eq(t, "pid", claims.PID, P1)
	st := e.do("GET", "/v1/debt/"+claims.ConsentID+"/status", e.tdebt(0), nil).json(t)
	eq(t, "active", st["active"], true)
}

func statusExpiry(t *testing.T, e *env, tokenResp map[string]any) time.Time {
	t.Helper()
	cs, err := e.db.GjeldConsentsByPerson(t.Context(), P1)
	if err != nil || len(cs) == 0 {
		t.Fatalf("consents: %v", err)
	}
	st := e.do("GET", "/v1/debt/"+cs[0].ID+"/status", e.tdebt(0), nil).json(t)
	return time.Unix(int64(st["expires_at"].(float64)), 0)
}

func TestCheck19_ProcessingDurationClamped(t *testing.T) {
	e := newEnv(t)
	u := e.consentRedirect(authQuery("debt.unsecured.processing.100"), P1, "login", "accept")
	eq(t, "callback scope", u.Query().Get("scope"), "debt.unsecured.processing")
	exp := statusExpiry(t, e, nil)
	if d := exp.Sub(t0.Add(28 * 24 * time.Hour)); d < -time.Second || d > time.Second {
		t.Errorf("expires_at %v, want accept + 28 days", exp)
	}
}

func TestCheck20_PresentationDuration(t *testing.T) {
	e := newEnv(t)
	e.flow("debt.unsecured.presentation.50")
	exp := statusExpiry(t, e, nil)
	if d := exp.Sub(t0.Add(50 * 24 * time.Hour)); d < -time.Second || d > time.Second {
		t.Errorf("expires_at %v, want accept + 50 days", exp)
	}
}
