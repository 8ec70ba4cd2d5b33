package conformance

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Result is the outcome of one check.
type Result struct {
	Check  Check
	Err    error
	Status string // pass, fail, skip
}

// Run runs the checks (all when ids is empty) in number order.
func Run(ctx context.Context, e *Env, ids []int) []Result {
	cs := Checks()
	sort.Slice(cs, func(i, j int) bool { return cs[i].ID < cs[j].ID })
	want := map[int]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []Result
	for _, c := range cs {
		if len(want) > 0 && !want[c.ID] {
			continue
		}
		err := c.Run(ctx, e)
		st := "pass"
		switch {
		case IsSkip(err):
			st = "skip"
		case err != nil:
			st = "fail"
		}
		out = append(out, Result{Check: c, Err: err, Status: st})
	}
	return out
}

// PrintTable writes the pass/fail table; it returns the number of failures.
func PrintTable(w io.Writer, rs []Result) int {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tRESULT\tNAME\tDETAIL")
	fails, passes, skips := 0, 0, 0
	for _, r := range rs {
		detail := ""
		if r.Err != nil {
			detail = strings.ReplaceAll(clip(r.Err.Error()), "\n", " ")
		}
		switch r.Status {
		case "fail":
			fails++
		case "pass":
			passes++
		default:
			skips++
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Check.ID, strings.ToUpper(r.Status), r.Check.Name, detail)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d passed, %d failed, %d skipped\n", passes, fails, skips)
	return fails
}

// Command is `namsfogd conformance dsop --target BASE_URL`: it runs the
// checks against any bank's DSOP Control API and prints a table. Exit
// code 0 when no check failed, 1 when one did, 2 on bad usage.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "dsop" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("conformance dsop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", "", "base URL of the bank's DSOP Control API, e.g. http://localhost:8080/dsop/bank/311000004/v2 (required)")
	kf := fs.String("kundeforhold", "", "base URL of the customer-relationships API (default: derived from a namsfogd target)")
	tokenURL := fs.String("token-url", "", "namsfogd operator route that mints tokens (default: <namsfogd root>/admin/maskinporten/token)")
	operator := fs.String("operator-token", os.Getenv("NAMSFOGD_OPERATOR_TOKEN"), "operator token for --token-url")
	signingKey := fs.String("signing-key", "", "PEM private key of the token issuer, to sign (and forge) tokens directly")
	kid := fs.String("kid", "", "kid of --signing-key")
	issuer := fs.String("issuer", "", "iss of tokens signed with --signing-key")
	decrypt := fs.String("decrypt-key", "", "PEM private key of the consumer, to decrypt JWE answers")
	party := fs.String("party", "", "fødselsnummer/orgnr of a debtor with at least one deliverable account at the bank")
	fixture := fs.Bool("namsfogd-fixture", false, "the target serves namsfogd's reference world (dsop-kontroll.md §11.1)")
	today := fs.String("today", time.Now().Format("2006-01-02"), "the bank's today (YYYY-MM-DD)")
	production := fs.Bool("production", false, "the target runs the production profile (JWE only)")
	issuerTime := fs.String("issuer-time", "", "RFC 3339 instant tokens signed with --signing-key are issued at (for a target on a simulated clock; default now)")
	only := fs.String("checks", "", "comma-separated check numbers (default: all)")
	audience := fs.String("audience", "", "aud the bank expects (default: its URL as the namsfogd target publishes it, else --target)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *target == "" {
		fmt.Fprintln(stderr, "conformance dsop: --target is required")
		return 2
	}
	e := &Env{BankURL: strings.TrimSuffix(*target, "/"), KundeforholdURL: *kf, Today: *today, Party: *party, Production: *production}
	root := ""
	if i := strings.Index(e.BankURL, "/dsop/bank/"); i >= 0 {
		root = e.BankURL[:i]
		if e.KundeforholdURL == "" {
			e.KundeforholdURL = root + "/dsop/kundeforhold/v2"
		}
	}
	e.Audience = *audience
	if e.Audience == "" && root != "" {
		// A namsfogd target checks aud against its own public URL,
		// which may name another host than --target (localhost vs
		// 127.0.0.1): take the bank's URL from its index.
		e.Audience = publishedBankURL(ctx, root, e.BankURL[len(root):])
	}
	if *fixture {
		e.Fixture = ReferenceFixture()
	}
	if e.party() == "" {
		fmt.Fprintln(stderr, "conformance dsop: give --party or --namsfogd-fixture")
		return 2
	}
	switch {
	case *signingKey != "":
		key, err := readKey(*signingKey)
		if err != nil || *kid == "" || *issuer == "" {
			fmt.Fprintf(stderr, "conformance dsop: --signing-key needs a readable RSA key, --kid and --issuer (%v)\n", err)
			return 2
		}
		e.Signer = &Signer{Key: key, Kid: *kid, Issuer: *issuer}
		if *issuerTime != "" {
			at, err := time.Parse(time.RFC3339, *issuerTime)
			if err != nil {
				fmt.Fprintf(stderr, "conformance dsop: --issuer-time: %v\n", err)
				return 2
			}
			e.Signer.Now = func() time.Time { return at }
		}
		e.Issuer = e.Signer
	default:
		u := *tokenURL
		if u == "" && root != "" {
			u = root + "/admin/maskinporten/token"
		}
		if u == "" || *operator == "" {
			fmt.Fprintln(stderr, "conformance dsop: give --signing-key, or --token-url and --operator-token")
			return 2
		}
		e.Issuer = &AdminMinter{URL: u, OperatorToken: *operator}
	}
	if *decrypt != "" {
		key, err := readKey(*decrypt)
		if err != nil {
			fmt.Fprintf(stderr, "conformance dsop: --decrypt-key: %v\n", err)
			return 2
		}
		e.DecryptKey = key
	}
	var ids []int
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				fmt.Fprintf(stderr, "conformance dsop: bad check number %q\n", s)
				return 2
			}
			ids = append(ids, n)
		}
	}
	if PrintTable(stdout, Run(ctx, e, ids)) > 0 {
		return 1
	}
	return 0
}

// ReferenceFixture is namsfogd's reference world of §11.1.
func ReferenceFixture() *Fixture {
	return &Fixture{Debtor: "15838510075", DebtorOrg: "313000001", LoanOnly: validFNR(2, 2, 80, 100),
		Shielded: validFNR(3, 3, 80, 100), PartialParty: validFNR(4, 4, 80, 100), ManyParty: validFNR(5, 5, 80, 100)}
}

func readKey(file string) (*rsa.PrivateKey, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("not PEM")
	}
	if k, err := x509.ParsePKCS1PrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	return rk, nil
}

// publishedBankURL asks a namsfogd at root for its service index and
// returns the public URL of the bank whose path is path
// (/dsop/bank/<orgnr>/v2); "" when the index does not say.
func publishedBankURL(ctx context.Context, root, path string) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, root+"/", nil)
	if err != nil {
		return ""
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var idx struct {
		Services map[string]string `json:"services"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&idx) != nil {
		return ""
	}
	tmpl := idx.Services["DSOP Kontroll (bank API)"]
	i := strings.Index(tmpl, "/dsop/bank/{orgnr}")
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/") // dsop bank <orgnr> v2
	if i < 0 || len(parts) < 3 {
		return ""
	}
	return strings.Replace(tmpl, "{orgnr}", parts[2], 1)
}
