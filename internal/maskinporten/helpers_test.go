package maskinporten_test

import (
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten"
	"github.com/namsfogd/namsfogd/internal/world"
)

func jwsB64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func pemPublic(pub *rsa.PublicKey) []byte {
	der, _ := x509.MarshalPKIXPublicKey(pub)
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// hs256 builds the classic algorithm-confusion attack: HMAC-SHA256 keyed
// with the victim's public key.
func hs256(header, claims map[string]any, secret []byte) string {
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	input := jwsB64(h) + "." + jwsB64(c)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(input))
	return input + "." + jwsB64(m.Sum(nil))
}

func (e *env) setClock(t time.Time) {
	e.t.Helper()
	if err := e.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: t}); err != nil {
		e.t.Fatal(err)
	}
}

type testCert struct {
	der []byte
	key *rsa.PrivateKey
	x5c []string
	pem string
}

// certificate asks the operator API for a test enterprise certificate
// issued by the installation's test CA.
func (e *env) certificate(org string) testCert {
	e.t.Helper()
	out := e.admin("POST", "/certificates", map[string]any{"org": org}, 201)
	blk, _ := pem.Decode([]byte(out["certificate_pem"].(string)))
	kblk, _ := pem.Decode([]byte(out["private_key_pem"].(string)))
	k, err := x509.ParsePKCS8PrivateKey(kblk.Bytes)
	if err != nil {
		e.t.Fatal(err)
	}
	return testCert{der: blk.Bytes, key: k.(*rsa.PrivateKey), x5c: []string{base64.StdEncoding.EncodeToString(blk.Bytes)},
		pem: out["certificate_pem"].(string)}
}

// selfSigned makes a certificate for org that chains to no trusted CA,
// valid in [from, to].
func selfSigned(t testing.TB, key *rsa.PrivateKey, org string, from, to time.Time) testCert {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(42),
		Subject:   pkix.Name{CommonName: "SELF MADE", SerialNumber: org},
		NotBefore: from, NotAfter: to, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return testCert{der: der, key: key, x5c: []string{base64.StdEncoding.EncodeToString(der)},
		pem: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// signInput signs a JWS signing input with k1 under RS256.
func signInput(t testing.TB, input string) string {
	h := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, k1, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return jwsB64(sig)
}

func newMux(svc *maskinporten.Service) *http.ServeMux {
	mux := http.NewServeMux()
	svc.Register(mux, "/maskinporten")
	return mux
}

// postTo posts a grant to a handler in-process.
func postTo(t testing.TB, h http.Handler, assertion string) tokenResult {
	form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion}}.Encode()
	req := httptest.NewRequest(http.MethodPost, "/maskinporten/token", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	r := tokenResult{status: rec.Code, header: rec.Header(), raw: rec.Body.String(), body: map[string]any{}}
	json.Unmarshal(rec.Body.Bytes(), &r.body)
	return r
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
