// Package jws parses, verifies and signs compact JWS objects with the RSA
// PKCS#1 v1.5 algorithms RS256, RS384 and RS512 — the only ones
// Maskinporten uses (spec: maskinporten.md §2.2, §3.2).
//
// It is deliberately small: parsing is separate from verification so that
// callers can classify every defect with their own error vocabulary (a
// malformed token, a forbidden algorithm and a bad signature are different
// answers at the token endpoint), and an algorithm outside the RSA set is
// refused before any key is looked up — "none" and "HS256" never reach a
// verifier, so a public key can never be used as an HMAC secret. Keys
// carried in the token itself (jwk, jku, x5c) are never used here.
package jws

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	_ "crypto/sha256" // registers SHA-256
	_ "crypto/sha512" // registers SHA-384 and SHA-512
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// Errors of Parse and Verify.
var (
	// ErrMalformed: not three base64url parts with a JSON object header
	// and payload.
	ErrMalformed = errors.New("jws: malformed compact serialization")
	// ErrAlgorithm: the header names an algorithm other than RS256,
	// RS384 or RS512 (including "none" and HMAC).
	ErrAlgorithm = errors.New("jws: algorithm not allowed")
	// ErrSignature: the signature does not verify with the key.
	ErrSignature = errors.New("jws: invalid signature")
)

// MaxSize bounds a compact token; longer input is malformed.
const MaxSize = 64 << 10

// Token is a parsed, not yet verified, compact JWS.
type Token struct {
	// Raw is the compact serialization.
	Raw string
	// Header is the decoded protected header.
	Header Header
	// HeaderJSON and Payload are the decoded header and payload bytes.
	HeaderJSON []byte
	Payload    []byte
	// Signature is the decoded signature.
	Signature []byte
	// signingInput is "base64url(header).base64url(payload)".
	signingInput string
}

// Header holds the members of a JOSE header that matter here. X5c is kept
// raw so that callers can tell an array from a string.
type Header struct {
	Alg  string          `json:"alg"`
	Kid  string          `json:"kid,omitempty"`
	Typ  string          `json:"typ,omitempty"`
	X5c  json.RawMessage `json:"x5c,omitempty"`
	Crit json.RawMessage `json:"crit,omitempty"`
}

// Parse splits and decodes a compact JWS. It checks structure only: the
// header and payload must be JSON objects and the signature valid
// base64url. The algorithm is not checked; call CheckAlg.
func Parse(s string) (*Token, error) {
	if len(s) > MaxSize {
		return nil, ErrMalformed
	}
	h, rest, ok := strings.Cut(s, ".")
	if !ok {
		return nil, ErrMalformed
	}
	p, sig, ok := strings.Cut(rest, ".")
	if !ok || strings.Contains(sig, ".") || h == "" || p == "" {
		return nil, ErrMalformed
	}
	t := &Token{Raw: s, signingInput: s[:len(h)+1+len(p)]}
	var err error
	if t.HeaderJSON, err = decodeSegment(h); err != nil {
		return nil, ErrMalformed
	}
	if t.Payload, err = decodeSegment(p); err != nil {
		return nil, ErrMalformed
	}
	if t.Signature, err = decodeSegment(sig); err != nil {
		return nil, ErrMalformed
	}
	if !isObject(t.HeaderJSON) || !isObject(t.Payload) {
		return nil, ErrMalformed
	}
	if err := json.Unmarshal(t.HeaderJSON, &t.Header); err != nil {
		return nil, ErrMalformed
	}
	return t, nil
}

func decodeSegment(s string) ([]byte, error) {
	// Strict base64url without padding (RFC 7515 §2); a trailing "=" or a
	// standard-alphabet character is malformed.
	return base64.RawURLEncoding.Strict().DecodeString(s)
}

func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && json.Valid(b)
}

// HashFor returns the hash of an allowed algorithm, or false.
func HashFor(alg string) (crypto.Hash, bool) {
	switch alg {
	case "RS256":
		return crypto.SHA256, true
	case "RS384":
		return crypto.SHA384, true
	case "RS512":
		return crypto.SHA512, true
	}
	return 0, false
}

// CheckAlg returns ErrAlgorithm unless the header's algorithm is one of
// allowed (which must be a subset of RS256, RS384, RS512) — and always for
// "none", HMAC, ECDSA and PSS. A "crit" header is refused too: this
// package understands no extensions (RFC 7515 §4.1.11).
func (t *Token) CheckAlg(allowed ...string) error {
	if _, ok := HashFor(t.Header.Alg); !ok || len(t.Header.Crit) > 0 {
		return ErrAlgorithm
	}
	for _, a := range allowed {
		if a == t.Header.Alg {
			return nil
		}
	}
	return ErrAlgorithm
}

// Verify checks the signature with key under the header's algorithm. It
// refuses every algorithm but RS256/384/512 regardless of the key.
func (t *Token) Verify(key *rsa.PublicKey) error {
	h, ok := HashFor(t.Header.Alg)
	if !ok {
		return ErrAlgorithm
	}
	if key == nil {
		return ErrSignature
	}
	hh := h.New()
	hh.Write([]byte(t.signingInput))
	if err := rsa.VerifyPKCS1v15(key, h, hh.Sum(nil), t.Signature); err != nil {
		return ErrSignature
	}
	return nil
}

// Sign returns the compact JWS of header and payload (both JSON objects,
// used byte for byte) signed with key under header's "alg", which the
// caller must have put in headerJSON too.
func Sign(alg string, headerJSON, payload []byte, key *rsa.PrivateKey) (string, error) {
	h, ok := HashFor(alg)
	if !ok {
		return "", ErrAlgorithm
	}
	enc := base64.RawURLEncoding
	var b strings.Builder
	b.Grow(enc.EncodedLen(len(headerJSON)) + enc.EncodedLen(len(payload)) + 2 + enc.EncodedLen(key.Size()))
	b.WriteString(enc.EncodeToString(headerJSON))
	b.WriteByte('.')
	b.WriteString(enc.EncodeToString(payload))
	hh := h.New()
	hh.Write([]byte(b.String()))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, h, hh.Sum(nil))
	if err != nil {
		return "", err
	}
	b.WriteByte('.')
	b.WriteString(enc.EncodeToString(sig))
	return b.String(), nil
}

// SignJSON marshals header and claims and signs them; header must carry
// the algorithm in its "alg" member.
func SignJSON(alg string, header, claims any, key *rsa.PrivateKey) (string, error) {
	hj, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	cj, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	return Sign(alg, hj, cj, key)
}
