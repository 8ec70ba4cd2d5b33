package trekkpaalegg_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
)

// TestAuthorizationMatrix: employers, system users with and without the
// customer's approval, wrong scopes and unreadable organisations — nobody
// ever sees another employer's order (spec: trekkpaalegg.md §4, §9).
func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t, envOpt{})
	e.approved = map[string]bool{org123: true} // orgOther has not approved the vendor's system user
	var otherIDs []string
	for i := range 2 {
		r := e.admin(http.MethodPost, "", map[string]any{"trekkpliktig": orgOther, "skyldner": "10108412345",
			"trekkstoerrelseForPeriode": []any{map[string]any{"startdato": "2026-03-02", "trekkbeloep": map[string]any{"trekkbeloep": 1000 + i}}}})
		if r.status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		otherIDs = append(otherIDs, r.object(t)["trekkid"].(string))
	}
	orders := map[string][]string{
		org123:   {"10001", "10002", "10003", "10004", "10005", "10006", "10007", "10008", "10009", "10010"},
		orgOther: otherIDs,
	}
	k, _ := keys(t)
	now := e.clock.Now()
	sbNoOrg := systemUser(claims(orgVendor, trekkpaalegg.Scope, now), org123)
	sbNoOrg["authorization_details"].([]any)[0].(map[string]any)["systemuser_org"] = map[string]any{"ID": "9908:123"}
	notOrgNr := claims(org123, trekkpaalegg.Scope, now)
	notOrgNr["consumer"] = map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:12345"}
	cases := []struct {
		name   string
		token  string
		status int
		kode   string
		org    string // whose orders the caller sees
	}{
		{"employer A", e.token(org123), 200, "", org123},
		{"employer B", e.token(orgOther), 200, "", orgOther},
		{"vendor as itself", e.token(orgVendor), 200, "", orgVendor},
		{"system user for A, approved", e.sbToken(org123), 200, "", org123},
		{"system user for B, not approved", e.sbToken(orgOther), 403, "KB-005", ""},
		{"employer A, several scopes", e.sign(claims(org123, "openid skatteetaten:trekkpaalegg altinn:x", now), k), 200, "", org123},
		{"employer A, utleggsbegjaering scope", e.sign(claims(org123, "skatteetaten:utleggsbegjaering", now), k), 403, "KB-005", ""},
		{"system user for A, wrong scope", e.sign(systemUser(claims(orgVendor, "skatteetaten:utleggsbegjaering", now), org123), k), 403, "KB-005", ""},
		{"system user with unreadable org", e.sign(sbNoOrg, k), 403, "KB-005", ""},
		{"consumer not an orgnr", e.sign(notOrgNr, k), 403, "KB-005", ""},
		{"no token", "", 401, "KB-004", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.get(apiPath, c.token)
			if c.status != 200 {
				wantStatus(t, r, c.status, c.kode)
				wantStatus(t, e.get(apiPath+"/10001/1", c.token), c.status, c.kode)
				return
			}
			list := r.list(t)
			if len(list) != len(orders[c.org]) {
				t.Fatalf("sees %d orders, want %d", len(list), len(orders[c.org]))
			}
			for _, o := range list {
				if o["trekkpliktig"] != c.org {
					t.Fatalf("sees an order of %v", o["trekkpliktig"])
				}
			}
			for org, ids := range orders {
				for _, id := range ids {
					r := e.get(fmt.Sprintf("%s/%s/1", apiPath, id), c.token)
					if org == c.org && r.status != 200 {
						t.Fatalf("own order %s: %d", id, r.status)
					}
					if org != c.org {
						wantStatus(t, r, http.StatusNotFound, "KB-009")
					}
				}
			}
		})
	}
}
