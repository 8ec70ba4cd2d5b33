package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// debtor creates, through the console's own forms, a person employed at
// a new employer with a salary and a salary account; it returns the
// person and the employer.
func (b *browser) debtor(t *testing.T) (person, string) {
	t.Helper()
	r := b.post("/console/create/person", url.Values{"given_name": {"Skyldig"}, "family_name": {"Testesen"}, "birth_date": {"1980-06-15"}, "gender": {"M"}})
	m := regexp.MustCompile(`id="created-id">(\d{11})<`).FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || m == nil {
		t.Fatalf("create person: %d %s", r.status, clip(r.body))
	}
	nin := m[1]
	r = b.post("/console/create/organisation", url.Values{"name": {"TREKKPLIKTIG TEST AS"}, "employ_nin": {nin}, "annual_salary": {"900000"}})
	m = regexp.MustCompile(`id="created-id">(\d{9})<`).FindStringSubmatch(r.body)
	if r.status != http.StatusCreated || m == nil {
		t.Fatalf("create employer: %d %s", r.status, clip(r.body))
	}
	employer := m[1]
	r = b.post("/console/create/account", url.Values{"bank_orgnr": {b.e.firstOrg(t, "bank")}, "owner_id": {nin}, "type": {"salaryAccount"}, "booked_balance": {"25000"}})
	if r.status != http.StatusCreated {
		t.Fatalf("create account: %d %s", r.status, clip(r.body))
	}
	return b.e.person(t, nin), employer
}

var statusRe = regexp.MustCompile(`id="case-status"><strong>(\w+)</strong>`)

func caseStatus(t *testing.T, r resp) string {
	t.Helper()
	m := statusRe.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no case status on the page (%d): %s", r.status, clip(r.body))
	}
	return m[1]
}

// A collector's case moves through the namsmann's manual actions in the
// console; a step the case cannot take is refused with the API's reason;
// the utleggstrekk decision shows up as a trekkpålegg for the employer,
// which the console can close.
func TestNamsmannActionsAndTrekkpaalegg(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	p, employer := b.debtor(t)
	collector := e.firstOrg(t, "collector")
	ref := e.submitCase(t, collector, p, "KONSOLL-1")

	// The collector's cases, read from its own feed.
	r := b.get("/console/utlegg?innsender=" + collector)
	if r.status != 200 || !strings.Contains(r.body, `utlegg?ref=`+url.QueryEscape(ref)) || !strings.Contains(r.body, "KONSOLL-1") {
		t.Fatalf("the collector's cases: %d %s", r.status, clip(r.body))
	}
	r = b.get("/console/utlegg?ref=" + url.QueryEscape(ref))
	if got := caseStatus(t, r); got != "sakOpprettet" {
		t.Fatalf("new case: %s", got)
	}
	if !strings.Contains(r.body, `id="step-start" class="step now"`) || strings.Contains(r.body, `id="step-beslutt" class="step now"`) {
		t.Errorf("the next step is not highlighted")
	}
	if !strings.Contains(r.body, "SAK_OPPRETTET") {
		t.Errorf("the messages lack SAK_OPPRETTET")
	}
	act := func(action string, form url.Values) resp {
		t.Helper()
		if form == nil {
			form = url.Values{}
		}
		form.Set("ref", ref)
		return b.follow(b.post("/console/utlegg/"+action, form))
	}
	// Deciding a case nobody has started is refused, and nothing changes.
	r = act("beslutt", nil)
	if !strings.Contains(r.body, `id="flash" role="alert"`) || caseStatus(t, r) != "sakOpprettet" {
		t.Fatalf("beslutt on a new case: %s", clip(r.body))
	}
	r = act("start", nil)
	if got := caseStatus(t, r); got != "sakUnderBehandling" || !strings.Contains(r.body, "Start: the case is now sakUnderBehandling.") {
		t.Fatalf("after start: %s", got)
	}
	r = act("retting", url.Values{"tekst": {"Legg ved tvangsgrunnlaget på nytt."}, "svarfrist": {"2030-01-31"}})
	if !strings.Contains(r.body, "ANMODNING_OM_RETTING") || !strings.Contains(r.body, "Legg ved tvangsgrunnlaget på nytt.") {
		t.Errorf("the correction request is not among the messages: %s", clip(r.body))
	}
	r = act("godkjenn", nil)
	if got := caseStatus(t, r); got != "sakForelagt" {
		t.Fatalf("after godkjenn: %s", got)
	}
	r = act("beslutt", url.Values{"beslutningstype": {"utleggstrekk"}, "begrunnelse": {"Fast lønn over livsoppholdet."}})
	if got := caseStatus(t, r); got != "sakBesluttet" || !strings.Contains(r.body, `id="case-decision">utleggstrekk on`) {
		t.Fatalf("after beslutt: %s %s", got, clip(r.body))
	}

	// The trekkpålegg appears for the employer.
	r = b.get("/console/trekkpaalegg?trekkpliktig=" + employer)
	if r.status != 200 || !strings.Contains(r.body, `persons?nin=`+p.NIN) {
		t.Fatalf("the employer's orders: %d %s", r.status, clip(r.body))
	}
	m := regexp.MustCompile(`name="trekkid" value="([^"]+)"`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no active order to close: %s", clip(r.body))
	}
	r = b.follow(b.post("/console/trekkpaalegg/avslutt", url.Values{"trekkid": {m[1]}, "trekkpliktig": {employer}}))
	if !strings.Contains(r.body, "is closed from today") || !strings.Contains(r.body, "<td>avsluttet</td>") {
		t.Errorf("after closing: %s", clip(r.body))
	}
	if r := b.get("/console/trekkpaalegg?trekkpliktig=12"); r.status != 400 {
		t.Errorf("bad employer number: %d", r.status)
	}
	if r := b.get("/console/utlegg?ref=no-such-case"); r.status != 404 {
		t.Errorf("unknown case: %d", r.status)
	}
}

// The published trekkpålegg examples load from the console.
func TestLoadTrekkExamples(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	b.get("/console/trekkpaalegg")
	r := b.follow(b.post("/console/trekkpaalegg/fixtures", nil))
	if !strings.Contains(r.body, "19 published example versions loaded.") {
		t.Fatalf("fixtures: %s", clip(r.body))
	}
}

// Registering a Maskinporten client with a generated key shows the
// private key once; minting a token for it shows the token once.
func TestMaskinportenClientAndToken(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	r := b.get("/console/clients")
	for _, want := range []string{`id="token-url">` + e.URL + `/maskinporten/token<`, `id="mp-clients"`, "skatteetaten:trekkpaalegg", "demo-secret-c1"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("clients page lacks %s", want)
		}
	}
	r = b.post("/console/clients", url.Values{"client_id": {"konsoll-lonn"}, "org": {"313000001"}, "scopes": {"skatteetaten:trekkpaalegg"}, "generate_key": {"yes"}})
	if r.status != http.StatusCreated || !strings.Contains(r.body, "-----BEGIN PRIVATE KEY-----") || !strings.Contains(r.body, "--client-id konsoll-lonn --kid konsoll-lonn-") {
		t.Fatalf("register: %d %s", r.status, clip(r.body))
	}
	if r := b.get("/console/clients?org=313000001"); strings.Contains(r.body, "PRIVATE KEY") || !strings.Contains(r.body, "<code>konsoll-lonn</code>") {
		t.Errorf("the client list shows the key again or lacks the client")
	}
	r = b.post("/console/clients", url.Values{"client_id": {"konsoll-lonn"}, "org": {"313000001"}, "scopes": {"skatteetaten:trekkpaalegg"}})
	if r.status != http.StatusConflict || !strings.Contains(r.body, `value="konsoll-lonn"`) {
		t.Errorf("duplicate client: %d %s", r.status, clip(r.body))
	}
	r = b.post("/console/clients/token", url.Values{"client_id": {"konsoll-lonn"}, "scope": {"skatteetaten:trekkpaalegg"}})
	m := regexp.MustCompile(`id="access-token" readonly rows="5" spellcheck="false">([^<]+)<`).FindStringSubmatch(r.body)
	if r.status != 200 || m == nil || strings.Count(m[1], ".") != 2 {
		t.Fatalf("mint: %d %s", r.status, clip(r.body))
	}
	// The token works at the API.
	req, _ := http.NewRequest("GET", e.URL+"/skatt/api/trekkpaalegg/v1", nil)
	req.Header.Set("Authorization", "Bearer "+m[1])
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the minted token at trekkpålegg: %d", res.StatusCode)
	}
	r = b.post("/console/clients/token", url.Values{"client_id": {"konsoll-lonn"}, "scope": {"skatteetaten:utleggsbegjaering"}})
	if r.status < 400 || r.status >= 500 || !strings.Contains(r.body, `id="error"`) {
		t.Errorf("a scope the client lacks: %d %s", r.status, clip(r.body))
	}
}

// The audit log's filters are the API's; a bad one is explained.
func TestAuditFilters(t *testing.T) {
	e := start(t)
	b := e.browser(t)
	b.signIn()
	// Viewing a person is a disclosure the audit log records (twice, so
	// that a page of one record has a next page).
	var list struct {
		Persons []struct {
			NIN string `json:"nin"`
		} `json:"persons"`
	}
	e.admin(t, "GET", "/admin/persons?limit=2", nil, &list)
	nin := list.Persons[0].NIN
	b.get("/console/persons?nin=" + nin)
	b.get("/console/persons?nin=" + list.Persons[1].NIN)
	r := b.get("/console/audit")
	if r.status != 200 || !strings.Contains(r.body, `id="audit"`) {
		t.Fatalf("audit: %d %s", r.status, clip(r.body))
	}
	r = b.get("/console/audit?service=no-such-service")
	if r.status != 200 || !strings.Contains(r.body, "No records match.") {
		t.Errorf("unknown service: %d %s", r.status, clip(r.body))
	}
	r = b.get("/console/audit?limit=0")
	if r.status != 400 || !strings.Contains(r.body, "limit must be an integer from 1 to 1000") {
		t.Errorf("limit 0: %d %s", r.status, clip(r.body))
	}
	r = b.get("/console/audit?service=admin&subject=" + nin)
	if !strings.Contains(r.body, "<td>person.view</td>") || !strings.Contains(r.body, `persons?nin=`+nin) {
		t.Errorf("the person's view is not in the filtered log: %s", clip(r.body))
	}
	if strings.Contains(r.body, list.Persons[1].NIN) {
		t.Errorf("the subject filter lets another person through")
	}
	r = b.get("/console/audit?limit=1")
	m := regexp.MustCompile(`id="audit-next" href="/console/audit\?after=(\d+)&amp;limit=1"|href="(/console/audit\?after=\d+&amp;limit=1)" rel="next" id="audit-next"`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("a full page has no link to the next: %s", clip(r.body))
	}
	// The person page shows the trail too.
	r = b.get("/console/persons?nin=" + nin)
	if !strings.Contains(r.body, `id="person-audit"`) || !strings.Contains(r.body, "<td>person.view</td>") {
		t.Errorf("the person's audit trail lacks the views: %s", clip(r.body))
	}
}
