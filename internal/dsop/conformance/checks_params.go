package conformance

import (
	"context"
	"strings"
)

func paramChecks() []Check {
	l := func(ctx context.Context, e *Env, mod func(*request), status int, code string) func() error {
		return func() error { return e.listWith(ctx, im, e.party(), mod, status, code) }
	}
	bad := func(ctx context.Context, e *Env, mods ...func(*request)) error {
		var fs []func() error
		for _, m := range mods {
			fs = append(fs, l(ctx, e, m, 400, "ACC-001"))
		}
		return all(fs...)
	}
	q := func(s string) func(*request) { return setQ(s) }
	return []Check{
		{48, "missing Legal-Mandate → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, delH("Legal-Mandate"))
		}},
		{49, "decoded Legal-Mandate → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, setH("Legal-Mandate", "Innkrevingsloven § 11 første ledd jf. innkrevingsforskriften § 11-3"))
		}},
		{50, "Legal-Mandate FI-Utlegg-Test → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, setH("Legal-Mandate", "FI-Utlegg-Test"))
		}},
		{51, "Skatt-kontroll mandate → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, setH("Legal-Mandate", "Skatteforvaltningsloven%20%C2%A7%2010-2"))
		}},
		{52, "mandate with doubled %20%20 → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, setH("Legal-Mandate", strings.Replace(MandateIM, "jf.%20", "jf.%20%20", 1)))
		}},
		{53, "the other profile's mandate → 403 ACC-011", func(ctx context.Context, e *Env) error {
			return all(
				l(ctx, e, setH("Legal-Mandate", MandateAN), 403, "ACC-011"),
				func() error { return e.listWith(ctx, an, e.party(), setH("Legal-Mandate", MandateIM), 403, "ACC-011") },
			)
		}},
		{54, "CorrelationID missing or not a UUID → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, delH("CorrelationID"), setH("CorrelationID", "12345"))
		}},
		{55, "AccountInfoRequestID missing or not a UUID → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, delH("AccountInfoRequestID"), setH("AccountInfoRequestID", "sak-123"))
		}},
		{56, "PartyID missing, 10 digits or bad check digits → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, delH("PartyID"), setH("PartyID", "1583851007"), setH("PartyID", "15838510076"), setH("PartyID", "313000002"))
		}},
		{57, "PartyID d-nummer or orgnr → 200", func(ctx context.Context, e *Env) error {
			return all(l(ctx, e, setH("PartyID", "55838510069"), 200, ""), l(ctx, e, setH("PartyID", "313000001"), 200, ""))
		}},
		{58, "OnlyPrimaryOwner missing, false or yes → 400 ACC-001", func(ctx context.Context, e *Env) error {
			d := "&fromDate=" + e.Today + "&toDate=" + e.Today
			return bad(ctx, e, q(d[1:]), q("OnlyPrimaryOwner=false"+d), q("OnlyPrimaryOwner=yes"+d))
		}},
		{59, "RequesterID missing or empty → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, delH("RequesterID"), setH("RequesterID", ""))
		}},
		{60, "dates missing, not today, malformed or reversed → 400 ACC-001", func(ctx context.Context, e *Env) error {
			t := e.Today
			y, m, d := t[:4], t[5:7], t[8:]
			return bad(ctx, e,
				q("OnlyPrimaryOwner=true&toDate="+t), q("OnlyPrimaryOwner=true&fromDate="+t),
				q("OnlyPrimaryOwner=true&fromDate=2000-01-01&toDate="+t), q("OnlyPrimaryOwner=true&fromDate="+t+"&toDate=2999-01-01"),
				q("OnlyPrimaryOwner=true&fromDate="+d+"."+m+"."+y+"&toDate="+t), q("OnlyPrimaryOwner=true&fromDate="+t+"&toDate=2000-01-01"))
		}},
		{62, "AdditionalReferenceIDType / AdditionalReferenceID with data → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, setH("AdditionalReferenceIDType", "pol1"), setH("AdditionalReferenceID", "123"))
		}},
		{63, "two different Legal-Mandate headers → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return bad(ctx, e, func(r *request) { r.header.Add("Legal-Mandate", MandateAN) })
		}},
		{64, "details: unknown or foreign reference → 404 ACC-002", func(ctx context.Context, e *Env) error {
			list, ref, err := e.firstRef(ctx, im, e.party(), "")
			if err != nil {
				return err
			}
			return all(
				func() error { return e.expect(ctx, e.details(list, newUUID()), 404, "ACC-002") },
				func() error {
					rq := e.details(list, ref)
					rq.header.Set("AccountInfoRequestID", newUUID())
					return e.expect(ctx, rq, 404, "ACC-002")
				},
				func() error {
					anList, err := e.accounts(ctx, an, e.party(), list.header.Get("AccountInfoRequestID"))
					if err != nil {
						return err
					}
					return e.expect(ctx, e.details(anList, ref), 404, "ACC-002")
				},
			)
		}},
		{65, "details: fromDate yesterday or no RequesterID → 400 ACC-001", func(ctx context.Context, e *Env) error {
			return all(
				func() error {
					return e.detailsWith(ctx, setQ("fromDate=2000-01-01&toDate="+e.Today), 400, "ACC-001")
				},
				func() error { return e.detailsWith(ctx, delH("RequesterID"), 400, "ACC-001") },
			)
		}},
		{66, "CustomerID missing or invalid → 400 ERR-002", func(ctx context.Context, e *Env) error {
			return all(
				func() error { return e.kfWith(ctx, im, delH("CustomerID"), 400, "ERR-002") },
				func() error { return e.kfWith(ctx, im, setH("CustomerID", "15838510076"), 400, "ERR-002") },
			)
		}},
		{67, "dates not today or malformed → 400 ERR-003", func(ctx context.Context, e *Env) error {
			return all(
				func() error {
					return e.kfWith(ctx, im, setQ("onlyPrimaryOwner=true&fromDate=2000-01-01&toDate="+e.Today), 400, "ERR-003")
				},
				func() error {
					return e.kfWith(ctx, im, setQ("onlyPrimaryOwner=true&fromDate="+e.Today+"&toDate=15.10"), 400, "ERR-003")
				},
			)
		}},
		{68, "onlyPrimaryOwner missing or false → 400 ERR-005", func(ctx context.Context, e *Env) error {
			d := "fromDate=" + e.Today + "&toDate=" + e.Today
			return all(
				func() error { return e.kfWith(ctx, im, setQ(d), 400, "ERR-005") },
				func() error { return e.kfWith(ctx, im, setQ("onlyPrimaryOwner=false&"+d), 400, "ERR-005") },
			)
		}},
		{69, "kundeforhold headers: 400 ERR-005; other profile's mandate 403 ERR-001", func(ctx context.Context, e *Env) error {
			return all(
				func() error { return e.kfWith(ctx, im, delH("CorrelationID"), 400, "ERR-005") },
				func() error { return e.kfWith(ctx, im, setH("AccountInfoRequestID", "x"), 400, "ERR-005") },
				func() error { return e.kfWith(ctx, im, setH("Legal-Mandate", "FI-Utlegg-Test"), 400, "ERR-005") },
				func() error { return e.kfWith(ctx, im, setH("Legal-Mandate", MandateAN), 403, "ERR-001") },
			)
		}},
		{70, "POST customerRelationships → 405 ERR-006", func(ctx context.Context, e *Env) error {
			return e.kfWith(ctx, im, func(r *request) { r.method = "POST" }, 405, "ERR-006")
		}},
	}
}
