package world

import (
	"math"
	"time"
)

// getStartedTimestamp is the timestamp of the get-started example loan.
var getStartedTimestamp = time.Date(2022, 11, 3, 0, 0, 0, 0, time.UTC)

// debtorShare is the share of persons of an age with unsecured debt
// (about a quarter of adults overall).
func debtorShare(age int) float64 {
	switch {
	case age < 25:
		return 0.20
	case age < 35:
		return 0.32
	case age < 55:
		return 0.30
	case age < 67:
		return 0.24
	case age < 80:
		return 0.15
	}
	return 0.08
}

// debts draws the person's unsecured debts. Person 0 holds exactly the
// get-started loan; person 1 always has at least one loan.
func (w *worker) debts(c *chunk, pr *personRec) {
	g, r := w.g, w.r
	if pr.fixed && pr.index == 0 {
		c.debts = append(c.debts, Debt{
			CreditorOrgNr: g.exampleLender, Type: DebtChargeCard, CoBorrower: 2,
			InterestBearingBalance: 6069400, NonInterestBearingBalance: 641000,
			Timestamp: getStartedTimestamp,
		})
		return
	}
	if !pr.fixed && r.Float64() >= debtorShare(pr.age) {
		return
	}
	for n := 1 + g.t.debtCount.pick(r); n > 0; n-- {
		w.debt(c)
	}
}

// debt appends one loan with only the fields of its type. Amounts are øre,
// rates percent × 100; every loan has a non-zero amount, since loans with
// all amounts 0 count as repaid (spec: gjeldsinformasjon.md §9.5).
func (w *worker) debt(c *chunk) {
	g, r := w.g, w.r
	cred := g.creditorPick.pick(r)
	d := Debt{
		CreditorOrgNr: g.creditors[cred],
		// One nightly extract per creditor: the same time for all its loans.
		Timestamp: g.debtTimeBase.Add(time.Duration(cred*37%180) * time.Minute),
	}
	switch u := r.Float64(); {
	case u < 0.90:
	case u < 0.94:
		d.CoBorrower = 1
	default:
		d.CoBorrower = 2
	}
	switch u := r.Float64(); {
	case u < 0.58:
		d.Type = DebtCreditFacility
		d.CreditLimit = creditLimitsNOK[r.IntN(len(creditLimitsNOK))] * 100
		if r.Float64() >= 0.2 { // a fifth of credit lines are unused
			v := r.Float64()
			used := int64(float64(d.CreditLimit) * v * math.Sqrt(v))
			if r.Float64() < 0.6 { // purchases still in the interest-free period
				d.NonInterestBearingBalance = int64(float64(used) * 0.3 * r.Float64())
			}
			d.InterestBearingBalance = used - d.NonInterestBearingBalance
		}
		d.NominalInterestRate = 1490 + r.IntN(1300)
		d.InstallmentCharges = [...]int64{0, 0, 3500, 4500, 5500, 9500}[r.IntN(6)]
		d.InstallmentChargePeriod = "MONTHLY"
	case u < 0.88:
		d.Type = DebtRepaymentLoan
		d.OriginalBalance = int64(clamp(logNormal(r, 110_000, 0.8), 10_000, 600_000)/1_000) * 1_000 * 100
		total := [...]int{12, 24, 36, 48, 60, 60, 84, 120, 144, 180}[r.IntN(10)]
		d.Terms = 1 + r.IntN(total)
		// An annuity pays interest first, so the balance falls slower than the terms.
		d.Balance = max(100, int64(float64(d.OriginalBalance)*math.Pow(float64(d.Terms)/float64(total), 0.85))-int64(r.IntN(100)))
		d.NominalInterestRate = 690 + r.IntN(1500)
		d.InstallmentCharges = [...]int64{0, 4500, 5500, 6500, 7500}[r.IntN(5)]
		d.InstallmentChargePeriod = installmentPeriods[r.IntN(len(installmentPeriods))]
	default:
		d.Type = DebtChargeCard
		d.NonInterestBearingBalance = nokToOre(r, clamp(logNormal(r, 8_000, 1), 100, 200_000))
		if r.Float64() < 0.3 { // overdue part now bears interest
			d.InterestBearingBalance = nokToOre(r, clamp(logNormal(r, 5_000, 1), 100, 100_000))
		}
	}
	c.debts = append(c.debts, d)
}
