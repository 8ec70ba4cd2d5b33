package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Config is what the demo needs: where the server is and the operator
// token. cmd/namsfogd fills it from flags.
type Config struct {
	// BaseURL is the server's base URL, e.g. http://localhost:8080.
	BaseURL string
	// OperatorToken is the bearer token of /admin.
	OperatorToken string
	// Person is the debtor's fødselsnummer; empty = the first person of
	// the world whose story works (debt, a salary above the namsmann's
	// living costs, bank accounts).
	Person string
	// Target describes the server in the header, e.g. "in-process server".
	Target string
	// Out receives the story as plain text as it happens; nil = nothing.
	Out io.Writer
	// HTTPClient makes the calls; nil = a client with a 30 s timeout.
	HTTPClient *http.Client
}

// Report is the whole run, as --json prints it.
type Report struct {
	Target string  `json:"target"`
	Today  string  `json:"today"`
	Person string  `json:"person,omitempty"`
	OK     bool    `json:"ok"`
	Steps  []*Step `json:"steps"`
	// Cleanup says what became of the Maskinporten clients the run
	// registered.
	Cleanup string `json:"cleanup,omitempty"`
}

// Step is one chapter of the story: the calls made and what was learned.
type Step struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	OK     bool   `json:"ok"`
	// Skipped is set when an earlier step failed to produce this step's input.
	Skipped bool           `json:"skipped,omitempty"`
	Error   string         `json:"error,omitempty"`
	Calls   []*Call        `json:"calls"`
	Facts   map[string]any `json:"facts,omitempty"`
	lines   []string
}

// Call is one HTTP call, or several identical ones in a row (Count).
type Call struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"` // 0: no answer
	Count  int    `json:"count"`
	Millis int64  `json:"ms"`
	Note   string `json:"note,omitempty"`
}

func (st *Step) record(rq request, status int, took time.Duration) {
	shown := rq.shown
	if shown == "" {
		shown = rq.path
	}
	if n := len(st.Calls); n > 0 {
		if c := st.Calls[n-1]; c.Method == rq.method && c.Path == shown && c.Status == status {
			c.Count++
			c.Millis += took.Milliseconds()
			return
		}
	}
	st.Calls = append(st.Calls, &Call{Method: rq.method, Path: shown, Status: status, Count: 1,
		Millis: took.Milliseconds(), Note: rq.note})
}

// fact records what the step learned, for --json.
func (st *Step) fact(key string, v any) {
	if st.Facts == nil {
		st.Facts = map[string]any{}
	}
	st.Facts[key] = v
}

// say records one line of what the step learned, for the text output.
func (st *Step) say(format string, a ...any) {
	st.lines = append(st.lines, fmt.Sprintf(format, a...))
}

// run is one telling of the story.
type run struct {
	cfg    Config
	base   string
	hc     *http.Client
	report *Report
	mp     *maskinporten
	// The story so far.
	today     string
	person    person
	employer  organisation
	salary    int64
	collector organisation
	consentID string
	caseRef   string // eksternSaksreferanse
	saksnr    string // the namsmann's saksreferanse
	decision  string
	auditFrom int64 // the person's last audit record before the story
}

// Run tells the story and returns the report; err is non-nil when a step
// failed (the report says which). The Maskinporten clients the run
// registered are deleted before Run returns.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("demo: no server URL")
	}
	if cfg.OperatorToken == "" {
		return nil, errors.New("demo: no operator token")
	}
	d := &run{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), hc: cfg.HTTPClient,
		report: &Report{Target: cfg.BaseURL}}
	if d.hc == nil {
		d.hc = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Target != "" {
		d.report.Target += " (" + cfg.Target + ")"
	}
	d.printf("namsfogd demo: the debt lifecycle over one synthetic world, told through the public APIs\n")
	d.printf("target  %s\n", d.report.Target)

	chapters := []struct {
		title string
		fn    func(context.Context, *Step) error
	}{
		{"Setting the stage (operator API: the world clock, the people, the demo's Maskinporten clients)", d.stage},
		{"A lender checks the person's debt (Norsk Gjeldsinformasjon)", d.gjeld},
		{"The lender analyses the person's bank statement (statement analysis)", d.statement},
		{"The person defaults; a debt collector submits an utleggsbegjæring (Skatteetaten)", d.utleggsbegjaering},
		{"The namsmann takes the case and looks up the debtor's banks and accounts (DSOP Kontroll)", d.dsop},
		{"The namsmann decides; the collector reads the decision (utleggsbegjæring)", d.decide},
		{"The employer's payroll system polls its withholding orders (trekkpålegg)", d.trekkpaalegg},
		{"The audit log shows every disclosure of the person's data (operator API)", d.audit},
	}
	var failed error
	defer func() {
		if d.mp != nil {
			d.mp.cleanup(context.WithoutCancel(ctx), d)
		}
	}()
	for i, c := range chapters {
		st := &Step{Number: i, Title: c.title, Calls: []*Call{}}
		d.report.Steps = append(d.report.Steps, st)
		d.printf("\n%d. %s\n", st.Number, st.Title)
		if failed != nil && i != len(chapters)-1 {
			st.Skipped = true
			st.Error = "skipped: an earlier step failed"
			d.printf("   skipped: an earlier step failed\n")
			continue
		}
		err := c.fn(ctx, st)
		st.OK = err == nil
		d.printStep(st)
		if err != nil {
			st.Error = err.Error()
			d.printf("   FAILED: %v\n", err)
			if failed == nil {
				failed = fmt.Errorf("step %d (%s): %w", st.Number, st.Title, err)
			}
		}
	}
	d.report.OK = failed == nil
	if failed == nil {
		d.printf("\nThe whole story worked: %d steps, %d HTTP calls.\n", len(chapters), d.calls())
	} else {
		d.printf("\nThe story stopped: %v\n", failed)
	}
	return d.report, failed
}

func (d *run) calls() int {
	n := 0
	for _, st := range d.report.Steps {
		for _, c := range st.Calls {
			n += c.Count
		}
	}
	return n
}

func (d *run) printf(format string, a ...any) {
	if d.cfg.Out != nil {
		fmt.Fprintf(d.cfg.Out, format, a...)
	}
}

// printStep prints the calls of a step and what it learned.
func (d *run) printStep(st *Step) {
	if d.cfg.Out == nil {
		return
	}
	w := 0
	for _, c := range st.Calls {
		w = max(w, len(c.Method)+1+len(c.Path))
	}
	w = min(w, 78)
	for _, c := range st.Calls {
		what := c.Method + " " + c.Path
		status := "no answer"
		if c.Status != 0 {
			status = fmt.Sprintf("%d %s", c.Status, http.StatusText(c.Status))
		}
		count := ""
		if c.Count > 1 {
			count = fmt.Sprintf(" ×%d", c.Count)
		}
		note := ""
		if c.Note != "" {
			note = "  [" + c.Note + "]"
		}
		fmt.Fprintf(d.cfg.Out, "   %-*s  → %s%s%s\n", w, what, status, count, note)
	}
	for _, l := range st.lines {
		// A line that starts with spaces continues the one above it.
		if strings.HasPrefix(l, "  ") {
			fmt.Fprintf(d.cfg.Out, "   %s\n", l)
		} else {
			fmt.Fprintf(d.cfg.Out, "   • %s\n", l)
		}
	}
}

// JSON renders the report as indented JSON.
func (r *Report) JSON() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(r)
	return buf.Bytes()
}
