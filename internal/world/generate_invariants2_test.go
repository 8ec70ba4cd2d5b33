package world

import (
	"slices"
	"sort"
	"testing"

	"github.com/namsfogd/namsfogd/internal/ident"
)

func TestWorldAccounts(t *testing.T) {
	w := loadWorld(t)
	ref := Date(GenReferenceDate)
	types := map[string]int{}
	var personAccounts, cards, disabled, deleted, offline int
	for num, a := range w.accounts {
		bank := w.orgs[a.BankOrgNr]
		if !bank.HasRole(RoleBank) {
			t.Fatalf("account %s at %s, not a bank", num, a.BankOrgNr)
		}
		switch len(num) {
		case 11:
			if err := ident.ValidateKontonummer(num); err != nil {
				t.Errorf("account %s: %v", num, err)
			}
			if num[:4] != bank.BankRegNo {
				t.Errorf("account %s at bank with registration number %s", num, bank.BankRegNo)
			}
		case 16:
			cards++
			if !luhnValid(num) || (a.Type != AccountCreditCard && a.Type != AccountPrepaidCard) {
				t.Errorf("card-like account %s of type %s", num, a.Type)
			}
		default:
			t.Errorf("account number %q", num)
		}
		if !slices.Contains(AccountTypes, a.Type) {
			t.Errorf("account %s: type %q", num, a.Type)
		}
		if a.StartDate == "" || a.StartDate >= ref || a.OwnerSince < a.StartDate || a.OwnerSince >= ref {
			t.Errorf("account %s: dates %s / %s", num, a.StartDate, a.OwnerSince)
		}
		if a.AvailableBalance > a.BookedBalance+a.CreditLine || a.CreditLine < 0 {
			t.Errorf("account %s: available %d > booked %d + credit line %d", num, a.AvailableBalance, a.BookedBalance, a.CreditLine)
		}
		if a.Currency != "NOK" && a.Type != AccountCurrency {
			t.Errorf("account %s: %s %s", num, a.Type, a.Currency)
		}
		switch a.Status {
		case AccountEnabled:
		case AccountDisabled:
			disabled++
		case AccountDeleted:
			deleted++
			if a.EndDate <= a.StartDate || a.EndDate >= ref || a.OwnerSince > a.EndDate {
				t.Errorf("deleted account %s: %s–%s", num, a.StartDate, a.EndDate)
			}
		default:
			t.Errorf("account %s: status %q", num, a.Status)
		}
		if a.Status != AccountDeleted && a.EndDate != "" {
			t.Errorf("open account %s has an end date", num)
		}
		if _, person := w.persons[a.OwnerID]; person {
			personAccounts++
			types[a.Type]++
			if a.Type == AccountClient || a.Type == AccountBusiness {
				t.Errorf("person %s owns a %s", a.OwnerID, a.Type)
			}
			if !a.OnlineAvailable {
				offline++
			}
		} else if !w.orgs[a.OwnerID].HasRole(RoleEmployer) && a.Type == AccountTaxDeduction {
			t.Errorf("non-employer %s has a tax-deduction account", a.OwnerID)
		}
	}
	n, pa := float64(len(w.persons)), float64(personAccounts)
	within(t, "accounts per person", pa/n, 1.5, 3.5)
	within(t, "persons' salary accounts per person", float64(types[AccountSalary])/n, 0.93, 1.0)
	within(t, "savings share of accounts", float64(types[AccountSavings])/pa, 0.2, 0.45)
	within(t, "credit card share", float64(types[AccountCreditCard])/pa, 0.05, 0.2)
	within(t, "currency share", float64(types[AccountCurrency])/pa, 0.003, 0.03)
	within(t, "disabled share", float64(disabled)/float64(len(w.accounts)), 0.01, 0.03)
	within(t, "deleted share", float64(deleted)/float64(len(w.accounts)), 0.004, 0.016)
	within(t, "offline share of person accounts", float64(offline)/pa, 0.004, 0.02)
	if cards == 0 {
		t.Errorf("no card-like account numbers")
	}
	most := 0
	for _, as := range w.accountsOf {
		most = max(most, len(as))
	}
	if most > maxPersonAccounts || most < 6 {
		t.Errorf("most accounts of one owner: %d", most)
	}
	for _, nin := range w.order[:2] {
		if len(w.accountsOf[nin]) == 0 {
			t.Errorf("fixed person %s has no account", nin)
		}
	}
}

func TestWorldAccountParties(t *testing.T) {
	w := loadWorld(t)
	eligible := 0
	for _, a := range w.accounts {
		if _, person := w.persons[a.OwnerID]; person && (a.Type == AccountSalary || a.Type == AccountSavings) {
			eligible++
		}
	}
	for _, p := range w.parties {
		a := w.accounts[p.AccountNumber]
		if _, ok := w.persons[p.PartyID]; !ok || p.PartyID == a.OwnerID {
			t.Errorf("party %+v: not another existing person", p)
		}
		if p.Role != PartySecondaryOwner && p.Role != PartyDisponent {
			t.Errorf("party %+v: role", p)
		}
		if p.StartDate < a.StartDate || p.StartDate >= Date(GenReferenceDate) {
			t.Errorf("party %+v starts outside its account (%s)", p, a.StartDate)
		}
	}
	within(t, "salary/savings accounts with a party", float64(len(w.parties))/float64(eligible), 0.07, 0.13)
}

func TestWorldEmployments(t *testing.T) {
	w := loadWorld(t)
	ref := Date(GenReferenceDate)
	perEmployer := map[string]int{}
	var fullTime []int64
	for i, m := range w.emps {
		if m.ID != int64(i+1) {
			t.Fatalf("employment %d has ID %d", i, m.ID)
		}
		if !w.orgs[m.EmployerOrgNr].HasRole(RoleEmployer) {
			t.Errorf("employment %d at %s, not an employer", m.ID, m.EmployerOrgNr)
		}
		if m.StartDate >= ref || (m.EndDate != "" && (m.EndDate <= m.StartDate || m.EndDate >= ref)) {
			t.Errorf("employment %d: %s–%s", m.ID, m.StartDate, m.EndDate)
		}
		if m.PositionPercent <= 0 || m.PositionPercent > 100 || m.AnnualSalary <= 0 {
			t.Errorf("employment %+v", m)
		}
		if m.PositionPercent == 100 {
			fullTime = append(fullTime, m.AnnualSalary)
			if m.AnnualSalary < 200_000 || m.AnnualSalary > 1_500_000 {
				t.Errorf("full-time salary %d", m.AnnualSalary)
			}
		}
		if m.EndDate == "" {
			perEmployer[m.EmployerOrgNr]++
		}
	}
	working, employed := 0, 0
	for _, nin := range w.order {
		b, _ := w.persons[nin].BirthDate.Time()
		if age := 2025 - b.Year(); age >= 18 && age <= 67 {
			working++
			if len(w.empsOf[nin]) > 0 {
				employed++
			}
		}
	}
	within(t, "employed share of 18–67", float64(employed)/float64(working), 0.6, 0.8)
	sort.Slice(fullTime, func(i, j int) bool { return fullTime[i] < fullTime[j] })
	within(t, "median full-time salary", float64(fullTime[len(fullTime)/2]), 520_000, 680_000)
	sizes := make([]int, 0, len(perEmployer))
	for _, n := range perEmployer {
		sizes = append(sizes, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
	if sizes[0] < 10*sizes[len(sizes)/2] {
		t.Errorf("employer sizes too even: largest %d, median %d", sizes[0], sizes[len(sizes)/2])
	}
	t.Logf("employers with current staff: %d; largest %d, median %d", len(sizes), sizes[0], sizes[len(sizes)/2])
}

func TestWorldDebts(t *testing.T) {
	w := loadWorld(t)
	ids := map[string]bool{}
	for _, d := range w.debts {
		if ids[d.ID] || len(d.ID) != 10 || d.ID[0] != 'L' {
			t.Errorf("debt ID %q repeated or malformed", d.ID)
		}
		ids[d.ID] = true
		if !w.orgs[d.CreditorOrgNr].HasRole(RoleCreditor) {
			t.Errorf("debt %s at %s, not a creditor", d.ID, d.CreditorOrgNr)
		}
		if d.CoBorrower < 0 || d.CoBorrower > 2 || d.Timestamp.IsZero() {
			t.Errorf("debt %+v", d)
		}
		amounts := []int64{d.CreditLimit, d.InterestBearingBalance, d.NonInterestBearingBalance, d.OriginalBalance, d.Balance, d.InstallmentCharges}
		any := false
		for _, v := range amounts {
			if v < 0 {
				t.Errorf("debt %s: negative amount", d.ID)
			}
			any = any || v > 0
		}
		if !any {
			t.Errorf("debt %s has all amounts 0", d.ID)
		}
		switch d.Type {
		case DebtCreditFacility:
			if d.CreditLimit == 0 || d.OriginalBalance != 0 || d.Balance != 0 || d.Terms != 0 || d.InstallmentChargePeriod != "MONTHLY" || d.NominalInterestRate == 0 {
				t.Errorf("credit facility %+v", d)
			}
		case DebtRepaymentLoan:
			if d.OriginalBalance == 0 || d.Balance > d.OriginalBalance || d.Terms == 0 || d.CreditLimit != 0 ||
				d.InterestBearingBalance != 0 || d.NonInterestBearingBalance != 0 || d.InstallmentChargePeriod == "" {
				t.Errorf("repayment loan %+v", d)
			}
		case DebtChargeCard:
			if d.CreditLimit != 0 || d.OriginalBalance != 0 || d.Balance != 0 || d.Terms != 0 ||
				d.NominalInterestRate != 0 || d.InstallmentCharges != 0 || d.InstallmentChargePeriod != "" {
				t.Errorf("charge card %+v", d)
			}
		default:
			t.Errorf("debt %s: type %q", d.ID, d.Type)
		}
	}
	n := float64(len(w.persons))
	within(t, "share of persons with debt", float64(len(w.debtsOf))/n, 0.15, 0.35)
	within(t, "debts per debtor", float64(len(w.debts))/float64(len(w.debtsOf)), 1.5, 2.6)
	most := 0
	for _, ds := range w.debtsOf {
		most = max(most, len(ds))
	}
	if most < 8 || most > 12 {
		t.Errorf("most debts of one person: %d", most)
	}
}
