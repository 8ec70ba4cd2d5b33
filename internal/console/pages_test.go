package console_test

import (
	"html"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// The clock forms freeze, advance (a frozen clock by moving its instant,
// a real one by an offset), and return to real time.
func TestClock(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	r := b.follow(b.post("/console/clock", url.Values{"action": {"freeze"}, "date": {"2026-03-01"}, "time": {"09:30"}}))
	if !strings.Contains(r.body, "The clock is frozen; today is 2026-03-01.") || !strings.Contains(r.body, `id="clock-now">2026-03-01 09:30:00 CET<`) {
		t.Fatalf("after freezing: %s", clip(r.body))
	}
	// Whole days are calendar days: across the change to summer time the
	// clock still shows 09:30.
	r = b.follow(b.post("/console/clock", url.Values{"action": {"advance"}, "by": {"30d"}}))
	if got := e.clockToday(t); got != "2026-03-31" {
		t.Fatalf("advanced a frozen clock by 30d: today %s, want 2026-03-31", got)
	}
	if !strings.Contains(r.body, `id="clock-now">2026-03-31 09:30:00 CEST<`) {
		t.Errorf("30 days after 09:30 CET is not 09:30 CEST: %s", clip(r.body))
	}
	if !strings.Contains(r.body, `id="clock-mode">frozen<`) {
		t.Errorf("mode after advancing a frozen clock: %s", clip(r.body))
	}
	r = b.follow(b.post("/console/clock", url.Values{"action": {"advance"}, "by": {"soon"}}))
	if !strings.Contains(r.body, `id="flash" role="alert">by: a duration is whole days`) {
		t.Errorf("a bad duration is not explained: %s", clip(r.body))
	}
	r = b.follow(b.post("/console/clock", url.Values{"action": {"freeze"}, "date": {"2026-02-30"}}))
	if !strings.Contains(r.body, `role="alert">date must be YYYY-MM-DD`) {
		t.Errorf("the API's refusal of a bad date is not shown: %s", clip(r.body))
	}
	b.follow(b.post("/console/clock", url.Values{"action": {"real"}}))
	b.follow(b.post("/console/clock", url.Values{"action": {"advance"}, "by": {"2d"}}))
	var c struct {
		Mode   string `json:"mode"`
		Offset string `json:"offset"`
	}
	e.admin(t, "GET", "/admin/clock", nil, &c)
	if c.Mode != "offset" || c.Offset != (48*time.Hour).String() {
		t.Errorf("advancing a real clock by 2d: %+v, want offset 48h", c)
	}
	// The session lives by the wall clock: moving the world ten years
	// ahead does not sign the operator out.
	b.follow(b.post("/console/clock", url.Values{"action": {"offset"}, "offset": {"3650d"}}))
	if r := b.get("/console/persons"); r.status != 200 {
		t.Errorf("after moving the clock ten years: %d", r.status)
	}
}

// Finding a person shows their accounts, debts, employments and who has
// looked at their data; bad and unknown numbers get the API's answer.
func TestFindPerson(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	r := b.get("/console/persons")
	m := regexp.MustCompile(`persons\?nin=(\d{11})`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("the person list has no links: %s", clip(r.body))
	}
	// Find a person with accounts, debts and an employment.
	var p person
	for _, nin := range regexp.MustCompile(`persons\?nin=(\d{11})`).FindAllStringSubmatch(r.body, -1) {
		if q := e.person(t, nin[1]); len(q.Accounts) > 0 && len(q.Debts) > 0 && len(q.Employments) > 0 {
			p = q
			break
		}
	}
	if p.NIN == "" {
		t.Fatal("no person on the first page has accounts, debts and an employment")
	}
	r = b.get("/console/persons?nin=" + p.NIN)
	if r.status != 200 {
		t.Fatalf("person page: %d %s", r.status, clip(r.body))
	}
	for _, want := range []string{`id="person-nin">` + p.NIN + `<`, html.EscapeString(p.GivenName), `id="accounts"`, `id="employments"`, `id="debts"`,
		p.Accounts[0].AccountNumber, p.Debts[0].ID, "trekkpaalegg?trekkpliktig=" + p.Employments[0].EmployerOrgNr} {
		if !strings.Contains(r.body, want) {
			t.Errorf("person page lacks %s", want)
		}
	}
	if !strings.Contains(r.body, `id="person-audit`) {
		t.Error("person page has no audit trail section")
	}
	if r := b.get("/console/persons?nin=12345678901"); r.status != 400 || !strings.Contains(r.body, `role="alert"`) {
		t.Errorf("invalid nin: %d %s", r.status, clip(r.body))
	}
	if r := b.get("/console/persons?nin=abc"); r.status != 400 {
		t.Errorf("letters: %d", r.status)
	}
	// A valid synthetic number nobody has.
	nin := syntheticUnknown(t, e)
	if r := b.get("/console/persons?nin=" + nin); r.status != 404 || !strings.Contains(r.body, "no person with nin "+nin) {
		t.Errorf("unknown nin: %d %s", r.status, clip(r.body))
	}
	// Organisations: lookup and list by role.
	org := p.Employments[0].EmployerOrgNr
	if r := b.get("/console/organisations?orgnr=" + org); r.status != 200 || !strings.Contains(r.body, `id="org-orgnr">`+org+`<`) {
		t.Errorf("organisation %s: %d %s", org, r.status, clip(r.body))
	}
	if r := b.get("/console/organisations?role=bank"); r.status != 200 || !strings.Contains(r.body, `id="org-list"`) {
		t.Errorf("banks: %d", r.status)
	}
	if r := b.get("/console/organisations?role=pirate"); r.status != 400 || !strings.Contains(r.body, "role must be one of") {
		t.Errorf("unknown role: %d %s", r.status, clip(r.body))
	}
}

// syntheticUnknown is a valid synthetic fødselsnummer the world does
// not hold (born 1901; the world's persons are younger).
func syntheticUnknown(t *testing.T, e *env) string {
	t.Helper()
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		nin := ident.GenerateNIN(rnd, time.Date(1901, 1, 1, 0, 0, 0, 0, time.UTC), true, ident.Fodselsnummer, true)
		var p person
		if e.admin(t, "GET", "/admin/persons/"+nin, nil, &p) == 404 {
			return nin
		}
	}
	t.Fatal("no unknown fødselsnummer found")
	return ""
}

// Creating test data: each form is one operator API call; the page says
// what was made and links to it, and keeps the values after a refusal.
func TestCreateTestData(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	b.get("/console/create")
	r := b.post("/console/create/person", url.Values{"given_name": {"Kari"}, "family_name": {"Nordmann"}, "birth_date": {"1985-04-12"}, "gender": {"F"}})
	if r.status != http.StatusCreated {
		t.Fatalf("person: %d %s", r.status, clip(r.body))
	}
	nin := regexp.MustCompile(`id="created-id">(\d{11})<`).FindStringSubmatch(r.body)
	if nin == nil {
		t.Fatalf("no created nin: %s", clip(r.body))
	}
	r = b.post("/console/create/organisation", url.Values{"name": {"KONSOLL TEST AS"}, "employ_nin": {nin[1]}, "annual_salary": {"720 000"}, "position_percent": {"80"}})
	if r.status != http.StatusCreated || !strings.Contains(r.body, "Employment of "+nin[1]) {
		t.Fatalf("organisation with employee: %d %s", r.status, clip(r.body))
	}
	org := regexp.MustCompile(`id="created-id">(\d{9})<`).FindStringSubmatch(r.body)[1]
	bank := e.firstOrg(t, "bank")
	r = b.post("/console/create/account", url.Values{"bank_orgnr": {bank}, "owner_id": {nin[1]}, "type": {"salaryAccount"}, "booked_balance": {"12 345,67"}})
	if r.status != http.StatusCreated {
		t.Fatalf("account: %d %s", r.status, clip(r.body))
	}
	creditor := e.firstOrg(t, "creditor")
	r = b.post("/console/create/debt", url.Values{"person_nin": {nin[1]}, "creditor_orgnr": {creditor}, "type": {"creditFacility"},
		"credit_limit": {"50000"}, "interest_bearing_balance": {"20000,50"}, "nominal_interest_rate": {"19,95"}})
	if r.status != http.StatusCreated {
		t.Fatalf("debt: %d %s", r.status, clip(r.body))
	}
	var p struct {
		Employments []struct {
			EmployerOrgNr   string `json:"employer_orgnr"`
			AnnualSalary    int64  `json:"annual_salary"`
			PositionPercent int    `json:"position_percent"`
		} `json:"employments"`
		Accounts []struct {
			BankOrgNr     string `json:"bank_orgnr"`
			BookedBalance int64  `json:"booked_balance"`
			Available     int64  `json:"available_balance"`
		} `json:"accounts"`
		Debts []struct {
			CreditLimit int64 `json:"credit_limit"`
			Interest    int64 `json:"interest_bearing_balance"`
			Rate        int   `json:"nominal_interest_rate"`
		} `json:"debts"`
	}
	e.admin(t, "GET", "/admin/persons/"+nin[1], nil, &p)
	if len(p.Employments) != 1 || p.Employments[0].EmployerOrgNr != org || p.Employments[0].AnnualSalary != 720000 || p.Employments[0].PositionPercent != 80 {
		t.Errorf("employment: %+v", p.Employments)
	}
	if len(p.Accounts) != 1 || p.Accounts[0].BankOrgNr != bank || p.Accounts[0].BookedBalance != 1234567 || p.Accounts[0].Available != 1234567 {
		t.Errorf("account: %+v", p.Accounts)
	}
	if len(p.Debts) != 1 || p.Debts[0].CreditLimit != 5000000 || p.Debts[0].Interest != 2000050 || p.Debts[0].Rate != 1995 {
		t.Errorf("debt: %+v", p.Debts)
	}
	// A refusal keeps the values and names the field.
	r = b.post("/console/create/person", url.Values{"given_name": {"Ola"}, "family_name": {""}, "birth_date": {"1985-04-12"}, "gender": {"M"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "family_name") || !strings.Contains(r.body, `name="given_name" required maxlength="100" value="Ola"`) {
		t.Errorf("refused person: %d %s", r.status, clip(r.body))
	}
	r = b.post("/console/create/account", url.Values{"bank_orgnr": {bank}, "owner_id": {nin[1]}, "type": {"salaryAccount"}, "booked_balance": {"12.345.67"}})
	if r.status != http.StatusBadRequest || !strings.Contains(r.body, "booked_balance: an amount is digits") {
		t.Errorf("bad amount: %d %s", r.status, clip(r.body))
	}
	// Links from a person's page fill the person into the other forms,
	// never into the new person's own number.
	r = b.get("/console/create?nin=" + nin[1])
	if !strings.Contains(r.body, `id="p-nin" name="nin" inputmode="numeric" maxlength="11" value=""`) ||
		!strings.Contains(r.body, `name="person_nin" required inputmode="numeric" maxlength="11" value="`+nin[1]+`"`) ||
		!strings.Contains(r.body, `name="owner_id" required inputmode="numeric" maxlength="11" value="`+nin[1]+`"`) {
		t.Errorf("prefill from ?nin=: %s", clip(r.body))
	}
	if r := b.post("/console/create/spaceship", nil); r.status != http.StatusNotFound {
		t.Errorf("unknown form: %d", r.status)
	}
}

// Whatever the world holds is shown as text, never as markup.
func TestEverythingIsEscaped(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>"'`
	var p person
	if st := e.admin(t, "POST", "/admin/persons", map[string]string{"given_name": evil, "family_name": "X", "birth_date": "1970-01-01", "gender": "M", "city": evil}, &p); st != 201 {
		t.Fatalf("create: %d", st)
	}
	r := b.get("/console/persons?nin=" + p.NIN)
	if r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img src=x") {
		t.Fatalf("markup from the world reached the page: %s", clip(r.body))
	}
	if !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the name is not shown escaped")
	}
	// Reflected input: a search value and a refused form.
	r = b.get("/console/organisations?orgnr=" + url.QueryEscape(`"><script>x</script>`))
	if strings.Contains(r.body, "<script>x") {
		t.Error("the search value is reflected as markup")
	}
	r = b.post("/console/create/organisation", url.Values{"name": {evil}, "orgnr": {"123"}})
	if strings.Contains(r.body, "<script>alert") {
		t.Error("a refused form reflects markup")
	}
	r = b.get("/console/utlegg?ref=" + url.QueryEscape(`<b>x</b>`))
	if strings.Contains(r.body, "<b>x</b>") {
		t.Error("a case reference is reflected as markup")
	}
}

// Rebuilding the world needs the box ticked, then builds the world the
// seed and size name.
func TestWorldReset(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	r := b.follow(b.post("/console/world/reset", url.Values{"seed": {"9"}, "persons": {"50"}}))
	if !strings.Contains(r.body, `role="alert">tick the box to confirm`) || !strings.Contains(r.body, `id="world-seed">7<`) {
		t.Fatalf("without confirmation: %s", clip(r.body))
	}
	r = b.follow(b.post("/console/world/reset", url.Values{"seed": {"9"}, "persons": {"1"}, "confirm": {"yes"}}))
	if !strings.Contains(r.body, "persons must be from 2 to") {
		t.Errorf("too small a world is not explained: %s", clip(r.body))
	}
	r = b.follow(b.post("/console/world/reset", url.Values{"seed": {"9"}, "persons": {"50"}, "confirm": {"yes"}}))
	if !strings.Contains(r.body, "rebuilt from seed 9 with 50 persons") || !strings.Contains(r.body, `id="world-seed">9<`) || !strings.Contains(r.body, `id="world-size">50 persons<`) {
		t.Errorf("after the rebuild: %s", clip(r.body))
	}
}
