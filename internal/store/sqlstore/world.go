package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

const personCols = `nin, given_name, family_name, birth_date, gender, street, postal_code, city, protection`

func personArgs(p world.Person) []any {
	return []any{p.NIN, p.GivenName, p.FamilyName, string(p.BirthDate), p.Gender, p.Street, p.PostalCode, p.City, p.Protection}
}

type scanner interface{ Scan(...any) error }

func scanPerson(s scanner) (world.Person, error) {
	var p world.Person
	var bd string
	err := s.Scan(&p.NIN, &p.GivenName, &p.FamilyName, &bd, &p.Gender, &p.Street, &p.PostalCode, &p.City, &p.Protection)
	p.BirthDate = world.Date(bd)
	return p, err
}

// GetPerson reads one person.
func (db *DB) GetPerson(ctx context.Context, nin string) (world.Person, error) {
	p, err := scanPerson(db.r.QueryRowContext(ctx, `SELECT `+personCols+` FROM persons WHERE nin = $1`, nin))
	return p, notFound(err)
}

// CreatePerson adds a person.
func (db *DB) CreatePerson(ctx context.Context, p world.Person) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO persons (`+personCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, personArgs(p)...)
		return db.conflict(err)
	})
}

// UpdatePerson replaces a person.
func (db *DB) UpdatePerson(ctx context.Context, p world.Person) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE persons SET given_name=$2, family_name=$3, birth_date=$4, gender=$5, street=$6, postal_code=$7, city=$8, protection=$9 WHERE nin = $1`, personArgs(p)...)
		return affected(res, err)
	})
}

// ListPersons lists persons in NIN order.
func (db *DB) ListPersons(ctx context.Context, after string, limit int) ([]world.Person, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+personCols+` FROM persons WHERE nin > $1 ORDER BY nin LIMIT $2`, after, clampLimit(limit))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanPerson)
}

const orgCols = `orgnr, name, roles, street, postal_code, city, bank_reg_no`

func orgArgs(o world.Organisation) []any {
	return []any{o.OrgNr, o.Name, "," + strings.Join(o.Roles, ",") + ",", o.Street, o.PostalCode, o.City, o.BankRegNo}
}

func scanOrg(s scanner) (world.Organisation, error) {
	var o world.Organisation
	var roles string
	err := s.Scan(&o.OrgNr, &o.Name, &roles, &o.Street, &o.PostalCode, &o.City, &o.BankRegNo)
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			o.Roles = append(o.Roles, r)
		}
	}
	if o.Roles == nil {
		o.Roles = []string{}
	}
	return o, err
}

// GetOrganisation reads one organisation.
func (db *DB) GetOrganisation(ctx context.Context, orgnr string) (world.Organisation, error) {
	if o, ok := db.orgs.get(orgnr); ok {
		return o, nil
	}
	o, err := scanOrg(db.r.QueryRowContext(ctx, `SELECT `+orgCols+` FROM organisations WHERE orgnr = $1`, orgnr))
	if err != nil {
		return o, notFound(err)
	}
	db.orgs.put(o)
	return o, nil
}

// CreateOrganisation adds an organisation.
func (db *DB) CreateOrganisation(ctx context.Context, o world.Organisation) error {
	defer db.orgs.forget(o.OrgNr)
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO organisations (`+orgCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7)`, orgArgs(o)...)
		return db.conflict(err)
	})
}

// ListOrganisations lists organisations in orgnr order, optionally by role.
func (db *DB) ListOrganisations(ctx context.Context, role, after string, limit int) ([]world.Organisation, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+orgCols+` FROM organisations
		WHERE orgnr > $1 AND ($2 = '' OR roles LIKE '%,' || $2 || ',%') ORDER BY orgnr LIMIT $3`, after, role, clampLimit(limit))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanOrg)
}

const accountCols = `account_number, bank_orgnr, owner_id, type, currency, status, name, start_date, end_date, owner_since, booked_balance, available_balance, credit_line, online_available`

func accountArgs(a world.Account) []any {
	return []any{a.AccountNumber, a.BankOrgNr, a.OwnerID, a.Type, a.Currency, a.Status, a.Name,
		string(a.StartDate), string(a.EndDate), string(a.OwnerSince), a.BookedBalance, a.AvailableBalance, a.CreditLine, boolInt(a.OnlineAvailable)}
}

func scanAccount(s scanner) (world.Account, error) {
	var a world.Account
	var sd, ed, os string
	var online int64
	err := s.Scan(&a.AccountNumber, &a.BankOrgNr, &a.OwnerID, &a.Type, &a.Currency, &a.Status, &a.Name,
		&sd, &ed, &os, &a.BookedBalance, &a.AvailableBalance, &a.CreditLine, &online)
	a.StartDate, a.EndDate, a.OwnerSince, a.OnlineAvailable = world.Date(sd), world.Date(ed), world.Date(os), online != 0
	return a, err
}

// GetAccount reads one account by number.
func (db *DB) GetAccount(ctx context.Context, number string) (world.Account, error) {
	a, err := scanAccount(db.r.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE account_number = $1`, number))
	return a, notFound(err)
}

// CreateAccount adds an account at an existing bank.
func (db *DB) CreateAccount(ctx context.Context, a world.Account) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE orgnr = $1`, a.BankOrgNr).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("bank %s: %w", a.BankOrgNr, store.ErrNotFound)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (`+accountCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`, accountArgs(a)...)
		return db.conflict(err)
	})
}

// AccountsByOwner lists a primary owner's accounts.
func (db *DB) AccountsByOwner(ctx context.Context, ownerID string) ([]world.Account, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE owner_id = $1 ORDER BY bank_orgnr, account_number`, ownerID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAccount)
}

const partyCols = `account_number, party_id, role, start_date, end_date`

func scanParty(s scanner) (world.AccountParty, error) {
	var p world.AccountParty
	var sd, ed string
	err := s.Scan(&p.AccountNumber, &p.PartyID, &p.Role, &sd, &ed)
	p.StartDate, p.EndDate = world.Date(sd), world.Date(ed)
	return p, err
}

// AccountParties lists a party's non-primary roles on accounts.
func (db *DB) AccountParties(ctx context.Context, partyID string) ([]world.AccountParty, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+partyCols+` FROM account_parties WHERE party_id = $1 ORDER BY account_number, role`, partyID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanParty)
}

// CreateAccountParty adds a role on an existing account.
func (db *DB) CreateAccountParty(ctx context.Context, p world.AccountParty) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE account_number = $1`, p.AccountNumber).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("account %s: %w", p.AccountNumber, store.ErrNotFound)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO account_parties (`+partyCols+`) VALUES ($1,$2,$3,$4,$5)`,
			p.AccountNumber, p.PartyID, p.Role, string(p.StartDate), string(p.EndDate))
		return db.conflict(err)
	})
}

const employmentCols = `id, person_nin, employer_orgnr, start_date, end_date, annual_salary, position_percent`

func scanEmployment(s scanner) (world.Employment, error) {
	var e world.Employment
	var sd, ed string
	err := s.Scan(&e.ID, &e.PersonNIN, &e.EmployerOrgNr, &sd, &ed, &e.AnnualSalary, &e.PositionPercent)
	e.StartDate, e.EndDate = world.Date(sd), world.Date(ed)
	return e, err
}

// CreateEmployment adds an employment with a new ID.
func (db *DB) CreateEmployment(ctx context.Context, e world.Employment) (world.Employment, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO employments (person_nin, employer_orgnr, start_date, end_date, annual_salary, position_percent)
			VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
			e.PersonNIN, e.EmployerOrgNr, string(e.StartDate), string(e.EndDate), e.AnnualSalary, e.PositionPercent).Scan(&e.ID)
	})
	return e, err
}

// EmploymentsByPerson lists a person's employments.
func (db *DB) EmploymentsByPerson(ctx context.Context, nin string) ([]world.Employment, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+employmentCols+` FROM employments WHERE person_nin = $1 ORDER BY id`, nin)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEmployment)
}

const debtCols = `id, person_nin, creditor_orgnr, type, co_borrower, credit_limit, interest_bearing_balance, non_interest_bearing_balance, original_balance, balance, terms, nominal_interest_rate, installment_charges, installment_charge_period, extracted_at`

func debtArgs(d world.Debt) []any {
	return []any{d.ID, d.PersonNIN, d.CreditorOrgNr, d.Type, d.CoBorrower, d.CreditLimit, d.InterestBearingBalance,
		d.NonInterestBearingBalance, d.OriginalBalance, d.Balance, d.Terms, d.NominalInterestRate, d.InstallmentCharges,
		d.InstallmentChargePeriod, d.Timestamp.UTC().Format(time.RFC3339Nano)}
}

func scanDebt(s scanner) (world.Debt, error) {
	var d world.Debt
	var ts string
	err := s.Scan(&d.ID, &d.PersonNIN, &d.CreditorOrgNr, &d.Type, &d.CoBorrower, &d.CreditLimit, &d.InterestBearingBalance,
		&d.NonInterestBearingBalance, &d.OriginalBalance, &d.Balance, &d.Terms, &d.NominalInterestRate, &d.InstallmentCharges,
		&d.InstallmentChargePeriod, &ts)
	if err == nil {
		d.Timestamp, err = time.Parse(time.RFC3339Nano, ts)
	}
	return d, err
}

// CreateDebt adds a debt.
func (db *DB) CreateDebt(ctx context.Context, d world.Debt) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO debts (`+debtCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`, debtArgs(d)...)
		return db.conflict(err)
	})
}

// DebtsByPerson lists a person's debts.
func (db *DB) DebtsByPerson(ctx context.Context, nin string) ([]world.Debt, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+debtCols+` FROM debts WHERE person_nin = $1 ORDER BY id`, nin)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanDebt)
}

// WorldInfo reads which world is loaded.
func (db *DB) WorldInfo(ctx context.Context) (store.WorldInfo, error) {
	var info store.WorldInfo
	b, err := db.GetSetting(ctx, settingWorld)
	if err != nil {
		return info, err
	}
	return info, json.Unmarshal(b, &info)
}

// CountWorld counts the world's records.
func (db *DB) CountWorld(ctx context.Context) (store.WorldCounts, error) {
	var c store.WorldCounts
	for _, x := range []struct {
		table string
		n     *int64
	}{{"persons", &c.Persons}, {"organisations", &c.Organisations}, {"accounts", &c.Accounts},
		{"account_parties", &c.AccountRoles}, {"employments", &c.Employments}, {"debts", &c.Debts}} {
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+x.table).Scan(x.n); err != nil {
			return c, err
		}
	}
	return c, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func clampLimit(n int) int {
	if n <= 0 || n > 1000 {
		return 1000
	}
	return n
}

func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

func affected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// conflict maps a unique-constraint violation to store.ErrConflict.
func (db *DB) conflict(err error) error {
	if err == nil {
		return nil
	}
	if IsUniqueViolation(err) {
		return fmt.Errorf("%w: %v", store.ErrConflict, err)
	}
	return err
}

// IsUniqueViolation reports whether err is a unique or primary key
// violation in either dialect.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || // SQLite
		strings.Contains(s, "SQLSTATE 23505") // PostgreSQL unique_violation
}
