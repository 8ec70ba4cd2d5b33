package gjeld

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// debtInformation is the debt_information schema, in the key order of
// the get-started example. spec: gjeldsinformasjon.md §6.9, §9, §13 item 18
type debtInformation struct {
	SSN                       string          `json:"ssn"`
	Loans                     []loanEntry     `json:"loans"`
	NumberOfCreditorsAnswered int             `json:"numberOfCreditorsAnswered"`
	NumberOfcreditorsMissing  int             `json:"numberOfcreditorsMissing"`
	Consent                   consentMetadata `json:"consent"`
}

type loanEntry struct {
	CreditorName string `json:"creditorName"`
	Loan         *loan  `json:"loan"` // null for a creditor that did not answer
}

// loan holds the fields of all three loan types; a type's absent fields
// are nil and omitted, never null. spec: gjeldsinformasjon.md §9.2, §9.3
type loan struct {
	Type                      string  `json:"type"`
	Timestamp                 string  `json:"timestamp"`
	CoBorrower                int     `json:"coBorrower"`
	CreditLimit               *int64  `json:"creditLimit,omitempty"`
	InterestBearingBalance    *int64  `json:"interestBearingBalance,omitempty"`
	NonInterestBearingBalance *int64  `json:"nonInterestBearingBalance,omitempty"`
	OriginalBalance           *int64  `json:"originalBalance,omitempty"`
	Balance                   *int64  `json:"balance,omitempty"`
	Terms                     *int64  `json:"terms,omitempty"`
	NominalInterestRate       *int64  `json:"nominalInterestRate,omitempty"`
	InstallmentCharges        *int64  `json:"installmentCharges,omitempty"`
	InstallmentChargePeriod   *string `json:"installmentChargePeriod,omitempty"`
}

type consentMetadata struct {
	ID    string `json:"id"`
	Exp   int64  `json:"exp"`
	Scope string `json:"scope"`
}

// cachedAge is how much older a "cached" creditor's snapshot is than its
// live answer: the previous morning's fetch. spec: §9.4, R23
const cachedAge = 24 * time.Hour

func ptr[T any](v T) *T { return &v }

// toLoan shapes a world debt as its loan type's fields.
func toLoan(d world.Debt, ts time.Time) *loan {
	l := &loan{Type: d.Type, Timestamp: ts.UTC().Format(time.RFC3339), CoBorrower: d.CoBorrower}
	nonneg := func(v int64) *int64 { return ptr(max(v, 0)) }
	period := d.InstallmentChargePeriod
	if period == "" {
		period = "MONTHLY"
	}
	switch d.Type {
	case world.DebtCreditFacility:
		l.CreditLimit, l.InterestBearingBalance, l.NonInterestBearingBalance = nonneg(d.CreditLimit), nonneg(d.InterestBearingBalance), nonneg(d.NonInterestBearingBalance)
		l.NominalInterestRate, l.InstallmentCharges, l.InstallmentChargePeriod = ptr(int64(d.NominalInterestRate)), nonneg(d.InstallmentCharges), &period
	case world.DebtRepaymentLoan:
		l.OriginalBalance, l.Balance, l.Terms = nonneg(d.OriginalBalance), nonneg(d.Balance), ptr(int64(max(d.Terms, 0)))
		l.NominalInterestRate, l.InstallmentCharges, l.InstallmentChargePeriod = ptr(int64(d.NominalInterestRate)), nonneg(d.InstallmentCharges), &period
	case world.DebtChargeCard:
		l.InterestBearingBalance, l.NonInterestBearingBalance = nonneg(d.InterestBearingBalance), nonneg(d.NonInterestBearingBalance)
	}
	return l
}

// repaid reports whether every amount of a loan is 0; such loans are
// left out. spec: gjeldsinformasjon.md §9.5
func repaid(d world.Debt) bool {
	return d.CreditLimit <= 0 && d.InterestBearingBalance <= 0 && d.NonInterestBearingBalance <= 0 &&
		d.OriginalBalance <= 0 && d.Balance <= 0
}

// debtInformationFor builds the consent person's debt with creditor
// names, honouring each creditor's response mode.
func (s *Service) debtInformationFor(ctx context.Context, c model.Consent) (debtInformation, error) {
	out := debtInformation{SSN: c.NIN, Loans: []loanEntry{},
		Consent: consentMetadata{ID: c.ID, Exp: c.Expires.Unix(), Scope: c.Purpose}}
	debts, err := s.store.DebtsByPerson(ctx, c.NIN)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return out, err
	}
	if len(debts) == 0 {
		return out, nil
	}
	modes, err := s.store.GjeldCreditorModes(ctx, c.NIN)
	if err != nil {
		return out, err
	}
	type row struct {
		name string
		d    world.Debt
	}
	var rows []row
	names := map[string]string{}
	for _, d := range debts {
		if repaid(d) {
			continue
		}
		name, ok := names[d.CreditorOrgNr]
		if !ok {
			o, err := s.store.GetOrganisation(ctx, d.CreditorOrgNr)
			switch {
			case err == nil:
				name = strings.ToUpper(o.Name)
			case errors.Is(err, store.ErrNotFound):
				name = d.CreditorOrgNr
			default:
				return out, err
			}
			names[d.CreditorOrgNr] = name
		}
		rows = append(rows, row{name, d})
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.name != b.name {
			return a.name < b.name
		}
		if a.d.Type != b.d.Type {
			return a.d.Type < b.d.Type
		}
		return a.d.ID < b.d.ID
	})
	counted := map[string]bool{}
	for _, r := range rows {
		mode := modes[r.d.CreditorOrgNr]
		if !counted[r.d.CreditorOrgNr] {
			counted[r.d.CreditorOrgNr] = true
			if mode == model.ModeUnavailable || mode == model.ModeCached {
				out.NumberOfcreditorsMissing++
			} else {
				out.NumberOfCreditorsAnswered++
			}
		}
		e := loanEntry{CreditorName: r.name}
		switch mode {
		case model.ModeUnavailable:
		case model.ModeCached:
			e.Loan = toLoan(r.d, r.d.Timestamp.Add(-cachedAge))
		default:
			e.Loan = toLoan(r.d, r.d.Timestamp)
		}
		out.Loans = append(out.Loans, e)
	}
	return out, nil
}
