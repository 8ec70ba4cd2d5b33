package maskinporten_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/namsfogd/namsfogd/internal/maskinporten"
)

// A dedicated listener whose issuer is the bare origin serves /token,
// /jwk and the metadata at the root (spec: maskinporten.md §1.3).
func TestRegisterAtRoot(t *testing.T) {
	e := newEnv(t)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	root, err := maskinporten.New(maskinporten.Config{Store: e.db, Orgs: e.db, Clock: e.clock, Issuer: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	root.Register(mux, "")
	if root.Issuer() != srv.URL+"/" || root.TokenEndpoint() != srv.URL+"/token" {
		t.Fatalf("issuer %q token %q", root.Issuer(), root.TokenEndpoint())
	}
	var m map[string]any
	getJSON(t, srv.URL+"/.well-known/oauth-authorization-server", &m)
	if m["issuer"] != srv.URL+"/" || m["jwks_uri"] != srv.URL+"/jwk" {
		t.Fatalf("metadata %v", m)
	}
	c := e.claims()
	c["aud"] = srv.URL + "/"
	r := postTo(t, rootPath(mux), e.grant(c))
	if r.status != 200 {
		t.Fatal(r)
	}
	var page map[string]string
	getJSON(t, srv.URL+"/errors/MP-124", &page)
	if page["code"] != "MP-124" {
		t.Fatalf("%v", page)
	}
	resp, _ := http.Get(srv.URL + "/errors/MP-999")
	if resp.StatusCode != 404 {
		t.Fatalf("unknown code: %s", resp.Status)
	}
	resp.Body.Close()
}

// rootPath rewrites postTo's /maskinporten/token to /token.
func rootPath(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = "/token"
		h.ServeHTTP(w, r)
	})
}
