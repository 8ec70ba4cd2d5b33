package dsop

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/store"
)

// Encryption of success responses (spec: dsop-kontroll.md §4.4, §12 item
// 23): compact JWE, alg RSA-OAEP-256, enc A128CBC-HS256, kid in the
// header, to the data consumer's key. namsfogd's stand-in for CertPub is
// a registry of consumer keys kept in the settings table, filled through
// the operator API (PUT /admin/dsop/consumers/{orgnr}/key).

// consumerKey is a consumer's registered encryption key.
type consumerKey struct {
	jwk   jose.JSONWebKey // public
	found bool
}

func consumerKeySetting(orgnr string) string { return "dsop.consumer_key." + orgnr }

// encrypter seals documents to one consumer's key.
type encrypter struct {
	enc jose.Encrypter
}

// encrypterFor finds the consumer's key (§12 item 24: the consumer, not
// the supplier, for delegated AN calls). No key → 500 ACC-100 (§11
// check 74).
func (s *Service) encrypterFor(ctx context.Context, c caller) (*encrypter, *apiError) {
	org := c.ConsumerOrg
	k, err := s.consumerKey(ctx, org)
	if err != nil {
		return nil, dependency(err)
	}
	if !k.found {
		return nil, dependency(fmt.Errorf("no encryption key registered for consumer %s", org))
	}
	e, err := jose.NewEncrypter(jose.A128CBC_HS256,
		jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: k.jwk.Key, KeyID: k.jwk.KeyID}, nil)
	if err != nil {
		return nil, dependency(err)
	}
	return &encrypter{enc: e}, nil
}

func (s *Service) consumerKey(ctx context.Context, org string) (consumerKey, error) {
	now := s.clock.Now()
	if k, ok := s.keys.get(org, now); ok {
		return k, nil
	}
	raw, err := s.store.GetSetting(ctx, consumerKeySetting(org))
	if errors.Is(err, store.ErrNotFound) {
		s.keys.put(org, consumerKey{}, now)
		return consumerKey{}, nil
	}
	if err != nil {
		return consumerKey{}, err
	}
	var k consumerKey
	if err := k.jwk.UnmarshalJSON(raw); err != nil {
		return consumerKey{}, fmt.Errorf("stored key of %s: %w", org, err)
	}
	k.found = true
	s.keys.put(org, k, now)
	return k, nil
}

// seal renders doc as JSON, encrypted when enc is set, and returns the
// body, its Content-Type and the SHA-256 of the plaintext.
func (s *Service) seal(doc any, enc *encrypter) ([]byte, string, string, error) {
	plain, err := json.Marshal(doc)
	if err != nil {
		return nil, "", "", err
	}
	sum := digest(plain)
	if enc == nil {
		return plain, "application/json", sum, nil
	}
	obj, err := enc.enc.Encrypt(plain)
	if err != nil {
		return nil, "", "", err
	}
	out, err := obj.CompactSerialize()
	if err != nil {
		return nil, "", "", err
	}
	return []byte(out), "application/jose", sum, nil
}

// parsePublicKey reads an RSA public key from a JWK object, a PEM
// certificate or a PEM public key.
func parsePublicKey(jwk json.RawMessage, pemText string) (jose.JSONWebKey, error) {
	var k jose.JSONWebKey
	switch {
	case len(jwk) > 0:
		if err := k.UnmarshalJSON(jwk); err != nil {
			return k, fmt.Errorf("not a JWK: %v", err)
		}
		if priv, ok := k.Key.(*rsa.PrivateKey); ok {
			k.Key = &priv.PublicKey
		}
	case pemText != "":
		blk, _ := pem.Decode([]byte(strings.TrimSpace(pemText)))
		if blk == nil {
			return k, errors.New("not PEM")
		}
		switch blk.Type {
		case "CERTIFICATE":
			cert, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				return k, fmt.Errorf("bad certificate: %v", err)
			}
			k.Key = cert.PublicKey
			k.Certificates = []*x509.Certificate{cert}
		default:
			pub, err := x509.ParsePKIXPublicKey(blk.Bytes)
			if err != nil {
				return k, fmt.Errorf("bad public key: %v", err)
			}
			k.Key = pub
		}
	default:
		return k, errors.New("give jwk or pem")
	}
	pub, ok := k.Key.(*rsa.PublicKey)
	if !ok {
		return k, errors.New("the key is not an RSA key")
	}
	if pub.N.BitLen() < 2048 {
		return k, errors.New("the RSA key is shorter than 2048 bits")
	}
	if k.KeyID == "" {
		tp, err := k.Thumbprint(cryptoSHA256)
		if err != nil {
			return k, err
		}
		k.KeyID = fmt.Sprintf("%x", tp[:16])
	}
	k.Use, k.Algorithm = "enc", string(jose.RSA_OAEP_256)
	return k, nil
}

const cryptoSHA256 = crypto.SHA256
