package maskinporten_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/maskinporten"
)

// Conformance checks of spec/maskinporten.md §11: delegation, resource,
// pid, systembruker, key rotation.

const (
	ske     = "974761076"
	politi  = "915429785"
	scopeAN = maskinporten.ScopeKundeforholdAN
)

// supplier registers Skatteetaten's own client "c-ske" (key k2) with the
// AN scope, without granting Skatteetaten the scope (§5.3).
func (e *env) supplier() {
	e.admin("POST", "/clients", map[string]any{"client_id": "c-ske", "org": ske, "scopes": []string{scopeAN},
		"grant_access": false, "jwks": map[string]any{"keys": []any{publicJWK(&k2.PublicKey, "k-ske")}}}, 201)
}

func (e *env) supplierGrant(consumer any) string {
	c := e.claims()
	c["iss"], c["scope"] = "c-ske", scopeAN
	if consumer != nil {
		c["consumer_org"] = consumer
	}
	return sign(e.t, k2, map[string]any{"alg": "RS256", "kid": "k-ske"}, c)
}

func TestCheck29_Delegation(t *testing.T) {
	e := newEnv(t)
	e.supplier()
	r := e.post(e.supplierGrant(politi))
	if r.status != 200 {
		t.Fatal(r)
	}
	_, c := tokenClaims(t, r.body["access_token"].(string))
	cons, _ := c["consumer"].(map[string]any)
	sup, _ := c["supplier"].(map[string]any)
	if cons["ID"] != "0192:"+politi || sup["ID"] != "0192:"+ske || sup["authority"] != "iso6523-actorid-upis" {
		t.Fatalf("claims %v", c)
	}
	if c["delegation_source"] != maskinporten.DelegationSourceTT02 {
		t.Fatalf("delegation_source %v", c["delegation_source"])
	}
}

func TestCheck30_NoDelegation(t *testing.T) {
	e := newEnv(t)
	e.supplier()
	e.admin("POST", "/access", map[string]any{"org": orgA, "scope": scopeAN}, 201)
	r := e.post(e.supplierGrant(orgA))
	e.wantError(r, 403, "forbidden", "MP-251", "Consumer "+orgA+" has not delegated access to the scope "+scopeAN+" to supplier "+ske+".")
}

func TestCheck31_ConsumerNotGranted(t *testing.T) {
	e := newEnv(t)
	e.supplier()
	e.admin("POST", "/delegations", map[string]any{"consumer_org": orgB, "supplier_org": ske, "scope": scopeAN}, 201)
	e.wantError(e.post(e.supplierGrant(orgB)), 403, "forbidden", "MP-250", "Consumer has not been granted access to the scope "+scopeAN+".")
}

func TestCheck32_ConsumerOrgIsOwnOrg(t *testing.T) {
	e := newEnv(t)
	e.supplier()
	e.wantError(e.post(e.supplierGrant(ske)), 400, "invalid_request", "",
		"Validation of JWT claim failed: The combination consumer_org in claim and delegation scope on client is invalid")
}

func TestCheck33_ConsumerOrgMalformed(t *testing.T) {
	e := newEnv(t)
	e.supplier()
	for _, bad := range []any{"12345678", "915429784", "0192:915429785", 915429785} {
		e.wantError(e.post(e.supplierGrant(bad)), 400, "invalid_request", "MP-011", "Invalid assertion. Invalid parameter value")
	}
}

func TestCheck34_Resource(t *testing.T) {
	e := newEnv(t)
	for _, res := range []any{"https://bank-a.example/dsop", []any{"https://bank-a.example/dsop"}} {
		c := e.claims()
		c["resource"] = res
		r := e.post(e.grant(c))
		if r.status != 200 {
			t.Fatal(r)
		}
		if _, claims := tokenClaims(t, r.body["access_token"].(string)); claims["aud"] != "https://bank-a.example/dsop" {
			t.Fatalf("aud %v", claims["aud"])
		}
	}
	c := e.claims()
	c["resource"] = []any{"https://a.example", "https://b.example"}
	r := e.post(e.grant(c))
	if _, claims := tokenClaims(t, r.body["access_token"].(string)); len(claims["aud"].([]any)) != 2 {
		t.Fatalf("aud %v", claims["aud"])
	}
	c = e.claims()
	c["resource"] = 7
	e.wantError(e.post(e.grant(c)), 400, "invalid_request", "MP-011", "")
}

func TestCheck35_PID(t *testing.T) {
	e := newEnv(t)
	c := e.claims()
	c["pid"] = "14842249091"
	r := e.post(e.grant(c))
	if r.status != 200 {
		t.Fatal(r)
	}
	if _, claims := tokenClaims(t, r.body["access_token"].(string)); claims["pid"] != "14842249091" {
		t.Fatalf("pid %v", claims["pid"])
	}
	c = e.claims()
	c["pid"] = "14842249092"
	e.wantError(e.post(e.grant(c)), 400, "invalid_request", "MP-011", "Invalid assertion. Invalid parameter value")
}

// systembruker registers c1's system and a system user for orgB with the
// given status and external reference.
func (e *env) systembruker(status, externalRef string) string {
	e.admin("POST", "/systems", map[string]any{"id": orgA + "_lonn_pro", "vendor_org": orgA, "name": "Lønn Pro",
		"rights": []string{maskinporten.ResourceTrekkpaalegg}, "client_ids": []string{"c1"}}, 201)
	if status == "" {
		return ""
	}
	u := e.admin("POST", "/systemusers", map[string]any{"system_id": orgA + "_lonn_pro", "customer_org": orgB,
		"external_ref": externalRef, "status": status}, 201)
	return u["id"].(string)
}

func rar(entries ...map[string]any) []any {
	out := make([]any, len(entries))
	for i, en := range entries {
		out[i] = en
	}
	return out
}

func suEntry(org string) map[string]any {
	return map[string]any{"type": "urn:altinn:systemuser",
		"systemuser_org": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + org}}
}

func TestCheck36_Systembruker(t *testing.T) {
	e := newEnv(t)
	id := e.systembruker("Accepted", "")
	c := e.claims()
	c["authorization_details"] = rar(suEntry(orgB))
	r := e.post(e.grant(c))
	if r.status != 200 {
		t.Fatal(r)
	}
	_, claims := tokenClaims(t, r.body["access_token"].(string))
	if claims["consumer"].(map[string]any)["ID"] != "0192:"+orgA {
		t.Fatalf("consumer %v", claims["consumer"])
	}
	ad := claims["authorization_details"].([]any)[0].(map[string]any)
	if ad["type"] != "urn:altinn:systemuser" || ad["systemuser_org"].(map[string]any)["ID"] != "0192:"+orgB ||
		ad["system_id"] != orgA+"_lonn_pro" || ad["systemuser_id"].([]any)[0] != id {
		t.Fatalf("authorization_details %v", ad)
	}
	if _, ok := claims["supplier"]; ok {
		t.Fatal("systembruker token has a supplier")
	}
}

func TestCheck37_SystembrukerNotApproved(t *testing.T) {
	for _, tc := range []struct{ name, status, then string }{
		{"no system user", "", ""},
		{"never approved", "New", ""},
		{"rejected", "Rejected", ""},
		{"approved then rejected", "Accepted", "reject"},
		{"deleted", "Accepted", "delete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			id := e.systembruker(tc.status, "")
			switch tc.then {
			case "reject":
				e.admin("POST", "/systemusers/"+id+"/reject", nil, 200)
			case "delete":
				e.admin("DELETE", "/systemusers/"+id, nil, 204)
			}
			c := e.claims()
			c["authorization_details"] = rar(suEntry(orgB))
			e.wantError(e.post(e.grant(c)), 400, "invalid_altinn_customer_configuration", "MP-303", "")
		})
	}
}

func TestCheck37_SystembrukerApprovedLater(t *testing.T) {
	e := newEnv(t)
	id := e.systembruker("New", "")
	e.admin("POST", "/systemusers/"+id+"/approve", nil, 200)
	c := e.claims()
	c["authorization_details"] = rar(suEntry(orgB))
	if r := e.post(e.grant(c)); r.status != 200 {
		t.Fatal(r)
	}
}

func TestCheck38_SystembrukerExternalRef(t *testing.T) {
	e := newEnv(t)
	e.systembruker("Accepted", "kunde-4711")
	c := e.claims()
	en := suEntry(orgB)
	en["externalRef"] = "kunde-4712"
	c["authorization_details"] = rar(en)
	e.wantError(e.post(e.grant(c)), 400, "invalid_altinn_customer_configuration", "MP-303", "")
	c = e.claims()
	c["authorization_details"] = rar(suEntry(orgB)) // omitted: defaults to the orgnr
	e.wantError(e.post(e.grant(c)), 400, "invalid_altinn_customer_configuration", "MP-303", "")
	c = e.claims()
	en["externalRef"] = "kunde-4711"
	c["authorization_details"] = rar(en)
	if r := e.post(e.grant(c)); r.status != 200 {
		t.Fatal(r)
	}
}

func TestCheck39_AuthorizationDetailsShape(t *testing.T) {
	e := newEnv(t)
	e.systembruker("Accepted", "")
	foo := suEntry(orgB)
	foo["type"] = "urn:altinn:foo"
	extra := suEntry(orgB)
	extra["foo"] = 1
	bare := suEntry(orgB)
	bare["systemuser_org"] = map[string]any{"authority": "iso6523-actorid-upis", "ID": orgB}
	for _, tc := range []struct {
		rar  any
		mp   string
		desc string
	}{
		{rar(foo), "MP-301", "Unknown authorization details type"},
		{rar(extra), "MP-302", "Unknown fields in the authorization details"},
		{rar(bare), "MP-303", "Invalid authorization details values"},
		{rar(suEntry(orgB), suEntry(orgB)), "MP-303", "Invalid authorization details values"},
		{"urn:altinn:systemuser", "MP-303", "Invalid authorization details values"},
	} {
		c := e.claims()
		c["authorization_details"] = tc.rar
		e.wantError(e.post(e.grant(c)), 400, "invalid_request", tc.mp, tc.desc)
	}
}

func TestCheck41_KeyRotation(t *testing.T) {
	e := newEnv(t)
	before := e.post(e.grant(e.claims())).body["access_token"].(string)
	hb, _ := tokenClaims(t, before)
	if err := e.svc.RotateKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := e.post(e.grant(e.claims())).body["access_token"].(string)
	ha, _ := tokenClaims(t, after)
	if ha["kid"] == hb["kid"] {
		t.Fatal("new tokens still carry the old kid")
	}
	keys := jwks(t, e)
	if keys[hb["kid"].(string)] == nil || keys[ha["kid"].(string)] == nil {
		t.Fatalf("JWKS lacks a key: %v", keys)
	}
	v := auth.NewVerifier(auth.VerifierConfig{Issuer: e.issuer, Keys: auth.NewRemoteJWKS(e.issuer+"jwk", http.DefaultClient), Clock: e.clock})
	for _, tok := range []string{before, after} {
		if _, err := v.Verify(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
	}
	// Once every token the old key signed has expired, it leaves the JWKS.
	e.setClock(T.Add(maskinporten.MaxTokenLifetime + 10*time.Minute))
	if err := e.svc.RotateKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	if keys := jwks(t, e); keys[hb["kid"].(string)] != nil {
		t.Fatal("retired key still published after its tokens expired")
	}
}

func TestCheck59_ConsumerOrgWithSystembrukerOrOnBehalfOf(t *testing.T) {
	e := newEnv(t)
	e.systembruker("Accepted", "")
	c := e.claims()
	c["authorization_details"], c["consumer_org"] = rar(suEntry(orgB)), politi
	e.wantError(e.post(e.grant(c)), 400, "invalid_request", "", "")
	c = e.claims()
	c["iss_onbehalfof"] = "sub-client"
	e.wantError(e.post(e.grant(c)), 400, "invalid_request", "", "")
}

// Lifetime: the client's access_token_lifetime, capped by the lowest
// at_max_age of the scopes (spec: maskinporten.md §3.3, §12 item 8).
func TestTokenLifetime(t *testing.T) {
	e := newEnv(t)
	e.admin("POST", "/scopes", map[string]any{"name": "short:lived", "at_max_age": 60}, 201)
	e.admin("POST", "/clients", map[string]any{"client_id": "long", "org": orgA, "scopes": []string{scopeTP, "short:lived"},
		"access_token_lifetime": 600, "jwks": map[string]any{"keys": []any{publicJWK(&k2.PublicKey, "k-long")}}}, 201)
	for _, tc := range []struct {
		scope string
		want  int64
	}{{scopeTP, 600}, {scopeTP + " short:lived", 60}} {
		c := e.claims()
		c["iss"], c["scope"] = "long", tc.scope
		r := e.post(sign(t, k2, map[string]any{"alg": "RS256", "kid": "k-long"}, c))
		if r.status != 200 || int64(r.body["expires_in"].(float64)) != tc.want {
			t.Fatalf("%s: %v", tc.scope, r)
		}
		_, claims := tokenClaims(t, r.body["access_token"].(string))
		iat, _ := claims["iat"].(interface{ Int64() (int64, error) }).Int64()
		exp, _ := claims["exp"].(interface{ Int64() (int64, error) }).Int64()
		if exp-iat != tc.want {
			t.Fatalf("%s: exp - iat = %d", tc.scope, exp-iat)
		}
	}
}
