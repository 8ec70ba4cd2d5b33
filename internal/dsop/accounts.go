package dsop

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/namsfogd/namsfogd/internal/dsop/dsopstore"
	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// deliverable are the account types FI-Utlegg Saldo may see (spec:
// dsop-kontroll.md §5.3); loanAccount, clientAccount,
// taxDeductionAccount and accountWithoutBalance never leave the bank.
var deliverable = map[string]bool{
	world.AccountSalary: true, world.AccountCurrency: true, world.AccountSavings: true, world.AccountBusiness: true,
	world.AccountCreditCard: true, world.AccountPrepaidCard: true, world.AccountOther: true,
}

// partialMessage explains a partial answer (§4.8, §12 item 21).
const partialMessage = "Kunden har konto(er) i banken som ikke kan utleveres digitalt. Kontakt banken for fullstendig informasjon."

// ownedToday reports whether the party owns a as primary owner today and
// the account exists today (§5.3 steps 2 and 4; §12 item 19).
func ownedToday(a world.Account, party string, today world.Date) bool {
	if a.OwnerID != party || a.Status == world.AccountDeleted {
		return false
	}
	if !a.EndDate.IsZero() && a.EndDate < today {
		return false
	}
	if a.StartDate > today || a.OwnerSince > today {
		return false
	}
	return true
}

// owner is the party as the bank knows it.
type owner struct {
	id, name, idType string
	shielded         bool
}

func (s *Service) owner(ctx context.Context, party string) (owner, bool, error) {
	if len(party) == 9 {
		o, err := s.store.GetOrganisation(ctx, party)
		if errors.Is(err, store.ErrNotFound) {
			return owner{}, false, nil
		}
		return owner{id: party, name: o.Name, idType: "countryIdentificationCode"}, err == nil, err
	}
	p, err := s.store.GetPerson(ctx, party)
	if errors.Is(err, store.ErrNotFound) {
		return owner{}, false, nil
	}
	return owner{id: party, name: p.Name(), idType: "nationalIdentityNumber", shielded: p.Protection != world.ProtectionNone}, err == nil, err
}

// selectAccounts applies §5.3's selection algorithm at one bank: the
// deliverable accounts and whether some were left out as offline.
func (s *Service) selectAccounts(ctx context.Context, bank string, party string, today world.Date) (owner, []world.Account, bool, error) {
	o, found, err := s.owner(ctx, party)
	if err != nil || !found || o.shielded {
		return o, nil, false, err // step 1: shielded → empty, complete
	}
	all, err := s.store.AccountsByOwner(ctx, party)
	if err != nil {
		return o, nil, false, err
	}
	var out []world.Account
	partial := false
	for _, a := range all {
		if a.BankOrgNr != bank || !deliverable[a.Type] || !ownedToday(a, party, today) {
			continue
		}
		if !a.OnlineAvailable {
			partial = true // step 6
			continue
		}
		out = append(out, a)
	}
	return o, out, partial, nil
}

func servicer(b bankInfo) *FinancialInstitution {
	return &FinancialInstitution{
		Identifier: &Identifier{CountryOfResidence: "NO", Value: b.orgnr, Type: "countryIdentificationCode"},
		Name:       b.name,
	}
}

func primaryOwner(o owner, a world.Account) *AccountRole {
	return &AccountRole{
		Permission: "rightToUseAlone",
		Identifier: &Identifier{CountryOfResidence: "NO", Value: o.id, Type: o.idType},
		Name:       o.name,
		StartDate:  string(a.OwnerSince),
	}
}

// listAccounts is step 2a (§5.3).
func (s *Service) listAccounts(ctx context.Context, x *exchange, b bankInfo, p controlParams, ctl BankControls, enc *encrypter) ([]byte, string, *apiError) {
	o, accts, partial, err := s.selectAccounts(ctx, b.orgnr, p.party, p.today)
	if err != nil {
		return nil, "", dependency(err)
	}
	partial = partial || ctl.Partial
	doc := Accounts{ResponseDetails: ResponseDetails{Status: "complete"}, Accounts: []Account{}}
	if partial {
		doc.ResponseDetails = ResponseDetails{Status: "partial", Message: partialMessage}
	}
	now := s.clock.Now()
	// Pagination (§4.7): one page of s.pageSize from the offset.
	off := min(p.offset, len(accts))
	end := min(off+s.pageSize, len(accts))
	page := accts[off:end]
	var pages []dsopstore.Page
	newPage := func(offset int) string {
		if offset == 0 {
			return ""
		}
		t := httpx.NewUUID()
		pages = append(pages, dsopstore.Page{Token: t, Consumer: x.caller.consumerID, RequestID: p.requestID,
			BankOrgNr: b.orgnr, PartyID: p.party, Offset: offset, IssuedAt: now})
		return t
	}
	href := func(token string) string {
		h := "/accounts?OnlyPrimaryOwner=true&fromDate=" + string(p.today) + "&toDate=" + string(p.today)
		if token != "" {
			h += "&page=" + url.QueryEscape(token)
		}
		return h
	}
	doc.Links = []Link{{Rel: "self", Href: href(p.pageToken)}}
	if len(accts) > s.pageSize {
		if end < len(accts) {
			doc.Links = append(doc.Links, Link{Rel: "next", Href: href(newPage(end))})
		}
		if off > 0 {
			doc.Links = append(doc.Links, Link{Rel: "prev", Href: href(newPage(max(off-s.pageSize, 0)))})
		}
		last := (len(accts) - 1) / s.pageSize * s.pageSize
		doc.Links = append(doc.Links, Link{Rel: "last", Href: href(newPage(last))})
	}
	refs := make([]dsopstore.Ref, len(page))
	for i, a := range page {
		refs[i] = dsopstore.Ref{Ref: httpx.NewUUID(), Consumer: x.caller.consumerID, RequestID: p.requestID, BankOrgNr: b.orgnr,
			AccountNumber: a.AccountNumber, PartyID: p.party, Profile: x.caller.profile.ID, IssuedAt: now}
	}
	var body []byte
	ctype := "application/json"
	_, err = s.store.DSOPDisclose(ctx, dsopstore.Disclosure{
		Refs: refs, ValidAfter: now.Add(-s.validity), Pages: pages,
		Audit: func(issued []dsopstore.Ref) (store.AuditRecord, error) {
			disclosed := make([]map[string]any, 0, len(page))
			for i, a := range page {
				doc.Accounts = append(doc.Accounts, Account{
					Status: a.Status, Servicer: servicer(b), AccountIdentifier: a.AccountNumber,
					AccountReference: issued[i].Ref, Type: a.Type, Currency: a.Currency, PrimaryOwner: primaryOwner(o, a),
				})
				disclosed = append(disclosed, map[string]any{"accountReference": issued[i].Ref, "accountIdentifier": a.AccountNumber, "type": a.Type})
			}
			var err error
			if body, ctype, x.digest, err = s.seal(doc, enc); err != nil {
				return store.AuditRecord{}, err
			}
			x.status, x.respStatus, x.disclosed = 200, doc.ResponseDetails.Status, disclosed
			return x.record(s.clock.Now()), nil
		},
	})
	if err != nil {
		return nil, "", dependency(err)
	}
	x.audited = true
	return body, ctype, nil
}

// accountDetails is step 2b (§5.4): resolve the reference (§12 item 18),
// re-check that the account is still deliverable, answer with balances.
func (s *Service) accountDetails(ctx context.Context, x *exchange, b bankInfo, p controlParams, ref string, ctl BankControls, enc *encrypter) ([]byte, string, *apiError) {
	unknown := fail(kindRefUnknown, "Ukjent accountReference for denne forespørselen.")
	if !validUUID(ref) {
		return nil, "", unknown // §12 item 39: any shape → 404, never 400
	}
	rf, err := s.store.DSOPGetRef(ctx, ref)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", unknown
	}
	if err != nil {
		return nil, "", dependency(err)
	}
	now := s.clock.Now()
	if rf.Consumer != x.caller.consumerID || rf.RequestID != p.requestID || rf.BankOrgNr != b.orgnr || now.Sub(rf.IssuedAt) > s.validity {
		return nil, "", unknown
	}
	x.party = rf.PartyID
	gone := fail(kindRefGone, "Kontoen kan ikke lenger utleveres i tjenesten FI-Utlegg Saldo.")
	a, err := s.store.GetAccount(ctx, rf.AccountNumber)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", gone
	}
	if err != nil {
		return nil, "", dependency(err)
	}
	o, found, err := s.owner(ctx, rf.PartyID)
	if err != nil {
		return nil, "", dependency(err)
	}
	if !found || o.shielded || a.BankOrgNr != b.orgnr || !deliverable[a.Type] || !ownedToday(a, rf.PartyID, p.today) || !a.OnlineAvailable {
		return nil, "", gone
	}
	reg := now.UTC().Truncate(time.Second).Format(time.RFC3339)
	doc := AccountDetails{ResponseDetails: ResponseDetails{Status: "complete"}, Account: &AccountDetail{
		Status: a.Status, Servicer: servicer(b), AccountIdentifier: a.AccountNumber, AccountReference: ref,
		Type: a.Type, Currency: a.Currency, PrimaryOwner: primaryOwner(o, a), StartDate: string(a.StartDate), EndDate: string(a.EndDate),
		Balances: []Balance{
			balance("availableBalance", a.AvailableBalance, a.CreditLine, a.CreditLine > 0, a.Currency, reg),
			balance("bookedBalance", a.BookedBalance, a.CreditLine, false, a.Currency, reg),
		},
	}}
	if ctl.Partial {
		doc.ResponseDetails = ResponseDetails{Status: "partial", Message: partialMessage}
	}
	body, ctype, sum, err := s.seal(doc, enc)
	if err != nil {
		return nil, "", dependency(err)
	}
	x.respStatus, x.digest = doc.ResponseDetails.Status, sum
	x.disclosed = []map[string]any{{"accountReference": ref, "accountIdentifier": a.AccountNumber, "type": a.Type,
		"balances": []string{"availableBalance", "bookedBalance"}}}
	return body, ctype, nil
}

// balance writes a signed figure as amount ≥ 0 plus the indicator (§5.4).
func balance(typ string, minor, creditLine int64, lineIncluded bool, currency, registered string) Balance {
	b := Balance{CreditLineIncluded: lineIncluded, Amount: Amount(minor), CreditDebitIndicator: "credit",
		Registered: registered, Type: typ, Currency: currency}
	if minor < 0 {
		b.Amount, b.CreditDebitIndicator = Amount(-minor), "debit"
	}
	if creditLine > 0 {
		cl := Amount(creditLine)
		b.CreditLineAmount, b.CreditLineCurrency = &cl, currency
	}
	return b
}
