package gjeld_test

import (
	"bytes"
	"testing"
	"time"
)

const agrBody = `{"nin":"14842249091","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":30,"client_consent_id":"my-unique-id-001"}`

func expiresAt(t *testing.T, r resp) time.Time {
	t.Helper()
	s := r.json(t)["consent"].(map[string]any)["expires_at"].(string)
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestCheck21_RegisterAgreementConsent(t *testing.T) {
	e := newEnv(t)
	r := e.do("PUT", "/v1/consent/agreement", e.tagr(0), agrBody)
	eq(t, "status", r.status, 200)
	m := r.json(t)
	eq(t, "client_consent_id", m["client_consent_id"], "my-unique-id-001")
	c := m["consent"].(map[string]any)
	eq(t, "scope_of_consent", c["scope_of_consent"], "debt.unsecured.presentation")
	eq(t, "expires_at", expiresAt(t, r), t0.Add(30*24*time.Hour))
}

func TestCheck22_IdempotentReplay(t *testing.T) {
	e := newEnv(t)
	tok := e.tagr(0)
	a := e.do("PUT", "/v1/consent/agreement", tok, agrBody)
	e.advance(time.Minute)
	b := e.do("PUT", "/v1/consent/agreement", tok, agrBody)
	eq(t, "status", b.status, 200)
	if !bytes.Equal(a.body, b.body) {
		t.Errorf("replay body differs:\n%s\n%s", a.body, b.body)
	}
	f := e.do("GET", "/feed/v1/consent?fromSequenceNr=1&limit=100", e.tfeed(0), nil).json(t)
	eq(t, "feed events", len(f["result"].([]any)), 1)
}

func springShape(t *testing.T, r resp, status int) map[string]any {
	t.Helper()
	eq(t, "status", r.status, status)
	m := r.json(t)
	eq(t, "body status", m["status"], float64(status))
	eq(t, "path", m["path"], "/v1/consent/agreement")
	for _, k := range []string{"error", "requestId", "timestamp"} {
		if _, ok := m[k]; !ok {
			t.Errorf("%s missing: %s", k, r.body)
		}
	}
	return m
}

func TestCheck23_ConflictingData(t *testing.T) {
	e := newEnv(t)
	tok := e.tagr(0)
	e.do("PUT", "/v1/consent/agreement", tok, agrBody)
	for _, body := range []string{
		`{"nin":"29868099311","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":30,"client_consent_id":"my-unique-id-001"}`,
		`{"nin":"14842249091","scope_of_consent":"debt.unsecured.processing","consent_duration_days":30,"client_consent_id":"my-unique-id-001"}`,
		`{"nin":"14842249091","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":31,"client_consent_id":"my-unique-id-001"}`,
	} {
		springShape(t, e.do("PUT", "/v1/consent/agreement", tok, body), 409)
	}
}

func TestCheck24_DurationAsString(t *testing.T) {
	e := newEnv(t)
	r := e.do("PUT", "/v1/consent/agreement", e.tagr(0), `{"nin":"14842249091","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":"100","client_consent_id":"s-1"}`)
	eq(t, "status", r.status, 200)
	eq(t, "expires_at", expiresAt(t, r), t0.Add(100*24*time.Hour))
}

func TestCheck25_BadNIN(t *testing.T) {
	e := newEnv(t)
	r := e.do("PUT", "/v1/consent/agreement", e.tagr(0), `{"nin":"01017012345","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":30,"client_consent_id":"n-1"}`)
	m := springShape(t, r, 400)
	if msg, _ := m["message"].(string); !bytes.Contains([]byte(msg), []byte("nin")) {
		t.Errorf("message %q does not name nin", msg)
	}
	cs, _ := e.db.GjeldConsentsByPerson(t.Context(), "01017012345")
	eq(t, "stored", len(cs), 0)
}

func TestCheck26_ScopeWithSuffix(t *testing.T) {
	e := newEnv(t)
	springShape(t, e.do("PUT", "/v1/consent/agreement", e.tagr(0), `{"nin":"14842249091","scope_of_consent":"debt.unsecured.presentation.100","consent_duration_days":30,"client_consent_id":"x"}`), 400)
}

func TestCheck27_MissingFieldZeroDurationMalformed(t *testing.T) {
	e := newEnv(t)
	tok := e.tagr(0)
	for _, body := range []string{
		`{"nin":"14842249091","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":30}`,
		`{"nin":"14842249091","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":0,"client_consent_id":"z"}`,
		`{"nin":"14842249091",`,
	} {
		springShape(t, e.do("PUT", "/v1/consent/agreement", tok, body), 400)
	}
}

func TestCheck28_ProcessingClamped(t *testing.T) {
	e := newEnv(t)
	r := e.do("PUT", "/v1/consent/agreement", e.tagr(0), `{"nin":"14842249091","scope_of_consent":"debt.unsecured.processing","consent_duration_days":100,"client_consent_id":"p-1"}`)
	eq(t, "status", r.status, 200)
	eq(t, "expires_at", expiresAt(t, r), t0.Add(28*24*time.Hour))
}

func TestCheck29_NoTokenEmpty401(t *testing.T) {
	e := newEnv(t)
	r := e.do("PUT", "/v1/consent/agreement", "", agrBody)
	eq(t, "status", r.status, 401)
	eq(t, "body", string(r.body), "")
}

func TestCheck30_DebtTokenForbidden(t *testing.T) {
	e := newEnv(t)
	springShape(t, e.do("PUT", "/v1/consent/agreement", e.tdebt(0), agrBody), 403)
}

func TestCheck31_PurposeNotRegistered(t *testing.T) {
	e := newEnv(t)
	springShape(t, e.do("PUT", "/v1/consent/agreement", e.tagr(3), `{"nin":"14842249091","scope_of_consent":"debt.unsecured.processing","consent_duration_days":10,"client_consent_id":"c4-1"}`), 403)
	cs, _ := e.db.GjeldConsentsByPerson(t.Context(), P1)
	eq(t, "stored", len(cs), 0)
}
