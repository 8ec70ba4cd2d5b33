package maskinporten_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten"
	"github.com/namsfogd/namsfogd/internal/world"
)

func runToken(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := maskinporten.TokenCommand(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestTokenCommandOperatorMint(t *testing.T) {
	e := newSerialEnv(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "operator-token"), []byte("secret\n"), 0o600)
	t.Setenv("NAMSFOGD_OPERATOR_TOKEN", "")
	out, errOut, code := runToken(t, "--server", e.srv.URL, "--data-dir", dir, "--org", ske, "--scope", "bits:kontoinformasjon")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tok := strings.TrimSuffix(out, "\n")
	if strings.Count(tok, ".") != 2 || strings.Contains(tok, "\n") {
		t.Fatalf("stdout is not one token: %q", out)
	}
	_, c := tokenClaims(t, tok)
	if c["scope"] != "bits:kontoinformasjon" {
		t.Fatalf("claims %v", c)
	}
	// Politiet's AN token through the delegation, with --json.
	out, errOut, code = runToken(t, "--server", e.srv.URL, "--operator-token", "x", "--org", politi,
		"--scope", "bits:kundeforhold.fi.utlegg.an", "--json")
	if code != 0 || !strings.Contains(out, `"access_token"`) {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
}

func TestTokenCommandErrors(t *testing.T) {
	e := newSerialEnv(t)
	t.Setenv("NAMSFOGD_OPERATOR_TOKEN", "x")
	for _, args := range [][]string{
		{"--server", e.srv.URL, "--org", ske},                                      // no scope
		{"--server", e.srv.URL, "--scope", "bits:kontoinformasjon"},                // no org or client
		{"--server", e.srv.URL, "--org", orgB, "--scope", "bits:kontoinformasjon"}, // no such client
		{"--server", e.srv.URL, "--key", "/nonexistent", "--client-id", "c1", "--kid", "k1", "--scope", scopeTP},
		{"--server", "http://127.0.0.1:1", "--org", ske, "--scope", "bits:kontoinformasjon"},
		{"--bogus"},
		{"--server", e.srv.URL, "--org", ske, "--scope", "bits:kontoinformasjon", "extra"},
	} {
		out, errOut, code := runToken(t, args...)
		if code != 1 || out != "" || errOut == "" {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	out, errOut, _ := runToken(t, "--server", e.srv.URL, "--org", orgB, "--scope", "bits:kontoinformasjon")
	if out != "" || !strings.Contains(errOut, "404") {
		t.Fatalf("%q", errOut)
	}
}

// The real client path: a key file, a grant built and signed locally,
// posted to the token endpoint found in the metadata.
func TestTokenCommandWithKeyFile(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(world.ClockSetting{Mode: world.ClockReal}) // the CLI signs with the machine's clock
	dir := t.TempDir()
	der, _ := x509.MarshalPKCS8PrivateKey(k1)
	keyFile := filepath.Join(dir, "k1.pem")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	out, errOut, code := runToken(t, "--server", e.srv.URL, "--key", keyFile, "--client-id", "c1", "--kid", "k1", "--scope", scopeTP)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	_, c := tokenClaims(t, strings.TrimSpace(out))
	if c["client_id"] != "c1" {
		t.Fatalf("claims %v", c)
	}
	// PKCS#1 key and the certificate path (x5c) for c2.
	cert := e.certificate(orgA)
	pkcs1 := filepath.Join(dir, "c2.pem")
	os.WriteFile(pkcs1, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(cert.key)}), 0o600)
	certFile := filepath.Join(dir, "c2.crt")
	os.WriteFile(certFile, []byte(cert.pem), 0o600)
	out, errOut, code = runToken(t, "--server", e.srv.URL, "--key", pkcs1, "--cert", certFile, "--client-id", "c2", "--scope", scopeTP)
	if code != 0 {
		t.Fatalf("x5c: exit %d: %s", code, errOut)
	}
	if _, c := tokenClaims(t, strings.TrimSpace(out)); c["client_amr"] != "virksomhetssertifikat" {
		t.Fatalf("claims %v", c)
	}
	// A wrong kid: the server's error on stderr, exit 1.
	_, errOut, code = runToken(t, "--server", e.srv.URL, "--key", keyFile, "--client-id", "c1", "--kid", "k9", "--scope", scopeTP)
	if code != 1 || !strings.Contains(errOut, "Unknown key identifier") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// A real client signs with the machine's clock; while the operator has
// frozen the world clock elsewhere, its grants are still accepted, and
// the token carries world time.
func TestGrantOnWallClockWhileWorldClockMoved(t *testing.T) {
	e := newEnv(t)
	wall := time.Now().UTC()
	svc, err := maskinporten.New(maskinporten.Config{Store: e.db, Orgs: e.db, Clock: e.clock, Issuer: e.issuer,
		WallClock: func() time.Time { return wall }})
	if err != nil {
		t.Fatal(err)
	}
	c := e.claims()
	c["iat"], c["exp"] = wall.Unix(), wall.Unix()+60
	a := e.grant(c)
	// e.svc judges by a wall clock of 2001: refused.
	e.wantError(e.post(a), 400, "invalid_grant", "MP-130", "")
	// A service whose wall clock is now accepts it.
	mux := newMux(svc)
	r := postTo(t, mux, a)
	if r.status != 200 {
		t.Fatal(r)
	}
	if _, claims := tokenClaims(t, r.body["access_token"].(string)); claims["iat"].(interface{ String() string }).String() != itoa(T.Unix()) {
		t.Fatalf("token not in world time: %v", claims["iat"])
	}
}
