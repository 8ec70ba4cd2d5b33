package maskinporten

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"github.com/namsfogd/namsfogd/internal/rsakeys"
	"math/big"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// The installation's test CA (spec: maskinporten.md §10.2, §12 item 10):
// persisted, the only trust anchor for x5c grants, issuing test
// enterprise certificates ("virksomhetssertifikat") for any organisation.
type testCA struct {
	cert *x509.Certificate
	key  *rsa.PrivateKey
	pool *x509.CertPool
}

var (
	// oidOrganizationIdentifier is X.520 organizationIdentifier (SEID 2.0:
	// "NTRNO-<orgnr>").
	oidOrganizationIdentifier = asn1.ObjectIdentifier{2, 5, 4, 97}
	// oidSerialNumber is X.520 serialNumber (SEID 1: the orgnr).
	oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}
	// oidTestPolicy is the certificate policy Digdir's generator sets.
	oidTestPolicy = asn1.ObjectIdentifier{2, 16, 578, 1, 1, 1, 1, 100}
)

func loadTestCA(ctx context.Context, st registry.KeyStore, clock *world.Clock) (*testCA, error) {
	rec, err := st.MPTestCA(ctx)
	if errors.Is(err, store.ErrNotFound) {
		rec, err = createTestCA(ctx, st, clock.Now())
	}
	if err != nil {
		return nil, fmt.Errorf("maskinporten: test CA: %w", err)
	}
	cert, err := x509.ParseCertificate(rec.CertDER)
	if err != nil {
		return nil, fmt.Errorf("maskinporten: test CA: %w", err)
	}
	k, err := x509.ParsePKCS8PrivateKey(rec.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("maskinporten: test CA key: %w", err)
	}
	key, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("maskinporten: test CA key is not RSA")
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}, nil
}

func createTestCA(ctx context.Context, st registry.KeyStore, now time.Time) (registry.TestCA, error) {
	key, err := rsakeys.New(2048)
	if err != nil {
		return registry.TestCA{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: "namsfogd test CA", Organization: []string{"namsfogd"}, Country: []string{"NO"}},
		// Wide validity: the operator may move the world clock far.
		NotBefore:             now.AddDate(-20, 0, 0),
		NotAfter:              now.AddDate(50, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return registry.TestCA{}, err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return registry.TestCA{}, err
	}
	return st.MPInitTestCA(ctx, registry.TestCA{CertDER: der, PrivateKey: kder, Created: now})
}

func randomSerial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	return n.Add(n, big.NewInt(1))
}

// issue makes a test enterprise certificate for orgnr with a new RSA key,
// valid from now to notAfter. The subject carries the orgnr both as
// SERIALNUMBER (SEID 1) and organizationIdentifier NTRNO-<orgnr> (SEID 2).
func (ca *testCA) issue(orgnr, name string, now, notAfter time.Time, bits int) ([]byte, *rsa.PrivateKey, error) {
	key, err := rsakeys.New(bits)
	if err != nil {
		return nil, nil, err
	}
	if name == "" {
		name = "NAMSFOGD TEST " + orgnr
	}
	tmpl := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject: pkix.Name{
			CommonName: name, Organization: []string{name}, Country: []string{"NO"}, SerialNumber: orgnr,
			ExtraNames: []pkix.AttributeTypeAndValue{{Type: oidOrganizationIdentifier, Value: "NTRNO-" + orgnr}},
		},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageDataEncipherment,
		BasicConstraintsValid: true,
		PolicyIdentifiers:     []asn1.ObjectIdentifier{oidTestPolicy},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	return der, key, err
}

// verify checks that leaf chains to the test CA (through intermediates)
// and is valid at now.
func (ca *testCA) verify(leaf *x509.Certificate, intermediates []*x509.Certificate, now time.Time) error {
	pool := x509.NewCertPool()
	for _, c := range intermediates {
		pool.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		Roots: ca.pool, Intermediates: pool, CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	return err
}

// certOrgNr reads the organisation number of an enterprise certificate:
// organizationIdentifier "NTRNO-<orgnr>", else a 9-digit SERIALNUMBER
// (§12 item 10). "" if neither is there.
func certOrgNr(c *x509.Certificate) string {
	for _, n := range c.Subject.Names {
		if n.Type.Equal(oidOrganizationIdentifier) {
			if s, ok := n.Value.(string); ok && strings.HasPrefix(s, "NTRNO-") {
				return strings.TrimPrefix(s, "NTRNO-")
			}
		}
	}
	for _, n := range c.Subject.Names {
		if n.Type.Equal(oidSerialNumber) {
			if s, ok := n.Value.(string); ok && len(s) == 9 && strings.Trim(s, "0123456789") == "" {
				return s
			}
		}
	}
	return ""
}
