package demo

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The lender is Norsk Gjeldsinformasjon's demo client C1, DEMO
// LÅNEFORMIDLING AS (spec: gjeldsinformasjon.md §12), and statement
// analysis's demo client (README, "Per API").
const (
	gjeldClientID     = "f8c4da9f-4c93-4904-8de4-b5942776f9c2"
	gjeldClientSecret = "demo-secret-c1"
	gjeldAudConsent   = "https://api-preprod.norskgjeld.no/v1/consent/agreement"
	gjeldAudDebt      = "https://api-preprod.norskgjeld.no/v1/debt"
	nordigenClient    = "demo-client"
	nordigenSecret    = "demo-secret"
	// statementWait bounds the wait for the statement analysis.
	statementWait = 60 * time.Second
)

// gjeldToken is a client-credentials token of Norsk Gjeldsinformasjon's
// own OAuth2 server, the client authenticating with Basic (spec: §5.3).
func (d *run) gjeldToken(ctx context.Context, st *Step, audience, scope string) (string, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "audience": {audience}, "scope": {scope}}
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(gjeldClientID) + ":" + url.QueryEscape(gjeldClientSecret)))
	r, err := d.expect(ctx, st, request{method: "POST", path: "/gjeld/oauth2/token", body: []byte(form.Encode()),
		note:   "client credentials, demo client C1, scope " + scope,
		header: []string{"Authorization", "Basic " + basic, "Content-Type", "application/x-www-form-urlencoded"}}, http.StatusOK)
	if err != nil {
		return "", err
	}
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := r.decode(&tr); err != nil {
		return "", err
	}
	if tr.AccessToken == "" {
		return "", fmt.Errorf("no access_token: %s", excerpt(r.Body))
	}
	return tr.AccessToken, nil
}

// gjeld registers an integrated consent and reads the person's debt
// (spec: gjeldsinformasjon.md §6.1, §6.3).
func (d *run) gjeld(ctx context.Context, st *Step) error {
	p := d.person
	tok, err := d.gjeldToken(ctx, st, gjeldAudConsent, "consent.create")
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]any{"nin": p.NIN, "scope_of_consent": "debt.unsecured.processing",
		"consent_duration_days": 30, "client_consent_id": "namsfogd-demo-" + d.mp.runID})
	r, err := d.expect(ctx, st, request{method: "PUT", path: "/gjeld/v1/consent/agreement", body: body,
		note:   "integrated consent, debt.unsecured.processing, 30 days",
		header: []string{"Authorization", "Bearer " + tok, "Content-Type", "application/json"}}, http.StatusOK)
	if err != nil {
		return err
	}
	var ag struct {
		Consent struct {
			ID string `json:"id"`
		} `json:"consent"`
	}
	if err := r.decode(&ag); err != nil {
		return err
	}
	if ag.Consent.ID == "" {
		return fmt.Errorf("the agreement answer has no consent.id: %s", excerpt(r.Body))
	}
	d.consentID = ag.Consent.ID
	if tok, err = d.gjeldToken(ctx, st, gjeldAudDebt, "debt.unsecured.processing"); err != nil {
		return err
	}
	r, err = d.expect(ctx, st, request{method: "GET", path: "/gjeld/v1/debt/" + url.PathEscape(d.consentID),
		shown: "/gjeld/v1/debt/{consentId}", note: "X-Trace-ID",
		header: []string{"Authorization", "Bearer " + tok, "X-Trace-ID", newUUID(), "Accept", "application/json"}}, http.StatusOK)
	if err != nil {
		return err
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
		Answered int `json:"numberOfCreditorsAnswered"`
		Missing  int `json:"numberOfcreditorsMissing"`
	}
	if err := r.decode(&info); err != nil {
		return err
	}
	if info.SSN != p.NIN {
		return fmt.Errorf("the debt answer is about %q, not %s", info.SSN, p.NIN)
	}
	var total int64
	var loans []map[string]any
	var lines []string
	for _, l := range info.Loans {
		if l.Loan == nil {
			lines = append(lines, fmt.Sprintf("  %s did not answer", l.CreditorName))
			continue
		}
		owed := l.Loan.InterestBearingBalance + l.Loan.NonInterestBearingBalance + l.Loan.Balance
		total += owed
		limit := ""
		if l.Loan.CreditLimit > 0 {
			limit = ", credit limit " + kr(l.Loan.CreditLimit)
		}
		lines = append(lines, fmt.Sprintf("  %-15s %s at %s%s", l.Loan.Type, kr(owed), l.CreditorName, limit))
		loans = append(loans, map[string]any{"creditor": l.CreditorName, "type": l.Loan.Type, "owed_ore": owed,
			"credit_limit_ore": l.Loan.CreditLimit})
	}
	st.fact("consent_id", d.consentID)
	st.fact("loans", loans)
	st.fact("debt_total_ore", total)
	st.say("consent %s registered; the person's debt as the lender sees it:", d.consentID)
	st.say("%d loans from %d creditors, %s in total", len(loans), info.Answered, kr(total))
	for _, l := range lines {
		st.say("%s", l)
	}
	if total != p.debtTotal() {
		return fmt.Errorf("Norsk Gjeldsinformasjon reports %s, the world holds %s", kr(total), kr(p.debtTotal()))
	}
	return nil
}

// statement uploads the person's 12-month statement, asks for
// categorisation and credit scoring, and polls for the result (spec:
// statement-analysis.md §3, §6.3, §7.7).
func (d *run) statement(ctx context.Context, st *Step) error {
	p := d.person
	file, err := d.admin(ctx, st, "POST", "/admin/nordigen/export", "", map[string]any{"nin": p.NIN, "months": 12})
	if err != nil {
		return err
	}
	st.Calls[len(st.Calls)-1].Note = "the person's 12-month statement from their bank (GoCardless JSON)"
	r, err := d.expect(ctx, st, request{method: "POST", path: "/nordigen/oauth/token", note: "client credentials, " + nordigenClient,
		body: []byte(`{"grant_type":"client_credentials","client_id":"` + nordigenClient + `","client_secret":"` + nordigenSecret +
			`","audience":"https://nordigen/api"}`),
		header: []string{"Content-Type", "application/json"}}, http.StatusOK)
	if err != nil {
		return err
	}
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if err := r.decode(&tr); err != nil || tr.AccessToken == "" {
		return fmt.Errorf("statement analysis token: %v %s", err, excerpt(r.Body))
	}
	auth := "Bearer " + tr.AccessToken
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("input", "statement-"+p.NIN+".json")
	fw.Write(file.Body)
	mw.Close()
	r, err = d.expect(ctx, st, request{method: "POST", path: "/nordigen/v2/report", body: buf.Bytes(),
		note:   fmt.Sprintf("multipart upload, %d KiB", len(file.Body)>>10),
		header: []string{"Authorization", auth, "Content-Type", mw.FormDataContentType()}}, http.StatusOK, http.StatusCreated)
	if err != nil {
		return err
	}
	var up struct {
		Data struct {
			Attributes struct {
				RequestID string `json:"request-id"`
			} `json:"attributes"`
		} `json:"data"`
	}
	if err := r.decode(&up); err != nil {
		return err
	}
	id := up.Data.Attributes.RequestID
	if id == "" {
		return fmt.Errorf("the upload answer has no request-id: %s", excerpt(r.Body))
	}
	if _, err = d.expect(ctx, st, request{method: "PUT", path: "/nordigen/v2/report/process/" + url.PathEscape(id),
		shown: "/nordigen/v2/report/process/{request-id}", note: "categorisation, credit-scoring",
		body:   []byte(`{"country":"no","operations":["categorisation","credit-scoring"]}`),
		header: []string{"Authorization", auth, "Content-Type", "application/json"}}, http.StatusAccepted); err != nil {
		return err
	}
	var res struct {
		Data struct {
			Attributes struct {
				Status         string `json:"status"`
				Categorisation struct {
					Summary []struct {
						Currency   string  `json:"currency"`
						CategoryID int     `json:"category_id"`
						Title      string  `json:"title"`
						Level      int     `json:"level"`
						Type       string  `json:"type"`
						Count      int     `json:"count"`
						Sum        float64 `json:"sum"`
					} `json:"summary"`
					Totals []struct {
						Currency     string  `json:"currency"`
						Transactions int     `json:"transactions"`
						Income       float64 `json:"income"`
						Expense      float64 `json:"expense"`
					} `json:"totals"`
				} `json:"categorisation"`
				CreditScoring struct {
					Results []struct {
						Model          string   `json:"model"`
						MonthsObserved int      `json:"months_observed"`
						Score          *int     `json:"score"`
						PD             *float64 `json:"probability_of_default"`
						RiskBand       string   `json:"risk_band"`
						Warnings       []string `json:"warnings"`
					} `json:"results"`
				} `json:"credit-scoring"`
			} `json:"attributes"`
		} `json:"data"`
	}
	deadline := time.Now().Add(statementWait)
	for {
		r, err = d.expect(ctx, st, request{method: "GET", path: "/nordigen/v2/report/" + url.PathEscape(id),
			shown: "/nordigen/v2/report/{request-id}", note: "poll until completed",
			header: []string{"Authorization", auth, "Accept", "application/json"}}, http.StatusOK)
		if err != nil {
			return err
		}
		if err := r.decode(&res); err != nil {
			return err
		}
		if s := res.Data.Attributes.Status; s == "completed" || s == "failed" {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("report %s is still %q after %s", id, res.Data.Attributes.Status, statementWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	a := res.Data.Attributes
	if a.Status != "completed" {
		return fmt.Errorf("report %s failed: %s", id, excerpt(r.Body))
	}
	st.fact("request_id", id)
	st.say("statement record %s completed", id)
	for _, t := range a.Categorisation.Totals {
		st.say("%d transactions in %s: income %s, expenses %s", t.Transactions, t.Currency, krf(t.Income), krf(-t.Expense))
	}
	// The largest top-level categories, by amount.
	type cat struct {
		Title string  `json:"title"`
		Type  string  `json:"type"`
		Count int     `json:"count"`
		Sum   float64 `json:"sum"`
	}
	var cats []cat
	for _, s := range a.Categorisation.Summary {
		if s.Level == 0 && s.Currency == "NOK" {
			cats = append(cats, cat{s.Title, s.Type, s.Count, s.Sum})
		}
	}
	sort.SliceStable(cats, func(i, j int) bool { return abs(cats[i].Sum) > abs(cats[j].Sum) })
	st.fact("categories", cats)
	if len(cats) == 0 {
		return fmt.Errorf("the categorisation has no categories: %s", excerpt(r.Body))
	}
	st.say("categories (top level, largest first):")
	for i, c := range cats {
		if i == 8 {
			st.say("  … and %d more", len(cats)-i)
			break
		}
		st.say("  %-30s %-8s %4d transactions  %s", c.Title, c.Type, c.Count, krf(c.Sum))
	}
	if len(a.CreditScoring.Results) == 0 {
		return fmt.Errorf("no credit-scoring result: %s", excerpt(r.Body))
	}
	var scores []map[string]any
	for _, s := range a.CreditScoring.Results {
		score, pd := "none", "none"
		if s.Score != nil {
			score = fmt.Sprint(*s.Score)
		}
		if s.PD != nil {
			pd = fmt.Sprintf("%.2f %%", *s.PD*100)
		}
		w := ""
		if len(s.Warnings) > 0 {
			w = " (warnings: " + strings.Join(s.Warnings, ", ") + ")"
		}
		st.say("credit score %s, risk band %s, probability of default %s over %d months (%s)%s",
			score, s.RiskBand, pd, s.MonthsObserved, s.Model, w)
		scores = append(scores, map[string]any{"model": s.Model, "score": s.Score, "probability_of_default": s.PD,
			"risk_band": s.RiskBand, "months_observed": s.MonthsObserved})
	}
	st.fact("credit_scoring", scores)
	return nil
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
