package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

func validDate(field string, d world.Date, required bool) *Error {
	if d == "" {
		if required {
			return badField(field, field+" (YYYY-MM-DD) is required")
		}
		return nil
	}
	if _, ok := d.Time(); !ok {
		return badField(field, field+" must be a date YYYY-MM-DD")
	}
	return nil
}

// partyExists checks that id is a valid NIN or orgnr of a person or
// organisation in the world.
func (a *API) partyExists(r *http.Request, field, id string) error {
	if len(id) == 9 {
		if err := ident.ValidateOrgNr(id); err != nil {
			return badField(field, err.Error())
		}
		_, err := a.cfg.Store.GetOrganisation(r.Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			return badField(field, "no organisation "+id+" in the world")
		}
		return err
	}
	if err := ident.ValidateNIN(id); err != nil {
		return badField(field, err.Error())
	}
	_, err := a.cfg.Store.GetPerson(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return badField(field, "no person "+id+" in the world")
	}
	return err
}

func (a *API) orgWithRole(r *http.Request, field, orgnr, role string) (world.Organisation, error) {
	if err := ident.ValidateOrgNr(orgnr); err != nil {
		return world.Organisation{}, badField(field, err.Error())
	}
	o, err := a.cfg.Store.GetOrganisation(r.Context(), orgnr)
	if errors.Is(err, store.ErrNotFound) {
		return o, badField(field, "no organisation "+orgnr+" in the world")
	}
	if err != nil {
		return o, err
	}
	if role != "" && !o.HasRole(role) {
		return o, badField(field, "organisation "+orgnr+" does not have the role "+role)
	}
	return o, nil
}

func (a *API) createAccount(w http.ResponseWriter, r *http.Request) error {
	var ac world.Account
	ac.OnlineAvailable = true
	if err := httpx.DecodeJSON(w, r, 0, &ac); err != nil {
		return err
	}
	if _, err := a.orgWithRole(r, "bank_orgnr", ac.BankOrgNr, world.RoleBank); err != nil {
		return err
	}
	if ac.Type == world.AccountCreditCard && len(ac.AccountNumber) > 11 {
		if len(ac.AccountNumber) > 19 || !digits(ac.AccountNumber) {
			return badField("account_number", "a card account number is 12 to 19 digits")
		}
	} else if err := ident.ValidateKontonummer(ac.AccountNumber); err != nil {
		return badField("account_number", err.Error())
	}
	if err := a.partyExists(r, "owner_id", ac.OwnerID); err != nil {
		return err
	}
	if !slices.Contains(world.AccountTypes, ac.Type) {
		return badField("type", "type must be one of "+strings.Join(world.AccountTypes, ", "))
	}
	if ac.Currency == "" {
		ac.Currency = "NOK"
	}
	if len(ac.Currency) != 3 || strings.ToUpper(ac.Currency) != ac.Currency {
		return badField("currency", "currency must be an ISO 4217 code like NOK")
	}
	if ac.Status == "" {
		ac.Status = world.AccountEnabled
	}
	if !slices.Contains([]string{world.AccountEnabled, world.AccountDisabled, world.AccountDeleted}, ac.Status) {
		return badField("status", "status must be enabled, disabled or deleted")
	}
	if ac.StartDate == "" {
		ac.StartDate = a.cfg.Clock.Today()
	}
	if ac.OwnerSince == "" {
		ac.OwnerSince = ac.StartDate
	}
	for f, d := range map[string]world.Date{"start_date": ac.StartDate, "end_date": ac.EndDate, "owner_since": ac.OwnerSince} {
		if e := validDate(f, d, false); e != nil {
			return e
		}
	}
	if ac.EndDate != "" && ac.EndDate < ac.StartDate {
		return badField("end_date", "end_date is before start_date")
	}
	if ac.CreditLine < 0 {
		return badField("credit_line", "credit_line must not be negative")
	}
	if err := a.cfg.Store.CreateAccount(r.Context(), ac); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return conflict("account_number", "account "+ac.AccountNumber+" exists")
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, ac)
	return nil
}

func (a *API) getAccount(w http.ResponseWriter, r *http.Request) error {
	ac, err := a.cfg.Store.GetAccount(r.Context(), r.PathValue("number"))
	if errors.Is(err, store.ErrNotFound) {
		return notFound("no account " + r.PathValue("number"))
	}
	if err != nil {
		return err
	}
	if err := a.auditView(r, "account.view", ac.OwnerID, map[string]any{"account": ac.AccountNumber}); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, ac)
	return nil
}

func (a *API) createAccountParty(w http.ResponseWriter, r *http.Request) error {
	var p world.AccountParty
	if err := httpx.DecodeJSON(w, r, 0, &p); err != nil {
		return err
	}
	if p.Role != world.PartySecondaryOwner && p.Role != world.PartyDisponent {
		return badField("role", "role must be secondaryOwner or disponent")
	}
	if err := a.partyExists(r, "party_id", p.PartyID); err != nil {
		return err
	}
	if p.StartDate == "" {
		p.StartDate = a.cfg.Clock.Today()
	}
	if e := validDate("start_date", p.StartDate, true); e != nil {
		return e
	}
	if e := validDate("end_date", p.EndDate, false); e != nil {
		return e
	}
	if err := a.cfg.Store.CreateAccountParty(r.Context(), p); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return badField("account_number", "no account "+p.AccountNumber)
		}
		if errors.Is(err, store.ErrConflict) {
			return conflict("", "the party already has this role on the account")
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, p)
	return nil
}

func (a *API) createEmployment(w http.ResponseWriter, r *http.Request) error {
	var e world.Employment
	e.PositionPercent = 100
	if err := httpx.DecodeJSON(w, r, 0, &e); err != nil {
		return err
	}
	if e.ID != 0 {
		return badField("id", "id is assigned by the server")
	}
	if err := a.partyExists(r, "person_nin", e.PersonNIN); err != nil || len(e.PersonNIN) != 11 {
		if err == nil {
			err = badField("person_nin", "person_nin must be a fødselsnummer or d-nummer")
		}
		return err
	}
	if _, err := a.orgWithRole(r, "employer_orgnr", e.EmployerOrgNr, world.RoleEmployer); err != nil {
		return err
	}
	if e.StartDate == "" {
		e.StartDate = a.cfg.Clock.Today()
	}
	if x := validDate("start_date", e.StartDate, true); x != nil {
		return x
	}
	if x := validDate("end_date", e.EndDate, false); x != nil {
		return x
	}
	if e.AnnualSalary < 0 || e.AnnualSalary > 100_000_000 {
		return badField("annual_salary", "annual_salary must be from 0 to 100 000 000 NOK")
	}
	if e.PositionPercent < 1 || e.PositionPercent > 100 {
		return badField("position_percent", "position_percent must be from 1 to 100")
	}
	e, err := a.cfg.Store.CreateEmployment(r.Context(), e)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, e)
	return nil
}

func (a *API) createDebt(w http.ResponseWriter, r *http.Request) error {
	var d world.Debt
	if err := httpx.DecodeJSON(w, r, 0, &d); err != nil {
		return err
	}
	if err := a.partyExists(r, "person_nin", d.PersonNIN); err != nil || len(d.PersonNIN) != 11 {
		if err == nil {
			err = badField("person_nin", "person_nin must be a fødselsnummer or d-nummer")
		}
		return err
	}
	if _, err := a.orgWithRole(r, "creditor_orgnr", d.CreditorOrgNr, world.RoleCreditor); err != nil {
		return err
	}
	if !slices.Contains([]string{world.DebtCreditFacility, world.DebtRepaymentLoan, world.DebtChargeCard}, d.Type) {
		return badField("type", "type must be creditFacility, repaymentLoan or chargeCard")
	}
	if d.CoBorrower < 0 || d.CoBorrower > 2 {
		return badField("co_borrower", "co_borrower must be 0, 1 or 2")
	}
	for f, v := range map[string]int64{"credit_limit": d.CreditLimit, "interest_bearing_balance": d.InterestBearingBalance,
		"non_interest_bearing_balance": d.NonInterestBearingBalance, "original_balance": d.OriginalBalance, "balance": d.Balance,
		"installment_charges": d.InstallmentCharges, "terms": int64(d.Terms), "nominal_interest_rate": int64(d.NominalInterestRate)} {
		if v < 0 {
			return badField(f, f+" must not be negative")
		}
	}
	switch d.InstallmentChargePeriod {
	case "", "MONTHLY", "QUARTERLY", "HALF-YEARLY", "YEARLY":
	default:
		return badField("installment_charge_period", "installment_charge_period must be MONTHLY, QUARTERLY, HALF-YEARLY or YEARLY")
	}
	if d.ID == "" {
		d.ID = "A" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	if d.Timestamp.IsZero() {
		d.Timestamp = a.cfg.Clock.Now()
	}
	if err := a.cfg.Store.CreateDebt(r.Context(), d); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return conflict("id", "debt "+d.ID+" exists")
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, d)
	return nil
}

func (a *API) auditQuery(r *http.Request) (store.AuditQuery, error) {
	q := store.AuditQuery{Service: r.URL.Query().Get("service"), SubjectID: r.URL.Query().Get("subject"), Limit: 100}
	if s := r.URL.Query().Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return q, badField("after", "after must be a non-negative audit record id")
		}
		q.AfterID = n
	}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return q, badField("limit", "limit must be an integer from 1 to 1000")
		}
		q.Limit = n
	}
	return q, nil
}

func (a *API) listAudit(w http.ResponseWriter, r *http.Request) error {
	q, err := a.auditQuery(r)
	if err != nil {
		return err
	}
	rs, err := a.cfg.Store.ListAudit(r.Context(), q)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"records": rs})
	return nil
}

// personAudit answers "who looked at my data": the audit records whose
// subject is the person.
func (a *API) personAudit(w http.ResponseWriter, r *http.Request) error {
	q, err := a.auditQuery(r)
	if err != nil {
		return err
	}
	if err := ident.ValidateNIN(r.PathValue("nin")); err != nil {
		return badField("nin", err.Error())
	}
	q.SubjectID = r.PathValue("nin")
	rs, err := a.cfg.Store.ListAudit(r.Context(), q)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"records": rs})
	return nil
}
