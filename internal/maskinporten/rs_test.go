package maskinporten_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/maskinporten"
)

// Resource-server checks with tokens from the real token endpoint and the
// in-process key source (§11 checks 42, 55, 56; the auth package covers
// the rest with crafted tokens).

func (e *env) verifier() *auth.Verifier {
	return auth.NewVerifier(auth.VerifierConfig{Issuer: e.issuer, Keys: e.svc.Keys(), Clock: e.clock, Realm: "trekkpaalegg"})
}

func TestCheck42_IssuedTokenThroughMiddleware(t *testing.T) {
	e := newEnv(t)
	tok := e.post(e.grant(e.claims())).body["access_token"].(string)
	var seen auth.Caller
	h := e.verifier().Middleware(nil, scopeTP)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen, _ = auth.CallerFrom(r.Context())
	}))
	req := httptest.NewRequest("GET", "/skatt/api/trekkpaalegg/v1", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || seen.EffectiveOrg != orgA || seen.ClientID != "c1" {
		t.Fatalf("%d %+v", rec.Code, seen)
	}
}

func TestCheck55_IssuedDelegatedToken(t *testing.T) {
	e := newEnv(t)
	e.supplier()
	tok := e.post(e.supplierGrant(politi)).body["access_token"].(string)
	c, err := e.verifier().Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if c.EffectiveOrg != politi || c.SupplierOrg != ske || c.DelegationSource != maskinporten.DelegationSourceTT02 {
		t.Fatalf("%+v", c)
	}
}

func TestCheck56_IssuedSystembrukerTokenAndPDP(t *testing.T) {
	e := newEnv(t)
	e.systembruker("Accepted", "")
	c := e.claims()
	c["authorization_details"] = rar(suEntry(orgB))
	tok := e.post(e.grant(c)).body["access_token"].(string)
	caller, err := e.verifier().Verify(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	if caller.EffectiveOrg != orgB || caller.ConsumerOrg != orgA || caller.SystemID != orgA+"_lonn_pro" {
		t.Fatalf("%+v", caller)
	}
	ctx := context.Background()
	if ae, err := auth.RequireResource(ctx, e.svc, "trekkpaalegg", caller, maskinporten.ResourceTrekkpaalegg); ae != nil || err != nil {
		t.Fatalf("right granted: %v %v", ae, err)
	}
	if ae, _ := auth.RequireResource(ctx, e.svc, "trekkpaalegg", caller, maskinporten.ResourceUtleggsbegjaering); ae == nil || ae.Status != 403 {
		t.Fatalf("right lacking: %v", ae)
	}
	// Deleted after the token was issued: the PDP says no at once.
	e.admin("DELETE", "/systemusers/"+caller.SystemUserID, nil, 204)
	if ae, _ := auth.RequireResource(ctx, e.svc, "trekkpaalegg", caller, maskinporten.ResourceTrekkpaalegg); ae == nil {
		t.Fatal("deleted system user still acts")
	}
}

// Keys() follows a rotation made by another process sharing the database.
func TestKeysFollowRotationByAnotherProcess(t *testing.T) {
	e := newEnv(t)
	other, err := maskinporten.New(maskinporten.Config{Store: e.db, Orgs: e.db, Clock: e.clock, Issuer: e.issuer})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.RotateKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := postTo(t, newMux(other), e.grant(e.claims()))
	if _, err := e.verifier().Verify(context.Background(), r.body["access_token"].(string)); err != nil {
		t.Fatalf("token signed by the other process's new key: %v", err)
	}
}

// Signing keys survive a restart.
func TestSigningKeyPersists(t *testing.T) {
	e := newEnv(t)
	tok := e.post(e.grant(e.claims())).body["access_token"].(string)
	again, err := maskinporten.New(maskinporten.Config{Store: e.db, Orgs: e.db, Clock: e.clock, Issuer: e.issuer})
	if err != nil {
		t.Fatal(err)
	}
	v := auth.NewVerifier(auth.VerifierConfig{Issuer: e.issuer, Keys: again.Keys(), Clock: e.clock})
	if _, err := v.Verify(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	h1, _ := tokenClaims(t, tok)
	h2, _ := tokenClaims(t, postTo(t, newMux(again), e.grant(e.claims())).body["access_token"].(string))
	if h1["kid"] != h2["kid"] {
		t.Fatal("restart made a new signing key")
	}
}
