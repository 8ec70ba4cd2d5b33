package gjeld_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

func debtErrShape(t *testing.T, r resp, status int, word string) map[string]any {
	t.Helper()
	eq(t, "status", r.status, status)
	m := r.json(t)
	eq(t, "error", m["error"], word)
	for _, k := range []string{"timestamp", "trace_id"} {
		if _, ok := m[k]; !ok {
			t.Errorf("%s missing: %s", k, r.body)
		}
	}
	return m
}

func uses(t *testing.T, e *env, id string) int {
	t.Helper()
	u, err := e.db.GjeldUses(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(u)
}

func TestCheck32_DebtByConsentID(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "my-unique-id-001")
	r := e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil)
	eq(t, "status", r.status, 200)
	var d struct {
		SSN   string `json:"ssn"`
		Loans []struct {
			CreditorName string         `json:"creditorName"`
			Loan         map[string]any `json:"loan"`
		} `json:"loans"`
		Answered int            `json:"numberOfCreditorsAnswered"`
		Missing  int            `json:"numberOfcreditorsMissing"`
		Consent  map[string]any `json:"consent"`
	}
	json.Unmarshal(r.body, &d)
	eq(t, "ssn", d.SSN, P1)
	found := false
	for _, l := range d.Loans {
		if l.CreditorName == "" || !strings.Contains("creditFacility repaymentLoan chargeCard", l.Loan["type"].(string)) {
			t.Errorf("bad loan %+v", l)
		}
		if l.CreditorName == "EXAMPLE LENDER" && l.Loan["type"] == "chargeCard" && l.Loan["coBorrower"] == 2.0 &&
			l.Loan["interestBearingBalance"] == 6069400.0 && l.Loan["nonInterestBearingBalance"] == 641000.0 &&
			l.Loan["timestamp"] == "2022-11-03T00:00:00Z" {
			found = true
		}
	}
	if !found {
		t.Errorf("get-started loan missing: %s", r.body)
	}
	if d.Answered < 1 || d.Missing != 0 {
		t.Errorf("counters %d/%d", d.Answered, d.Missing)
	}
	eq(t, "consent.id", d.Consent["id"], id)
	eq(t, "consent.exp", d.Consent["exp"], float64(t0.Add(30*24*time.Hour).Unix()))
	eq(t, "consent.scope", d.Consent["scope"], "debt.unsecured.presentation")
	if !bytes.HasPrefix(r.body, []byte(`{"ssn":`)) {
		t.Errorf("key order: %s", r.body)
	}
}

func TestCheck33_OddKeyIntegerAmounts(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P2, "debt.unsecured.presentation", 30, "x")
	r := e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil)
	s := string(r.body)
	if !strings.Contains(s, `"numberOfcreditorsMissing"`) || strings.Contains(s, "numberOfCreditorsMissing") || strings.Contains(s, "accountID") {
		t.Errorf("body %s", s)
	}
	if strings.Contains(s, ".") && strings.Contains(strings.SplitN(s, `"consent"`, 2)[0], "0.") {
		t.Errorf("decimal amount in %s", s)
	}
}

func TestCheck34_MissingAuthorization400(t *testing.T) {
	e := newEnv(t)
	debtErrShape(t, e.do("GET", "/v1/debt/6f1c2b9e-0000-4000-8000-000000000000", "", nil), 400, "bad request")
}

func TestCheck35_BadToken403(t *testing.T) {
	e := newEnv(t)
	debtErrShape(t, e.do("GET", "/v1/debt/x", "nope", nil), 403, "invalid access token")
	tok := e.tdebt(0)
	e.advance(time.Hour)
	debtErrShape(t, e.do("GET", "/v1/debt/x", tok, nil), 403, "invalid access token")
	// lowercase scheme is accepted (token types are issued as "bearer").
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "lc")
	eq(t, "lowercase bearer", e.do("GET", "/v1/debt/"+id, "", nil, "Authorization", "bearer "+e.tdebt(0)).status, 200)
}

func TestCheck36_TraceIDEchoed(t *testing.T) {
	e := newEnv(t)
	m := debtErrShape(t, e.do("GET", "/v1/debt/x", "nope", nil, "X-Trace-ID", "trace-abc-1"), 403, "invalid access token")
	eq(t, "trace_id", m["trace_id"], "trace-abc-1")
}

func TestCheck37_UnknownConsent(t *testing.T) {
	e := newEnv(t)
	debtErrShape(t, e.do("GET", "/v1/debt/6f1c2b9e-0000-4000-8000-000000000000", e.tdebt(0), nil), 403, "no valid consent")
}

func TestCheck38_ForeignConsent(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "f")
	debtErrShape(t, e.do("GET", "/v1/debt/"+id, e.tdebt(1), nil), 403, "no valid consent")
	eq(t, "uses", uses(t, e, id), 0)
}

func TestCheck39_ExpiredConsent(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "e")
	e.advance(30*24*time.Hour + time.Second)
	m := debtErrShape(t, e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil), 403, "invalid consent")
	eq(t, "description", m["error_description"], "Consent expired at "+t0.Add(30*24*time.Hour).Format(time.RFC3339))
}

func TestCheck40_TokenLacksPurpose(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "p")
	debtErrShape(t, e.do("GET", "/v1/debt/"+id, e.token(0, AUD_DEBT, "debt.unsecured.processing"), nil), 403, "invalid access token")
}

func TestCheck41_SingleUse(t *testing.T) {
	e := newEnv(t)
	tok := e.flow("debt.unsecured.presentation")["access_token"].(string)
	r := e.do("GET", "/v1/debt", tok, nil)
	eq(t, "first", r.status, 200)
	m := r.json(t)
	eq(t, "ssn", m["ssn"], P1)
	c := m["consent"].(map[string]any)
	eq(t, "scope", c["scope"], "debt.unsecured.presentation")
	debtErrShape(t, e.do("GET", "/v1/debt", tok, nil), 403, "no valid consent")
	eq(t, "active", e.do("GET", "/v1/debt/"+c["id"].(string)+"/status", e.tdebt(0), nil).json(t)["active"], false)
}

func TestCheck42_SingleUseExpiresAfter10Minutes(t *testing.T) {
	e := newEnv(t)
	tok := e.flow("debt.unsecured.presentation")["access_token"].(string)
	e.advance(11 * time.Minute)
	eq(t, "status", e.do("GET", "/v1/debt", tok, nil).status, 403)
}

func TestCheck43_LongConsentOutlivesToken(t *testing.T) {
	e := newEnv(t)
	tok := e.flow("debt.unsecured.presentation.365")["access_token"].(string)
	r := e.do("GET", "/v1/debt", tok, nil)
	eq(t, "first", r.status, 200)
	eq(t, "second", e.do("GET", "/v1/debt", tok, nil).status, 200)
	e.advance(3600 * time.Second)
	debtErrShape(t, e.do("GET", "/v1/debt", tok, nil), 403, "invalid access token")
	id := r.json(t)["consent"].(map[string]any)["id"].(string)
	eq(t, "by id", e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil).status, 200)
}

func TestCheck44_ClientCredentialsOnDebt(t *testing.T) {
	e := newEnv(t)
	debtErrShape(t, e.do("GET", "/v1/debt", e.tdebt(0), nil), 403, "no valid consent")
}

func TestCheck45_PersonWithoutDebt(t *testing.T) {
	e := newEnv(t)
	p0 := personWithoutDebt(t, e)
	id := e.agreement(0, p0, "debt.unsecured.presentation", 30, "p0")
	r := e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil)
	eq(t, "status", r.status, 200)
	if !strings.Contains(string(r.body), `"loans":[],"numberOfCreditorsAnswered":0,"numberOfcreditorsMissing":0`) {
		t.Errorf("body %s", r.body)
	}
}

func personWithoutDebt(t *testing.T, e *env) string {
	t.Helper()
	ps, err := e.db.ListPersons(t.Context(), "", 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if d, _ := e.db.DebtsByPerson(t.Context(), p.NIN); len(d) == 0 {
			return p.NIN
		}
	}
	t.Fatal("no person without debt")
	return ""
}

func TestCheck46_CreditorUnavailableAndCached(t *testing.T) {
	e := newEnv(t)
	debts, _ := e.db.DebtsByPerson(t.Context(), P1)
	org := debts[0].CreditorOrgNr
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "u")
	setMode := func(mode string) {
		req := `{"mode":"` + mode + `"}`
		r := e.adminPut("/admin/gjeld/creditors/"+org+"/mode", req)
		eq(t, "admin", r, 200)
	}
	setMode("unavailable")
	m := e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil).json(t)
	eq(t, "missing", m["numberOfcreditorsMissing"], 1.0)
	eq(t, "loan", m["loans"].([]any)[0].(map[string]any)["loan"], nil)
	setMode("cached")
	m = e.do("GET", "/v1/debt/"+id, e.tdebt(0), nil).json(t)
	eq(t, "missing", m["numberOfcreditorsMissing"], 1.0)
	l := m["loans"].([]any)[0].(map[string]any)["loan"].(map[string]any)
	eq(t, "snapshot timestamp", l["timestamp"], "2022-11-02T00:00:00Z")
}

func TestCheck47_UsageLog(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "ul")
	tok := e.tdebt(0)
	e.do("GET", "/v1/debt/"+id, tok, nil)
	e.do("GET", "/v1/debt/"+id, tok, nil)
	e.do("GET", "/v1/debt/"+id, e.tdebt(1), nil)                                        // foreign: no use
	e.do("GET", "/v1/debt/"+id, e.token(0, AUD_DEBT, "debt.unsecured.processing"), nil) // wrong scope: no use
	eq(t, "uses", uses(t, e, id), 2)
	audit, _ := e.db.ListAudit(t.Context(), storeAuditQuery(P1))
	n := 0
	for _, a := range audit {
		if a.Action == "debt.disclose" {
			n++
		}
	}
	eq(t, "audit disclosures", n, 2)
}

func TestCheck48_ClientRevokes(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "r")
	tok := e.tdebt(0)
	r := e.do("DELETE", "/v1/debt/"+id, tok, nil)
	eq(t, "status", r.status, 204)
	eq(t, "body", len(r.body), 0)
	debtErrShape(t, e.do("GET", "/v1/debt/"+id, tok, nil), 403, "invalid consent")
	st := e.do("GET", "/v1/debt/"+id+"/status", tok, nil).json(t)
	eq(t, "active", st["active"], false)
	eq(t, "expires_at", st["expires_at"], float64(t0.Add(30*24*time.Hour).Unix()))
	eq(t, "archive events", countEvents(t, e, 0, id, "SAMTYKKE_ARKIVERT"), 1)
}

func TestCheck49_RevokeInactive(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "r")
	tok := e.tdebt(0)
	e.do("DELETE", "/v1/debt/"+id, tok, nil)
	debtErrShape(t, e.do("DELETE", "/v1/debt/"+id, tok, nil), 403, "invalid consent")
	id2 := e.agreement(0, P1, "debt.unsecured.presentation", 1, "r2")
	e.advance(25 * time.Hour)
	m := debtErrShape(t, e.do("DELETE", "/v1/debt/"+id2, e.tdebt(0), nil), 403, "invalid consent")
	if !strings.HasPrefix(m["error_description"].(string), "Consent expired at ") {
		t.Errorf("description %v", m["error_description"])
	}
}

func TestCheck50_RevokeForeign(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "rf")
	debtErrShape(t, e.do("DELETE", "/v1/debt/"+id, e.tdebt(1), nil), 403, "no valid consent")
	eq(t, "active", e.do("GET", "/v1/debt/"+id+"/status", e.tdebt(0), nil).json(t)["active"], true)
}

func TestCheck51_StatusActive(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "s")
	r := e.do("GET", "/v1/debt/"+id+"/status", e.tdebt(0), nil)
	eq(t, "body", string(bytes.TrimSpace(r.body)), `{"active":true,"expires_at":`+itoa(t0.Add(30*24*time.Hour).Unix())+`}`)
}

func TestCheck52_StatusUnknown(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/v1/debt/6f1c2b9e-0000-4000-8000-000000000000/status", e.tdebt(0), nil)
	eq(t, "body", string(bytes.TrimSpace(r.body)), `{"active":false}`)
}

func TestCheck53_StatusInvalidToken(t *testing.T) {
	e := newEnv(t)
	debtErrShape(t, e.do("GET", "/v1/debt/x/status", "bad", nil), 403, "Invalid access token")
}

func TestCheck54_PersonWithdraws(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 30, "pw")
	eq(t, "admin", e.adminPost("/admin/gjeld/consents/"+id+"/withdraw"), 200)
	tok := e.tdebt(0)
	eq(t, "active", e.do("GET", "/v1/debt/"+id+"/status", tok, nil).json(t)["active"], false)
	eq(t, "debt", e.do("GET", "/v1/debt/"+id, tok, nil).status, 403)
	eq(t, "archive events", countEvents(t, e, 0, id, "SAMTYKKE_ARKIVERT"), 1)
}

var _ = world.DebtChargeCard
