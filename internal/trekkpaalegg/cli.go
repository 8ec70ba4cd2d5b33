package trekkpaalegg

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

const cliUsage = `usage: namsfogd trekk [--url URL] [--token T] <command> [arguments]

Talks to a running namsfogd's operator API (/admin/trekkpaalegg).

commands:
  create --trekkpliktig ORGNR --skyldner FNR --start YYYY-MM-DD [--slutt YYYY-MM-DD]
         (--beloep KRONER | --prosent P) [--saksnummer S]
  from-decision --skyldner FNR [--trekkpliktig ORGNR] [--saksnummer S] [--beloep K | --prosent P]
  version TREKKID FILE|-       publish a new version (JSON {"trekkstoerrelseForPeriode": [...]})
  close TREKKID                end the order today
  fixtures [FILE|-]            load versions verbatim (default: the 19 published examples)
  autoclose                    run the daily auto-close now
  get TREKKID [VERSJON]        show the latest or one version
  list --trekkpliktig ORGNR [--fra N] [--maks N]

flags:
  --url    base URL of namsfogd (env NAMSFOGD_URL, default http://localhost:8080)
  --token  operator token (env NAMSFOGD_OPERATOR_TOKEN, or the file data/operator-token)
`

// TrekkCommand is "namsfogd trekk": operator commands for trekkpålegg
// against a running server. It returns the process exit code.
func TrekkCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("trekk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, cliUsage) }
	base := fs.String("url", envOr("NAMSFOGD_URL", "http://localhost:8080"), "")
	token := fs.String("token", os.Getenv("NAMSFOGD_OPERATOR_TOKEN"), "")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *token == "" {
		if b, err := os.ReadFile("data/operator-token"); err == nil {
			*token = strings.TrimSpace(string(b))
		}
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return 2
	}
	c := cli{base: strings.TrimSuffix(*base, "/") + "/admin/trekkpaalegg", token: *token, out: stdout, err: stderr}
	cmd, rest := rest[0], rest[1:]
	switch cmd {
	case "create", "from-decision":
		return c.create(ctx, cmd, rest)
	case "version":
		if len(rest) != 2 {
			return c.usage("version TREKKID FILE|-")
		}
		body, err := readArg(rest[1])
		if err != nil {
			return c.fail(err)
		}
		return c.call(ctx, http.MethodPost, "/"+url.PathEscape(rest[0])+"/versjoner", body)
	case "close":
		if len(rest) != 1 {
			return c.usage("close TREKKID")
		}
		return c.call(ctx, http.MethodPost, "/"+url.PathEscape(rest[0])+"/avslutt", nil)
	case "fixtures":
		var body []byte
		if len(rest) == 1 {
			var err error
			if body, err = readArg(rest[0]); err != nil {
				return c.fail(err)
			}
		}
		return c.call(ctx, http.MethodPost, "/fixtures", body)
	case "autoclose":
		return c.call(ctx, http.MethodPost, "/auto-avslutt", nil)
	case "get":
		if len(rest) < 1 || len(rest) > 2 {
			return c.usage("get TREKKID [VERSJON]")
		}
		p := "/" + url.PathEscape(rest[0])
		if len(rest) == 2 {
			p += "/" + url.PathEscape(rest[1])
		}
		return c.call(ctx, http.MethodGet, p, nil)
	case "list":
		lf := flag.NewFlagSet("list", flag.ContinueOnError)
		lf.SetOutput(stderr)
		org := lf.String("trekkpliktig", "", "")
		fra := lf.String("fra", "", "")
		maks := lf.String("maks", "", "")
		if lf.Parse(rest) != nil || *org == "" {
			return c.usage("list --trekkpliktig ORGNR [--fra N] [--maks N]")
		}
		q := url.Values{"trekkpliktig": {*org}}
		if *fra != "" {
			q.Set(ParamFraSekvensnummer, *fra)
		}
		if *maks != "" {
			q.Set(ParamMaksAntall, *maks)
		}
		return c.call(ctx, http.MethodGet, "?"+q.Encode(), nil)
	}
	fmt.Fprintf(stderr, "trekk: unknown command %q\n\n", cmd)
	fs.Usage()
	return 2
}

type cli struct {
	base, token string
	out, err    io.Writer
}

func (c cli) usage(s string) int { fmt.Fprintln(c.err, "usage: namsfogd trekk "+s); return 2 }

func (c cli) fail(err error) int { fmt.Fprintln(c.err, "trekk:", err); return 1 }

func (c cli) create(ctx context.Context, cmd string, args []string) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(c.err)
	org := fs.String("trekkpliktig", "", "")
	nin := fs.String("skyldner", "", "")
	sak := fs.String("saksnummer", "", "")
	start := fs.String("start", "", "")
	slutt := fs.String("slutt", "", "")
	beloep := fs.Float64("beloep", 0, "")
	prosent := fs.Float64("prosent", 0, "")
	if fs.Parse(args) != nil || fs.NArg() > 0 {
		return c.usage(cmd + " (see namsfogd trekk --help)")
	}
	var v any
	if cmd == "from-decision" {
		v = decisionInput{Skyldner: *nin, Trekkpliktig: *org, Saksnummer: *sak, Startdato: *start, Sluttdato: *slutt,
			Trekkbeloep: *beloep, Trekkprosent: *prosent}
	} else {
		p := Beloep(*start, *slutt, *beloep)
		if *prosent > 0 || *beloep == 0 {
			p = Prosent(*start, *slutt, *prosent)
		}
		v = CreateOrder{Trekkpliktig: *org, Skyldner: *nin, Saksnummer: *sak, TrekkstoerrelseForPeriode: []TrekkstoerrelseForPeriode{p}}
	}
	body, _ := json.Marshal(v)
	path := ""
	if cmd == "from-decision" {
		path = "/fra-beslutning"
	}
	return c.call(ctx, http.MethodPost, path, body)
}

// call sends one request and prints the JSON answer; 4xx/5xx exit 1.
func (c cli) call(ctx context.Context, method, path string, body []byte) int {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return c.fail(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return c.fail(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 256<<20))
	var pretty bytes.Buffer
	if json.Indent(&pretty, b, "", "  ") == nil {
		b = append(pretty.Bytes(), '\n')
	}
	if res.StatusCode >= 400 {
		fmt.Fprintf(c.err, "trekk: %s\n%s", res.Status, b)
		return 1
	}
	c.out.Write(b)
	return 0
}

func readArg(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
