package dsop

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/namsfogd/namsfogd/internal/world"
)

// serveKundeforhold is every request under prefix/kundeforhold/: the
// overview of customer relationships (spec: dsop-kontroll.md §5.1) and
// the accountServicingProvider route FI-Utlegg may not use (§5.2).
func (s *Service) serveKundeforhold(w http.ResponseWriter, r *http.Request) {
	x := s.newExchange(r, apiKundeforhold)
	body, e := s.judgeKundeforhold(r, x)
	s.finish(w, r, x, body, "application/json", e)
}

func (s *Service) judgeKundeforhold(r *http.Request, x *exchange) ([]byte, *apiError) {
	ctx := r.Context()
	// Step 1: route.
	switch strings.TrimPrefix(r.URL.EscapedPath(), s.prefix+"/kundeforhold/") {
	case "v2/customers/customerRelationships":
		x.endpoint, x.path = "customerRelationships", "/customers/customerRelationships"
	case "v2/customers/accountServicingProvider":
		x.endpoint, x.path = "accountServicingProvider", "/customers/accountServicingProvider"
	default:
		x.endpoint, x.path = "unknown", "/unknown"
		return nil, fail(kindUnknownRoute, "Ukjent ressurs")
	}
	// Step 2: method.
	if r.Method != http.MethodGet {
		return nil, fail(kindMethod, "Metoden er ikke tillatt. Kun GET støttes.")
	}
	// Steps 3–4: token; aud is not checked on this API (§3.2 check 6).
	c, e := s.authenticate(r, "")
	if e != nil {
		e.msg = "Klient er ikke autentisert"
		return nil, e
	}
	x.caller = &c
	scope := func(p *Profile) string { return p.KundeforholdScope }
	if x.endpoint == "accountServicingProvider" {
		// §5.2: no FI-Utlegg profile has bits:kundeforhold.konto.
		scope = func(*Profile) string { return "" }
	}
	if e := authorize(&c, scope); e != nil {
		e.msg = "Klient er ikke autorisert"
		return nil, e
	}
	// Step 5 needs nothing more: accountServicingProvider failed above.
	// Step 6: rate limit per consumer.
	if e := s.rateLimit(c.consumerID + "|kundeforhold"); e != nil {
		return nil, e
	}
	// Step 7: Accept (always plain JSON here, §4.4).
	if !acceptsJSON(r.Header.Values("Accept")) {
		return nil, fail(kindAccept, "Accept-headeren kan ikke tilfredsstilles. Kun application/json støttes.")
	}
	// Step 8: parameters.
	customer, today, e := s.kundeforholdParams(r, x)
	if e != nil {
		return nil, e
	}
	banks, err := s.customerRelations(ctx, customer, today)
	if err != nil {
		return nil, dependency(err)
	}
	body, _, sum, err := s.seal(ListCustomerRelation{Banks: banks}, nil)
	if err != nil {
		return nil, fail(kindInternal, "Uventet intern feil.")
	}
	x.digest, x.banks = sum, make([]string, 0, len(banks))
	for _, b := range banks {
		x.banks = append(x.banks, b.OrganizationID)
	}
	return body, nil
}

// kundeforholdParams validates in the order of §7.3 step 8 with the
// codes of §7.2.
func (s *Service) kundeforholdParams(r *http.Request, x *exchange) (string, world.Date, *apiError) {
	h := r.Header
	q := parseQuery(r.URL.RawQuery)
	if v, present, conflict := header(h, "CorrelationID"); !present || conflict || !validUUID(v) {
		return "", "", fail(kindParam, "Ugyldig forespørsel: CorrelationID mangler eller er ikke en UUID")
	}
	if v, present, conflict := header(h, "AccountInfoRequestID"); !present || conflict || !validUUID(v) {
		return "", "", fail(kindParam, "Ugyldig forespørsel: AccountInfoRequestID mangler eller er ikke en UUID")
	}
	if e := s.mandateParam(h, x); e != nil {
		if e.kind == kindForbidden {
			e.msg = "Klient er ikke autorisert: lovhjemmelen i Legal-Mandate tilhører ikke datakonsumenten"
		} else {
			e.msg = "Ugyldig forespørsel: Legal-Mandate mangler eller er ikke en gyldig lovhjemmel for FI-Utlegg Saldo"
		}
		return "", "", e
	}
	customer, present, conflict := header(h, "CustomerID")
	if !present || conflict || !validParty(customer) {
		return "", "", fail(kindCustomerID, "Ugyldig KUNDEID")
	}
	x.party = customer
	v, present, conflict := q.get("onlyPrimaryOwner", true)
	if b, ok := parseBool(v); !present || conflict || !ok || !b {
		return "", "", fail(kindParam, "Ugyldig forespørsel: onlyPrimaryOwner må være TRUE")
	}
	today := s.clock.Today()
	if e := dateParams(q, today); e != nil {
		e.msg = "Ugyldig periode eller datoformat: fromDate og toDate må være dagens dato"
		return "", "", e
	}
	return customer, today, nil
}

// customerRelations lists the institutions where the customer is, today,
// primary owner of an account of any type but loanAccount and
// accountWithoutBalance (§5.1 world rules, §12 item 20). Shielded persons
// are not filtered here; that rule acts in step 2.
func (s *Service) customerRelations(ctx context.Context, customer string, today world.Date) ([]CustomerRelation, error) {
	accts, err := s.store.AccountsByOwner(ctx, customer)
	if err != nil {
		return nil, err
	}
	active := map[string]bool{}
	var order []string
	for _, a := range accts {
		if a.Type == world.AccountLoan || a.Type == world.AccountWithoutBalance || !ownedToday(a, customer, today) {
			continue
		}
		if _, seen := active[a.BankOrgNr]; !seen {
			order = append(order, a.BankOrgNr)
			active[a.BankOrgNr] = false
		}
		// activeAccount: an enabled, NICS-reachable (11-digit) account.
		if a.Status == world.AccountEnabled && len(a.AccountNumber) == 11 {
			active[a.BankOrgNr] = true
		}
	}
	slices.Sort(order)
	out := make([]CustomerRelation, 0, len(order))
	for _, orgnr := range order {
		b, err := s.bank(ctx, orgnr)
		if err != nil {
			return nil, err
		}
		if !b.ok {
			continue // an account at an organisation that is not a bank
		}
		// An institution known only from KFR never has an active account.
		act := active[orgnr] && !s.bankControls(ctx, orgnr).KFROnly
		out = append(out, CustomerRelation{OrganizationID: orgnr, BankName: b.name, ActiveAccount: act, OwnershipType: "primaryOwner"})
	}
	return out, nil
}
