package console

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/world"
)

// createData feeds the forms that create test data.
type createData struct {
	Kind      string     // the form that was sent
	Form      url.Values // what it held, shown again after a refusal
	Prefill   map[string]string
	Banks     []world.Organisation
	Creditors []world.Organisation
	Roles     []string
	Types     []string
	DebtTypes []string
	Created   *created
}

// created says what a form made, with a link to it.
type created struct {
	What  string
	ID    string
	Link  string
	Extra string
}

// Val is a field's value: what was sent (after a refusal of that form)
// or the prefill from the query.
func (d *createData) Val(kind, field string) string {
	if d.Kind == kind && d.Form != nil {
		return d.Form.Get(field)
	}
	return d.Prefill[field]
}

// Checked reports whether a checkbox of the form was ticked.
func (d *createData) Checked(kind, field, value string) bool {
	return d.Kind == kind && d.Form != nil && hasString(d.Form[field], value)
}

var debtTypes = []string{world.DebtCreditFacility, world.DebtRepaymentLoan, world.DebtChargeCard}

func (c *Console) createData(r *http.Request) (*createData, error) {
	d := &createData{Roles: orgRoles, Types: world.AccountTypes, DebtTypes: debtTypes, Prefill: map[string]string{}}
	// ?nin= and ?orgnr= fill the forms' person and employer fields (links
	// from a person's or an organisation's page); the person form's own
	// fødselsnummer stays empty, since that person exists.
	q := r.URL.Query()
	nin, orgnr := strings.TrimSpace(q.Get("nin")), strings.TrimSpace(q.Get("orgnr"))
	d.Prefill["person_nin"], d.Prefill["employ_nin"], d.Prefill["employer_orgnr"] = nin, nin, orgnr
	d.Prefill["owner_id"] = nin
	if nin == "" {
		d.Prefill["owner_id"] = orgnr
	}
	d.Prefill["type"] = world.AccountSalary
	var list struct {
		Organisations []world.Organisation `json:"organisations"`
	}
	if err := c.api.call(r.Context(), "GET", c.admin("/organisations"), url.Values{"role": {world.RoleBank}, "limit": {"1000"}}, nil, &list); err != nil {
		return nil, err
	}
	d.Banks = list.Organisations
	list.Organisations = nil
	if err := c.api.call(r.Context(), "GET", c.admin("/organisations"), url.Values{"role": {world.RoleCreditor}, "limit": {"1000"}}, nil, &list); err != nil {
		return nil, err
	}
	d.Creditors = list.Organisations
	return d, nil
}

// createForms shows the forms.
func (c *Console) createForms(w http.ResponseWriter, r *http.Request, s session) error {
	d, err := c.createData(r)
	if err != nil {
		return err
	}
	p := c.signedInPage(s, "create", "Create test data")
	p.Data = d
	c.render(w, r, http.StatusOK, "create", p)
	return nil
}

// create sends one form to the operator API and shows the form page
// again: with what was created, or with the API's reason and the
// values sent.
func (c *Console) create(w http.ResponseWriter, r *http.Request, s session) error {
	d, err := c.createData(r)
	if err != nil {
		return err
	}
	d.Kind, d.Form = r.PathValue("kind"), r.PostForm
	p := c.signedInPage(s, "create", "Create test data")
	p.Data = d
	var made *created
	switch d.Kind {
	case "person":
		made, err = c.createPerson(r)
	case "organisation":
		made, err = c.createOrganisation(r)
	case "employment":
		made, err = c.createEmployment(r, r.PostFormValue("person_nin"), r.PostFormValue("employer_orgnr"))
	case "account":
		made, err = c.createAccount(r)
	case "debt":
		made, err = c.createDebt(r)
	default:
		return &pageError{Status: http.StatusNotFound, Title: "Not found", Message: "there is no form " + d.Kind}
	}
	var ae *apiError
	if errors.As(err, &ae) && ae.Status < 500 {
		p.Error = ae.Error()
		if made != nil { // a second step failed after the first was made
			d.Created = made
		}
		c.render(w, r, ae.Status, "create", p)
		return nil
	}
	if err != nil {
		return err
	}
	d.Created, d.Kind, d.Form = made, "", nil
	c.render(w, r, http.StatusCreated, "create", p)
	return nil
}

// field is a refusal of a form field, in the operator API's shape.
func field(name, msg string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Field: name, Message: msg}
}

func (c *Console) createPerson(r *http.Request) (*created, error) {
	body := map[string]string{}
	for _, k := range []string{"nin", "given_name", "family_name", "birth_date", "gender", "street", "postal_code", "city", "protection"} {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			body[k] = v
		}
	}
	var p world.Person
	if err := c.api.call(r.Context(), "POST", c.admin("/persons"), nil, body, &p); err != nil {
		return nil, err
	}
	return &created{What: "Person " + p.GivenName + " " + p.FamilyName, ID: p.NIN, Link: c.prefix + "/persons?nin=" + url.QueryEscape(p.NIN)}, nil
}

// createOrganisation creates an organisation (with a generated
// organisasjonsnummer when none is given) and, when a person is named,
// employs the person there.
func (c *Console) createOrganisation(r *http.Request) (*created, error) {
	orgnr := strings.TrimSpace(r.PostFormValue("orgnr"))
	if orgnr == "" {
		orgnr = ident.GenerateOrgNr(rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
	}
	roles := r.PostForm["roles"]
	employ := strings.TrimSpace(r.PostFormValue("employ_nin"))
	if employ != "" && !hasString(roles, world.RoleEmployer) {
		roles = append(roles, world.RoleEmployer)
	}
	if roles == nil {
		roles = []string{}
	}
	body := map[string]any{"orgnr": orgnr, "name": r.PostFormValue("name"), "roles": roles}
	for _, k := range []string{"bank_reg_no", "street", "postal_code", "city"} {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			body[k] = v
		}
	}
	var o world.Organisation
	if err := c.api.call(r.Context(), "POST", c.admin("/organisations"), nil, body, &o); err != nil {
		return nil, err
	}
	made := &created{What: "Organisation " + o.Name, ID: o.OrgNr, Link: c.prefix + "/organisations?orgnr=" + url.QueryEscape(o.OrgNr)}
	if employ == "" {
		return made, nil
	}
	e, err := c.createEmployment(r, employ, o.OrgNr)
	if err != nil {
		made.Extra = "The organisation was created, but the employment was refused."
		return made, err
	}
	made.Extra = e.What + "."
	return made, nil
}

func (c *Console) createEmployment(r *http.Request, nin, orgnr string) (*created, error) {
	body := map[string]any{"person_nin": strings.TrimSpace(nin), "employer_orgnr": strings.TrimSpace(orgnr)}
	for _, k := range []string{"start_date", "end_date"} {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			body[k] = v
		}
	}
	if v := strings.TrimSpace(r.PostFormValue("annual_salary")); v != "" {
		ore, err := parseOre(v)
		if err != nil {
			return nil, field("annual_salary", err.Error())
		}
		body["annual_salary"] = ore / 100 // the API keeps salaries in whole kroner
	}
	if v := strings.TrimSpace(r.PostFormValue("position_percent")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, field("position_percent", "position_percent must be a whole number from 1 to 100")
		}
		body["position_percent"] = n
	}
	var e world.Employment
	if err := c.api.call(r.Context(), "POST", c.admin("/employments"), nil, body, &e); err != nil {
		return nil, err
	}
	return &created{What: "Employment of " + e.PersonNIN + " at " + e.EmployerOrgNr + " (" + wholeKroner(e.AnnualSalary) + " kr a year)",
		ID: strconv.FormatInt(e.ID, 10), Link: c.prefix + "/persons?nin=" + url.QueryEscape(e.PersonNIN)}, nil
}

// createAccount creates a bank account; an empty account number is
// generated from the bank's registration number.
func (c *Console) createAccount(r *http.Request) (*created, error) {
	bank := strings.TrimSpace(r.PostFormValue("bank_orgnr"))
	number := strings.TrimSpace(r.PostFormValue("account_number"))
	if number == "" {
		if !allDigits(bank) {
			return nil, field("bank_orgnr", "choose the bank")
		}
		var b world.Organisation
		if err := c.api.call(r.Context(), "GET", c.admin("/organisations/"+bank), nil, nil, &b); err != nil {
			return nil, err
		}
		if b.BankRegNo == "" {
			return nil, field("bank_orgnr", "organisation "+bank+" is not a bank with a registration number")
		}
		number = ident.GenerateKontonummer(rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())), b.BankRegNo)
	}
	body := map[string]any{"account_number": number, "bank_orgnr": bank, "owner_id": strings.TrimSpace(r.PostFormValue("owner_id")),
		"type": r.PostFormValue("type"), "online_available": true}
	for _, k := range []string{"currency", "name", "start_date"} {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			body[k] = v
		}
	}
	booked, err := parseOre(r.PostFormValue("booked_balance"))
	if err != nil {
		return nil, field("booked_balance", err.Error())
	}
	available := booked
	if v := r.PostFormValue("available_balance"); strings.TrimSpace(v) != "" {
		if available, err = parseOre(v); err != nil {
			return nil, field("available_balance", err.Error())
		}
	}
	credit, err := parseOre(r.PostFormValue("credit_line"))
	if err != nil {
		return nil, field("credit_line", err.Error())
	}
	body["booked_balance"], body["available_balance"], body["credit_line"] = booked, available, credit
	var a world.Account
	if err := c.api.call(r.Context(), "POST", c.admin("/accounts"), nil, body, &a); err != nil {
		return nil, err
	}
	link := c.prefix + "/persons?nin=" + url.QueryEscape(a.OwnerID)
	if len(a.OwnerID) == 9 {
		link = c.prefix + "/organisations?orgnr=" + url.QueryEscape(a.OwnerID)
	}
	return &created{What: "Account " + a.AccountNumber + " (" + a.Type + ", " + kroner(a.BookedBalance) + " " + a.Currency + ")", ID: a.AccountNumber, Link: link}, nil
}

// createDebt creates an unsecured debt; amounts are typed in kroner and
// the rate in percent, and sent in øre and hundredths as the API keeps
// them.
func (c *Console) createDebt(r *http.Request) (*created, error) {
	body := map[string]any{"person_nin": strings.TrimSpace(r.PostFormValue("person_nin")),
		"creditor_orgnr": strings.TrimSpace(r.PostFormValue("creditor_orgnr")), "type": r.PostFormValue("type")}
	for _, k := range []string{"credit_limit", "interest_bearing_balance", "non_interest_bearing_balance", "original_balance",
		"balance", "installment_charges", "nominal_interest_rate"} {
		v, err := parseOre(r.PostFormValue(k))
		if err != nil {
			return nil, field(k, err.Error())
		}
		if v != 0 {
			body[k] = v
		}
	}
	if v := strings.TrimSpace(r.PostFormValue("terms")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, field("terms", "terms must be a whole number")
		}
		body["terms"] = n
	}
	if v := r.PostFormValue("installment_charge_period"); v != "" {
		body["installment_charge_period"] = v
	}
	var d world.Debt
	if err := c.api.call(r.Context(), "POST", c.admin("/debts"), nil, body, &d); err != nil {
		return nil, err
	}
	return &created{What: "Debt " + d.ID + " (" + d.Type + ") of " + d.PersonNIN + " at " + d.CreditorOrgNr, ID: d.ID,
		Link: c.prefix + "/persons?nin=" + url.QueryEscape(d.PersonNIN)}, nil
}
