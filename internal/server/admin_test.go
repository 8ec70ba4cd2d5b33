package server_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestAdminCreateAndLookup(t *testing.T) {
	s := start(t, 30)
	code, m, _ := s.do(t, "POST", "/admin/organisations", `{"orgnr":"310000000","name":"TESTBANKEN ASA","roles":["bank","creditor"],"bank_reg_no":"9999"}`, true)
	if code != 201 {
		t.Fatalf("create bank: %d %v", code, m)
	}
	code, m, _ = s.do(t, "POST", "/admin/organisations", `{"orgnr":"310000000","name":"AGAIN","roles":["bank"],"bank_reg_no":"9998"}`, true)
	if code != 409 {
		t.Fatalf("duplicate organisation: %d %v", code, m)
	}
	code, p, _ := s.do(t, "POST", "/admin/persons", `{"given_name":"Ola","family_name":"Testesen","birth_date":"1980-05-17","gender":"M"}`, true)
	if code != 201 {
		t.Fatalf("create person: %d %v", code, p)
	}
	nin := p["nin"].(string)
	if len(nin) != 11 || nin[2:4] != "85" {
		t.Fatalf("generated nin %q must be a synthetic (month+80) number", nin)
	}
	code, m, _ = s.do(t, "POST", "/admin/accounts", `{"account_number":"99990000006","bank_orgnr":"310000000","owner_id":"`+nin+`","type":"salaryAccount","booked_balance":100000,"available_balance":90000}`, true)
	if code != 201 {
		// the number may fail MOD11; report clearly
		t.Fatalf("create account: %d %v", code, m)
	}
	code, m, _ = s.do(t, "POST", "/admin/debts", `{"person_nin":"`+nin+`","creditor_orgnr":"310000000","type":"creditFacility","credit_limit":5000000,"interest_bearing_balance":120000}`, true)
	if code != 201 {
		t.Fatalf("create debt: %d %v", code, m)
	}
	code, m, _ = s.do(t, "GET", "/admin/persons/"+nin, "", true)
	if code != 200 || len(m["accounts"].([]any)) != 1 || len(m["debts"].([]any)) != 1 {
		t.Fatalf("person view: %d %v", code, m)
	}
	// The operator's views disclose personal data: each is audited.
	if code, _, _ = s.do(t, "GET", "/admin/accounts/99990000006", "", true); code != 200 {
		t.Fatalf("account view: %d", code)
	}
	code, m, _ = s.do(t, "GET", "/admin/persons/"+nin+"/audit", "", true)
	var actions []string
	for _, r := range m["records"].([]any) {
		actions = append(actions, r.(map[string]any)["action"].(string))
	}
	if code != 200 || !slices.Contains(actions, "person.view") || !slices.Contains(actions, "account.view") {
		t.Fatalf("audit of %s: %d %v", nin, code, actions)
	}
}

// TestAdminBadInput: every malformed request gets a 4xx naming the field,
// and nothing is written.
func TestAdminBadInput(t *testing.T) {
	s := start(t, 30)
	_, before, _ := s.do(t, "GET", "/admin/world", "", true)
	cases := []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"nin check digit", "POST", "/admin/persons", `{"nin":"01018512346","given_name":"A","family_name":"B"}`, 400, "nin"},
		{"nin length", "POST", "/admin/persons", `{"nin":"123","given_name":"A","family_name":"B"}`, 400, "nin"},
		{"no name", "POST", "/admin/persons", `{"birth_date":"1980-01-01","gender":"F"}`, 400, "given_name"},
		{"impossible birth date", "POST", "/admin/persons", `{"given_name":"A","family_name":"B","birth_date":"1980-02-30","gender":"F"}`, 400, "birth_date"},
		{"unknown field", "POST", "/admin/persons", `{"given_name":"A","family_name":"B","shoe_size":44}`, 400, "shoe_size"},
		{"wrong type", "POST", "/admin/persons", `{"given_name":7}`, 400, "given_name"},
		{"malformed json", "POST", "/admin/persons", `{"given_name":`, 400, ""},
		{"two values", "POST", "/admin/persons", `{} {}`, 400, ""},
		{"empty body", "POST", "/admin/persons", ``, 400, ""},
		{"bad orgnr", "POST", "/admin/organisations", `{"orgnr":"123456789","name":"X"}`, 400, "orgnr"},
		{"unknown role", "POST", "/admin/organisations", `{"orgnr":"310000000","name":"X","roles":["pirate"]}`, 400, "roles"},
		{"bank without reg no", "POST", "/admin/organisations", `{"orgnr":"310000000","name":"X","roles":["bank"]}`, 400, "bank_reg_no"},
		{"bad kontonummer", "POST", "/admin/accounts", `{"account_number":"12345678901","bank_orgnr":"974761076","owner_id":"14842249091","type":"salaryAccount"}`, 400, "bank_orgnr"},
		{"account type", "POST", "/admin/debts", `{"person_nin":"14842249091","creditor_orgnr":"974761076","type":"mortgage"}`, 400, "creditor_orgnr"},
		{"person lookup bad nin", "GET", "/admin/persons/abc", ``, 400, "nin"},
		{"person lookup unknown", "GET", "/admin/persons/01010112377", ``, 404, ""},
		{"org lookup bad", "GET", "/admin/organisations/999", ``, 400, "orgnr"},
		{"limit", "GET", "/admin/persons?limit=0", ``, 400, "limit"},
		{"reset too small", "POST", "/admin/world/reset", `{"persons":1}`, 400, "persons"},
		{"audit after", "GET", "/admin/audit?after=-1", ``, 400, "after"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, m, _ := s.do(t, c.method, c.path, c.body, true)
			if code != c.status {
				t.Fatalf("status %d want %d: %v", code, c.status, m)
			}
			if m == nil || m["message"] == nil || m["message"] == "" {
				t.Fatalf("no JSON error message: %v", m)
			}
			if c.field != "" && m["field"] != c.field {
				t.Fatalf("field %v want %q: %v", m["field"], c.field, m)
			}
		})
	}
	code, m, _ := s.do(t, "POST", "/admin/persons", `{"given_name":"`+strings.Repeat("x", 2<<20)+`"}`, true)
	if code != 413 {
		t.Fatalf("oversized body: %d %v", code, m)
	}
	_, after, _ := s.do(t, "GET", "/admin/world", "", true)
	if a, b := after["counts"].(map[string]any), before["counts"].(map[string]any); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("bad input must write nothing: before %v, after %v", b, a)
	}
}
