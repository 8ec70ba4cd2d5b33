package server_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"
)

// TestWorldAgreesAcrossAPIs asks, for every person of a small world, what
// DSOP (banks, accounts, balances) and Norsk Gjeldsinformasjon (loans)
// disclose, and compares it with the world the operator API shows: one
// world, told the same way by every API.
func TestWorldAgreesAcrossAPIs(t *testing.T) {
	s := lcStart(t, "")
	today, _ := s.admin(t, "GET", "/admin/clock", nil).obj(t, "clock")["today"].(string)
	r := s.admin(t, "GET", "/admin/persons?limit=1000", nil)
	var list struct {
		Persons []struct {
			NIN string `json:"nin"`
		} `json:"persons"`
	}
	if r.status != 200 || json.Unmarshal(r.body, &list) != nil {
		t.Fatalf("persons: %d %s", r.status, r.body)
	}
	ds := newDSOP(s, today)
	ctok := s.gjeldToken(t, "https://api-preprod.norskgjeld.no/v1/consent/agreement", "consent.create")
	dtok := s.gjeldToken(t, "https://api-preprod.norskgjeld.no/v1/debt", "debt.unsecured.presentation")
	var persons, withDebt int
	for _, lp := range list.Persons {
		r := s.admin(t, "GET", "/admin/persons/"+lp.NIN, nil)
		var p lcPerson
		if r.status != 200 || json.Unmarshal(r.body, &p) != nil {
			t.Fatalf("person %s: %d %s", lp.NIN, r.status, r.body)
		}
		persons++
		ds.check(t, p)
		if len(p.Debts) == 0 {
			continue
		}
		withDebt++
		body, _ := json.Marshal(map[string]any{"nin": p.NIN, "scope_of_consent": "debt.unsecured.presentation",
			"consent_duration_days": 1, "client_consent_id": "world-" + p.NIN})
		r = s.call(t, "PUT", "/gjeld/v1/consent/agreement", body, "Authorization", "Bearer "+ctok, "Content-Type", "application/json")
		if r.status != 200 {
			t.Fatalf("%s: agreement: %d %s", p.NIN, r.status, r.body)
		}
		id, _ := dig(r.obj(t, "agreement"), "consent", "id").(string)
		r = s.call(t, "GET", "/gjeld/v1/debt/"+id, nil, "Authorization", "Bearer "+dtok)
		if r.status != 200 {
			t.Fatalf("%s: debt: %d %s", p.NIN, r.status, r.body)
		}
		var info struct {
			Loans []struct {
				Loan *struct {
					Type                   string `json:"type"`
					CreditLimit            int64  `json:"creditLimit"`
					InterestBearingBalance int64  `json:"interestBearingBalance"`
					Balance                int64  `json:"balance"`
				} `json:"loan"`
			} `json:"loans"`
		}
		json.Unmarshal(r.body, &info)
		var got, want []string
		for _, l := range info.Loans {
			if l.Loan != nil {
				got = append(got, fmt.Sprintf("%s/%d/%d/%d", l.Loan.Type, l.Loan.CreditLimit, l.Loan.InterestBearingBalance, l.Loan.Balance))
			}
		}
		for _, d := range p.Debts {
			want = append(want, fmt.Sprintf("%s/%d/%d/%d", d.Type, d.CreditLimit, d.InterestBearingBalance, d.Balance))
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: loans %v, world debts %v", p.NIN, got, want)
		}
	}
	t.Logf("%d persons checked through DSOP, %d with debt through Norsk Gjeldsinformasjon", persons, withDebt)
}
