package maskinporten_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// The operator API's client registration is a fixed public interface
// (issue 3): users' CI scripts call it.
func TestAdminRegisterClient(t *testing.T) {
	e := newEnv(t)
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	body := map[string]any{"client_id": "ci-client", "org": "310385980", "scopes": []string{scopeTP},
		"jwks": map[string]any{"keys": []any{publicJWK(&key.PublicKey, "ci-key-1")}}}
	out := e.admin("POST", "/clients", body, http.StatusCreated)
	if out["client_id"] != "ci-client" || out["org"] != "310385980" || out["integration_type"] != "maskinporten" {
		t.Fatalf("stored client: %v", out)
	}
	keys := out["jwks"].(map[string]any)["keys"].([]any)
	if len(keys) != 1 || keys[0].(map[string]any)["kid"] != "ci-key-1" {
		t.Fatalf("jwks: %v", out["jwks"])
	}
	// A valid organisation number the world did not hold is added to it.
	if o, err := e.db.GetOrganisation(context.Background(), "310385980"); err != nil || o.OrgNr != "310385980" {
		t.Fatalf("organisation not added: %v %v", o, err)
	}
	e.admin("POST", "/clients", body, http.StatusConflict)
	e.admin("GET", "/clients/ci-client", nil, 200)
	// The client gets tokens right away.
	c := e.claims()
	c["iss"] = "ci-client"
	if r := e.post(sign(t, key, map[string]any{"alg": "RS256", "kid": "ci-key-1"}, c)); r.status != 200 {
		t.Fatal(r)
	}
	e.admin("DELETE", "/clients/ci-client", nil, http.StatusNoContent)
	e.admin("DELETE", "/clients/ci-client", nil, http.StatusNotFound)
}

func TestAdminRegisterClientBadInput(t *testing.T) {
	e := newEnv(t)
	privJWK, _ := jose.JSONWebKey{Key: k2, KeyID: "p", Algorithm: "RS256"}.MarshalJSON()
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	for _, tc := range []struct {
		body   string
		status int
		field  string
	}{
		{`{"client_id":"x1","org":"123456789","scopes":[]}`, 400, "org"},
		{`{"client_id":"x1","org":"12345","scopes":[]}`, 400, "org"},
		{`{"client_id":"x1","scopes":[]}`, 400, "org"},
		{`{"client_id":"has space","org":"311000004"}`, 400, "client_id"},
		{`{"client_id":"x1","org":"311000004","scopes":["nope"]}`, 400, "scopes[0]"},
		{`{"client_id":"x1","org":"311000004","scopes":["a:b"]}`, 400, "scopes[0]"},
		{`{"client_id":"x1","org":"311000004","scopes":"skatteetaten:trekkpaalegg"}`, 400, "scopes"},
		{`{"client_id":"x1","org":"311000004","colour":"red"}`, 400, "colour"},
		{`{"client_id":"x1","org":"311000004","jwks":{"keys":[{"kty":"RSA"}]}}`, 400, "jwks.keys[0]"},
		{`{"client_id":"x1","org":"311000004","jwks":{"keys":[` + string(privJWK) + `]}}`, 400, "jwks.keys[0]"},
		{`{"client_id":"x1","org":"311000004","jwks":{"keys":[` + string(publicJWK(&small.PublicKey, "s")) + `]}}`, 400, "jwks.keys[0]"},
		{`{"client_id":"x1","org":"311000004","jwks":{"keys":[` + string(publicJWK(&k2.PublicKey, "")) + `]}}`, 400, "jwks.keys[0].kid"},
		{`{"client_id":"x1","org":"311000004","jwks":{"keys":[` + string(publicJWK(&k2.PublicKey, "k1")) + `]}}`, 409, "jwks"},
		{`{"client_id":"x1","org":"311000004","certificates":["not a cert"]}`, 400, "certificates[0]"},
		{`{"client_id":"x1","org":"311000004","access_token_lifetime":99999}`, 400, "access_token_lifetime"},
		{`{"client_id":"x1"`, 400, ""},
		{`[1,2]`, 400, ""},
		{`{"client_id":"x1","org":"311000004"} {}`, 400, ""},
		{`{"client_id":"x1","org":"311000004","description":"` + strings.Repeat("a", 1<<20) + `"}`, 413, ""},
	} {
		resp, err := http.Post(e.srv.URL+"/admin/maskinporten/clients", "application/json", strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if resp.StatusCode != tc.status || tc.field != "" && out["field"] != tc.field || out["error"] == nil || out["message"] == nil {
			t.Fatalf("%.80s: %d %v, want %d field %q", tc.body, resp.StatusCode, out, tc.status, tc.field)
		}
	}
	if _, err := e.db.MPGetClient(context.Background(), "x1"); err == nil {
		t.Fatal("a refused registration stored a client")
	}
}

func TestAdminGenerateKeyAndMint(t *testing.T) {
	e := newEnv(t)
	out := e.admin("POST", "/clients", map[string]any{"client_id": "gen", "org": orgB, "scopes": []string{scopeTP}, "generate_key": true}, 201)
	if !strings.Contains(out["generated_private_key"].(string), "PRIVATE KEY") || len(out["server_held_keys"].([]any)) != 1 {
		t.Fatalf("generated key: %v", out)
	}
	tok := e.admin("POST", "/token", map[string]any{"client_id": "gen", "scope": scopeTP}, 200)
	_, c := tokenClaims(t, tok["access_token"].(string))
	if c["consumer"].(map[string]any)["ID"] != "0192:"+orgB || c["client_id"] != "gen" {
		t.Fatalf("claims %v", c)
	}
	// By organisation: the first client with a server-held key and the scope.
	tok = e.admin("POST", "/token", map[string]any{"org": orgB, "scope": scopeTP}, 200)
	if tok["token_type"] != "Bearer" {
		t.Fatalf("%v", tok)
	}
	// Refused by the token endpoint's rules: the same error code.
	res := e.admin("POST", "/token", map[string]any{"client_id": "gen", "scope": "skatteetaten:utleggsbegjaering"}, 400)
	if res["error"] != "invalid_scope" || !strings.HasSuffix(res["error_uri"].(string), "MP-200") {
		t.Fatalf("%v", res)
	}
	e.admin("POST", "/token", map[string]any{"client_id": "c1", "scope": scopeTP}, 400) // no server-held key
	e.admin("POST", "/token", map[string]any{"org": "974760673", "scope": scopeTP}, 404)
	e.admin("POST", "/token", map[string]any{"scope": scopeTP}, 400)
}

// The seeded world: Skatteetaten's IM token, Politiet's AN token through
// Skatteetaten (§5.3).
func TestSeedDefaults(t *testing.T) {
	e := newEnv(t)
	if err := e.svc.SeedDefaults(context.Background()); err != nil { // idempotent
		t.Fatal(err)
	}
	im := e.admin("POST", "/token", map[string]any{"org": ske, "scope": "bits:kontoinformasjon"}, 200)
	_, c := tokenClaims(t, im["access_token"].(string))
	if c["consumer"].(map[string]any)["ID"] != "0192:"+ske || c["supplier"] != nil {
		t.Fatalf("IM token %v", c)
	}
	// Politiet's own client gives a token without supplier (which a DSOP
	// bank refuses; the conformance checks need it).
	own := e.admin("POST", "/token", map[string]any{"org": politi, "scope": "bits:kontoinformasjon.fi.utlegg.an"}, 200)
	if _, c := tokenClaims(t, own["access_token"].(string)); c["consumer"].(map[string]any)["ID"] != "0192:"+politi || c["supplier"] != nil {
		t.Fatalf("Politiet's own token %v", c)
	}
	for _, req := range []map[string]any{
		{"org": ske, "consumer_org": politi, "scope": "bits:kundeforhold.fi.utlegg.an"},
		{"org": ske, "consumer_org": politi, "scope": "bits:kontoinformasjon.fi.utlegg.an"}, // through the delegation
	} {
		an := e.admin("POST", "/token", req, 200)
		_, c = tokenClaims(t, an["access_token"].(string))
		if c["consumer"].(map[string]any)["ID"] != "0192:"+politi || c["supplier"].(map[string]any)["ID"] != "0192:"+ske {
			t.Fatalf("AN token %v", c)
		}
	}
	// Politiet may not use Skatteetaten's IM scopes.
	e.admin("POST", "/token", map[string]any{"org": ske, "consumer_org": politi, "scope": "bits:kontoinformasjon"}, 403)
}

func TestAdminWorldRoutes(t *testing.T) {
	e := newEnv(t)
	e.admin("POST", "/scopes", map[string]any{"name": "test:scope", "delegation_source": "https://tt02.altinn.no/", "at_max_age": 60}, 201)
	e.admin("POST", "/scopes", map[string]any{"name": "test:scope", "at_max_age": 60}, 200)
	e.admin("POST", "/scopes", map[string]any{"name": "Bad Scope"}, 400)
	e.admin("POST", "/access", map[string]any{"org": orgB, "scope": "test:scope"}, 201)
	e.admin("POST", "/access", map[string]any{"org": orgB, "scope": "missing:scope"}, 400)
	acc := e.admin("GET", "/access?org="+orgB, nil, 200)
	if len(acc["access"].([]any)) != 1 {
		t.Fatalf("%v", acc)
	}
	e.admin("DELETE", "/access?org="+orgB+"&scope=test:scope", nil, 204)
	e.admin("DELETE", "/access?org="+orgB+"&scope=test:scope", nil, 404)
	e.admin("POST", "/delegations", map[string]any{"consumer_org": orgB, "supplier_org": orgA, "scope": "test:scope"}, 400) // no delegation_source now
	e.admin("POST", "/delegations", map[string]any{"consumer_org": orgB, "supplier_org": orgA, "scope": scopeTP}, 201)
	e.admin("POST", "/delegations", map[string]any{"consumer_org": orgA, "supplier_org": orgA, "scope": scopeTP}, 400)
	d := e.admin("GET", "/delegations?org="+orgB, nil, 200)
	if len(d["delegations"].([]any)) != 1 {
		t.Fatalf("%v", d)
	}
	e.admin("DELETE", "/delegations?consumer_org="+orgB+"&supplier_org="+orgA+"&scope="+scopeTP, nil, 204)
	e.admin("POST", "/systems", map[string]any{"id": "s1", "vendor_org": orgB, "client_ids": []string{"c1"}}, 400) // c1 belongs to orgA
	e.admin("POST", "/systems", map[string]any{"id": "s1", "vendor_org": orgA, "client_ids": []string{"c1"}, "rights": []string{"r"}}, 201)
	e.admin("POST", "/systems", map[string]any{"id": "s1", "vendor_org": orgA}, 409)
	e.admin("POST", "/systemusers", map[string]any{"system_id": "s1", "customer_org": orgB, "rights": []string{"other"}}, 400)
	u := e.admin("POST", "/systemusers", map[string]any{"system_id": "s1", "customer_org": orgB}, 201)
	if u["status"] != "Accepted" || u["external_ref"] != orgB {
		t.Fatalf("%v", u)
	}
	e.admin("POST", "/systemusers", map[string]any{"system_id": "s1", "customer_org": orgB}, 409)
	e.admin("GET", "/systemusers/"+u["id"].(string), nil, 200)
	e.admin("GET", "/systemusers?system_id=s1", nil, 200)
	e.admin("GET", "/systems/s1", nil, 200)
	e.admin("GET", "/systems", nil, 200)
	e.admin("GET", "/scopes", nil, 200)
	e.admin("GET", "/clients?org="+orgA, nil, 200)
	e.admin("GET", "/clients/none", nil, 404)
	keys := e.admin("POST", "/keys/rotate", nil, 200)
	if len(keys["keys"].([]any)) != 2 {
		t.Fatalf("%v", keys)
	}
	e.admin("POST", "/clients/c2/jwks", map[string]any{"keys": []any{publicJWK(&k2.PublicKey, "c2-new")}}, 201)
	e.admin("POST", "/clients/none/jwks", map[string]any{"keys": []any{publicJWK(&k2.PublicKey, "c2-newer")}}, 404)
	resp, _ := http.Get(e.srv.URL + "/admin/maskinporten/ca")
	if resp.StatusCode != 200 {
		t.Fatal(resp.Status)
	}
	resp.Body.Close()
}

// A refused registration changes nothing: not even the organisation is
// added to the world.
func TestAdminRefusedRequestAddsNoOrganisation(t *testing.T) {
	e := newEnv(t)
	e.admin("POST", "/clients", map[string]any{"client_id": "x", "org": "310385980", "scopes": []string{"no:such"}}, 400)
	if _, err := e.db.GetOrganisation(context.Background(), "310385980"); err == nil {
		t.Fatal("organisation added by a refused request")
	}
}

// curl -d sends application/x-www-form-urlencoded; the JSON body is read
// anyway.
func TestAdminAcceptsCurlDefaultContentType(t *testing.T) {
	e := newEnv(t)
	body := `{"client_id":"curl","org":"311000004","scopes":["skatteetaten:trekkpaalegg"]}`
	resp, err := http.Post(e.srv.URL+"/admin/maskinporten/clients", "application/x-www-form-urlencoded", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatal(resp.Status)
	}
}
