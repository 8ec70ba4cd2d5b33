package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"mime/multipart"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/server/servertest"
	"github.com/namsfogd/namsfogd/internal/store/pgtest"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/server"
)

// The whole debt lifecycle of DESIGN.md "One world", told over real HTTP
// against one running namsfogd, as the real clients would tell it: a
// lender checks a person's debt and bank statement, a collector submits
// an utleggsbegjæring, the namsmann decides utleggstrekk, the employer
// polls its trekkpålegg, the namsmann looks up the debtor's accounts
// through DSOP, and the audit log shows every disclosure.

// Constants of the story (spec: gjeldsinformasjon.md §12 demo client C1,
// dsop-kontroll.md §2 profile IM, utleggsbegjaering.md §4.1,
// trekkpaalegg.md §4).
const (
	lcGjeldClient    = "f8c4da9f-4c93-4904-8de4-b5942776f9c2"
	lcGjeldSecret    = "demo-secret-c1"
	lcSkatteetaten   = "974761076"
	lcLegalMandateIM = "Innkrevingsloven%20%C2%A7%2011%20f%C3%B8rste%20ledd%20jf.%20innkrevingsforskriften%20%C2%A7%2011-3"
	lcExample        = "../utlegg/testdata/eksempel-enkel-beta-apier.json" // the published example (spec/data/utleggsbegjaering)
	lcExampleDebtor  = "44926701751"
	lcExampleSender  = "312597772"
	lcExampleSaksoek = "311758489"
	// utlegg's automatic assessment: living costs and the share above it
	// (internal/utlegg/vurdering.go).
	lcLivsopphold = 16_000
)

// TestLifecycle tells the whole story under several conditions; in each,
// every step is a sub-test, and a step whose input an earlier step failed
// to produce is skipped. Moving the operator's clock checks that every
// "now" and "today" (token lifetimes, DSOP's today-only dates, the
// namsmann's decision date, trekk start dates) follows the world clock;
// 23:30 UTC on New Year's Eve is already the next day and year in Oslo.
func TestLifecycle(t *testing.T) {
	variants := []struct {
		name, clock string
		postgres    bool
	}{
		{name: "real_clock"},
		{name: "clock_six_weeks_ahead", clock: `{"mode":"offset","offset":"1000h"}`},
		{name: "oslo_new_year", clock: `{"mode":"frozen","time":"2026-12-31T23:30:00Z"}`},
		{name: "postgres", postgres: true},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dsn := ""
			if v.postgres {
				dsn = pgtest.Fresh(t)
			}
			s := lcStart(t, dsn)
			if v.clock != "" {
				if r := s.call(t, "PUT", "/admin/clock", []byte(v.clock), "Authorization", "Bearer test-operator-token"); r.status != 200 {
					t.Fatalf("set clock %s: %d %s", v.clock, r.status, r.body)
				}
			}
			runLifecycle(t, s)
		})
	}
}

// lcStart is start with a choice of database ("" = SQLite in a temp dir).
func lcStart(t *testing.T, dsn string) *testServer {
	t.Helper()
	u, srv := servertest.Start(t, server.Config{DB: dsn, Persons: 300, Seed: 3, OperatorToken: "test-operator-token"})
	return &testServer{Server: srv, URL: u}
}

func runLifecycle(t *testing.T, s *testServer) {
	clock := s.admin(t, "GET", "/admin/clock", nil).obj(t, "clock")
	today, _ := clock["today"].(string)
	if today == "" {
		t.Fatalf("clock has no today: %v", clock)
	}
	p := s.pickDebtor(t, today)
	t.Logf("debtor %s (%s %s): %d debts, %d accounts, %d employments", p.NIN, p.GivenName, p.FamilyName,
		len(p.Debts), len(p.Accounts), len(p.Employments))

	var (
		consentID  string
		caseRef    string
		collector  string
		employer   string
		decided    bool
		saksnummer string
	)
	// 1. The lender registers a consent (integrated consent) and reads
	// the debt (spec: gjeldsinformasjon.md §5.3, §6.1, §6.3).
	ok1 := t.Run("1_gjeld_consent_and_debt", func(t *testing.T) {
		tok := s.gjeldToken(t, "https://api-preprod.norskgjeld.no/v1/consent/agreement", "consent.create")
		body, _ := json.Marshal(map[string]any{"nin": p.NIN, "scope_of_consent": "debt.unsecured.processing",
			"consent_duration_days": 30, "client_consent_id": "lifecycle-" + p.NIN})
		r := s.call(t, "PUT", "/gjeld/v1/consent/agreement", body, "Authorization", "Bearer "+tok, "Content-Type", "application/json")
		if r.status != 200 {
			t.Fatalf("PUT /v1/consent/agreement: %d %s", r.status, r.body)
		}
		consent, _ := r.obj(t, "agreement")["consent"].(map[string]any)
		consentID, _ = consent["id"].(string)
		if consentID == "" {
			t.Fatalf("agreement answer has no consent.id: %s", r.body)
		}
		dtok := s.gjeldToken(t, "https://api-preprod.norskgjeld.no/v1/debt", "debt.unsecured.processing")
		r = s.call(t, "GET", "/gjeld/v1/debt/"+consentID, nil, "Authorization", "Bearer "+dtok, "X-Trace-ID", httpx.NewUUID())
		if r.status != 200 {
			t.Fatalf("GET /v1/debt/{id}: %d %s", r.status, r.body)
		}
		var info struct {
			SSN   string `json:"ssn"`
			Loans []struct {
				CreditorName string `json:"creditorName"`
				Loan         *struct {
					Type                      string `json:"type"`
					CreditLimit               int64  `json:"creditLimit"`
					InterestBearingBalance    int64  `json:"interestBearingBalance"`
					NonInterestBearingBalance int64  `json:"nonInterestBearingBalance"`
					Balance                   int64  `json:"balance"`
				} `json:"loan"`
			} `json:"loans"`
		}
		if err := json.Unmarshal(r.body, &info); err != nil {
			t.Fatalf("debt body: %v: %s", err, r.body)
		}
		if info.SSN != p.NIN {
			t.Errorf("debt ssn %q, want %q", info.SSN, p.NIN)
		}
		var got, want []string
		for _, l := range info.Loans {
			if l.Loan == nil {
				t.Errorf("creditor %s did not answer: %s", l.CreditorName, r.body)
				continue
			}
			got = append(got, fmt.Sprintf("%s/%d/%d/%d/%d", l.Loan.Type, l.Loan.CreditLimit, l.Loan.InterestBearingBalance,
				l.Loan.NonInterestBearingBalance, l.Loan.Balance))
		}
		for _, d := range p.Debts {
			want = append(want, fmt.Sprintf("%s/%d/%d/%d/%d", d.Type, d.CreditLimit, d.InterestBearingBalance,
				d.NonInterestBearingBalance, d.Balance))
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Fatalf("loans disclosed do not match the world's debts:\n got  %v\n want %v", got, want)
		}
	})

	// 2. The lender analyses the person's 12-month statement (spec:
	// statement-analysis.md §3).
	t.Run("2_nordigen_statement", func(t *testing.T) {
		r := s.admin(t, "POST", "/admin/nordigen/export", map[string]any{"nin": p.NIN, "months": 12})
		if r.status != 200 {
			t.Fatalf("export: %d %s", r.status, r.body)
		}
		file := r.body
		tr := s.call(t, "POST", "/nordigen/oauth/token",
			[]byte(`{"grant_type":"client_credentials","client_id":"demo-client","client_secret":"demo-secret","audience":"https://nordigen/api"}`),
			"Content-Type", "application/json")
		tok, _ := tr.obj(t, "nordigen token")["access_token"].(string)
		if tr.status != 200 || tok == "" {
			t.Fatalf("nordigen token: %d %s", tr.status, tr.body)
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("input", "statement-"+p.NIN+".json")
		fw.Write(file)
		mw.Close()
		r = s.call(t, "POST", "/nordigen/v2/report", buf.Bytes(), "Authorization", "Bearer "+tok, "Content-Type", mw.FormDataContentType())
		if r.status != 200 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		id, _ := dig(r.obj(t, "upload"), "data", "attributes", "request-id").(string)
		if id == "" {
			t.Fatalf("upload has no request-id: %s", r.body)
		}
		r = s.call(t, "PUT", "/nordigen/v2/report/process/"+id, []byte(`{"country":"no","operations":["categorisation","credit-scoring"]}`),
			"Authorization", "Bearer "+tok, "Content-Type", "application/json")
		if r.status != 202 {
			t.Fatalf("process: %d %s", r.status, r.body)
		}
		var attrs map[string]any
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(25 * time.Millisecond) {
			r = s.call(t, "GET", "/nordigen/v2/report/"+id, nil, "Authorization", "Bearer "+tok)
			if r.status != 200 {
				t.Fatalf("poll: %d %s", r.status, r.body)
			}
			attrs, _ = dig(r.obj(t, "poll"), "data", "attributes").(map[string]any)
			if st := attrs["status"]; st == "completed" || st == "failed" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("report %s not completed after 20 s: %v", id, attrs["status"])
			}
		}
		if attrs["status"] != "completed" {
			t.Fatalf("report failed: %v", attrs)
		}
		if txs, _ := dig(attrs, "categorisation").([]any); len(txs) == 0 {
			if m, _ := dig(attrs, "categorisation").(map[string]any); len(m) == 0 {
				t.Errorf("no categorisation: %v", attrs["categorisation"])
			}
		}
		res := dig(attrs, "credit-scoring", "results", 0)
		if res == nil {
			t.Fatalf("no credit-scoring result: %v", attrs["credit-scoring"])
		}
		if mo := dig(res, "months_observed"); mo != 12.0 {
			t.Errorf("credit scoring observed %v months, want 12", mo)
		}
	})

	// 3. A collector submits an utleggsbegjæring against the debtor (spec:
	// utleggsbegjaering.md §6).
	ok3 := t.Run("3_utleggsbegjaering", func(t *testing.T) {
		r := s.admin(t, "GET", "/admin/organisations?role=collector", nil)
		var orgs struct {
			Organisations []struct {
				OrgNr string `json:"orgnr"`
				Name  string `json:"name"`
			} `json:"organisations"`
		}
		if r.status != 200 || json.Unmarshal(r.body, &orgs) != nil || len(orgs.Organisations) == 0 {
			t.Fatalf("collectors: %d %s", r.status, r.body)
		}
		collector = orgs.Organisations[0].OrgNr
		tok := s.maskinportenToken(t, map[string]any{"org": collector, "scope": "skatteetaten:utleggsbegjaering"})
		innsRef := "LC-" + p.NIN
		// The attachment every reference in the example points at.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("innsenderReferanse", innsRef)
		fw, _ := mw.CreateFormFile("fil", "tvangsgrunnlag.pdf")
		fw.Write([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
		mw.Close()
		const base = "/skatt/api/utleggsbegjaering/v1"
		r = s.call(t, "POST", base+"/vedlegg", buf.Bytes(), "Authorization", "Bearer "+tok, "Content-Type", mw.FormDataContentType())
		if r.status != 201 {
			t.Fatalf("vedlegg: %d %s", r.status, r.body)
		}
		uuid, _ := r.obj(t, "vedlegg")["uuid"].(string)
		raw, err := os.ReadFile(lcExample)
		if err != nil {
			t.Skipf("spec example not available: %v", err)
		}
		doc := strings.NewReplacer(lcExampleDebtor, p.NIN, lcExampleSender, collector, lcExampleSaksoek, collector,
			"1a107a2d-6398-4675-944c-59f44fbeee82", uuid, `"InnsenderRef123"`, strconv.Quote(innsRef),
			`"2006-09-16"`, strconv.Quote(p.BirthDate), `"LYSEGUL"`, strconv.Quote(strings.ToUpper(p.GivenName)),
			`"HENSIKT"`, strconv.Quote(strings.ToUpper(p.FamilyName))).Replace(string(raw))
		var d map[string]any
		if err := json.Unmarshal([]byte(doc), &d); err != nil {
			t.Fatal(err)
		}
		d["begjaeringsdato"] = today
		body, _ := json.Marshal(d)
		r = s.call(t, "POST", base+"/utleggsbegjaering", body, "Authorization", "Bearer "+tok,
			"Content-Type", "application/json", "Accept", "application/json")
		if r.status != 201 {
			t.Fatalf("send inn: %d %s", r.status, r.body)
		}
		caseRef, _ = r.obj(t, "send inn")["eksternSaksreferanse"].(string)
		if caseRef == "" {
			t.Fatalf("no eksternSaksreferanse: %s", r.body)
		}
		r = s.call(t, "GET", base+"/utleggsbegjaering/"+caseRef+"/status", nil, "Authorization", "Bearer "+tok, "Accept", "application/json")
		if r.status != 200 {
			t.Fatalf("status: %d %s", r.status, r.body)
		}
	})

	// 4. The namsmann starts the case, lays it before the debtor and
	// decides by the automatic assessment; the feed shows the decision.
	ok4 := ok3 && t.Run("4_namsmann_decides_utleggstrekk", func(t *testing.T) {
		p4 := "/admin/utlegg/utleggsbegjaering/" + url.PathEscape(caseRef)
		for _, step := range []string{"start", "godkjenn", "beslutt"} {
			r := s.admin(t, "POST", p4+"/"+step, nil)
			if r.status != 200 {
				t.Fatalf("%s: %d %s", step, r.status, r.body)
			}
		}
		tok := s.maskinportenToken(t, map[string]any{"org": collector, "scope": "skatteetaten:utleggsbegjaering"})
		r := s.call(t, "GET", "/skatt/api/utleggsbegjaering/v1/meldinger", nil, "Authorization", "Bearer "+tok, "Accept", "application/json")
		if r.status != 200 {
			t.Fatalf("meldinger: %d %s", r.status, r.body)
		}
		var feed any
		json.Unmarshal(r.body, &feed)
		if m, ok := feed.(map[string]any); ok {
			feed = m["meldinger"]
		}
		var beslutning string
		for _, x := range asList(feed) {
			m, _ := x.(map[string]any)
			if m["eksternSaksreferanse"] == caseRef && m["meldingstype"] == "BESLUTNING" {
				beslutning, _ = m["tekst"].(string)
			}
		}
		if beslutning == "" {
			t.Fatalf("the feed has no BESLUTNING for %s: %s", caseRef, r.body)
		}
		if !strings.Contains(beslutning, "utleggstrekk") {
			t.Fatalf("decision is not utleggstrekk: %q", beslutning)
		}
		r = s.call(t, "GET", "/skatt/api/utleggsbegjaering/v1/utleggsbegjaering/"+url.PathEscape(caseRef)+"/status", nil,
			"Authorization", "Bearer "+tok, "Accept", "application/json")
		st := r.obj(t, "status")
		if r.status != 200 || st["saksstatus"] != "sakBesluttet" || dig(st, "beslutningsinformasjon", "beslutningstype") != "utleggstrekk" {
			t.Fatalf("status after the decision: %d %s", r.status, r.body)
		}
		if d := dig(st, "beslutningsinformasjon", "beslutningsdato"); d != today {
			t.Errorf("beslutningsdato %v, want the world's today %s", d, today)
		}
		saksnummer, _ = st["saksreferanse"].(string)
		decided = true
		// Deciding again is refused and creates nothing new (step 5 counts
		// the orders).
		if r := s.admin(t, "POST", p4+"/beslutt", nil); r.status != 409 {
			t.Errorf("second beslutt: %d %s, want 409", r.status, r.body)
		}
	})

	// 5. The trekkpålegg appears for the employer, and only for it (spec:
	// trekkpaalegg.md §5.2, §6).
	t.Run("5_trekkpaalegg_for_employer", func(t *testing.T) {
		if !ok4 || !decided {
			t.Skip("no utleggstrekk decision (step 4 failed)")
		}
		var salary int64
		employer, salary = p.currentEmployer(today)
		tok := s.employerToken(t, employer)
		r := s.call(t, "GET", "/skatt/api/trekkpaalegg/v1", nil, "Authorization", "Bearer "+tok, "Accept", "application/json")
		if r.status != 200 {
			t.Fatalf("list: %d %s", r.status, r.body)
		}
		var mine []map[string]any
		for _, x := range lcOrders(t, r) {
			if x["skyldner"] == p.NIN {
				mine = append(mine, x)
			}
		}
		if len(mine) != 1 {
			t.Fatalf("employer %s sees %d orders for %s, want 1: %s", employer, len(mine), p.NIN, r.body)
		}
		o := mine[0]
		if o["trekkpliktig"] != employer || o["trekkstatus"] != "aktiv" {
			t.Errorf("order: trekkpliktig %v status %v", o["trekkpliktig"], o["trekkstatus"])
		}
		kid, _ := dig(o, "betalingsinformasjon", "kidnummer").(string)
		if err := ident.ValidateKID(kid); err != nil {
			t.Errorf("kidnummer %q: %v", kid, err)
		}
		if k, _ := dig(o, "betalingsinformasjon", "kontonummer").(string); ident.ValidateKontonummer(k) != nil {
			t.Errorf("kontonummer %q is not a valid kontonummer", k)
		}
		// betalingsmottaker is Innkrevingsmyndigheten's published number,
		// which fails MOD11 on purpose (spec: trekkpaalegg.md §6.3).
		if m, _ := dig(o, "betalingsinformasjon", "betalingsmottaker").(string); len(m) != 9 {
			t.Errorf("betalingsmottaker %q is not a 9-digit number", m)
		}
		if o["saksnummer"] != saksnummer {
			t.Errorf("saksnummer %v, want the case's %q", o["saksnummer"], saksnummer)
		}
		tomorrow := mustDate(t, today).AddDate(0, 0, 1).Format("2006-01-02")
		if sd := dig(o, "trekkstoerrelseForPeriode", 0, "startdato"); sd != tomorrow {
			t.Errorf("startdato %v, want tomorrow by the world clock (%s)", sd, tomorrow)
		}
		// The version endpoint serves the same order.
		id, _ := o["trekkid"].(string)
		ver := fmt.Sprint(o["trekkversjon"])
		if r := s.call(t, "GET", "/skatt/api/trekkpaalegg/v1/"+url.PathEscape(id)+"/"+ver, nil,
			"Authorization", "Bearer "+tok, "Accept", "application/json"); r.status != 200 || r.obj(t, "version")["trekkid"] != id {
			t.Errorf("GET /%s/%s: %d %s", id, ver, r.status, r.body)
		}
		// Polling on from the last sekvensnummer seen brings nothing new.
		seq := fmt.Sprint(int64(o["sekvensnummer"].(float64)))
		r = s.call(t, "GET", "/skatt/api/trekkpaalegg/v1?fraSekvensnummer="+seq, nil, "Authorization", "Bearer "+tok, "Accept", "application/json")
		if r.status != 200 {
			t.Errorf("poll from %s: %d %s", seq, r.status, r.body)
		} else {
			for _, x := range lcOrders(t, r) {
				if x["skyldner"] == p.NIN {
					t.Errorf("poll from sekvensnummer %s returns the order again: %v", seq, x)
				}
			}
		}
		gross := float64(salary) / 12
		want := math.Min(math.Floor((gross-lcLivsopphold)*0.5), math.Ceil(12469.14+232.24+1400))
		ps, _ := o["trekkstoerrelseForPeriode"].([]any)
		if len(ps) != 1 {
			t.Fatalf("periods: %v", o["trekkstoerrelseForPeriode"])
		}
		if b, ok := dig(ps[0], "trekkbeloep", "trekkbeloep").(float64); ok {
			if b <= 0 || b > gross || b != want {
				t.Errorf("trekkbeloep %v per month; gross %.0f, assessment says %.0f", b, gross, want)
			}
		} else if pct, ok := dig(ps[0], "trekkprosent", "trekkprosent").(float64); !ok || pct <= 0 || pct > 100 {
			t.Errorf("period has neither a sensible amount nor percentage: %v", ps[0])
		}
		// Another employer sees nothing of this debtor.
		r = s.admin(t, "GET", "/admin/organisations?role=employer", nil)
		var orgs struct {
			Organisations []struct {
				OrgNr string `json:"orgnr"`
			} `json:"organisations"`
		}
		json.Unmarshal(r.body, &orgs)
		other := ""
		for _, o := range orgs.Organisations {
			if o.OrgNr != employer {
				other = o.OrgNr
				break
			}
		}
		if other == "" {
			t.Fatal("no second employer in the world")
		}
		tok2 := s.employerToken(t, other)
		r = s.call(t, "GET", "/skatt/api/trekkpaalegg/v1", nil, "Authorization", "Bearer "+tok2, "Accept", "application/json")
		if r.status != 200 {
			t.Fatalf("second employer list: %d %s", r.status, r.body)
		}
		for _, x := range lcOrders(t, r) {
			if x["skyldner"] == p.NIN || x["trekkpliktig"] != other {
				t.Errorf("employer %s sees an order that is not its own: %v", other, x)
			}
		}
	})

	// 6. The namsmann finds the debtor's banks and accounts through DSOP
	// (spec: dsop-kontroll.md §5.1, §5.3, §5.4).
	var bank string
	t.Run("6_dsop_banks_and_accounts", func(t *testing.T) {
		for _, a := range p.Accounts {
			if len(p.dsopAccounts(a.BankOrgNr, today)) > 0 {
				bank = a.BankOrgNr
				break
			}
		}
		newDSOP(s, today).check(t, p)
	})

	// 7. The audit log shows every disclosure of the person's data.
	t.Run("7_audit_log", func(t *testing.T) {
		r := s.admin(t, "GET", "/admin/persons/"+p.NIN+"/audit?limit=1000", nil)
		if r.status != 200 {
			t.Fatalf("audit: %d %s", r.status, r.body)
		}
		var recs struct {
			Records []struct {
				Service string `json:"service"`
				Action  string `json:"action"`
				Actor   string `json:"actor"`
				Outcome string `json:"outcome"`
			} `json:"records"`
		}
		json.Unmarshal(r.body, &recs)
		seen := map[string]bool{}
		var all []string
		for _, x := range recs.Records {
			seen[x.Service+" "+x.Action] = true
			all = append(all, x.Service+" "+x.Action+" by "+x.Actor+" → "+x.Outcome)
		}
		want := []string{"nordigen statement.export", "nordigen report.upload", "nordigen report.read"}
		if ok1 && consentID != "" {
			want = append(want, "gjeld consent.create", "gjeld debt.disclose")
		}
		if bank != "" {
			want = append(want, "dsop kundeforhold.customerRelationships", "dsop bank.accounts", "dsop bank.accountDetails")
		}
		if decided {
			want = append(want, "trekkpaalegg trekkpaalegg.list")
		}
		for _, w := range want {
			svc, act, _ := strings.Cut(w, " ")
			found := false
			for k := range seen {
				s, a, _ := strings.Cut(k, " ")
				if s == svc && (act == "*" || a == act) {
					found = true
				}
			}
			if !found {
				t.Errorf("audit log lacks %q; it has:\n  %s", w, strings.Join(all, "\n  "))
			}
		}
	})
}
