package server_test

import (
	"encoding/json"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
)

// dsopClient is the namsmann's DSOP client (profile IM), with one token
// per API audience.
type dsopClient struct {
	s      *testServer
	today  string
	tokens map[string]string
}

func newDSOP(s *testServer, today string) *dsopClient {
	return &dsopClient{s: s, today: today, tokens: map[string]string{}}
}

// get calls DSOP and, like a well-behaved client, waits and retries
// when the bank limits the request rate (429 with Retry-After).
func (c *dsopClient) get(t *testing.T, path string, hdr ...string) lcResp {
	t.Helper()
	for i := 0; ; i++ {
		r := c.s.call(t, "GET", path, nil, hdr...)
		if r.status != 429 || i == 20 {
			return r
		}
		wait := time.Second
		if n, err := strconv.Atoi(r.header.Get("Retry-After")); err == nil {
			wait = time.Duration(n) * time.Second
		}
		time.Sleep(min(wait, time.Second))
	}
}

func (c *dsopClient) token(t *testing.T, bank string) string {
	t.Helper()
	if tok, ok := c.tokens[bank]; ok {
		return tok
	}
	req := map[string]any{"org": lcSkatteetaten, "scope": "bits:kundeforhold"}
	if bank != "" {
		req = map[string]any{"org": lcSkatteetaten, "scope": "bits:kontoinformasjon",
			"resource": []string{c.s.URL + "/dsop/bank/" + bank + "/v2"}}
	}
	c.tokens[bank] = c.s.maskinportenToken(t, req)
	return c.tokens[bank]
}

// check asks DSOP for p's banks, then every bank for p's accounts and
// their details, and compares everything with the world.
func (c *dsopClient) check(t *testing.T, p lcPerson) {
	t.Helper()
	today := c.today
	caseID := httpx.NewUUID()
	q := "?fromDate=" + today + "&toDate=" + today + "&onlyPrimaryOwner=true"
	r := c.get(t, "/dsop/kundeforhold/v2/customers/customerRelationships"+q,
		"Authorization", "Bearer "+c.token(t, ""), "CustomerID", p.NIN, "CorrelationID", httpx.NewUUID(),
		"Legal-Mandate", lcLegalMandateIM, "AccountInfoRequestID", caseID, "Accept", "application/json")
	if r.status != 200 {
		t.Fatalf("%s: customerRelationships: %d %s", p.NIN, r.status, r.body)
	}
	var rel struct {
		Banks []struct {
			OrganizationID string `json:"organizationID"`
			OwnershipType  string `json:"ownershipType"`
		} `json:"banks"`
	}
	json.Unmarshal(r.body, &rel)
	var got []string
	for _, b := range rel.Banks {
		got = append(got, b.OrganizationID)
	}
	wantBanks := map[string]bool{}
	for _, a := range p.Accounts {
		if a.OwnerID == p.NIN && a.Type != "loanAccount" && a.Type != "accountWithoutBalance" && a.Status != "deleted" &&
			(a.EndDate == "" || a.EndDate >= today) && a.StartDate <= today && a.OwnerSince <= today {
			wantBanks[a.BankOrgNr] = true
		}
	}
	var want []string
	for b := range wantBanks {
		want = append(want, b)
	}
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: banks %v, want %v (from the world's accounts): %s", p.NIN, got, want, r.body)
	}
	for _, bank := range got {
		c.checkBank(t, p, bank, caseID)
	}
}

func (c *dsopClient) checkBank(t *testing.T, p lcPerson, bank, caseID string) {
	t.Helper()
	today := c.today
	bankBase := "/dsop/bank/" + bank + "/v2"
	atok := c.token(t, bank)
	type account struct {
		AccountIdentifier string `json:"accountIdentifier"`
		AccountReference  string `json:"accountReference"`
		Type              string `json:"type"`
	}
	var all []account
	// Follow the pages (spec: dsop-kontroll.md §4.7) as a client must.
	next := "/accounts?fromDate=" + today + "&toDate=" + today + "&OnlyPrimaryOwner=true"
	for pages := 0; next != ""; pages++ {
		if pages > 100 {
			t.Fatalf("%s at %s: more than 100 pages", p.NIN, bank)
		}
		r := c.get(t, bankBase+next,
			"Authorization", "Bearer "+atok, "Accept", "application/json", "AccountInfoRequestID", caseID,
			"CorrelationID", httpx.NewUUID(), "Legal-Mandate", lcLegalMandateIM, "PartyID", p.NIN, "RequesterID", "saksbehandler-1")
		if r.status != 200 {
			t.Fatalf("%s at %s: accounts: %d %.2000s", p.NIN, bank, r.status, r.body)
		}
		var page struct {
			Accounts []account `json:"accounts"`
			Links    []struct {
				Rel  string `json:"rel"`
				Href string `json:"href"`
			} `json:"links"`
		}
		if err := json.Unmarshal(r.body, &page); err != nil {
			t.Fatalf("accounts body: %v: %.2000s", err, r.body)
		}
		all = append(all, page.Accounts...)
		next = ""
		for _, l := range page.Links {
			if l.Rel == "next" {
				next = l.Href
			}
		}
	}
	var gotA []string
	for _, a := range all {
		gotA = append(gotA, a.AccountIdentifier)
		if !slices.Contains(deliverable, a.Type) {
			t.Errorf("%s: account %s of type %s must not be delivered", p.NIN, a.AccountIdentifier, a.Type)
		}
		if a.AccountReference == "" || strings.Contains(a.AccountReference, a.AccountIdentifier) {
			t.Errorf("%s: accountReference %q is empty or reveals the account number", p.NIN, a.AccountReference)
		}
	}
	sort.Strings(gotA)
	if wantA := p.dsopAccounts(bank, today); !slices.Equal(gotA, wantA) {
		t.Errorf("%s: accounts at %s: %d delivered, %d in the world; first %.300v, want %.300v", p.NIN, bank, len(gotA), len(wantA), gotA, wantA)
	}
	// Account details: both balances of today, as the world holds them
	// (the first few accounts: the bank limits the request rate).
	if len(all) > 5 {
		all = all[:5]
	}
	for _, a := range all {
		r := c.get(t, bankBase+"/accounts/"+url.PathEscape(a.AccountReference)+"?fromDate="+today+"&toDate="+today,
			"Authorization", "Bearer "+atok, "Accept", "application/json", "AccountInfoRequestID", caseID,
			"CorrelationID", httpx.NewUUID(), "Legal-Mandate", lcLegalMandateIM, "RequesterID", "saksbehandler-1")
		if r.status != 200 {
			t.Fatalf("%s: account details %s: %d %s", p.NIN, a.AccountIdentifier, r.status, r.body)
		}
		var det struct {
			Account struct {
				AccountIdentifier string `json:"accountIdentifier"`
				Balances          []struct {
					Type                 string  `json:"type"`
					Amount               float64 `json:"amount"`
					CreditDebitIndicator string  `json:"creditDebitIndicator"`
					CreditLineIncluded   bool    `json:"creditLineIncluded"`
				} `json:"balances"`
			} `json:"account"`
		}
		json.Unmarshal(r.body, &det)
		var world map[string]int64
		for _, wa := range p.Accounts {
			if wa.AccountNumber == a.AccountIdentifier {
				world = map[string]int64{"bookedBalance": wa.Booked, "availableBalance": wa.Available}
			}
		}
		if det.Account.AccountIdentifier != a.AccountIdentifier || len(det.Account.Balances) != 2 {
			t.Errorf("%s: account details %s: %s", p.NIN, a.AccountIdentifier, r.body)
			continue
		}
		for _, b := range det.Account.Balances {
			ore := int64(math.Round(b.Amount * 100))
			if b.CreditDebitIndicator == "debit" {
				ore = -ore
			}
			if w, ok := world[b.Type]; !ok || w != ore {
				t.Errorf("%s: account %s %s: %d øre, world has %d: %s", p.NIN, a.AccountIdentifier, b.Type, ore, w, r.body)
			}
		}
	}
}
