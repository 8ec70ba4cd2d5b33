package demo

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// legalMandateIM is the Legal-Mandate header of DSOP's IM profile, the
// innkrevingsmyndighet's legal basis, percent-encoded as the header is
// sent (spec: dsop-kontroll.md §2, §4.2).
const legalMandateIM = "Innkrevingsloven%20%C2%A7%2011%20f%C3%B8rste%20ledd%20jf.%20innkrevingsforskriften%20%C2%A7%2011-3"

// maxDetails bounds the account-details calls: the bank limits the
// request rate, and a handful shows the point.
const maxDetails = 6

// dsop: the namsmann takes the case and, as Skatteetaten under the IM
// profile, asks DSOP which banks the debtor has accounts in, then each
// bank for the accounts and their balances (spec: dsop-kontroll.md §5.1,
// §5.3, §5.4).
func (d *run) dsop(ctx context.Context, st *Step) error {
	if err := d.namsmannStep(ctx, st, "start", "sakUnderBehandling"); err != nil {
		return err
	}
	st.say("case %s is under the namsmann's treatment (namsmann driven through the operator API)", d.caseRef)
	p := d.person
	tok, err := d.token(ctx, st, skatteetaten, "bits:kundeforhold", "")
	if err != nil {
		return err
	}
	requestID := newUUID() // one AccountInfoRequestID per case, on every call
	q := "?fromDate=" + d.today + "&toDate=" + d.today + "&onlyPrimaryOwner=true"
	r, err := d.dsopGet(ctx, st, request{method: "GET", path: "/dsop/kundeforhold/v2/customers/customerRelationships" + q,
		shown: "/dsop/kundeforhold/v2/customers/customerRelationships?…",
		note:  "today only; CustomerID, Legal-Mandate, AccountInfoRequestID, CorrelationID",
		header: []string{"Authorization", "Bearer " + tok, "CustomerID", p.NIN, "CorrelationID", newUUID(),
			"Legal-Mandate", legalMandateIM, "AccountInfoRequestID", requestID, "Accept", "application/json"}})
	if err != nil {
		return err
	}
	var rel struct {
		Banks []struct {
			OrganizationID string `json:"organizationID"`
			BankName       string `json:"bankName"`
			ActiveAccount  bool   `json:"activeAccount"`
		} `json:"banks"`
	}
	if err := r.decode(&rel); err != nil {
		return err
	}
	if len(rel.Banks) == 0 {
		return fmt.Errorf("DSOP knows no bank of %s: %s", p.NIN, excerpt(r.Body))
	}
	var names []string
	for _, b := range rel.Banks {
		names = append(names, b.BankName+" ("+b.OrganizationID+")")
	}
	st.say("the debtor is a customer of %s: %s", plural(len(rel.Banks), "bank"), strings.Join(names, ", "))
	st.fact("AccountInfoRequestID", requestID)
	var banks []map[string]any
	details := 0
	for _, b := range rel.Banks {
		accts, err := d.bankAccounts(ctx, st, b.OrganizationID, requestID, &details)
		if err != nil {
			return err
		}
		banks = append(banks, map[string]any{"orgnr": b.OrganizationID, "name": b.BankName, "accounts": accts})
	}
	st.fact("banks", banks)
	return nil
}

// dsopAccount is one account as the bank delivers it, with the balances
// its details gave (when fetched).
type dsopAccount struct {
	Number    string `json:"account_number"`
	Type      string `json:"type"`
	Currency  string `json:"currency"`
	Booked    *int64 `json:"booked_balance_ore,omitempty"`
	Available *int64 `json:"available_balance_ore,omitempty"`
	reference string
}

// bankAccounts lists the debtor's accounts at one bank, following the
// pages (spec: §4.7), and reads the details of the first few.
func (d *run) bankAccounts(ctx context.Context, st *Step, bank, requestID string, details *int) ([]dsopAccount, error) {
	p := d.person
	bankPath := "/dsop/bank/" + url.PathEscape(bank) + "/v2"
	// The bank's APIs want a token whose audience is the bank (resource).
	tok, err := d.token(ctx, st, skatteetaten, "bits:kontoinformasjon", d.mp.publicBase+bankPath)
	if err != nil {
		return nil, err
	}
	hdr := func(extra ...string) []string {
		return append([]string{"Authorization", "Bearer " + tok, "Accept", "application/json", "AccountInfoRequestID", requestID,
			"CorrelationID", newUUID(), "Legal-Mandate", legalMandateIM, "RequesterID", "namsfogd-demo"}, extra...)
	}
	var all []dsopAccount
	next := bankPath + "/accounts?fromDate=" + d.today + "&toDate=" + d.today + "&OnlyPrimaryOwner=true"
	for pages := 0; next != ""; pages++ {
		if pages == 100 {
			return nil, fmt.Errorf("bank %s: more than 100 pages of accounts", bank)
		}
		r, err := d.dsopGet(ctx, st, request{method: "GET", path: next, shown: "/dsop/bank/" + bank + "/v2/accounts?…",
			note: "PartyID, Legal-Mandate, AccountInfoRequestID", header: hdr("PartyID", p.NIN)})
		if err != nil {
			return nil, err
		}
		var page struct {
			Accounts []struct {
				AccountIdentifier string `json:"accountIdentifier"`
				AccountReference  string `json:"accountReference"`
				Type              string `json:"type"`
				Currency          string `json:"currency"`
			} `json:"accounts"`
			Links []struct {
				Rel  string `json:"rel"`
				Href string `json:"href"`
			} `json:"links"`
		}
		if err := r.decode(&page); err != nil {
			return nil, err
		}
		for _, a := range page.Accounts {
			all = append(all, dsopAccount{Number: a.AccountIdentifier, Type: a.Type, Currency: a.Currency, reference: a.AccountReference})
		}
		next = ""
		for _, l := range page.Links {
			if l.Rel == "next" {
				next = nextPath(bankPath, l.Href)
			}
		}
	}
	st.say("%s delivers %s:", bank, plural(len(all), "account"))
	for i := range all {
		a := &all[i]
		line := fmt.Sprintf("  %s  %-18s %s", a.Number, a.Type, a.Currency)
		if *details < maxDetails {
			*details++
			if err := d.accountDetails(ctx, st, bankPath, a, hdr()); err != nil {
				return nil, err
			}
			line += fmt.Sprintf("  booked %s, available %s", kr(*a.Booked), kr(*a.Available))
		}
		st.say("%s", line)
	}
	return all, nil
}

// accountDetails reads one account's balances of today (spec: §5.4).
func (d *run) accountDetails(ctx context.Context, st *Step, bankPath string, a *dsopAccount, hdr []string) error {
	r, err := d.dsopGet(ctx, st, request{method: "GET", path: bankPath + "/accounts/" + url.PathEscape(a.reference) +
		"?fromDate=" + d.today + "&toDate=" + d.today, shown: bankPath + "/accounts/{accountReference}?…",
		note: "balances of today", header: hdr})
	if err != nil {
		return err
	}
	var det struct {
		Account struct {
			Balances []struct {
				Type                 string  `json:"type"`
				Amount               float64 `json:"amount"`
				CreditDebitIndicator string  `json:"creditDebitIndicator"`
			} `json:"balances"`
		} `json:"account"`
	}
	if err := r.decode(&det); err != nil {
		return err
	}
	var booked, available int64
	for _, b := range det.Account.Balances {
		ore := int64(math.Round(b.Amount * 100))
		if b.CreditDebitIndicator == "debit" {
			ore = -ore
		}
		switch b.Type {
		case "bookedBalance":
			booked = ore
		case "availableBalance":
			available = ore
		}
	}
	a.Booked, a.Available = &booked, &available
	return nil
}

// dsopGet calls DSOP and, as a well-behaved client, waits and retries
// when the bank limits the request rate (429 with Retry-After).
func (d *run) dsopGet(ctx context.Context, st *Step, rq request) (response, error) {
	for i := 0; ; i++ {
		r, err := d.expect(ctx, st, rq, http.StatusOK, http.StatusTooManyRequests)
		if err != nil || r.Status == http.StatusOK {
			return r, err
		}
		if i == 10 {
			return r, fmt.Errorf("%s: still 429 after %d tries", rq.path, i+1)
		}
		wait := time.Second
		if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err == nil && n >= 0 {
			wait = time.Duration(n) * time.Second
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(min(max(wait, 100*time.Millisecond), 2*time.Second)):
		}
	}
}

// nextPath turns a "next" link into a path on the target: absolute
// links keep their path and query, relative ones are under the bank.
func nextPath(bankPath, href string) string {
	if u, err := url.Parse(href); err == nil && u.IsAbs() {
		return u.RequestURI()
	}
	if strings.HasPrefix(href, "/dsop/") {
		return href
	}
	return bankPath + "/" + strings.TrimPrefix(href, "/")
}
