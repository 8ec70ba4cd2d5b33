package conformance

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// withToken replaces the bearer token of a request.
func withToken(tok string) func(*request) {
	return func(r *request) { r.header.Set("Authorization", "Bearer "+tok) }
}

// forged signs claims for this bank after mod changed them.
func (e *Env) forged(mod func(map[string]any)) (string, error) {
	if err := needSigner(e); err != nil {
		return "", err
	}
	c := e.Signer.Claims(TokenRequest{Consumer: im.consumer, Scope: im.konto, Audience: e.audience()})
	mod(c)
	return e.Signer.Sign(c, jose.RS256, e.Signer.Key, e.Signer.Kid)
}

func (e *Env) listForged(ctx context.Context, mod func(map[string]any), status int, code string) error {
	tok, err := e.forged(mod)
	if err != nil {
		return err
	}
	return e.listWith(ctx, im, e.party(), withToken(tok), status, code)
}

func (e *Env) now() time.Time {
	if e.Signer != nil && e.Signer.Now != nil {
		return e.Signer.Now()
	}
	return time.Now()
}

func (e *Env) tokenFor(ctx context.Context, consumer, supplier, scope string) (func(*request), error) {
	tok, err := e.token(ctx, TokenRequest{Consumer: consumer, Supplier: supplier, Scope: scope, Audience: e.audience()})
	if err != nil {
		return nil, err
	}
	return withToken(tok), nil
}

func (e *Env) listAs(ctx context.Context, p profile, consumer, supplier, scope string, status int, code string) error {
	set, err := e.tokenFor(ctx, consumer, supplier, scope)
	if err != nil {
		return err
	}
	return e.listWith(ctx, p, e.party(), set, status, code)
}

func authChecks() []Check {
	return []Check{
		{24, "no Authorization header → 401 ACC-010 with a challenge", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			rq.header.Del("Authorization")
			resp, err := e.do(ctx, rq)
			if err != nil {
				return err
			}
			if err := expectStatus(resp, 401, "ACC-010"); err != nil {
				return err
			}
			if resp.header.Get("WWW-Authenticate") == "" {
				return fmt.Errorf("no WWW-Authenticate")
			}
			return nil
		}},
		{25, "expired token → 401 ACC-010", func(ctx context.Context, e *Env) error {
			return e.listForged(ctx, func(c map[string]any) {
				c["iat"], c["exp"] = e.now().Unix()-151, e.now().Unix()-31
			}, 401, "ACC-010")
		}},
		{26, "token of an unknown key or with a tampered payload → 401 ACC-010", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			tok := strings.TrimPrefix(rq.header.Get("Authorization"), "Bearer ")
			parts := strings.Split(tok, ".")
			if len(parts) != 3 {
				return fmt.Errorf("issuer token is not a JWS")
			}
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			payload = []byte(strings.Replace(string(payload), `"scope":"`, `"scope":"x `, 1))
			tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
			other, _ := rsa.GenerateKey(rand.Reader, 2048)
			s := Signer{Issuer: "https://test.maskinporten.no/", Now: e.now}
			if e.Signer != nil {
				s.Issuer = e.Signer.Issuer
			}
			unknown, err := s.Sign(s.Claims(TokenRequest{Consumer: im.consumer, Scope: im.konto, Audience: e.audience()}), jose.RS256, other, "unknown-kid")
			if err != nil {
				return err
			}
			return all(
				func() error { return e.listWith(ctx, im, e.party(), withToken(tampered), 401, "ACC-010") },
				func() error { return e.listWith(ctx, im, e.party(), withToken(unknown), 401, "ACC-010") },
			)
		}},
		{27, "token of another issuer → 401 ACC-010", func(ctx context.Context, e *Env) error {
			return e.listForged(ctx, func(c map[string]any) { c["iss"] = "https://maskinporten.example/" }, 401, "ACC-010")
		}},
		{28, "aud of another bank or absent → 401; trailing slash or array → 200", func(ctx context.Context, e *Env) error {
			return all(
				func() error {
					return e.listForged(ctx, func(c map[string]any) { c["aud"] = strings.Replace(e.BankURL, "/v2", "x/v2", 1) }, 401, "ACC-010")
				},
				func() error { return e.listForged(ctx, func(c map[string]any) { delete(c, "aud") }, 401, "ACC-010") },
				func() error { return e.listForged(ctx, func(c map[string]any) { c["aud"] = e.BankURL + "/" }, 200, "") },
				func() error {
					return e.listForged(ctx, func(c map[string]any) { c["aud"] = []string{e.BankURL} }, 200, "")
				},
			)
		}},
		{29, "customerRelationships does not check aud", func(ctx context.Context, e *Env) error {
			if err := needSigner(e); err != nil {
				return err
			}
			if e.KundeforholdURL == "" {
				return skip("no kundeforhold base URL")
			}
			for _, aud := range []any{nil, "unspecified", e.BankURL} {
				c := e.Signer.Claims(TokenRequest{Consumer: im.consumer, Scope: im.kf})
				if aud != nil {
					c["aud"] = aud
				}
				tok, err := e.Signer.Sign(c, jose.RS256, e.Signer.Key, e.Signer.Kid)
				if err != nil {
					return err
				}
				if err := e.kfWith(ctx, im, withToken(tok), 200, ""); err != nil {
					return fmt.Errorf("aud %v: %w", aud, err)
				}
			}
			return nil
		}},
		{30, "NAV consumer → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return e.listAs(ctx, im, OrgNAV, "", ScopeKontoIM, 403, "ACC-011")
		}},
		{31, "police with plain bits:kontoinformasjon → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return e.listAs(ctx, an, OrgPolitiet, "", ScopeKontoIM, 403, "ACC-011")
		}},
		{32, "IM consumer with the AN scope → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return e.listAs(ctx, im, OrgSkatteetaten, "", ScopeKontoAN, 403, "ACC-011")
		}},
		{33, "AN scope without supplier → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return e.listAs(ctx, an, OrgPolitiet, "", ScopeKontoAN, 403, "ACC-011")
		}},
		{34, "AN scope with a foreign supplier → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return e.listAs(ctx, an, OrgPolitiet, "991825827", ScopeKontoAN, 403, "ACC-011")
		}},
		{35, "IM token with only bits:kundeforhold on /accounts → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return e.listAs(ctx, im, OrgSkatteetaten, "", ScopeKfIM, 403, "ACC-011")
		}},
		{36, "bits:kontoinformasjon on customerRelationships → 403 ERR-001", func(ctx context.Context, e *Env) error {
			if e.KundeforholdURL == "" {
				return skip("no kundeforhold base URL")
			}
			tok, err := e.token(ctx, TokenRequest{Consumer: im.consumer, Scope: ScopeKontoIM})
			if err != nil {
				return err
			}
			return e.kfWith(ctx, im, withToken(tok), 403, "ERR-001")
		}},
		{37, "accountServicingProvider → 403 ERR-001", func(ctx context.Context, e *Env) error {
			if e.KundeforholdURL == "" {
				return skip("no kundeforhold base URL")
			}
			tok, err := e.token(ctx, TokenRequest{Consumer: im.consumer, Scope: "bits:kundeforhold.konto"})
			if err != nil {
				return err
			}
			return e.kfWith(ctx, im, both(withToken(tok), func(r *request) {
				r.url = e.KundeforholdURL + "/customers/accountServicingProvider"
				r.header.Set("AccountID", "12060000016")
			}), 403, "ERR-001")
		}},
		{38, "multi-scope token on /accounts → 200", func(ctx context.Context, e *Env) error {
			return e.listAs(ctx, im, OrgSkatteetaten, "", ScopeKontoIM+" "+ScopeKfIM, 200, "")
		}},
		{77, "nbf in the future, missing client_id/jti/client_amr, array scope → 401", func(ctx context.Context, e *Env) error {
			mods := []func(map[string]any){
				func(c map[string]any) { c["nbf"] = e.now().Unix() + 31 },
				func(c map[string]any) { delete(c, "client_id") },
				func(c map[string]any) { delete(c, "jti") },
				func(c map[string]any) { delete(c, "client_amr") },
				func(c map[string]any) { c["scope"] = []string{ScopeKontoIM} },
			}
			for i, m := range mods {
				if err := e.listForged(ctx, m, 401, "ACC-010"); err != nil {
					return fmt.Errorf("case %d: %w", i+1, err)
				}
			}
			return nil
		}},
		{78, "system-user token → 403 ACC-011 without a challenge", func(ctx context.Context, e *Env) error {
			tok, err := e.forged(func(c map[string]any) {
				c["authorization_details"] = []any{map[string]any{"type": "urn:altinn:systemuser",
					"systemuser_org": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:974761076"}}}
			})
			if err != nil {
				return err
			}
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			withToken(tok)(rq)
			resp, err := e.do(ctx, rq)
			if err != nil {
				return err
			}
			if err := expectStatus(resp, 403, "ACC-011"); err != nil {
				return err
			}
			return noWWWAuth(resp)
		}},
		{79, "RS384 token → 401 ACC-010", func(ctx context.Context, e *Env) error {
			if err := needSigner(e); err != nil {
				return err
			}
			c := e.Signer.Claims(TokenRequest{Consumer: im.consumer, Scope: im.konto, Audience: e.audience()})
			tok, err := e.Signer.Sign(c, jose.RS384, e.Signer.Key, e.Signer.Kid)
			if err != nil {
				return err
			}
			return e.listWith(ctx, im, e.party(), withToken(tok), 401, "ACC-010")
		}},
		{80, "insufficient_scope challenge names the scope; NAV 403 has none", func(ctx context.Context, e *Env) error {
			set, err := e.tokenFor(ctx, OrgSkatteetaten, "", ScopeKfIM)
			if err != nil {
				return err
			}
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			set(rq)
			resp, err := e.do(ctx, rq)
			if err != nil {
				return err
			}
			if err := expectStatus(resp, 403, "ACC-011"); err != nil {
				return err
			}
			want := `Bearer realm="dsop", error="insufficient_scope", scope="bits:kontoinformasjon"`
			if got := resp.header.Get("WWW-Authenticate"); got != want {
				return fmt.Errorf("WWW-Authenticate %q, want %q", got, want)
			}
			set, err = e.tokenFor(ctx, OrgNAV, "", ScopeKontoIM)
			if err != nil {
				return err
			}
			set(rq)
			if resp, err = e.do(ctx, rq); err != nil {
				return err
			}
			if err := expectStatus(resp, 403, "ACC-011"); err != nil {
				return err
			}
			return noWWWAuth(resp)
		}},
	}
}
