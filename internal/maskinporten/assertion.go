package maskinporten

import (
	"crypto/rsa"
	"encoding/base64"

	"github.com/namsfogd/namsfogd/internal/auth/jws"
)

// BuildAssertion signs a JWT-bearer grant with RS256 as a Maskinporten
// client does (spec: maskinporten.md §2.2, §2.3): the header carries kid
// when kid is not empty, else x5c with the given DER certificates (signer
// first, standard base64). claims are used as given (aud, iss, scope,
// iat, exp, jti, ...).
func BuildAssertion(key *rsa.PrivateKey, kid string, x5c [][]byte, claims map[string]any) (string, error) {
	header := map[string]any{"alg": "RS256"}
	if kid != "" {
		header["kid"] = kid
	} else if len(x5c) > 0 {
		chain := make([]string, len(x5c))
		for i, der := range x5c {
			chain[i] = base64.StdEncoding.EncodeToString(der)
		}
		header["x5c"] = chain
	}
	return jws.SignJSON("RS256", header, claims, key)
}
