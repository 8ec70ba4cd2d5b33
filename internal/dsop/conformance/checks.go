package conformance

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Check is one conformance check of spec: dsop-kontroll.md §11.1,
// numbered as there.
type Check struct {
	ID   int
	Name string
	Run  func(ctx context.Context, e *Env) error
}

// Checks lists every check the kit runs, by number.
func Checks() []Check {
	var all []Check
	all = append(all, happyChecks()...)
	all = append(all, authChecks()...)
	all = append(all, protocolChecks()...)
	all = append(all, paramChecks()...)
	return all
}

// Lookup returns the check with the given number.
func Lookup(id int) (Check, bool) {
	for _, c := range Checks() {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// party is the debtor of the checks: the fixture's, or the configured one.
func (e *Env) party() string {
	if e.Fixture != nil {
		return e.Fixture.Debtor
	}
	return e.Party
}

func needFixture(e *Env) error {
	if e.Fixture == nil {
		return skip("needs namsfogd's reference world (fixture)")
	}
	return nil
}

func needSigner(e *Env) error {
	if e.Signer == nil {
		return skip("needs the issuer's signing key to forge tokens")
	}
	return nil
}

// listWith runs a valid list request of p for party after mod changed it
// and expects status/code.
func (e *Env) listWith(ctx context.Context, p profile, party string, mod func(*request), status int, code string) error {
	rq, err := e.accounts(ctx, p, party, newUUID())
	if err != nil {
		return err
	}
	if mod != nil {
		mod(rq)
	}
	return e.expect(ctx, rq, status, code)
}

// detailsWith gets a valid reference, builds a details request, lets mod
// change it and expects status/code.
func (e *Env) detailsWith(ctx context.Context, mod func(*request), status int, code string) error {
	list, ref, err := e.firstRef(ctx, im, e.party(), "")
	if err != nil {
		return err
	}
	rq := e.details(list, ref)
	if mod != nil {
		mod(rq)
	}
	return e.expect(ctx, rq, status, code)
}

// kfWith runs a customerRelationships request after mod.
func (e *Env) kfWith(ctx context.Context, p profile, mod func(*request), status int, code string) error {
	rq, err := e.kf(ctx, p, e.party())
	if err != nil {
		return err
	}
	if mod != nil {
		mod(rq)
	}
	return e.expect(ctx, rq, status, code)
}

func setH(name, value string) func(*request) {
	return func(r *request) { r.header.Set(name, value) }
}

func delH(name string) func(*request) {
	return func(r *request) { r.header.Del(name) }
}

func setQ(q string) func(*request) {
	return func(r *request) { r.query = q }
}

func both(fs ...func(*request)) func(*request) {
	return func(r *request) {
		for _, f := range fs {
			f(r)
		}
	}
}

// all runs several sub-checks and reports the first failure.
func all(errs ...func() error) error {
	for i, f := range errs {
		if err := f(); err != nil {
			if IsSkip(err) {
				return err
			}
			return fmt.Errorf("case %d: %w", i+1, err)
		}
	}
	return nil
}

func containsKey(m map[string]any, k string) bool { _, ok := m[k]; return ok }

func str(v any) string { s, _ := v.(string); return s }

func path(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

func noWWWAuth(resp *response) error {
	if v := resp.header.Get("WWW-Authenticate"); v != "" {
		return fmt.Errorf("unexpected WWW-Authenticate %q", v)
	}
	return nil
}

func methodReq(rq *request, m string) *request {
	c := *rq
	c.method = m
	return &c
}

func withPath(rq *request, suffix string) *request {
	c := *rq
	c.url = strings.TrimSuffix(c.url, "/accounts") + suffix
	return &c
}

var _ = http.MethodGet
