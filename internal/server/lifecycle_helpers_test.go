package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// lcResp is one HTTP answer.
type lcResp struct {
	status int
	header http.Header
	body   []byte
}

func (r lcResp) obj(t *testing.T, what string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("%s: body is not a JSON object (%d): %s", what, r.status, r.body)
	}
	return m
}

func (r lcResp) arr(t *testing.T, what string) []any {
	t.Helper()
	var a []any
	if err := json.Unmarshal(r.body, &a); err != nil {
		t.Fatalf("%s: body is not a JSON array (%d): %s", what, r.status, r.body)
	}
	return a
}

// call makes one request; hdr holds name, value pairs.
func (s *testServer) call(t *testing.T, method, path string, body []byte, hdr ...string) lcResp {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return lcResp{status: resp.StatusCode, header: resp.Header, body: b}
}

// admin calls an operator route with a JSON body.
func (s *testServer) admin(t *testing.T, method, path string, body any) lcResp {
	t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	return s.call(t, method, path, b, "Authorization", "Bearer test-operator-token", "Content-Type", "application/json")
}

// maskinportenToken mints a Maskinporten access token through the
// operator route for a client whose key the server holds.
func (s *testServer) maskinportenToken(t *testing.T, req map[string]any) string {
	t.Helper()
	r := s.admin(t, "POST", "/admin/maskinporten/token", req)
	if r.status != 200 {
		t.Fatalf("maskinporten token %v: %d %s", req, r.status, r.body)
	}
	tok, _ := r.obj(t, "token")["access_token"].(string)
	if tok == "" {
		t.Fatalf("maskinporten token %v: no access_token: %s", req, r.body)
	}
	return tok
}

// lcPerson is the part of GET /admin/persons/{nin} the story needs.
type lcPerson struct {
	NIN        string `json:"nin"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	BirthDate  string `json:"birth_date"`
	Protection string `json:"protection"`
	Accounts   []struct {
		AccountNumber   string `json:"account_number"`
		BankOrgNr       string `json:"bank_orgnr"`
		OwnerID         string `json:"owner_id"`
		Type            string `json:"type"`
		Currency        string `json:"currency"`
		Status          string `json:"status"`
		StartDate       string `json:"start_date"`
		EndDate         string `json:"end_date"`
		OwnerSince      string `json:"owner_since"`
		OnlineAvailable bool   `json:"online_available"`
		Booked          int64  `json:"booked_balance"`
		Available       int64  `json:"available_balance"`
	} `json:"accounts"`
	Employments []struct {
		EmployerOrgNr string `json:"employer_orgnr"`
		StartDate     string `json:"start_date"`
		EndDate       string `json:"end_date"`
		AnnualSalary  int64  `json:"annual_salary"`
	} `json:"employments"`
	Debts []struct {
		CreditorOrgNr             string `json:"creditor_orgnr"`
		Type                      string `json:"type"`
		CreditLimit               int64  `json:"credit_limit"`
		InterestBearingBalance    int64  `json:"interest_bearing_balance"`
		NonInterestBearingBalance int64  `json:"non_interest_bearing_balance"`
		Balance                   int64  `json:"balance"`
	} `json:"debts"`
}

// currentEmployer is the best-paid employment active today.
func (p lcPerson) currentEmployer(today string) (string, int64) {
	org, salary := "", int64(0)
	for _, e := range p.Employments {
		if e.StartDate <= today && (e.EndDate == "" || e.EndDate >= today) && e.AnnualSalary > salary {
			org, salary = e.EmployerOrgNr, e.AnnualSalary
		}
	}
	return org, salary
}

// deliverable are the account types DSOP hands out in FI-Utlegg (spec:
// dsop-kontroll.md §5.3).
var deliverable = []string{"salaryAccount", "currencyAccount", "savingsAccount", "businessAccount",
	"creditCardAccount", "prepaidCardAccount", "otherAccount"}

// dsopAccounts is what the bank's Accounts call must deliver for p at
// bank on today (spec: dsop-kontroll.md §5.3 selection algorithm).
func (p lcPerson) dsopAccounts(bank, today string) []string {
	var out []string
	for _, a := range p.Accounts {
		if a.BankOrgNr != bank || a.OwnerID != p.NIN || !slices.Contains(deliverable, a.Type) || a.Status == "deleted" ||
			(a.EndDate != "" && a.EndDate < today) || a.StartDate > today || a.OwnerSince > today || !a.OnlineAvailable ||
			p.Protection != "" {
			continue
		}
		out = append(out, a.AccountNumber)
	}
	sort.Strings(out)
	return out
}

// pickDebtor finds a person who has unsecured debt, a current employment
// paying enough for an utleggstrekk, an everyday NOK account to export,
// and DSOP-deliverable accounts.
func (s *testServer) pickDebtor(t *testing.T, today string) lcPerson {
	t.Helper()
	r := s.admin(t, "GET", "/admin/persons?limit=1000", nil)
	if r.status != 200 {
		t.Fatalf("list persons: %d %s", r.status, r.body)
	}
	var list struct {
		Persons []struct {
			NIN string `json:"nin"`
		} `json:"persons"`
	}
	json.Unmarshal(r.body, &list)
	for _, lp := range list.Persons {
		r := s.admin(t, "GET", "/admin/persons/"+lp.NIN, nil)
		var p lcPerson
		if r.status != 200 || json.Unmarshal(r.body, &p) != nil {
			t.Fatalf("person %s: %d %s", lp.NIN, r.status, r.body)
		}
		_, salary := p.currentEmployer(today)
		everyday, bank := false, ""
		for _, a := range p.Accounts {
			if a.Currency == "NOK" && a.Status != "deleted" && (a.Type == "salaryAccount" || a.Type == "otherAccount") {
				everyday = true
			}
			if bank == "" && len(p.dsopAccounts(a.BankOrgNr, today)) > 0 {
				bank = a.BankOrgNr
			}
		}
		if len(p.Debts) > 0 && salary/12 > lcLivsopphold+2000 && everyday && bank != "" && p.Protection == "" {
			return p
		}
	}
	t.Fatalf("no person in the world has debt, a salary above %d kr a month, an everyday account and DSOP accounts", lcLivsopphold)
	return lcPerson{}
}

// gjeldToken gets a client-credentials token from Norsk Gjeldsinformasjon
// for demo client C1 (spec: gjeldsinformasjon.md §5.3).
func (s *testServer) gjeldToken(t *testing.T, audience, scope string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "audience": {audience}, "scope": {scope}}
	req, _ := http.NewRequest("POST", s.URL+"/gjeld/oauth2/token", strings.NewReader(form.Encode()))
	req.SetBasicAuth(lcGjeldClient, lcGjeldSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(b, &m)
	tok, _ := m["access_token"].(string)
	if resp.StatusCode != 200 || tok == "" {
		t.Fatalf("gjeld token (%s, %s): %d %s", audience, scope, resp.StatusCode, b)
	}
	return tok
}

// employerToken mints a trekkpålegg token for an employer, registering
// a client with a server-held key when the organisation has none.
func (s *testServer) employerToken(t *testing.T, org string) string {
	t.Helper()
	req := map[string]any{"org": org, "scope": "skatteetaten:trekkpaalegg"}
	r := s.admin(t, "POST", "/admin/maskinporten/token", req)
	if r.status == 404 {
		reg := s.admin(t, "POST", "/admin/maskinporten/clients", map[string]any{"client_id": "payroll-" + org, "org": org,
			"scopes": []string{"skatteetaten:trekkpaalegg"}, "generate_key": true})
		if reg.status != 201 {
			t.Fatalf("register payroll client for %s: %d %s", org, reg.status, reg.body)
		}
		return s.maskinportenToken(t, req)
	}
	if r.status != 200 {
		t.Fatalf("employer token for %s: %d %s", org, r.status, r.body)
	}
	return r.obj(t, "token")["access_token"].(string)
}

// lcOrders reads a trekkpålegg list (a JSON array of orders).
func lcOrders(t *testing.T, r lcResp) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, x := range r.arr(t, "trekkpaalegg list") {
		m, _ := x.(map[string]any)
		out = append(out, m)
	}
	return out
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return d
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// dig walks nested maps and arrays (string keys, int indexes).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}
