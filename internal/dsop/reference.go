package dsop

import (
	"fmt"

	"github.com/namsfogd/namsfogd/internal/dsop/conformance"
	"github.com/namsfogd/namsfogd/internal/world"
)

// ReferenceBank is the bank of the reference world.
const ReferenceBank = "311000004"

// ReferenceParties are the persons and organisations ReferenceWorld
// emits; a generated world must not hold them too.
func ReferenceParties() []string {
	fx := conformance.ReferenceFixture()
	return []string{fx.Debtor, fx.LoanOnly, fx.Shielded, fx.PartialParty, fx.ManyParty, fx.DebtorOrg, ReferenceBank}
}

// ReferenceAccountPrefix starts every account number of the reference
// world.
const ReferenceAccountPrefix = "1206"

// ReferenceWorld emits the reference parties of the conformance checks
// (spec: dsop-kontroll.md §11.1) — the test bank 311000004, the debtor
// 15838510075 with one account of each kind the checks need, the company
// 313000001, a loan-only, a shielded, a partially served and a
// 1 005-account party — so that `namsfogd conformance dsop
// --namsfogd-fixture` passes against any namsfogd world. The server adds
// them to every seeded world.
func ReferenceWorld(s world.Sink) error {
	fx := conformance.ReferenceFixture()
	orgs := []world.Organisation{
		{OrgNr: ReferenceBank, Name: "NAMSFOGD TESTBANK ASA", Roles: []string{world.RoleBank, world.RoleCreditor}, BankRegNo: "1206"},
		{OrgNr: "313000001", Name: "SYNTETISK HANDEL AS", Roles: []string{world.RoleEmployer}},
	}
	for _, o := range orgs {
		if err := s.Organisation(o); err != nil {
			return err
		}
	}
	persons := []world.Person{
		{NIN: fx.Debtor, GivenName: "SYNNE", FamilyName: "SYNTETISK", BirthDate: "1985-03-15", Gender: "F"},
		{NIN: fx.LoanOnly, GivenName: "LARS", FamilyName: "LÅN", BirthDate: "1980-02-02", Gender: "M"},
		{NIN: fx.Shielded, GivenName: "SKJULT", FamilyName: "PERSON", BirthDate: "1980-03-03", Gender: "F", Protection: world.ProtectionStrengtFortrolig},
		{NIN: fx.PartialParty, GivenName: "DELVIS", FamilyName: "KUNDE", BirthDate: "1980-04-04", Gender: "M"},
		{NIN: fx.ManyParty, GivenName: "MANGE", FamilyName: "KONTOER", BirthDate: "1980-05-05", Gender: "F"},
	}
	for _, p := range persons {
		if err := s.Person(p); err != nil {
			return err
		}
	}
	n := 0
	acct := func(owner, typ, status string, booked, avail, line int64, end world.Date, online bool) error {
		n++
		return s.Account(world.Account{AccountNumber: fmt.Sprintf("1206%07d", n), BankOrgNr: ReferenceBank, OwnerID: owner, Type: typ,
			Currency: "NOK", Status: status, Name: "Produktnavn " + typ, StartDate: "2021-01-05", EndDate: end, OwnerSince: "2021-01-05",
			BookedBalance: booked, AvailableBalance: avail, CreditLine: line, OnlineAvailable: online})
	}
	d := fx.Debtor
	for _, a := range []struct {
		owner, typ, status  string
		booked, avail, line int64
		end                 world.Date
		online              bool
	}{
		{d, world.AccountSalary, world.AccountEnabled, 1523450, 1500000, 0, "", true},
		{d, world.AccountSavings, world.AccountDisabled, 10000000, 0, 0, "", true},
		{d, world.AccountCreditCard, world.AccountEnabled, -1250000, 1250000, 2500000, "", true},
		{d, world.AccountLoan, world.AccountEnabled, -150000000, 0, 0, "", true},
		{d, world.AccountTaxDeduction, world.AccountEnabled, 500000, 500000, 0, "", true},
		{d, world.AccountSalary, world.AccountDeleted, 0, 0, 0, "2025-09-30", true},
		{"313000001", world.AccountBusiness, world.AccountEnabled, 90000000, 90000000, 0, "", true},
		{fx.LoanOnly, world.AccountLoan, world.AccountEnabled, -2000000, 0, 0, "", true},
		{fx.Shielded, world.AccountSalary, world.AccountEnabled, 100000, 100000, 0, "", true},
		{fx.PartialParty, world.AccountSalary, world.AccountEnabled, 100000, 100000, 0, "", true},
		{fx.PartialParty, world.AccountSavings, world.AccountEnabled, 100000, 100000, 0, "", false},
	} {
		if err := acct(a.owner, a.typ, a.status, a.booked, a.avail, a.line, a.end, a.online); err != nil {
			return err
		}
	}
	if err := s.AccountParty(world.AccountParty{AccountNumber: fmt.Sprintf("1206%07d", 7), PartyID: d, Role: world.PartyDisponent, StartDate: "2022-01-01"}); err != nil {
		return err
	}
	for i := 0; i < 1005; i++ {
		if err := acct(fx.ManyParty, world.AccountOther, world.AccountEnabled, 100, 100, 0, "", true); err != nil {
			return err
		}
	}
	return nil
}
