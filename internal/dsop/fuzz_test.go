package dsop_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzControlParams feeds arbitrary header and query values to step 2a
// and 2b behind a valid token: whatever the input, the answer is never a
// 5xx and is either 200 or the API's JSON error body (spec:
// dsop-kontroll.md §7, §8).
func FuzzControlParams(f *testing.F) {
	f.Add("0d6c1a8e-3f5b-4c7d-9e2f-1a2b3c4d5e6f", "d4a820ca-ddde-11ed-b5ea-0242ac120002",
		"Innkrevingsloven%20%C2%A7%2011%20f%C3%B8rste%20ledd%20jf.%20innkrevingsforskriften%20%C2%A7%2011-3",
		"15838510075", "saksbehandler-1", "OnlyPrimaryOwner=true&fromDate=2025-10-15&toDate=2025-10-15", "", "application/json")
	f.Add("", "x", "%zz%", "1", "\x00", "page=%%&fromDate=2025-10-15&fromDate=", "not-a-ref/..%2F", "application/xml;q=0")
	h := newHarness(f, harnessOpts{persons: -1})
	tok, err := h.env.Signer.Token(context.Background(), tokenIM(h))
	if err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	h.svc.Register(mux, "/dsop")
	f.Fuzz(func(t *testing.T, corr, req, mandate, party, requester, rawQuery, ref, accept string) {
		path := "/dsop/bank/311000004/v2/accounts"
		if ref != "" {
			path += "/x"
		}
		r := httptest.NewRequest("GET", path, nil)
		if ref != "" {
			r.URL.Path = path[:len(path)-1] + ref
			r.URL.RawPath = ""
		}
		r.URL.RawQuery = rawQuery
		r.Header = http.Header{"Authorization": {"Bearer " + tok}, "Correlationid": {corr}, "Accountinforequestid": {req},
			"Legal-Mandate": {mandate}, "Partyid": {party}, "Requesterid": {requester}, "Accept": {accept}}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		if w.Code != 200 {
			var m map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || len(m) != 2 || m["code"] == "" {
				t.Fatalf("status %d with body %q", w.Code, w.Body.String())
			}
		}
	})
}

// FuzzKundeforholdParams does the same for customerRelationships.
func FuzzKundeforholdParams(f *testing.F) {
	f.Add("0d6c1a8e-3f5b-4c7d-9e2f-1a2b3c4d5e6f", "15838510075", "onlyPrimaryOwner=true&fromDate=2025-10-15&toDate=2025-10-15", "")
	h := newHarness(f, harnessOpts{persons: -1})
	tok, err := h.env.Signer.Token(context.Background(), conformanceTokenRequest{Consumer: "974761076", Scope: "bits:kundeforhold"})
	if err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	h.svc.Register(mux, "/dsop")
	f.Fuzz(func(t *testing.T, corr, customer, rawQuery, accept string) {
		r := httptest.NewRequest("GET", "/dsop/kundeforhold/v2/customers/customerRelationships", nil)
		r.URL.RawQuery = rawQuery
		r.Header = http.Header{"Authorization": {"Bearer " + tok}, "Correlationid": {corr}, "Accountinforequestid": {"d4a820ca-ddde-11ed-b5ea-0242ac120002"},
			"Legal-Mandate": {"Innkrevingsloven%20%C2%A7%2011%20f%C3%B8rste%20ledd%20jf.%20innkrevingsforskriften%20%C2%A7%2011-3"},
			"Customerid":    {customer}, "Accept": {accept}}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		if w.Code != 200 {
			var m map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || len(m) != 5 {
				t.Fatalf("status %d with body %q", w.Code, w.Body.String())
			}
		}
	})
}
