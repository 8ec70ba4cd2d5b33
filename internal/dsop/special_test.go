package dsop_test

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"github.com/namsfogd/namsfogd/internal/dsop/conformance"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/dsop"
	"github.com/namsfogd/namsfogd/internal/dsop/dsopstore"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Checks that need namsfogd's own levers (profile, clock, storage,
// audit) rather than only HTTP.

func TestCheck20_ProductionJoseGivesJWE(t *testing.T) {
	runCheckOn(t, newHarness(t, harnessOpts{production: true}), 20)
}

func TestCheck46_ProductionJSONOnlyIs406(t *testing.T) {
	h := newHarness(t, harnessOpts{production: true})
	runCheckOn(t, h, 46)
	runCheckOn(t, h, 88) // production half: application/json, */* → JWE
}

func TestCheck47_RateLimit(t *testing.T) {
	h := newHarness(t, harnessOpts{rateLimit: 100})
	ctx := context.Background()
	rq := listRequest(t, h)
	for i := 1; i <= 201; i++ {
		resp := send(t, h, rq)
		if i <= 200 && resp.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
		if i == 201 && (resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1") {
			t.Fatalf("request 201: status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	h.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: refNow.Add(time.Second)})
	if resp := send(t, h, listRequest(t, h)); resp.StatusCode != 200 {
		t.Fatalf("after 1 s: status %d", resp.StatusCode)
	}
	_ = ctx
}

func TestCheck61_DateBoundaryInOslo(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	late := time.Date(2025, 10, 15, 23, 59, 59, 0, world.Oslo)
	h.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: late})
	if resp := send(t, h, listRequest(t, h)); resp.StatusCode != 200 {
		t.Fatalf("23:59:59: status %d", resp.StatusCode)
	}
	rq := listRequest(t, h)
	h.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: late.Add(time.Second)})
	if resp := send(t, h, rq); resp.StatusCode != 400 {
		t.Fatalf("00:00:00 next day: status %d", resp.StatusCode)
	}
}

func TestCheck64_ClosedAfterIssueIsACC003(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	rq := listRequest(t, h)
	resp := send(t, h, rq)
	var l struct {
		Accounts []struct{ AccountReference, AccountIdentifier, Type string }
	}
	json.NewDecoder(resp.Body).Decode(&l)
	if len(l.Accounts) == 0 {
		t.Fatal("no accounts")
	}
	// The shielding of the owner after issue makes every account undeliverable.
	p, _ := h.db.GetPerson(context.Background(), h.env.Fixture.Debtor)
	p.Protection = world.ProtectionFortrolig
	if err := h.db.UpdatePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	d := rq.Clone(context.Background())
	d.URL.Path += "/" + l.Accounts[0].AccountReference
	d.URL.RawQuery = "fromDate=2025-10-15&toDate=2025-10-15"
	d.Header.Set("CorrelationID", "9b2d6a3e-7c1f-4f4e-9a57-0c2a1f3e5d6b")
	if resp := send(t, h, d); resp.StatusCode != 404 || code(t, resp) != "ACC-003" {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

// downStore is storage whose backend has gone away.
type downStore struct{ dsopstore.Storage }

var errDown = errors.New("database is down")

func (downStore) GetOrganisation(context.Context, string) (world.Organisation, error) {
	return world.Organisation{}, errDown
}
func (downStore) GetPerson(context.Context, string) (world.Person, error) {
	return world.Person{}, errDown
}
func (downStore) AccountsByOwner(context.Context, string) ([]world.Account, error) {
	return nil, errDown
}
func (downStore) AppendAudit(context.Context, store.AuditRecord) (int64, error) { return 0, errDown }

func TestCheck73_StorageDownIs500ACC100(t *testing.T) {
	h := newHarness(t, harnessOpts{persons: -1})
	svc, err := dsop.New(dsop.Config{Store: downStore{h.db}, Clock: h.clock, BaseURL: h.srv.URL, Verifier: h.verifier, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	svc.Register(mux, "/dsop")
	for _, path := range []string{"/dsop/bank/311000004/v2/accounts", "/dsop/bank/311000004/v2/accounts/" + testKid} {
		rq := listRequest(t, h)
		rq.URL.Path = path
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, rq)
		var m map[string]string
		json.Unmarshal(w.Body.Bytes(), &m)
		if w.Code != 500 || (m["code"] != "ACC-100" && m["code"] != "ERR-009") {
			t.Fatalf("%s: status %d %s", path, w.Code, w.Body.String())
		}
	}
}

func TestCheck74_NoConsumerKeyIs500ACC100(t *testing.T) {
	h := newHarness(t, harnessOpts{production: true, noKeys: true})
	rq := listRequest(t, h)
	rq.Header.Set("Accept", "application/jose")
	resp := send(t, h, rq)
	if resp.StatusCode != 500 || code(t, resp) != "ACC-100" {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestCheck75_OneAuditRecordPerRequest(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ctx := context.Background()
	before, _ := h.db.ListAudit(ctx, store.AuditQuery{Service: "dsop", Limit: 1000})
	rq := listRequest(t, h)
	tok := strings.TrimPrefix(rq.Header.Get("Authorization"), "Bearer ")
	send(t, h, rq)                // 200
	bad := rq.Clone(ctx)          //
	bad.Header.Del("RequesterID") //
	send(t, h, bad)               // 400
	after, err := h.db.ListAudit(ctx, store.AuditQuery{Service: "dsop", AfterID: lastID(before), Limit: 1000})
	if err != nil || len(after) != 2 {
		t.Fatalf("%d audit records, want 2 (%v)", len(after), err)
	}
	for _, r := range after {
		b, _ := json.Marshal(r)
		if strings.Contains(string(b), tok) {
			t.Fatal("the access token is in the audit log")
		}
		d := r.Details
		if r.Actor != "0192:974761076" || r.SubjectID != h.env.Fixture.Debtor || r.Correlation == "" || r.LegalBasis == "" ||
			d["AccountInfoRequestID"] == nil || d["Legal-Mandate"] == nil || d["status"] == nil {
			t.Fatalf("audit record lacks fields: %s", b)
		}
	}
	if after[0].Outcome != "200 complete" || after[1].Outcome != "400 ACC-001" || after[0].Details["disclosed"] == nil {
		t.Fatalf("outcomes %q, %q", after[0].Outcome, after[1].Outcome)
	}
	// Readable per person through the operator API.
	body := h.admin(t, "GET", "/admin/dsop/audit/"+h.env.Fixture.Debtor, "", 200)
	if !strings.Contains(string(body), `"400 ACC-001"`) {
		t.Fatalf("per-person audit: %s", body)
	}
}

func TestBankControls(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.admin(t, "PUT", "/admin/dsop/banks/"+testBank, `{"unavailable":true}`, 200)
	if resp := send(t, h, listRequest(t, h)); resp.StatusCode != 503 || code(t, resp) != "ACC-100" {
		t.Fatalf("unavailable: status %d", resp.StatusCode)
	}
	h.admin(t, "PUT", "/admin/dsop/banks/"+testBank, `{"partial":true,"delay_ms":50}`, 200)
	start := time.Now()
	resp := send(t, h, listRequest(t, h))
	var l dsop.Accounts
	json.NewDecoder(resp.Body).Decode(&l)
	if resp.StatusCode != 200 || l.ResponseDetails.Status != "partial" || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("partial/slow: status %d, %+v", resp.StatusCode, l.ResponseDetails)
	}
	h.admin(t, "PUT", "/admin/dsop/banks/"+testBank, `{"delay_ms":-1}`, 400)
	h.admin(t, "GET", "/admin/dsop/banks/999999999", "", 404)
}

// TestConformanceKitAgainstNamsfogd runs `namsfogd conformance dsop`
// against namsfogd: every check passes (a few skip: production-only or
// namsfogd-internal ones).
func TestConformanceKitAgainstNamsfogd(t *testing.T) {
	h := sharedHarness(t)
	dir := t.TempDir()
	write := func(name string, der []byte, typ string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
		return p
	}
	sk := write("issuer.pem", x509.MarshalPKCS1PrivateKey(issuerKey), "RSA PRIVATE KEY")
	dk := write("consumer.pem", x509.MarshalPKCS1PrivateKey(consumerKey), "RSA PRIVATE KEY")
	var out, errb strings.Builder
	code := dsop.ConformanceCommand(context.Background(), []string{"dsop", "--target", h.env.BankURL, "--signing-key", sk,
		"--kid", testKid, "--issuer", testIss, "--decrypt-key", dk, "--namsfogd-fixture", "--today", h.env.Today, "--issuer-time", refNow.Format(time.RFC3339)}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), " 0 failed") {
		t.Fatalf("table:\n%s", out.String())
	}
	t.Logf("\n%s", out.String())
}

func listRequest(t testing.TB, h *harness) *http.Request {
	t.Helper()
	tok, err := h.env.Signer.Token(context.Background(), tokenIM(h))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := http.NewRequest("GET", h.env.BankURL+"/accounts?OnlyPrimaryOwner=true&fromDate=2025-10-15&toDate=2025-10-15", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	r.Header.Set("CorrelationID", "0d6c1a8e-3f5b-4c7d-9e2f-1a2b3c4d5e6f")
	r.Header.Set("AccountInfoRequestID", "d4a820ca-ddde-11ed-b5ea-0242ac120002")
	r.Header.Set("Legal-Mandate", dsop.ProfileIM.MandateEncoded)
	r.Header.Set("PartyID", h.env.Fixture.Debtor)
	r.Header.Set("RequesterID", "saksbehandler-1")
	r.Header.Set("Accept", "application/json")
	return r
}

func send(t testing.TB, h *harness, r *http.Request) *http.Response {
	t.Helper()
	resp, err := h.srv.Client().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func code(t testing.TB, resp *http.Response) string {
	var m map[string]string
	json.NewDecoder(resp.Body).Decode(&m)
	return m["code"]
}

func lastID(rs []store.AuditRecord) int64 {
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1].ID
}

// §8 "not validated": a CorrelationID used again and the requests per
// AccountInfoRequestID are answered normally, and counted.
func TestWatchDuplicateCorrelationIDAndCaseRequests(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := newHarness(t, harnessOpts{metrics: reg})
	for i := range 3 {
		if resp := send(t, h, listRequest(t, h)); resp.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i+1, resp.StatusCode)
		}
	}
	other := listRequest(t, h)
	other.Header.Set("CorrelationID", "7f0c3c1e-9a4b-4d2e-8c1f-0b9a8e7d6c5b")
	other.Header.Set("AccountInfoRequestID", "5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e")
	if resp := send(t, h, other); resp.StatusCode != 200 {
		t.Fatalf("other: status %d", resp.StatusCode)
	}
	// Without a valid token nothing is counted.
	anon := listRequest(t, h)
	anon.Header.Set("Authorization", "Bearer x")
	if resp := send(t, h, anon); resp.StatusCode != 401 {
		t.Fatalf("anonymous: status %d", resp.StatusCode)
	}
	consumer := "0192:" + conformance.OrgSkatteetaten
	if got := metricValue(t, reg, "dsop_duplicate_correlation_id_total", consumer); got != 2 {
		t.Fatalf("duplicate CorrelationIDs counted %v, want 2", got)
	}
	// Observations 1, 2, 3 (first case) and 1 (second case): 4 in all,
	// one of them above 2.
	count, sum := histogram(t, reg, "dsop_requests_per_case", consumer)
	if count != 4 || sum != 7 {
		t.Fatalf("requests per case: count %d sum %v, want 4 and 7", count, sum)
	}
}

func metricValue(t *testing.T, reg *prometheus.Registry, name, consumer string) float64 {
	t.Helper()
	for _, m := range gather(t, reg, name, consumer) {
		return m.GetCounter().GetValue()
	}
	return 0
}

func histogram(t *testing.T, reg *prometheus.Registry, name, consumer string) (uint64, float64) {
	t.Helper()
	for _, m := range gather(t, reg, name, consumer) {
		return m.GetHistogram().GetSampleCount(), m.GetHistogram().GetSampleSum()
	}
	return 0, 0
}

func gather(t *testing.T, reg *prometheus.Registry, name, consumer string) []*dto.Metric {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []*dto.Metric
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "consumer" && l.GetValue() == consumer {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// §5.1, §12 item 20: an institution flagged KFR-only is listed in the
// customer overview with activeAccount false.
func TestKFROnlyInstitution(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	relations := func() map[string]bool {
		t.Helper()
		tok, err := h.env.Signer.Token(context.Background(), conformanceTokenRequest{Consumer: "974761076", Scope: "bits:kundeforhold"})
		if err != nil {
			t.Fatal(err)
		}
		r, _ := http.NewRequest("GET", h.env.KundeforholdURL+"/customers/customerRelationships?onlyPrimaryOwner=true&fromDate=2025-10-15&toDate=2025-10-15", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("CorrelationID", "0d6c1a8e-3f5b-4c7d-9e2f-1a2b3c4d5e6f")
		r.Header.Set("AccountInfoRequestID", "d4a820ca-ddde-11ed-b5ea-0242ac120002")
		r.Header.Set("Legal-Mandate", dsop.ProfileIM.MandateEncoded)
		r.Header.Set("CustomerID", h.env.Fixture.Debtor)
		r.Header.Set("Accept", "application/json")
		resp := send(t, h, r)
		var body struct {
			Banks []dsop.CustomerRelation `json:"banks"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != 200 {
			t.Fatalf("customerRelationships: %d %v", resp.StatusCode, err)
		}
		out := map[string]bool{}
		for _, b := range body.Banks {
			out[b.OrganizationID] = b.ActiveAccount
		}
		return out
	}
	if active, ok := relations()[testBank]; !ok || !active {
		t.Fatalf("before: bank %s listed %v active %v, want listed and active", testBank, ok, active)
	}
	h.admin(t, "PUT", "/admin/dsop/banks/"+testBank, `{"kfr_only":true}`, 200)
	if active, ok := relations()[testBank]; !ok || active {
		t.Fatalf("KFR-only: bank %s listed %v active %v, want listed and not active", testBank, ok, active)
	}
}
