package world

import "time"

// Date is a calendar date without time of day, stored as "YYYY-MM-DD".
// The zero Date means "not set" (for example an open-ended period).
type Date string

// DateOf returns the calendar date of t in Norwegian local time.
func DateOf(t time.Time) Date { return Date(t.In(Oslo).Format("2006-01-02")) }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == "" }

// Time returns the date as midnight UTC; ok is false for an unset or malformed date.
func (d Date) Time() (time.Time, bool) {
	t, err := time.Parse("2006-01-02", string(d))
	return t, err == nil
}

// Oslo is the time zone in which "today" is decided. It falls back to a
// fixed +01:00 zone on systems without a time zone database.
var Oslo = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}()

// Address protection levels of a person (adressebeskyttelse).
const (
	ProtectionNone             = ""
	ProtectionFortrolig        = "fortrolig"
	ProtectionStrengtFortrolig = "strengt_fortrolig"
)

// Person is a synthetic natural person, keyed by fødselsnummer or d-nummer.
type Person struct {
	NIN        string `json:"nin"`         // fødselsnummer or d-nummer, 11 digits
	GivenName  string `json:"given_name"`  // fornavn
	FamilyName string `json:"family_name"` // etternavn
	BirthDate  Date   `json:"birth_date"`
	Gender     string `json:"gender"` // "M" or "F"
	Street     string `json:"street"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
	// Protection is the address protection level; shielded persons get an
	// empty account list from DSOP (spec: dsop-kontroll.md §5.3 step 1).
	Protection string `json:"protection,omitempty"`
}

// Name returns "GivenName FamilyName".
func (p Person) Name() string { return p.GivenName + " " + p.FamilyName }

// Organisation roles. An organisation may hold several.
const (
	RoleBank      = "bank"
	RoleEmployer  = "employer"
	RoleCreditor  = "creditor"
	RoleCollector = "collector" // inkassoforetak
	RoleAuthority = "authority" // public body (Skatteetaten, Politiet, ...)
	RoleVendor    = "vendor"    // system provider acting for customers
)

// Well-known organisations that always exist in the world.
const (
	OrgSkatteetaten           = "974761076"
	OrgPolitiet               = "915429785"
	OrgNorskGjeldsinformasjon = "918488243"
)

// Organisation is a legal entity keyed by organisasjonsnummer.
type Organisation struct {
	OrgNr      string   `json:"orgnr"`
	Name       string   `json:"name"`
	Roles      []string `json:"roles"`
	Street     string   `json:"street,omitempty"`
	PostalCode string   `json:"postal_code,omitempty"`
	City       string   `json:"city,omitempty"`
	// BankRegNo is the 4-digit bank registration number (the first four
	// digits of the bank's account numbers); empty for non-banks.
	BankRegNo string `json:"bank_reg_no,omitempty"`
}

// HasRole reports whether the organisation holds role r.
func (o Organisation) HasRole(r string) bool {
	for _, x := range o.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Employment is a person's employment with an employer and its salary.
type Employment struct {
	ID              int64  `json:"id"`
	PersonNIN       string `json:"person_nin"`
	EmployerOrgNr   string `json:"employer_orgnr"`
	StartDate       Date   `json:"start_date"`
	EndDate         Date   `json:"end_date,omitempty"`
	AnnualSalary    int64  `json:"annual_salary"` // NOK per year, gross
	PositionPercent int    `json:"position_percent"`
}

// Account types (DSOP AccountType, spec: dsop-kontroll.md §6).
const (
	AccountLoan           = "loanAccount"
	AccountSalary         = "salaryAccount"
	AccountCurrency       = "currencyAccount"
	AccountSavings        = "savingsAccount"
	AccountClient         = "clientAccount"
	AccountTaxDeduction   = "taxDeductionAccount"
	AccountBusiness       = "businessAccount"
	AccountCreditCard     = "creditCardAccount"
	AccountPrepaidCard    = "prepaidCardAccount"
	AccountWithoutBalance = "accountWithoutBalance"
	AccountOther          = "otherAccount"
)

// AccountTypes lists every DSOP account type.
var AccountTypes = []string{
	AccountLoan, AccountSalary, AccountCurrency, AccountSavings, AccountClient,
	AccountTaxDeduction, AccountBusiness, AccountCreditCard, AccountPrepaidCard,
	AccountWithoutBalance, AccountOther,
}

// Account statuses (DSOP AccountStatus).
const (
	AccountEnabled  = "enabled"
	AccountDisabled = "disabled"
	AccountDeleted  = "deleted"
)

// Account is a bank account. Amounts are in minor units (øre for NOK).
type Account struct {
	AccountNumber string `json:"account_number"` // kontonummer; longer for some card accounts
	BankOrgNr     string `json:"bank_orgnr"`
	OwnerID       string `json:"owner_id"` // primary owner: NIN or orgnr
	Type          string `json:"type"`
	Currency      string `json:"currency"`
	Status        string `json:"status"`
	Name          string `json:"name"` // product name; never disclosed by DSOP
	StartDate     Date   `json:"start_date"`
	EndDate       Date   `json:"end_date,omitempty"`
	// OwnerSince is when the primary owner became owner.
	OwnerSince       Date  `json:"owner_since"`
	BookedBalance    int64 `json:"booked_balance"`
	AvailableBalance int64 `json:"available_balance"`
	CreditLine       int64 `json:"credit_line"`
	// OnlineAvailable false means the bank cannot serve the account online
	// (DSOP answers "partial", spec: dsop-kontroll.md §5.3 step 6).
	OnlineAvailable bool `json:"online_available"`
}

// Account party roles other than the primary owner.
const (
	PartySecondaryOwner = "secondaryOwner"
	PartyDisponent      = "disponent"
)

// AccountParty is a party other than the primary owner with a role on an account.
type AccountParty struct {
	AccountNumber string `json:"account_number"`
	PartyID       string `json:"party_id"`
	Role          string `json:"role"`
	StartDate     Date   `json:"start_date"`
	EndDate       Date   `json:"end_date,omitempty"`
}

// Debt types (Norsk Gjeldsinformasjon loan.type, spec: gjeldsinformasjon.md §9.1).
const (
	DebtCreditFacility = "creditFacility"
	DebtRepaymentLoan  = "repaymentLoan"
	DebtChargeCard     = "chargeCard"
)

// Debt is one unsecured debt of a person at a creditor. Amounts are in øre,
// rates in percent × 100, as Norsk Gjeldsinformasjon reports them.
type Debt struct {
	ID                        string `json:"id"` // stable loan key
	PersonNIN                 string `json:"person_nin"`
	CreditorOrgNr             string `json:"creditor_orgnr"`
	Type                      string `json:"type"`
	CoBorrower                int    `json:"co_borrower"` // 0 none, 1 is co-borrower, 2 has co-borrower
	CreditLimit               int64  `json:"credit_limit,omitempty"`
	InterestBearingBalance    int64  `json:"interest_bearing_balance,omitempty"`
	NonInterestBearingBalance int64  `json:"non_interest_bearing_balance,omitempty"`
	OriginalBalance           int64  `json:"original_balance,omitempty"`
	Balance                   int64  `json:"balance,omitempty"`
	Terms                     int    `json:"terms,omitempty"`
	NominalInterestRate       int    `json:"nominal_interest_rate,omitempty"`
	InstallmentCharges        int64  `json:"installment_charges,omitempty"`
	InstallmentChargePeriod   string `json:"installment_charge_period,omitempty"`
	// Timestamp is when the data was extracted from the creditor's system.
	Timestamp time.Time `json:"timestamp"`
}
