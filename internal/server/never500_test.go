package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/server"
	"github.com/namsfogd/namsfogd/internal/server/servertest"
)

// TestBadInputNeverAnswers5xx sends every API and the operator API
// malformed requests — wrong methods, bodies that are not what the
// endpoint reads, wrong content types, bogus and missing credentials,
// odd path values — and requires an answer below 500 to each: bad input
// gets the API's own error, never a server error.
func TestBadInputNeverAnswers5xx(t *testing.T) {
	if testing.Short() {
		t.Skip("many requests")
	}
	const operator = "never500-operator"
	base, _ := servertest.Start(t, server.Config{Persons: 50, Seed: 5, OperatorToken: operator})
	paths := []string{
		"/", "/healthz", "/readyz",
		"/maskinporten/token", "/maskinporten/jwk", "/maskinporten/.well-known/oauth-authorization-server", "/maskinporten/errors/x",
		"/gjeld/oauth2/token", "/gjeld/oauth2/auth", "/gjeld/oauth2/revoke", "/gjeld/userinfo", "/gjeld/login", "/gjeld/consent",
		"/gjeld/v1/consent/agreement", "/gjeld/v1/debt", "/gjeld/v1/debt/%00", "/gjeld/v1/debt/x/status",
		"/gjeld/feed/v1/consent", "/gjeld/feed/v1/consent/lastSequenceNr", "/gjeld/min-gjeld", "/gjeld/min-gjeld/consents/x/withdraw",
		"/dsop/kundeforhold/v2/customers/customerRelationships", "/dsop/bank/311000004/v2/accounts",
		"/dsop/bank/311000004/v2/accounts/x", "/dsop/bank/999/v2/accounts", "/dsop/bank/311000004/v2/accounts/x/transactions",
		"/nordigen/oauth/token", "/nordigen/v2/report", "/nordigen/v2/report/process/x", "/nordigen/v2/report/x",
		"/nordigen/v2/available-models", "/nordigen/v2/category-tree/xx", "/nordigen/v2/webhook-settings",
		"/skatt/api/utleggsbegjaering/v1/utleggsbegjaering", "/skatt/api/utleggsbegjaering/v1/utleggsbegjaering/x",
		"/skatt/api/utleggsbegjaering/v1/utleggsbegjaering/x/status", "/skatt/api/utleggsbegjaering/v1/meldinger",
		"/skatt/api/utleggsbegjaering/v1/vedlegg", "/skatt/api/utleggsbegjaering/v1/validering",
		"/skatt/api/trekkpaalegg/v1", "/skatt/api/trekkpaalegg/v1/x", "/skatt/api/trekkpaalegg/v1/x/1",
		"/admin/clock", "/admin/world", "/admin/persons", "/admin/persons/x", "/admin/persons/01010112345/audit",
		"/admin/organisations", "/admin/organisations/x", "/admin/accounts", "/admin/accounts/x", "/admin/employments",
		"/admin/debts", "/admin/audit", "/admin/maskinporten/clients", "/admin/maskinporten/token",
		"/admin/gjeld/clients", "/admin/gjeld/clients/x/jwks", "/admin/gjeld/creditors/x/mode",
		"/admin/dsop/banks/x", "/admin/dsop/consumers/x/key", "/admin/nordigen/export",
		"/admin/utlegg/utleggsbegjaering", "/admin/utlegg/utleggsbegjaering/x/start", "/admin/utlegg/utleggsbegjaering/x/beslutt",
		"/admin/trekkpaalegg", "/admin/trekkpaalegg/x/versjoner", "/admin/trekkpaalegg/fra-beslutning",
		"/console/", "/console/persons?nin=x", "/console/utlegg?ref=%2e%2e",
	}
	bodies := []struct{ ctype, body string }{
		{"", ""},
		{"application/json", "{"},
		{"application/json", "null"},
		{"application/json", `{"a":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`},
		{"application/json", `{"trekkpliktig":123,"skyldner":[],"nin":{},"orgnr":"x","mode":null,"keys":"x","jwk":1}`},
		{"application/xml", "<utleggsbegjaering><"},
		{"application/x-www-form-urlencoded", "grant_type=%zz&assertion=" + strings.Repeat("x", 5000)},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"input\"; filename=\"a\"\r\n\r\n\xff\xfe\r\n--x"},
		{"text/plain", "\x00\x01\x02"},
	}
	auths := []string{"", "Bearer x.y.z", "Bearer " + operator, "Basic !!!"}
	methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
	n := 0
	for _, p := range paths {
		for _, m := range methods {
			for bi, b := range bodies {
				// Every body with one credential each round keeps the
				// count near 10 000 while every path meets every method,
				// body and credential.
				auth := auths[(bi+len(p))%len(auths)]
				if strings.HasPrefix(p, "/admin/") && bi%3 != 0 {
					auth = "Bearer " + operator // mostly past the door, to reach the validation
				}
				req, err := http.NewRequest(m, base+p, bytes.NewReader([]byte(b.body)))
				if err != nil {
					t.Fatal(err)
				}
				if b.ctype != "" {
					req.Header.Set("Content-Type", b.ctype)
				}
				if auth != "" {
					req.Header.Set("Authorization", auth)
				}
				req.Header.Set("Accept", "*/*")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatalf("%s %s: %v", m, p, err)
				}
				body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
				resp.Body.Close()
				n++
				if resp.StatusCode >= 500 {
					t.Errorf("%s %s (%s, %q, auth %q): %d %s", m, p, b.ctype, trim(b.body), trim(auth), resp.StatusCode, body)
				}
			}
		}
	}
	t.Logf("%d requests", n)
}

func trim(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%s… (%d bytes)", s[:40], len(s))
	}
	return s
}
