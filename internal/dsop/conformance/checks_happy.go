package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

var deliverable = []string{"salaryAccount", "currencyAccount", "savingsAccount", "businessAccount",
	"creditCardAccount", "prepaidCardAccount", "otherAccount"}

// checkAccountShape is checks 7 and 76 for one account object.
func checkAccountShape(a map[string]any) error {
	if containsKey(a, "name") {
		return fmt.Errorf("account has a name key")
	}
	if !slices.Contains(deliverable, str(a["type"])) {
		return fmt.Errorf("account of type %q delivered", a["type"])
	}
	for _, k := range []string{"accountIdentifier", "accountReference"} {
		if str(a[k]) == "" {
			return fmt.Errorf("account lacks %s", k)
		}
	}
	return nil
}

func happyChecks() []Check {
	return []Check{
		{1, "customerRelationships IM lists the debtor's banks", func(ctx context.Context, e *Env) error {
			rq, err := e.kf(ctx, im, e.party())
			if err != nil {
				return err
			}
			resp, err := e.do(ctx, rq)
			if err != nil {
				return err
			}
			if err := expectStatus(resp, 200, ""); err != nil {
				return err
			}
			var doc struct {
				Banks []map[string]any `json:"banks"`
			}
			if err := json.Unmarshal(resp.body, &doc); err != nil || doc.Banks == nil {
				return fmt.Errorf("body is not {\"banks\":[...]}: %s", clip(string(resp.body)))
			}
			found := false
			for _, b := range doc.Banks {
				id := str(b["organizationID"])
				if len(id) != 9 || str(b["bankName"]) == "" || b["ownershipType"] != "primaryOwner" {
					return fmt.Errorf("bad entry %v", b)
				}
				if _, ok := b["activeAccount"].(bool); !ok {
					return fmt.Errorf("activeAccount not a boolean in %v", b)
				}
				if e.Fixture != nil && id == "311000004" && b["activeAccount"] == true {
					found = true
				}
			}
			if e.Fixture != nil && !found {
				return fmt.Errorf("no active entry for 311000004: %s", clip(string(resp.body)))
			}
			return nil
		}},
		{2, "customerRelationships AN gives the same body as IM", func(ctx context.Context, e *Env) error {
			var bodies [][]byte
			for _, p := range []profile{im, an} {
				rq, err := e.kf(ctx, p, e.party())
				if err != nil {
					return err
				}
				resp, err := e.do(ctx, rq)
				if err != nil {
					return err
				}
				if err := expectStatus(resp, 200, ""); err != nil {
					return err
				}
				bodies = append(bodies, resp.body)
			}
			if !bytes.Equal(bodies[0], bodies[1]) {
				return fmt.Errorf("IM and AN bodies differ")
			}
			return nil
		}},
		{3, "customerRelationships for an unknown person is an empty list", func(ctx context.Context, e *Env) error {
			rq, err := e.kf(ctx, im, validFNR(1, 1, 1, 417))
			if err != nil {
				return err
			}
			resp, err := e.do(ctx, rq)
			if err != nil {
				return err
			}
			if resp.status != 200 || strings.ReplaceAll(string(resp.body), " ", "") != `{"banks":[]}` {
				return fmt.Errorf("want 200 {\"banks\":[]}, got %d %s", resp.status, clip(string(resp.body)))
			}
			return nil
		}},
		{4, "customerRelationships accepts onlyPrimaryOwner=TRUE", func(ctx context.Context, e *Env) error {
			return e.kfWith(ctx, im, setQ("onlyPrimaryOwner=TRUE&fromDate="+e.Today+"&toDate="+e.Today), 200, "")
		}},
		{5, "customerRelationships for an organisation debtor", func(ctx context.Context, e *Env) error {
			if err := needFixture(e); err != nil {
				return err
			}
			rq, err := e.kf(ctx, im, e.Fixture.DebtorOrg)
			if err != nil {
				return err
			}
			resp, err := e.do(ctx, rq)
			if err != nil {
				return err
			}
			if resp.status != 200 || !strings.Contains(string(resp.body), `"organizationID":"311000004"`) {
				return fmt.Errorf("want an entry for 311000004, got %d %s", resp.status, clip(string(resp.body)))
			}
			return nil
		}},
		{6, "accounts lists exactly the deliverable accounts owned today", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			l, _, err := e.list(ctx, rq)
			if err != nil {
				return err
			}
			if l.ResponseDetails.Status != "complete" {
				return fmt.Errorf("status %q, want complete", l.ResponseDetails.Status)
			}
			var types []string
			for _, a := range l.Accounts {
				if err := checkAccountShape(a); err != nil {
					return err
				}
				types = append(types, str(a["type"]))
				if a["type"] == "savingsAccount" && a["status"] != "disabled" && e.Fixture != nil {
					return fmt.Errorf("savingsAccount status %v, want disabled", a["status"])
				}
			}
			if e.Fixture != nil {
				slices.Sort(types)
				if strings.Join(types, ",") != "creditCardAccount,salaryAccount,savingsAccount" {
					return fmt.Errorf("types %v, want creditCard, salary, savings", types)
				}
			} else if len(types) == 0 {
				return fmt.Errorf("the configured party has no deliverable account")
			}
			return nil
		}},
		{7, "account objects carry identifiers, servicer, owner and no name", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			l, _, err := e.list(ctx, rq)
			if err != nil {
				return err
			}
			for _, a := range l.Accounts {
				if err := checkAccountShape(a); err != nil {
					return err
				}
				if str(a["currency"]) == "" || path(a, "servicer", "identifier", "type") != "countryIdentificationCode" ||
					path(a, "servicer", "identifier", "countryOfResidence") != "NO" || str(path(a, "servicer", "name")) == "" {
					return fmt.Errorf("servicer or currency wrong in %v", a)
				}
				if path(a, "primaryOwner", "identifier", "value") != e.party() || str(path(a, "primaryOwner", "name")) == "" {
					return fmt.Errorf("primaryOwner wrong in %v", a)
				}
				if len(e.party()) == 11 && path(a, "primaryOwner", "identifier", "type") != "nationalIdentityNumber" {
					return fmt.Errorf("primaryOwner identifier type %v", path(a, "primaryOwner", "identifier", "type"))
				}
			}
			return nil
		}},
		{8, "accountReference is not the account number", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			l, _, err := e.list(ctx, rq)
			if err != nil {
				return err
			}
			for _, a := range l.Accounts {
				if strings.Contains(str(a["accountReference"]), str(a["accountIdentifier"])) {
					return fmt.Errorf("reference %v contains the account number", a["accountReference"])
				}
			}
			return nil
		}},
		{9, "same case gives the same references", func(ctx context.Context, e *Env) error {
			caseID := newUUID()
			var refs [2][]string
			for i := range refs {
				rq, err := e.accounts(ctx, im, e.party(), caseID)
				if err != nil {
					return err
				}
				l, _, err := e.list(ctx, rq)
				if err != nil {
					return err
				}
				for _, a := range l.Accounts {
					refs[i] = append(refs[i], str(a["accountReference"]))
				}
			}
			if !slices.Equal(refs[0], refs[1]) {
				return fmt.Errorf("references differ: %v vs %v", refs[0], refs[1])
			}
			return nil
		}},
		{10, "AN sees the same accounts with its own references", func(ctx context.Context, e *Env) error {
			caseID := newUUID()
			ids := map[string][]string{}
			refs := map[string]string{}
			for _, p := range []profile{im, an} {
				rq, err := e.accounts(ctx, p, e.party(), caseID)
				if err != nil {
					return err
				}
				l, _, err := e.list(ctx, rq)
				if err != nil {
					return err
				}
				for _, a := range l.Accounts {
					ids[p.consumer] = append(ids[p.consumer], str(a["accountIdentifier"]))
					if other, ok := refs[str(a["accountIdentifier"])]; ok && other == str(a["accountReference"]) {
						return fmt.Errorf("IM and AN got the same reference")
					}
					refs[str(a["accountIdentifier"])] = str(a["accountReference"])
				}
			}
			if !slices.Equal(ids[im.consumer], ids[an.consumer]) {
				return fmt.Errorf("IM %v, AN %v", ids[im.consumer], ids[an.consumer])
			}
			return nil
		}},
		{11, "parameter name case: OnlyPrimaryOwner=TRUE, onlyprimaryowner=true", func(ctx context.Context, e *Env) error {
			return all(
				func() error {
					return e.listWith(ctx, im, e.party(), setQ("OnlyPrimaryOwner=TRUE&fromDate="+e.Today+"&toDate="+e.Today), 200, "")
				},
				func() error {
					return e.listWith(ctx, im, e.party(), setQ("onlyprimaryowner=true&fromDate="+e.Today+"&toDate="+e.Today), 200, "")
				},
			)
		}},
		{12, "a party with only a loan account gets an empty complete list", func(ctx context.Context, e *Env) error {
			if err := needFixture(e); err != nil {
				return err
			}
			return e.emptyList(ctx, e.Fixture.LoanOnly)
		}},
		{13, "an unknown person gets an empty complete list", func(ctx context.Context, e *Env) error {
			return e.emptyList(ctx, validFNR(1, 1, 1, 417))
		}},
		{14, "a shielded person gets an empty complete list", func(ctx context.Context, e *Env) error {
			if err := needFixture(e); err != nil {
				return err
			}
			return e.emptyList(ctx, e.Fixture.Shielded)
		}},
		{15, "an offline account makes the answer partial", func(ctx context.Context, e *Env) error {
			if err := needFixture(e); err != nil {
				return err
			}
			rq, err := e.accounts(ctx, im, e.Fixture.PartialParty, newUUID())
			if err != nil {
				return err
			}
			l, _, err := e.list(ctx, rq)
			if err != nil {
				return err
			}
			if l.ResponseDetails.Status != "partial" || l.ResponseDetails.Message == "" || len(l.Accounts) != 1 {
				return fmt.Errorf("want partial with a message and 1 account, got %+v", l.ResponseDetails)
			}
			return nil
		}},
		{16, "account details give available and booked balances", func(ctx context.Context, e *Env) error {
			typ := ""
			if e.Fixture != nil {
				typ = "salaryAccount"
			}
			_, err := e.detailBalances(ctx, typ)
			return err
		}},
		{17, "credit card details: debit booked balance and a credit line", func(ctx context.Context, e *Env) error {
			if err := needFixture(e); err != nil {
				return err
			}
			bal, err := e.detailBalances(ctx, "creditCardAccount")
			if err != nil {
				return err
			}
			booked := bal["bookedBalance"]
			if booked["creditDebitIndicator"] != "debit" || booked["creditLineAmount"] == nil || str(booked["creditLineCurrency"]) == "" {
				return fmt.Errorf("booked balance %v", booked)
			}
			return nil
		}},
		{18, "AccountInfoRequestID of UUID version 1, in either case", func(ctx context.Context, e *Env) error {
			return all(
				func() error {
					return e.listWith(ctx, im, e.party(), setH("AccountInfoRequestID", "d4a820ca-ddde-11ed-b5ea-0242ac120002"), 200, "")
				},
				func() error {
					return e.listWith(ctx, im, e.party(), setH("AccountInfoRequestID", "D4A820CA-DDDE-11ED-B5EA-0242AC120002"), 200, "")
				},
			)
		}},
		{19, "Legal-Mandate with lower-case hex", func(ctx context.Context, e *Env) error {
			return e.listWith(ctx, im, e.party(), setH("Legal-Mandate", lowerHex(MandateIM)), 200, "")
		}},
		{20, "production: Accept application/jose gives a JWE", func(ctx context.Context, e *Env) error {
			return e.jweList(ctx, "application/jose")
		}},
		{21, "test profile: no Accept gives JWE, application/json gives JSON", func(ctx context.Context, e *Env) error {
			if e.Production {
				return skip("target runs the production profile")
			}
			if err := e.jweList(ctx, ""); err != nil {
				return err
			}
			return e.listWith(ctx, im, e.party(), func(r *request) {
				r.header.Set("Accept", "application/json")
			}, 200, "")
		}},
		{22, "one token serves three calls", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			for i := 0; i < 3; i++ {
				rq.header.Set("CorrelationID", newUUID())
				if err := e.expect(ctx, rq, 200, ""); err != nil {
					return err
				}
			}
			return nil
		}},
		{23, "pagination: 1 005 accounts over two pages", func(ctx context.Context, e *Env) error {
			if err := needFixture(e); err != nil {
				return err
			}
			return e.twoPages(ctx)
		}},
	}
}

func (e *Env) emptyList(ctx context.Context, party string) error {
	rq, err := e.accounts(ctx, im, party, newUUID())
	if err != nil {
		return err
	}
	l, _, err := e.list(ctx, rq)
	if err != nil {
		return err
	}
	if l.ResponseDetails.Status != "complete" || l.Accounts == nil || len(l.Accounts) != 0 {
		return fmt.Errorf("want accounts [] and complete, got %d accounts, %q", len(l.Accounts), l.ResponseDetails.Status)
	}
	return nil
}

// detailBalances fetches account details of the first account of typ and
// checks check 16's balance rules; it returns the balances by type.
func (e *Env) detailBalances(ctx context.Context, typ string) (map[string]map[string]any, error) {
	list, ref, err := e.firstRef(ctx, im, e.party(), typ)
	if err != nil {
		return nil, err
	}
	resp, err := e.do(ctx, e.details(list, ref))
	if err != nil {
		return nil, err
	}
	if err := expectStatus(resp, 200, ""); err != nil {
		return nil, err
	}
	plain, err := e.plaintext(resp)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Account map[string]any `json:"account"`
	}
	if err := json.Unmarshal(plain, &doc); err != nil || doc.Account == nil {
		return nil, fmt.Errorf("no account in %s", clip(string(plain)))
	}
	if containsKey(doc.Account, "name") {
		return nil, fmt.Errorf("account details carry a name")
	}
	if doc.Account["accountReference"] != ref {
		return nil, fmt.Errorf("accountReference not echoed")
	}
	out := map[string]map[string]any{}
	bals, _ := doc.Account["balances"].([]any)
	for _, b := range bals {
		m, _ := b.(map[string]any)
		amt, ok := m["amount"].(float64)
		if !ok || amt < 0 || str(m["creditDebitIndicator"]) == "" || str(m["registered"]) == "" || str(m["currency"]) == "" {
			return nil, fmt.Errorf("bad balance %v", m)
		}
		if _, ok := m["creditLineIncluded"].(bool); !ok {
			return nil, fmt.Errorf("balance without creditLineIncluded: %v", m)
		}
		out[str(m["type"])] = m
	}
	if len(bals) != 2 || out["availableBalance"] == nil || out["bookedBalance"] == nil {
		return nil, fmt.Errorf("want one availableBalance and one bookedBalance, got %v", bals)
	}
	return out, nil
}

func (e *Env) jweList(ctx context.Context, accept string) error {
	rq, err := e.accounts(ctx, im, e.party(), newUUID())
	if err != nil {
		return err
	}
	if accept == "" {
		rq.header.Del("Accept")
	} else {
		rq.header.Set("Accept", accept)
	}
	resp, err := e.do(ctx, rq)
	if err != nil {
		return err
	}
	if err := expectStatus(resp, 200, ""); err != nil {
		return err
	}
	if ct := resp.header.Get("Content-Type"); ct != "application/jose" {
		return fmt.Errorf("Content-Type %q, want application/jose", ct)
	}
	if n := strings.Count(string(resp.body), "."); n != 4 {
		return fmt.Errorf("body has %d dots, want a 5-part compact JWE", n)
	}
	plain, err := e.plaintext(resp)
	if err != nil {
		return err
	}
	var l accountList
	if err := json.Unmarshal(plain, &l); err != nil || l.ResponseDetails.Status == "" {
		return fmt.Errorf("decrypted body is not an Accounts document")
	}
	return nil
}

func (e *Env) twoPages(ctx context.Context) error {
	rq, err := e.accounts(ctx, im, e.Fixture.ManyParty, newUUID())
	if err != nil {
		return err
	}
	l, _, err := e.list(ctx, rq)
	if err != nil {
		return err
	}
	next := ""
	for _, k := range l.Links {
		if k.Rel == "next" {
			next = k.Href
		}
	}
	if len(l.Accounts) != 1000 || !hasQueryPrefix(next, "/accounts?") {
		return fmt.Errorf("first page: %d accounts, next %q", len(l.Accounts), next)
	}
	rq.header.Set("CorrelationID", newUUID())
	rq.query = next[len("/accounts?"):]
	l2, _, err := e.list(ctx, rq)
	if err != nil {
		return err
	}
	for _, k := range l2.Links {
		if k.Rel == "next" {
			return fmt.Errorf("second page has a next link")
		}
	}
	if len(l2.Accounts) != 5 {
		return fmt.Errorf("second page: %d accounts, want 5", len(l2.Accounts))
	}
	return nil
}
