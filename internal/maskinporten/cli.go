package maskinporten

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// TokenCommand is `namsfogd token`: it prints an access token on stdout
// and nothing else, so that
//
//	curl -H "Authorization: Bearer $(namsfogd token --org 974761076 --scope bits:kontoinformasjon)" ...
//
// works in one line. With --key (and --client-id, --kid or --cert) it is
// a real Maskinporten client: it builds and signs the JWT-bearer grant
// locally and posts it to the token endpoint. Without --key it asks the
// operator API to mint a token with a key the server holds (seeded
// clients, generate_key). Errors go to stderr with exit code 1.
func TokenCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(name, def string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return def
	}
	var (
		server    = fs.String("server", env("NAMSFOGD_URL", "http://localhost:8080"), "namsfogd base URL (env NAMSFOGD_URL)")
		opToken   = fs.String("operator-token", os.Getenv("NAMSFOGD_OPERATOR_TOKEN"), "operator token (env NAMSFOGD_OPERATOR_TOKEN; default: <data-dir>/operator-token)")
		dataDir   = fs.String("data-dir", env("NAMSFOGD_DATA_DIR", "./data"), "data directory holding operator-token (env NAMSFOGD_DATA_DIR)")
		orgnr     = fs.String("org", "", "organisation number of the client owner (uses its seeded client)")
		clientID  = fs.String("client-id", "", "client id")
		scope     = fs.String("scope", "", "scope(s), space-separated")
		consumer  = fs.String("consumer-org", "", "consumer_org: act as supplier for this organisation (delegation)")
		suOrg     = fs.String("systemuser-org", "", "customer organisation of a system user (systembruker)")
		extRef    = fs.String("external-ref", "", "externalRef of the system user")
		keyFile   = fs.String("key", "", "PEM private key: build and sign the grant locally")
		kid       = fs.String("kid", "", "key identifier registered on the client (with --key)")
		certFile  = fs.String("cert", "", "PEM certificate(s) for the x5c header instead of --kid (with --key)")
		resource  = fs.String("resource", "", "resource (audience) for an audience-restricted token")
		pid       = fs.String("pid", "", "fødselsnummer for a pid-restricted token")
		issuer    = fs.String("issuer", "", "issuer (aud of the grant); default: read from the metadata")
		printJSON = fs.Bool("json", false, "print the whole token response as JSON")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namsfogd token [--org ORGNR | --client-id ID] --scope SCOPE [--consumer-org ORGNR] [--systemuser-org ORGNR]")
		fmt.Fprintln(stderr, "       namsfogd token --key key.pem --client-id ID (--kid KID | --cert cert.pem) --scope SCOPE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "namsfogd token: "+format+"\n", a...)
		return 1
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q", fs.Arg(0))
	}
	if strings.TrimSpace(*scope) == "" {
		return fail("--scope is required")
	}
	base := strings.TrimSuffix(*server, "/")
	hc := &http.Client{Timeout: 30 * time.Second}
	var (
		body []byte
		err  error
	)
	if *keyFile != "" {
		if *clientID == "" {
			return fail("--key needs --client-id")
		}
		if *kid == "" && *certFile == "" {
			return fail("--key needs --kid or --cert")
		}
		body, err = clientGrant(ctx, hc, base, grantOptions{
			keyFile: *keyFile, certFile: *certFile, kid: *kid, clientID: *clientID, scope: *scope, issuer: *issuer,
			consumerOrg: *consumer, systemUserOrg: *suOrg, externalRef: *extRef, resource: *resource, pid: *pid,
		})
	} else {
		if *clientID == "" && *orgnr == "" {
			return fail("give --org or --client-id (or --key with --client-id and --kid)")
		}
		tok := strings.TrimSpace(*opToken)
		if tok == "" {
			b, rerr := os.ReadFile(filepath.Join(*dataDir, "operator-token"))
			if rerr != nil {
				return fail("no operator token: set --operator-token or NAMSFOGD_OPERATOR_TOKEN, or run where %s exists", filepath.Join(*dataDir, "operator-token"))
			}
			tok = strings.TrimSpace(string(b))
		}
		req := MintRequest{ClientID: *clientID, Org: *orgnr, Scope: *scope, ConsumerOrg: *consumer,
			SystemUserOrg: *suOrg, ExternalRef: *extRef, PID: *pid}
		if *resource != "" {
			req.Resource = []string{*resource}
		}
		body, err = operatorMint(ctx, hc, base, tok, req)
	}
	if err != nil {
		return fail("%v", err)
	}
	if *printJSON {
		stdout.Write(body)
		return 0
	}
	var resp struct {
		AccessToken string `json:"access_token"`
	}
	if json.Unmarshal(body, &resp) != nil || resp.AccessToken == "" {
		return fail("the server answered without an access token")
	}
	fmt.Fprintln(stdout, resp.AccessToken)
	return 0
}

type grantOptions struct {
	keyFile, certFile, kid, clientID, scope, issuer string
	consumerOrg, systemUserOrg, externalRef         string
	resource, pid                                   string
}

// clientGrant is the real client path: read the key, build the grant,
// post it to the token endpoint named by the metadata.
func clientGrant(ctx context.Context, hc *http.Client, base string, o grantOptions) ([]byte, error) {
	key, err := readPrivateKey(o.keyFile)
	if err != nil {
		return nil, err
	}
	var x5c [][]byte
	if o.certFile != "" && o.kid == "" {
		if x5c, err = readCertificates(o.certFile); err != nil {
			return nil, err
		}
	}
	iss, tokenURL := o.issuer, ""
	if iss == "" {
		iss, tokenURL, err = discover(ctx, hc, base)
		if err != nil {
			return nil, err
		}
	}
	if tokenURL == "" {
		tokenURL = strings.TrimSuffix(iss, "/") + "/token"
	}
	now := time.Now()
	var jti [16]byte
	rand.Read(jti[:])
	claims := map[string]any{"aud": iss, "iss": o.clientID, "scope": o.scope, "iat": now.Unix(),
		"exp": now.Unix() + 120, "jti": fmt.Sprintf("%x", jti)}
	if o.consumerOrg != "" {
		claims["consumer_org"] = o.consumerOrg
	}
	if o.systemUserOrg != "" {
		e := map[string]any{"type": typeSystemUser, "systemuser_org": org(o.systemUserOrg)}
		if o.externalRef != "" {
			e["externalRef"] = o.externalRef
		}
		claims["authorization_details"] = []any{e}
	}
	if o.resource != "" {
		claims["resource"] = o.resource
	}
	if o.pid != "" {
		claims["pid"] = o.pid
	}
	assertion, err := BuildAssertion(key, o.kid, x5c, claims)
	if err != nil {
		return nil, err
	}
	form := url.Values{"grant_type": {grantTypeJWTBearer}, "assertion": {assertion}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	return do(hc, req)
}

// discover reads the issuer and token endpoint from the metadata.
func discover(ctx context.Context, hc *http.Client, base string) (string, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/maskinporten/.well-known/oauth-authorization-server", nil)
	if err != nil {
		return "", "", err
	}
	body, err := do(hc, req)
	if err != nil {
		return "", "", fmt.Errorf("read metadata: %w", err)
	}
	var m metadata
	if err := json.Unmarshal(body, &m); err != nil || m.Issuer == "" {
		return "", "", errors.New("read metadata: no issuer")
	}
	return m.Issuer, m.TokenEndpoint, nil
}

func operatorMint(ctx context.Context, hc *http.Client, base, token string, r MintRequest) ([]byte, error) {
	b, _ := json.Marshal(r)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/admin/maskinporten/token", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return do(hc, req)
}

// do sends req and returns the body of a 2xx answer; otherwise an error
// made of the body's error fields.
func do(hc *http.Client, req *http.Request) ([]byte, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		return body, nil
	}
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
		Message     string `json:"message"`
		Field       string `json:"field"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error != "" {
		msg := e.Description + e.Message
		if e.Field != "" {
			msg += " (field " + e.Field + ")"
		}
		return nil, fmt.Errorf("%s: %s: %s", resp.Status, e.Error, msg)
	}
	return nil, fmt.Errorf("%s from %s", resp.Status, req.URL.Redacted())
}

func readPrivateKey(path string) (*rsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for rest := b; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			return nil, fmt.Errorf("%s: no RSA private key in PEM", path)
		}
		switch blk.Type {
		case "RSA PRIVATE KEY":
			return x509.ParsePKCS1PrivateKey(blk.Bytes)
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if rk, ok := k.(*rsa.PrivateKey); ok {
				return rk, nil
			}
			return nil, fmt.Errorf("%s: not an RSA key (Maskinporten needs RSA)", path)
		}
	}
}

func readCertificates(path string) ([][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for rest := b; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if blk.Type == "CERTIFICATE" {
			out = append(out, blk.Bytes)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no certificate in PEM", path)
	}
	return out, nil
}
