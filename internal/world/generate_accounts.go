package world

import (
	"github.com/namsfogd/namsfogd/internal/ident"
)

// maxPersonAccounts bounds a person's accounts; card-like numbers are
// derived from (person, slot) and rely on slot < 8.
const maxPersonAccounts = 8

// Kinds of person account; more specific than the DSOP type (a BSU is a
// savingsAccount).
const (
	kindSalary = iota
	kindSavings
	kindBSU
	kindCreditCard
	kindLoan
	kindCurrency
	kindPrepaid
	kindOther
	kindTaxDeduction
	kindNoBalance
)

var kindType = [...]string{
	kindSalary: AccountSalary, kindSavings: AccountSavings, kindBSU: AccountSavings,
	kindCreditCard: AccountCreditCard, kindLoan: AccountLoan, kindCurrency: AccountCurrency,
	kindPrepaid: AccountPrepaidCard, kindOther: AccountOther, kindTaxDeduction: AccountTaxDeduction,
	kindNoBalance: AccountWithoutBalance,
}

// creditLimitsNOK are usual credit card limits.
var creditLimitsNOK = []int64{10_000, 15_000, 20_000, 25_000, 30_000, 30_000, 40_000, 50_000, 50_000, 75_000, 100_000}

// accounts draws the person's accounts (nearly everyone a salary account,
// many a savings account, some cards and loans, a few of the rest), most
// at one main bank, and a secondary owner or disponent on about one in ten
// salary and savings accounts.
func (w *worker) accounts(c *chunk, pr *personRec) {
	g, r := w.g, w.r
	var kinds [maxPersonAccounts]int
	n := 0
	add := func(k int, p float64) {
		if n < maxPersonAccounts && r.Float64() < p {
			kinds[n] = k
			n++
		}
	}
	if pr.fixed {
		add(kindSalary, 1)
	} else {
		add(kindSalary, 0.97)
	}
	add(kindSavings, 0.62)
	if pr.age < 34 {
		add(kindBSU, 0.4)
	} else {
		add(kindSavings, 0.08)
	}
	add(kindCreditCard, 0.26)
	if pr.age >= 25 && pr.age <= 70 {
		add(kindLoan, 0.42)
	} else {
		add(kindLoan, 0.08)
	}
	add(kindCurrency, 0.03)
	add(kindPrepaid, 0.04)
	add(kindOther, 0.05)
	add(kindTaxDeduction, 0.003)
	add(kindNoBalance, 0.006)
	if r.Float64() < 0.03 { // a few keep many accounts
		for k := 1 + r.IntN(3); k > 0; k-- {
			add(kindSavings, 0.6)
			add(kindOther, 0.5)
		}
	}

	main := g.bankPick.pick(r)
	for slot := 0; slot < n; slot++ {
		bank, move := main, 0.2
		if kinds[slot] == kindCreditCard {
			move = 0.6
		}
		if kinds[slot] != kindSalary && r.Float64() < move {
			bank = g.bankPick.pick(r)
		}
		w.account(c, pr, kinds[slot], bank, slot)
	}
}

// account generates one account of the person at bank, slot being its
// position among the person's accounts.
func (w *worker) account(c *chunk, pr *personRec, kind, bank, slot int) {
	g, r, dates := w.g, w.r, w.g.dt.dates
	c.accounts = append(c.accounts, accountRec{bank: bank})
	rec := &c.accounts[len(c.accounts)-1]
	a := &rec.a
	a.BankOrgNr, a.Type, a.Currency = g.banks[bank].orgnr, kindType[kind], "NOK"
	a.Status, a.OnlineAvailable = AccountEnabled, true

	if (kind == kindCreditCard && r.Float64() < 0.4) || (kind == kindPrepaid && r.Float64() < 0.5) {
		a.AccountNumber, rec.bank = g.cardNumber(bank, pr.index, slot), -1
	} else {
		a.AccountNumber = ident.GenerateKontonummer(r, g.banks[bank].regNo)
	}

	// Opened at 16 at the earliest, and not before 1980.
	latest := g.refIdx - 1
	earliest := min(max(pr.birthIdx+16*365+4, g.idx1980), latest-2)
	start := earliest + r.IntN(latest-earliest+1)
	until := latest
	switch u := r.Float64(); {
	case u < 0.01:
		a.Status = AccountDeleted
		start = min(start, latest-1)
		end := start + 1 + r.IntN(latest-start) // after start, before the reference date
		a.EndDate, until = dates[end], end
	case u < 0.03:
		a.Status = AccountDisabled
	}
	a.StartDate, a.OwnerSince = dates[start], dates[start]
	if r.Float64() < 0.05 { // took over the account later (inheritance, divorce)
		a.OwnerSince = dates[start+r.IntN(until-start+1)]
	}
	if r.Float64() < 0.01 {
		a.OnlineAvailable = false
	}
	w.balances(a, kind)
	if a.Status == AccountDeleted { // a closed account has no balance
		a.BookedBalance, a.AvailableBalance = 0, 0
	}

	if pr.index > 0 && (kind == kindSalary || kind == kindSavings) && a.Status != AccountDeleted && r.Float64() < 0.11 {
		role := PartySecondaryOwner
		if r.Float64() < 0.45 {
			role = PartyDisponent
		}
		ps := start + r.IntN(latest-start+1)
		c.parties = append(c.parties, partyRec{
			p:   AccountParty{Role: role, StartDate: dates[ps]},
			acc: len(c.accounts) - 1,
		})
	}
}

// balances sets the product name, currency, balances and credit line.
// Invariant: AvailableBalance ≤ BookedBalance + CreditLine.
func (w *worker) balances(a *Account, kind int) {
	r := w.r
	pick := func(names []string) string { return names[r.IntN(len(names))] }
	switch kind {
	case kindSalary:
		a.Name = pick(productSalary)
		a.BookedBalance = nokToOre(r, clamp(logNormal(r, 12_000, 1.2), 0, 200_000))
		if r.Float64() < 0.01 { // overdrawn
			a.BookedBalance = -nokToOre(r, float64(1+r.IntN(2_000)))
		}
		a.AvailableBalance = a.BookedBalance
		if a.BookedBalance > 0 && r.Float64() < 0.25 { // reserved card payments
			a.AvailableBalance -= min(a.BookedBalance, nokToOre(r, logNormal(r, 400, 1)))
		}
	case kindSavings:
		a.Name = pick(productSavings)
		if r.Float64() >= 0.08 {
			a.BookedBalance = nokToOre(r, clamp(logNormal(r, 45_000, 1.5), 0, 3_000_000))
		}
		a.AvailableBalance = a.BookedBalance
	case kindBSU:
		a.Name = productBSU
		a.BookedBalance = nokToOre(r, clamp(logNormal(r, 90_000, 0.8), 0, 300_000))
		a.AvailableBalance = a.BookedBalance
	case kindCreditCard:
		a.Name = pick(productCreditCard)
		limit := creditLimitsNOK[r.IntN(len(creditLimitsNOK))] * 100
		u := r.Float64()
		used := int64(float64(limit) * u * u)
		a.CreditLine, a.BookedBalance = limit, -used
		a.AvailableBalance = limit - used
		if r.Float64() < 0.2 {
			a.AvailableBalance -= min(limit-used, nokToOre(r, logNormal(r, 300, 1)))
		}
	case kindLoan:
		a.Name = pick(productLoan)
		principal := nokToOre(r, clamp(logNormal(r, 1_800_000, 0.7), 50_000, 8_000_000))
		a.BookedBalance, a.AvailableBalance = -principal, -principal
		if r.Float64() < 0.15 { // flexible mortgage: drawn up to a limit
			a.Name = productFlexLoan
			a.CreditLine = (principal + int64(float64(principal)*0.4*r.Float64())) / 100_000 * 100_000
			a.CreditLine = max(a.CreditLine, principal)
			a.AvailableBalance = a.CreditLine - principal
		}
	case kindCurrency:
		a.Name, a.Currency = productCurrency, currencies[r.IntN(len(currencies))]
		a.BookedBalance = nokToOre(r, clamp(logNormal(r, 1_500, 1.3), 0, 200_000))
		a.AvailableBalance = a.BookedBalance
	case kindPrepaid:
		a.Name = pick(productPrepaid)
		a.BookedBalance = nokToOre(r, float64(r.IntN(5_000)))
		a.AvailableBalance = a.BookedBalance
	case kindOther:
		a.Name = pick(productOther)
		a.BookedBalance = nokToOre(r, clamp(logNormal(r, 15_000, 1.2), 0, 500_000))
		a.AvailableBalance = a.BookedBalance
	case kindTaxDeduction:
		a.Name = productTaxDeduct
		a.BookedBalance = nokToOre(r, clamp(logNormal(r, 20_000, 1), 0, 300_000))
		a.AvailableBalance = a.BookedBalance
	case kindNoBalance:
		a.Name = productNoBalance
	}
}

// cardNumber returns a 16-digit, Luhn-valid card-like account number:
// the bank's 6-digit prefix, nine digits that are a bijection of
// (person, slot) (so numbers never collide while person < MaxGenPersons and
// slot < 8), and the check digit.
func (g *generator) cardNumber(bank, person, slot int) string {
	var b [16]byte
	copy(b[:6], g.banks[bank].bin)
	x := uint64(person)*maxPersonAccounts + uint64(slot)
	// 387420489 = 3^18 is coprime with 10^9, so this is a permutation.
	putDigits(b[6:15], (x*387_420_489+g.cardOffset)%1_000_000_000)
	b[15] = luhnDigit(b[:15])
	return string(b[:])
}
