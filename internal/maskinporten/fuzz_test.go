package maskinporten_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzTokenEndpoint feeds arbitrary form bodies and assertions to the
// token endpoint: no input may yield a 500, a panic or a 200 (no fuzzed
// assertion is signed by a registered key).
func FuzzTokenEndpoint(f *testing.F) {
	e := newEnv(f)
	valid := e.grant(e.claims())
	parts := strings.Split(valid, ".")
	for _, seed := range []string{
		"", "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=" + valid,
		"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b.c",
		"grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=" + parts[0] + ".e30.",
		"grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=eyJhbGciOiJub25lIn0.eyJpc3MiOiJjMSJ9.",
		"grant_type=a&grant_type=b", "assertion=%zz", "a=b;c=d&&&",
	} {
		f.Add(seed)
	}
	handler := e.srv.Config.Handler
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/maskinporten/token", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code == 200 && body != "" && !strings.Contains(body, valid) {
			t.Fatalf("body %q: status %d %s", body, rec.Code, rec.Body.String())
		}
	})
}

// FuzzAssertion fuzzes only the assertion (claims and header of every
// shape), signed by the registered key so that parsing past the
// signature is reached too.
func FuzzAssertion(f *testing.F) {
	e := newEnv(f)
	for _, seed := range []string{
		`{"aud":"` + e.issuer + `","iss":"c1","scope":"skatteetaten:trekkpaalegg","iat":1,"exp":2}`,
		`{"iss":"c1","authorization_details":[{"type":"urn:altinn:systemuser","systemuser_org":{"ID":"0192:313000001"}}]}`,
		`{"iss":"c1","consumer_org":"915429785","resource":["x"],"pid":"14842249091"}`,
		`{"iss":["c1"],"aud":7,"iat":"x","exp":1e300}`, `{}`, `{"iss":null}`,
	} {
		f.Add(seed, "k1")
	}
	handler := e.srv.Config.Handler
	f.Fuzz(func(t *testing.T, payload, kid string) {
		header := `{"alg":"RS256","kid":` + quote(kid) + `}`
		input := jwsB64([]byte(header)) + "." + jwsB64([]byte(payload))
		assertion := input + "." + signInput(t, input)
		form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion}}.Encode()
		req := httptest.NewRequest(http.MethodPost, "/maskinporten/token", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("payload %q kid %q: status %d %s", payload, kid, rec.Code, rec.Body.String())
		}
	})
}
