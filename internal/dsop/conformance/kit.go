package conformance

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Well-known identifiers of the FI-Utlegg Saldo profiles (spec:
// dsop-kontroll.md §2).
const (
	OrgSkatteetaten = "974761076"
	OrgPolitiet     = "915429785"
	OrgNAV          = "889640782"

	ScopeKontoIM = "bits:kontoinformasjon"
	ScopeKontoAN = "bits:kontoinformasjon.fi.utlegg.an"
	ScopeKfIM    = "bits:kundeforhold"
	ScopeKfAN    = "bits:kundeforhold.fi.utlegg.an"

	MandateIM = "Innkrevingsloven%20%C2%A7%2011%20f%C3%B8rste%20ledd%20jf.%20innkrevingsforskriften%20%C2%A7%2011-3"
	MandateAN = "Tvangsfullbyrdelsesloven%20%C2%A7%205-7%20andre%20ledd%20jf.%20forskrift%20om%20enkelte%20sp%C3%B8rsm%C3%A5l%20knyttet%20til%20saksbehandlingen%20hos%20namsmannen%20%C2%A7%203"
)

// TokenRequest asks an issuer for an access token.
type TokenRequest struct {
	Consumer string // 9-digit orgnr of consumer.ID
	Supplier string // 9-digit orgnr of supplier.ID, "" for none
	Scope    string
	// Audience is the aud claim (the token's resource); "" for none.
	Audience string
}

// Issuer gets access tokens.
type Issuer interface {
	Token(ctx context.Context, req TokenRequest) (string, error)
}

// Signer mints tokens itself with a key the target trusts (the
// Maskinporten issuer's key). It also forges bad tokens for the
// authentication checks.
type Signer struct {
	Key    *rsa.PrivateKey
	Kid    string
	Issuer string
	// Now is the issuer's clock; nil means time.Now.
	Now func() time.Time
}

// Claims returns the claim set of a valid Maskinporten token for req
// (spec: maskinporten.md §3.3).
func (s *Signer) Claims(req TokenRequest) map[string]any {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	c := map[string]any{
		"iss": s.Issuer, "scope": req.Scope, "client_id": "conformance-kit", "client_amr": "private_key_jwt",
		"token_type": "Bearer", "jti": newUUID(), "iat": now.Unix(), "exp": now.Unix() + 120,
		"consumer": map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + req.Consumer},
	}
	if req.Supplier != "" {
		c["supplier"] = map[string]any{"authority": "iso6523-actorid-upis", "ID": "0192:" + req.Supplier}
	}
	if req.Audience != "" {
		c["aud"] = req.Audience
	}
	return c
}

// Token implements Issuer.
func (s *Signer) Token(_ context.Context, req TokenRequest) (string, error) {
	return s.Sign(s.Claims(req), jose.RS256, s.Key, s.Kid)
}

// Sign signs claims as a compact JWS.
func (s *Signer) Sign(claims map[string]any, alg jose.SignatureAlgorithm, key *rsa.PrivateKey, kid string) (string, error) {
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid)
	sg, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	obj, err := sg.Sign(payload)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// AdminMinter gets tokens from namsfogd's operator route POST
// /admin/maskinporten/token (a client with a server-held key per
// organisation must exist).
type AdminMinter struct {
	URL           string // e.g. http://localhost:8080/admin/maskinporten/token
	OperatorToken string // operator token
	HTTP          *http.Client
}

// Token implements Issuer.
func (m *AdminMinter) Token(ctx context.Context, req TokenRequest) (string, error) {
	body := map[string]any{"org": req.Consumer, "scope": req.Scope}
	if req.Supplier != "" {
		body["org"], body["consumer_org"] = req.Supplier, req.Consumer
	}
	if req.Audience != "" {
		body["resource"] = []string{req.Audience}
	}
	return postForToken(ctx, m.HTTP, m.URL, "Bearer "+m.OperatorToken, "application/json", body)
}

func postForToken(ctx context.Context, hc *http.Client, u, authz, ctype string, body any) (string, error) {
	b, _ := json.Marshal(body)
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(b))
	if err != nil {
		return "", err
	}
	r.Header.Set("Content-Type", ctype)
	if authz != "" {
		r.Header.Set("Authorization", authz)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(r)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode != 200 || json.Unmarshal(raw, &out) != nil || out.AccessToken == "" {
		return "", fmt.Errorf("token issuer answered %d: %s", resp.StatusCode, clip(string(raw)))
	}
	return out.AccessToken, nil
}

// Fixture names the parties of namsfogd's reference world (spec:
// dsop-kontroll.md §11.1 defaults); checks that need it skip without it.
type Fixture struct {
	Debtor       string // primary-owns salary, savings (disabled), credit card, loan, tax deduction
	DebtorOrg    string // owns a businessAccount at the bank
	LoanOnly     string // owns only a loanAccount at the bank
	Shielded     string // strengt fortrolig, owns a salaryAccount
	PartialParty string // one deliverable account is offline
	ManyParty    string // 1 005 deliverable accounts
}

// audience is the aud of tokens for the bank.
func (e *Env) audience() string {
	if e.Audience != "" {
		return e.Audience
	}
	return e.BankURL
}

// Env is where the checks run.
type Env struct {
	// BankURL is the absolute base URL of the bank's control API, also
	// the audience of its tokens unless Audience is set.
	BankURL string
	// Audience is the aud the bank expects when it differs from BankURL
	// (a bank reached under another host name than its own).
	Audience string
	// KundeforholdURL is the base URL of the overview; "" skips its checks.
	KundeforholdURL string
	Issuer          Issuer
	// Signer, when set, forges tokens for the authentication checks.
	Signer *Signer
	// Today is the bank's "today" (YYYY-MM-DD).
	Today string
	// Party is a debtor with at least one deliverable account at the bank.
	Party   string
	Fixture *Fixture
	// Production says the target runs the production profile (JWE only).
	Production bool
	// DecryptKey decrypts JWE answers, when the kit holds the consumer key.
	DecryptKey *rsa.PrivateKey
	HTTP       *http.Client
}

// errSkip marks a check that cannot run in this environment.
type errSkip struct{ reason string }

func (e errSkip) Error() string { return "skip: " + e.reason }

func skip(format string, args ...any) error { return errSkip{fmt.Sprintf(format, args...)} }

// IsSkip reports whether err is a skipped check.
func IsSkip(err error) bool { var s errSkip; return errors.As(err, &s) }

// request is one HTTP call of a check.
type request struct {
	method string
	url    string
	header http.Header
	query  string
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) json() map[string]any {
	var m map[string]any
	json.Unmarshal(r.body, &m)
	return m
}

func (e *Env) do(ctx context.Context, rq *request) (*response, error) {
	u := rq.url
	if rq.query != "" {
		u += "?" + rq.query
	}
	r, err := http.NewRequestWithContext(ctx, rq.method, u, nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range rq.header {
		r.Header[k] = vs
	}
	hc := e.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	// Never follow redirects: a redirect is itself a failure (§12 item 9).
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, err
}

func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

func dateQuery(today string) string {
	return "OnlyPrimaryOwner=true&fromDate=" + today + "&toDate=" + today
}

func kfQuery(today string) string {
	return "onlyPrimaryOwner=true&fromDate=" + today + "&toDate=" + today
}

func hasQueryPrefix(href, prefix string) bool {
	_, err := url.Parse(href)
	return err == nil && strings.HasPrefix(href, prefix)
}
