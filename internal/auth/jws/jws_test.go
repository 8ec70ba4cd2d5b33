package jws_test

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/auth/jws"
)

func TestSignParseVerify(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	for _, alg := range []string{"RS256", "RS384", "RS512"} {
		s, err := jws.SignJSON(alg, map[string]string{"alg": alg, "kid": "k"}, map[string]int{"a": 1}, key)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := jws.Parse(s)
		if err != nil || tok.Header.Alg != alg || tok.Header.Kid != "k" || string(tok.Payload) != `{"a":1}` {
			t.Fatalf("%s: %v %+v", alg, err, tok)
		}
		if err := tok.CheckAlg("RS256"); (alg == "RS256") != (err == nil) {
			t.Fatalf("%s: CheckAlg(RS256) = %v", alg, err)
		}
		if err := tok.Verify(&key.PublicKey); err != nil {
			t.Fatal(err)
		}
		other, _ := rsa.GenerateKey(rand.Reader, 2048)
		if err := tok.Verify(&other.PublicKey); !errors.Is(err, jws.ErrSignature) {
			t.Fatalf("wrong key: %v", err)
		}
	}
	if _, err := jws.Sign("HS256", []byte(`{}`), []byte(`{}`), key); !errors.Is(err, jws.ErrAlgorithm) {
		t.Fatalf("HS256 signing: %v", err)
	}
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{"", ".", "..", "a.b", "a.b.c.d", "eyJ9.e30.", "e30.eyJ9.", "e30=.e30.", "e30.e30.+/",
		"W10.e30.", "e30.W10.", strings.Repeat("a", jws.MaxSize+1)} {
		if _, err := jws.Parse(s); !errors.Is(err, jws.ErrMalformed) {
			t.Errorf("%.40q: %v", s, err)
		}
	}
	tok, err := jws.Parse("eyJhbGciOiJub25lIn0.e30.")
	if err != nil {
		t.Fatal(err)
	}
	if tok.CheckAlg("RS256", "RS384", "RS512") == nil || tok.Verify(nil) == nil {
		t.Fatal("alg none accepted")
	}
}

func FuzzParse(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiJ9.e30.AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := jws.Parse(s)
		if err == nil {
			tok.CheckAlg("RS256")
			tok.Verify(nil)
		}
	})
}
