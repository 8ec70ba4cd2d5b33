package dsop

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// bankInfo is a synthetic bank serving a control API.
type bankInfo struct {
	orgnr string
	name  string
	ok    bool
}

// bank finds a synthetic bank by orgnr (cached briefly; only banks that
// exist are cached, so a bank added later is found at once).
func (s *Service) bank(ctx context.Context, orgnr string) (bankInfo, error) {
	now := s.clock.Now()
	if b, ok := s.banks.get(orgnr, now); ok {
		return b, nil
	}
	if len(orgnr) != 9 {
		return bankInfo{}, nil
	}
	o, err := s.store.GetOrganisation(ctx, orgnr)
	if errors.Is(err, store.ErrNotFound) {
		return bankInfo{}, nil
	}
	if err != nil {
		return bankInfo{}, err
	}
	if !o.HasRole(world.RoleBank) {
		return bankInfo{}, nil
	}
	b := bankInfo{orgnr: o.OrgNr, name: o.Name, ok: true}
	s.banks.put(orgnr, b, now)
	return b, nil
}

// forbiddenEndpoints are the control endpoints FI-Utlegg may not use
// (spec: dsop-kontroll.md §5.5).
var forbiddenEndpoints = map[string]bool{"transactions": true, "roles": true, "cards": true}

// serveBank is every request under prefix/bank/. It judges the request
// in the order of spec: dsop-kontroll.md §7.3.
func (s *Service) serveBank(w http.ResponseWriter, r *http.Request) {
	x := s.newExchange(r, apiControl)
	body, ctype, e := s.judgeBank(r, x)
	s.finish(w, r, x, body, ctype, e)
}

func (s *Service) judgeBank(r *http.Request, x *exchange) ([]byte, string, *apiError) {
	ctx := r.Context()
	// Step 1: route. Split the escaped path so an encoded slash stays
	// inside its segment.
	rest := strings.TrimPrefix(r.URL.EscapedPath(), s.prefix+"/bank/")
	segs := strings.Split(rest, "/")
	x.endpoint, x.path = "unknown", "/bank/{orgnr}/v2/unknown"
	unknown := fail(kindUnknownRoute, "Ukjent ressurs eller ukjent accountReference.")
	if len(segs) < 3 || segs[1] != "v2" || segs[2] != "accounts" {
		return nil, "", unknown
	}
	b, err := s.bank(ctx, segs[0])
	if err != nil {
		return nil, "", dependency(err)
	}
	if !b.ok {
		return nil, "", unknown
	}
	x.bank = b.orgnr
	var ref string
	switch {
	case len(segs) == 3:
		x.endpoint, x.path = "accounts", "/accounts"
	case len(segs) == 4 && segs[3] != "":
		x.endpoint, x.path = "accountDetails", "/accounts/{accountReference}"
		ref, err = url.PathUnescape(segs[3])
		if err != nil {
			ref = segs[3]
		}
	case len(segs) >= 5 && segs[3] != "":
		// §12 item 9: anything under /accounts/{ref}/ is forbidden.
		x.endpoint, x.path = "forbidden", "/accounts/{accountReference}/"+clip(strings.Join(segs[4:], "/"))
		if len(segs) == 5 && forbiddenEndpoints[segs[4]] {
			x.endpoint, x.path = segs[4], "/accounts/{accountReference}/"+segs[4]
		}
	default:
		return nil, "", unknown
	}
	// Step 2: method. HEAD and OPTIONS are "other" too.
	if r.Method != http.MethodGet {
		return nil, "", fail(kindMethod, "Metoden %s er ikke tillatt. Kun GET støttes.", clip(r.Method))
	}
	// Steps 3–4: token.
	c, e := s.authenticate(r, s.BankBaseURL(b.orgnr))
	if e != nil {
		return nil, "", e
	}
	x.caller = &c
	if e := authorize(&c, func(p *Profile) string { return p.KontoScope }); e != nil {
		return nil, "", e
	}
	// Step 5: forbidden endpoints, before any parameter.
	if x.endpoint != "accounts" && x.endpoint != "accountDetails" {
		return nil, "", fail(kindForbidden, "Endepunktet %s er ikke tilgjengelig i tjenesten FI-Utlegg Saldo. Kun accounts og account details er tillatt.", x.endpoint)
	}
	// Step 6: rate limit.
	if e := s.rateLimit(c.consumerID + "|" + b.orgnr); e != nil {
		return nil, "", e
	}
	// Operator controls: a slow or unavailable bank.
	ctl := s.bankControls(ctx, b.orgnr)
	if e := s.applyControls(ctx, ctl); e != nil {
		return nil, "", e
	}
	// Step 7: Accept.
	jose, ok := acceptsJOSE(r.Header.Values("Accept"), s.production)
	if !ok {
		return nil, "", fail(kindAccept, "Accept-headeren kan ikke tilfredsstilles. Bruk application/jose (eller application/json i test).")
	}
	// Step 8: parameters.
	p, e := s.controlParams(ctx, r, x, b.orgnr, x.endpoint == "accounts")
	if e != nil {
		return nil, "", e
	}
	var enc *encrypter
	if jose {
		if enc, e = s.encrypterFor(ctx, c); e != nil {
			return nil, "", e
		}
	}
	// Steps 9–11.
	if x.endpoint == "accounts" {
		return s.listAccounts(ctx, x, b, p, ctl, enc)
	}
	x.ref = clip(ref)
	return s.accountDetails(ctx, x, b, p, ref, ctl, enc)
}

func (s *Service) rateLimit(key string) *apiError {
	if s.limiter == nil {
		return nil
	}
	if ok, wait := s.limiter.allow(key, s.clock.Now()); !ok {
		e := fail(kindRateLimit, "For mange forespørsler. Prøv igjen senere.")
		e.retryAfter = wait
		return e
	}
	return nil
}

// applyControls makes the bank slow or unavailable as the operator set.
func (s *Service) applyControls(ctx context.Context, ctl BankControls) *apiError {
	if ctl.DelayMS > 0 {
		t := time.NewTimer(time.Duration(ctl.DelayMS) * time.Millisecond)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	}
	if ctl.Unavailable {
		return fail(kindUnavailable, "Banken er midlertidig utilgjengelig. Prøv igjen senere.")
	}
	return nil
}

// controlParams are the validated parameters of a control request.
type controlParams struct {
	requestID string // lower-case
	party     string
	today     world.Date
	offset    int
	pageToken string
}

// controlParams validates the parameters in the order of §7.3 step 8.
func (s *Service) controlParams(ctx context.Context, r *http.Request, x *exchange, bank string, list bool) (controlParams, *apiError) {
	h := r.Header
	q := parseQuery(r.URL.RawQuery)
	var p controlParams
	if v, present, conflict := header(h, "CorrelationID"); !present || conflict || !validUUID(v) {
		return p, fail(kindParam, "CorrelationID mangler eller er ikke en gyldig UUID.")
	}
	v, present, conflict := header(h, "AccountInfoRequestID")
	if !present || conflict || !validUUID(v) {
		return p, fail(kindParam, "AccountInfoRequestID mangler eller er ikke en gyldig UUID.")
	}
	p.requestID = strings.ToLower(v)
	if e := s.mandateParam(h, x); e != nil {
		return p, e
	}
	if list {
		v, present, conflict := header(h, "PartyID")
		if !present || conflict || !validParty(v) {
			return p, fail(kindCustomerID, "PartyID mangler eller er ikke et gyldig fødselsnummer, d-nummer eller organisasjonsnummer.")
		}
		p.party, x.party = v, v
		v, present, conflict = q.get("OnlyPrimaryOwner", true)
		if b, ok := parseBool(v); !present || conflict || !ok || !b {
			return p, fail(kindParam, "OnlyPrimaryOwner må være TRUE for FI-Utlegg Saldo.")
		}
	}
	if v, present, conflict := header(h, "RequesterID"); !present || conflict || !validRequesterID(v) {
		return p, fail(kindParam, "RequesterID mangler eller er ugyldig. FI-Utlegg Saldo krever saksbehandlers bruker-ID i RequesterID.")
	}
	for _, name := range []string{"AdditionalReferenceIDType", "AdditionalReferenceID"} {
		if v, _, conflict := header(h, name); conflict || v != "" {
			return p, fail(kindParam, "%s skal ikke ha verdi i tjenesten FI-Utlegg Saldo.", name)
		}
	}
	p.today = s.clock.Today()
	if e := dateParams(q, p.today); e != nil {
		return p, e
	}
	if list {
		if v, present, conflict := q.get("page", false); present {
			if conflict || v == "" {
				return p, fail(kindParam, "Ugyldig page.")
			}
			pg, err := s.store.DSOPGetPage(ctx, v)
			if errors.Is(err, store.ErrNotFound) {
				return p, fail(kindParam, "Ugyldig eller utløpt page.")
			}
			if err != nil {
				return p, dependency(err)
			}
			if pg.Consumer != x.caller.consumerID || pg.RequestID != p.requestID || pg.BankOrgNr != bank ||
				pg.PartyID != p.party || s.clock.Now().Sub(pg.IssuedAt) > s.validity {
				return p, fail(kindParam, "Ugyldig eller utløpt page.")
			}
			p.offset, p.pageToken = pg.Offset, pg.Token
		}
	}
	return p, nil
}

// mandateParam checks Legal-Mandate against the caller's profile (§3.4,
// §4.3.2): malformed or unknown → 400, another profile's → 403.
func (s *Service) mandateParam(h http.Header, x *exchange) *apiError {
	v, present, conflict := header(h, "Legal-Mandate")
	if !present || conflict {
		return fail(kindParam, "Legal-Mandate mangler eller er oppgitt flere ganger med ulike verdier.")
	}
	dec, st := checkMandate(v, x.caller.profile)
	switch st {
	case mandateInvalid:
		return fail(kindParam, "Legal-Mandate er ikke en gyldig URL-enkodet lovhjemmel for FI-Utlegg Saldo.")
	case mandateOther:
		return fail(kindForbidden, "Lovhjemmelen i Legal-Mandate tilhører ikke datakonsumenten i tilgangstokenet.")
	}
	x.mandate = dec
	return nil
}

// dateParams requires fromDate and toDate, each today (§8 V15–V16).
func dateParams(q query, today world.Date) *apiError {
	for _, name := range []string{"fromDate", "toDate"} {
		v, present, conflict := q.get(name, false)
		if !present || conflict || !validDate(v) || world.Date(v) != today {
			return fail(kindPeriod, "fromDate og toDate må være dagens dato (%s) for FI-Utlegg Saldo.", today)
		}
	}
	return nil
}
