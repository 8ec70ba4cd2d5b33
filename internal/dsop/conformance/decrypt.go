package conformance

import (
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// plaintext returns a 200 body as JSON: decrypted when it is a JWE.
func (e *Env) plaintext(resp *response) ([]byte, error) {
	switch ct := resp.header.Get("Content-Type"); ct {
	case "application/json":
		return resp.body, nil
	case "application/jose":
		if e.DecryptKey == nil {
			return nil, skip("JWE answer and no consumer key to decrypt it")
		}
		obj, err := jose.ParseEncryptedCompact(string(resp.body),
			[]jose.KeyAlgorithm{jose.RSA_OAEP_256, jose.RSA_OAEP}, []jose.ContentEncryption{jose.A128CBC_HS256, jose.A256GCM, jose.A128GCM})
		if err != nil {
			return nil, fmt.Errorf("not a compact JWE: %v", err)
		}
		return obj.Decrypt(e.DecryptKey)
	default:
		return nil, fmt.Errorf("200 with Content-Type %q, want exactly application/json or application/jose", ct)
	}
}

// validFNR returns a valid synthetic fødselsnummer (month + 80) for a
// person born on day.month.19yy, with the first individnummer from ind
// that gives valid check digits.
func validFNR(day, month, yy, ind int) string {
	for ; ind < 500; ind++ {
		s := fmt.Sprintf("%02d%02d%02d%03d", day, month+80, yy, ind)
		k1 := mod11(s, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})
		if k1 == 10 {
			continue
		}
		s2 := s + string(rune('0'+k1))
		k2 := mod11(s2, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
		if k2 == 10 {
			continue
		}
		return s2 + string(rune('0'+k2))
	}
	return ""
}

func mod11(s string, w []int) int {
	sum := 0
	for i, x := range w {
		sum += x * int(s[i]-'0')
	}
	k := 11 - sum%11
	if k == 11 {
		return 0
	}
	return k
}

func lowerHex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteString(strings.ToLower(s[i : i+3]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
