package conformance

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// forbidden sends a request to /accounts/{ref}/<sub> as p.
func (e *Env) forbidden(ctx context.Context, p profile, ref, sub string, mod func(*request), status int, code string) error {
	rq, err := e.accounts(ctx, p, e.party(), newUUID())
	if err != nil {
		return err
	}
	rq.url = e.BankURL + "/accounts/" + ref + "/" + sub
	if mod != nil {
		mod(rq)
	}
	return e.expect(ctx, rq, status, code)
}

func protocolChecks() []Check {
	return []Check{
		{39, "IM transactions → 403 ACC-011", func(ctx context.Context, e *Env) error {
			_, ref, err := e.firstRef(ctx, im, e.party(), "")
			if err != nil {
				return err
			}
			return e.forbidden(ctx, im, ref, "transactions", nil, 403, "ACC-011")
		}},
		{40, "AN roles → 403 ACC-011", func(ctx context.Context, e *Env) error {
			_, ref, err := e.firstRef(ctx, an, e.party(), "")
			if err != nil {
				return err
			}
			return e.forbidden(ctx, an, ref, "roles", nil, 403, "ACC-011")
		}},
		{41, "IM cards → 403 ACC-011", func(ctx context.Context, e *Env) error {
			_, ref, err := e.firstRef(ctx, im, e.party(), "")
			if err != nil {
				return err
			}
			return e.forbidden(ctx, im, ref, "cards", nil, 403, "ACC-011")
		}},
		{42, "transactions of an unknown reference → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return e.forbidden(ctx, im, newUUID(), "transactions", nil, 403, "ACC-011")
		}},
		{43, "transactions without a token → 401 ACC-010", func(ctx context.Context, e *Env) error {
			return e.forbidden(ctx, im, newUUID(), "transactions", delH("Authorization"), 401, "ACC-010")
		}},
		{44, "POST /accounts and DELETE /accounts/{ref} → 405 ACC-012 with Allow: GET", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			for _, c := range []*request{methodReq(rq, http.MethodPost), withPath(methodReq(rq, http.MethodDelete), "/accounts/"+newUUID())} {
				resp, err := e.do(ctx, c)
				if err != nil {
					return err
				}
				if err := expectStatus(resp, 405, "ACC-012"); err != nil {
					return err
				}
				if resp.header.Get("Allow") != "GET" {
					return fmt.Errorf("Allow %q", resp.header.Get("Allow"))
				}
			}
			return nil
		}},
		{45, "Accept: application/xml → 406 ACC-013", func(ctx context.Context, e *Env) error {
			return e.listWith(ctx, im, e.party(), setH("Accept", "application/xml"), 406, "ACC-013")
		}},
		{46, "production: Accept application/json only → 406 ACC-013", func(ctx context.Context, e *Env) error {
			if !e.Production {
				return skip("target runs the test profile")
			}
			return e.listWith(ctx, im, e.party(), setH("Accept", "application/json"), 406, "ACC-013")
		}},
		{71, "error bodies are plain JSON with the API's keys", func(ctx context.Context, e *Env) error {
			return all(
				func() error { return e.listWith(ctx, im, e.party(), delH("RequesterID"), 400, "ACC-001") },
				func() error { return e.kfWith(ctx, im, delH("CustomerID"), 400, "ERR-002") },
			)
		}},
		{72, "CorrelationID echoed when valid, absent otherwise", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			id := rq.header.Get("CorrelationID")
			resp, err := e.do(ctx, rq)
			if err != nil {
				return err
			}
			if resp.header.Get("CorrelationID") != id {
				return fmt.Errorf("CorrelationID echo %q, want %q", resp.header.Get("CorrelationID"), id)
			}
			rq.header.Set("CorrelationID", "12345")
			if resp, err = e.do(ctx, rq); err != nil {
				return err
			}
			if v := resp.header.Get("CorrelationID"); v != "" {
				return fmt.Errorf("invalid CorrelationID echoed as %q", v)
			}
			return nil
		}},
		{76, "no account name and no forbidden account type in any answer", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			l, _, err := e.list(ctx, rq)
			if err != nil {
				return err
			}
			for _, a := range l.Accounts {
				if err := checkAccountShape(a); err != nil {
					return err
				}
			}
			return nil
		}},
		{81, "unknown routes → 404 ACC-002 / ERR-011, never a redirect", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			checks := []func() error{
				func() error { return e.expect(ctx, withPath(rq, "/accounts/"), 404, "ACC-002") },
				func() error { return e.expect(ctx, withPath(rq, "/foo"), 404, "ACC-002") },
			}
			if i := strings.LastIndex(e.BankURL, "/bank/"); i >= 0 {
				c := *rq
				c.url = e.BankURL[:i] + "/bank/999999999/v2/accounts"
				checks = append(checks, func() error { return e.expect(ctx, &c, 404, "ACC-002") })
			}
			if e.KundeforholdURL != "" {
				checks = append(checks, func() error {
					return e.kfWith(ctx, im, func(r *request) { r.url = e.KundeforholdURL + "/customers/foo" }, 404, "ERR-011")
				})
			}
			return all(checks...)
		}},
		{82, "HEAD /accounts → 405 ACC-012", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			resp, err := e.do(ctx, methodReq(rq, http.MethodHead))
			if err != nil {
				return err
			}
			if resp.status != 405 || resp.header.Get("Allow") != "GET" {
				return fmt.Errorf("HEAD: status %d, Allow %q", resp.status, resp.header.Get("Allow"))
			}
			return nil
		}},
		{83, "GET /accounts/not-a-uuid → 404 ACC-002", func(ctx context.Context, e *Env) error {
			return e.detailsWith(ctx, func(r *request) { r.url = e.BankURL + "/accounts/not-a-uuid" }, 404, "ACC-002")
		}},
		{84, "PartyID that is an account number → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return e.listWith(ctx, im, e.party(), setH("PartyID", "12060000016"), 400, "ACC-001")
		}},
		{85, "repeated query parameters", func(ctx context.Context, e *Env) error {
			d := "&fromDate=" + e.Today + "&toDate=" + e.Today
			return all(
				func() error {
					return e.listWith(ctx, im, e.party(), setQ("OnlyPrimaryOwner=true&onlyPrimaryOwner=true"+d), 200, "")
				},
				func() error {
					return e.listWith(ctx, im, e.party(), setQ("OnlyPrimaryOwner=true&onlyprimaryowner=false"+d), 400, "ACC-001")
				},
				func() error {
					return e.kfWith(ctx, im, setQ("onlyPrimaryOwner=true&fromDate="+e.Today+"&fromDate=2000-01-01&toDate="+e.Today), 400, "ERR-003")
				},
			)
		}},
		{86, "multi-defect requests follow the evaluation order", func(ctx context.Context, e *Env) error {
			rq, err := e.accounts(ctx, im, e.party(), newUUID())
			if err != nil {
				return err
			}
			c := *rq
			c.header = rq.header.Clone()
			c.header.Del("CorrelationID")
			c.header.Del("RequesterID")
			resp, err := e.do(ctx, &c)
			if err != nil {
				return err
			}
			if err := expectStatus(resp, 400, "ACC-001"); err != nil {
				return err
			}
			if !strings.Contains(str(resp.json()["message"]), "CorrelationID") {
				return fmt.Errorf("message %q does not name CorrelationID", resp.json()["message"])
			}
			return all(
				func() error {
					return e.listWith(ctx, im, e.party(), both(setH("Legal-Mandate", MandateAN), delH("PartyID")), 403, "ACC-011")
				},
				func() error {
					return e.forbidden(ctx, im, newUUID(), "cards", delH("Legal-Mandate"), 403, "ACC-011")
				},
				func() error {
					return e.listWith(ctx, im, e.party(), both(delH("Authorization"), setH("Accept", "application/xml")), 401, "ACC-010")
				},
				func() error {
					c := methodReq(rq, http.MethodPost)
					c.header = rq.header.Clone()
					c.header.Del("Authorization")
					return e.expect(ctx, c, 405, "ACC-012")
				},
			)
		}},
		{87, "a tampered page value → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return e.listWith(ctx, im, e.party(), setQ(dateQuery(e.Today)+"&page="+newUUID()), 400, "ACC-001")
		}},
		{88, "Accept lists: JSON with */*; kundeforhold xml → 406 ERR-007", func(ctx context.Context, e *Env) error {
			checks := []func() error{
				func() error { return e.kfWith(ctx, im, setH("Accept", "application/xml"), 406, "ERR-007") },
			}
			if e.Production {
				checks = append(checks, func() error { return e.jweList(ctx, "application/json, */*") })
			} else {
				checks = append(checks, func() error {
					rq, err := e.accounts(ctx, im, e.party(), newUUID())
					if err != nil {
						return err
					}
					rq.header.Set("Accept", "application/json, */*")
					resp, err := e.do(ctx, rq)
					if err != nil {
						return err
					}
					if resp.status != 200 || resp.header.Get("Content-Type") != "application/json" {
						return fmt.Errorf("status %d, Content-Type %q", resp.status, resp.header.Get("Content-Type"))
					}
					return nil
				})
			}
			return all(checks...)
		}},
		{89, "error bodies have exactly the API's keys", func(ctx context.Context, e *Env) error {
			// expectStatus checks the exact key sets.
			return all(
				func() error { return e.listWith(ctx, im, e.party(), setH("Accept", "text/html"), 406, "ACC-013") },
				func() error { return e.kfWith(ctx, im, setQ("onlyPrimaryOwner=false"), 400, "ERR-005") },
			)
		}},
	}
}
