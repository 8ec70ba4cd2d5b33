package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// profile is a consumer's identity in the checks.
type profile struct {
	consumer, supplier, konto, kf, mandate string
}

var (
	im = profile{OrgSkatteetaten, "", ScopeKontoIM, ScopeKfIM, MandateIM}
	an = profile{OrgPolitiet, OrgSkatteetaten, ScopeKontoAN, ScopeKfAN, MandateAN}
)

func (e *Env) token(ctx context.Context, req TokenRequest) (string, error) {
	t, err := e.Issuer.Token(ctx, req)
	if err != nil {
		return "", skip("no token from the issuer: %v", err)
	}
	return t, nil
}

// controlToken is a valid control-API token of p for this bank.
func (e *Env) controlToken(ctx context.Context, p profile) (string, error) {
	return e.token(ctx, TokenRequest{Consumer: p.consumer, Supplier: p.supplier, Scope: p.konto, Audience: e.audience()})
}

// accounts builds a valid step 2a request of p for party.
func (e *Env) accounts(ctx context.Context, p profile, party, caseID string) (*request, error) {
	tok, err := e.controlToken(ctx, p)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+tok)
	h.Set("CorrelationID", newUUID())
	h.Set("AccountInfoRequestID", caseID)
	h.Set("Legal-Mandate", p.mandate)
	h.Set("PartyID", party)
	h.Set("RequesterID", "saksbehandler-4711")
	h.Set("Accept", e.accept())
	return &request{method: http.MethodGet, url: e.BankURL + "/accounts", header: h, query: dateQuery(e.Today)}, nil
}

func (e *Env) accept() string {
	if e.Production {
		return "application/jose"
	}
	return "application/json"
}

// details builds a valid step 2b request from a list request.
func (e *Env) details(list *request, ref string) *request {
	h := list.header.Clone()
	h.Del("PartyID")
	h.Set("CorrelationID", newUUID())
	return &request{method: http.MethodGet, url: e.BankURL + "/accounts/" + ref, header: h,
		query: "fromDate=" + e.Today + "&toDate=" + e.Today}
}

// kf builds a valid customerRelationships request of p (no aud).
func (e *Env) kf(ctx context.Context, p profile, customer string) (*request, error) {
	if e.KundeforholdURL == "" {
		return nil, skip("no kundeforhold base URL")
	}
	tok, err := e.token(ctx, TokenRequest{Consumer: p.consumer, Supplier: p.supplier, Scope: p.kf})
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+tok)
	h.Set("CorrelationID", newUUID())
	h.Set("AccountInfoRequestID", newUUID())
	h.Set("Legal-Mandate", p.mandate)
	h.Set("CustomerID", customer)
	h.Set("Accept", "application/json")
	return &request{method: http.MethodGet, url: e.KundeforholdURL + "/customers/customerRelationships", header: h, query: kfQuery(e.Today)}, nil
}

// accountList is a decoded plain-JSON or decrypted account list.
type accountList struct {
	ResponseDetails struct {
		Status  string `json:"status"`
		Message string `json:"message"`
	} `json:"responseDetails"`
	Accounts []map[string]any `json:"accounts"`
	Links    []struct {
		Rel  string `json:"rel"`
		Href string `json:"href"`
	} `json:"links"`
}

// list runs a list request and decodes a 200.
func (e *Env) list(ctx context.Context, rq *request) (*accountList, *response, error) {
	resp, err := e.do(ctx, rq)
	if err != nil {
		return nil, nil, err
	}
	if resp.status != 200 {
		return nil, resp, fmt.Errorf("accounts: status %d, body %s", resp.status, clip(string(resp.body)))
	}
	plain, err := e.plaintext(resp)
	if err != nil {
		return nil, resp, err
	}
	var l accountList
	if err := json.Unmarshal(plain, &l); err != nil {
		return nil, resp, fmt.Errorf("accounts: body is not an Accounts document: %v", err)
	}
	return &l, resp, nil
}

// firstRef lists p's accounts of party in a new case and returns the list
// request and the reference of the first account (of type typ, if set).
func (e *Env) firstRef(ctx context.Context, p profile, party, typ string) (*request, string, error) {
	rq, err := e.accounts(ctx, p, party, newUUID())
	if err != nil {
		return nil, "", err
	}
	l, _, err := e.list(ctx, rq)
	if err != nil {
		return nil, "", err
	}
	for _, a := range l.Accounts {
		if typ == "" || a["type"] == typ {
			ref, _ := a["accountReference"].(string)
			return rq, ref, nil
		}
	}
	return nil, "", fmt.Errorf("the party has no account of type %q at the bank", typ)
}

// expectStatus checks a status and, for errors, the exact error body of
// the control API (§7.1) or the kundeforhold API (§7.2).
func expectStatus(resp *response, status int, code string) error {
	if resp.status != status {
		return fmt.Errorf("want status %d %s, got %d: %s", status, code, resp.status, clip(string(resp.body)))
	}
	if code == "" {
		return nil
	}
	if ct := resp.header.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("error Content-Type %q, want application/json", ct)
	}
	m := resp.json()
	if m == nil {
		return fmt.Errorf("error body is not a JSON object: %s", clip(string(resp.body)))
	}
	keys := make([]string, 0, len(m))
	for k, v := range m {
		keys = append(keys, k)
		if s, ok := v.(string); !ok || s == "" {
			return fmt.Errorf("error body key %q is not a non-empty string", k)
		}
	}
	sort.Strings(keys)
	if strings.HasPrefix(code, "ERR-") {
		if strings.Join(keys, ",") != "code,errorCode,errorMessage,message,timestamp" {
			return fmt.Errorf("kundeforhold error body keys %v", keys)
		}
		if m["errorCode"] != code || m["code"] != code || m["message"] != m["errorMessage"] {
			return fmt.Errorf("want errorCode %s, got %v", code, m["errorCode"])
		}
		return nil
	}
	if strings.Join(keys, ",") != "code,message" {
		return fmt.Errorf("control error body keys %v, want exactly code and message", keys)
	}
	if m["code"] != code {
		return fmt.Errorf("want code %s, got %v (%v)", code, m["code"], m["message"])
	}
	return nil
}

// run builds a request, lets mod change it, sends it and checks the
// answer's status and code.
func (e *Env) expect(ctx context.Context, rq *request, status int, code string) error {
	resp, err := e.do(ctx, rq)
	if err != nil {
		return err
	}
	return expectStatus(resp, status, code)
}
