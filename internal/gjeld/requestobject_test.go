package gjeld_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// unsigned is a request object with alg none.
func unsigned(claims map[string]any) string {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`))
	b, _ := json.Marshal(claims)
	return h + "." + base64.RawURLEncoding.EncodeToString(b) + "."
}

func signed(t *testing.T, key *rsa.PrivateKey, kid string, claims map[string]any) string {
	t.Helper()
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithHeader("kid", kid))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jwt.Signed(sig).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// §13 item 10: request objects, unsigned or signed with the client's
// registered key; their claims override the query.
func TestRequestObject(t *testing.T) {
	e := newEnv(t)
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)

	// alg none: the claims' scope and state win over the query's.
	q := authQuery("debt.unsecured.processing.30")
	q.Set("request", unsigned(map[string]any{"scope": "debt.unsecured.presentation", "state": "from-object"}))
	u := e.consentRedirect(q, P1, "login", "accept")
	if u.Query().Get("state") != "from-object" || u.Query().Get("scope") != "debt.unsecured.presentation" || u.Query().Get("code") == "" {
		t.Fatalf("unsigned request object: %s", u)
	}

	bad := func(name, obj, wantDesc string) {
		t.Helper()
		q := authQuery("debt.unsecured.processing.30")
		q.Set("request", obj)
		loc := location(t, e.authorize(e.browser(), q), http.StatusFound)
		if loc.Query().Get("error") != "invalid_request_object" || !strings.Contains(loc.Query().Get("error_description"), wantDesc) ||
			loc.Query().Get("state") != "st-123456" {
			t.Errorf("%s: %s", name, loc)
		}
	}
	claims := map[string]any{"scope": "debt.unsecured.presentation"}
	bad("RS256 without a registered key", signed(t, key, "k1", claims), "no key is registered")
	bad("not a JWT", "abc", "compact JWT")
	bad("HS256", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "alg none or RS256")
	bad("client_id differs", unsigned(map[string]any{"client_id": "someone-else"}), "client_id differs")
	bad("none with a signature", strings.TrimSuffix(unsigned(claims), ".")+".c2ln", "empty signature")

	// Register the key: signed objects are accepted, others' are not.
	jwks, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	if st := e.adminPut("/admin/gjeld/clients/"+e.id(0)+"/jwks", string(jwks)); st != 200 {
		t.Fatalf("register keys: %d", st)
	}
	if st := e.adminPut("/admin/gjeld/clients/"+e.id(0)+"/jwks", `{"keys":[]}`); st != 400 {
		t.Fatalf("empty JWKS: %d, want 400", st)
	}
	if st := e.adminPut("/admin/gjeld/clients/nobody/jwks", string(jwks)); st != 404 {
		t.Fatalf("unknown client: %d, want 404", st)
	}
	q = authQuery("debt.unsecured.processing.30")
	q.Set("request", signed(t, key, "k1", map[string]any{"scope": "debt.unsecured.presentation", "client_id": e.id(0)}))
	u = e.consentRedirect(q, P1, "login", "accept")
	if u.Query().Get("scope") != "debt.unsecured.presentation" || u.Query().Get("code") == "" {
		t.Fatalf("signed request object: %s", u)
	}
	bad("signed by another key", signed(t, other, "k1", claims), "matches no key")
}

// A person logged in in this browser is not asked to log in again;
// prompt=login asks anyway, prompt=none never shows a page.
func TestAuthorizeReusesLogin(t *testing.T) {
	e := newEnv(t)
	br := e.browser()
	if loc := location(t, e.authorize(br, withPrompt(authQuery("debt.unsecured.presentation"), "none")), http.StatusFound); loc.Query().Get("error") != "login_required" {
		t.Fatalf("prompt=none without a login: %s", loc)
	}
	res := e.authorize(br, authQuery("debt.unsecured.presentation"))
	req := htmlUnescape(reqField.FindStringSubmatch(readBody(t, res))[1])
	res, err := br.PostForm(e.B+"/login", url.Values{"req": {req}, "method": {"testid"}, "nin": {P1}, "action": {"login"}})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, res)

	page := readBody(t, e.authorize(br, authQuery("debt.unsecured.processing.30")))
	if !strings.Contains(page, "consent-form") || strings.Contains(page, `name="nin"`) {
		t.Fatalf("second authorize in the same browser does not go to the consent page: %s", page)
	}
	m := reqField.FindStringSubmatch(page)
	res, err = br.PostForm(e.B+"/consent", url.Values{"req": {htmlUnescape(m[1])}, "action": {"accept"}})
	if err != nil {
		t.Fatal(err)
	}
	if u := location(t, res, http.StatusFound); u.Query().Get("code") == "" {
		t.Fatalf("consent after a reused login: %s", u)
	}
	if page := readBody(t, e.authorize(br, withPrompt(authQuery("debt.unsecured.presentation"), "login"))); !strings.Contains(page, `name="nin"`) {
		t.Fatalf("prompt=login shows no login form: %s", page)
	}
	if loc := location(t, e.authorize(br, withPrompt(authQuery("debt.unsecured.presentation"), "none")), http.StatusFound); loc.Query().Get("error") != "consent_required" {
		t.Fatalf("prompt=none when logged in: %s", loc)
	}
}

func withPrompt(q url.Values, p string) url.Values {
	q.Set("prompt", p)
	return q
}
