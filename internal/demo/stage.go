package demo

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
)

// Organisations and constants of the story.
const (
	// skatteetaten is the innkrevingsmyndighet whose namsmann uses DSOP's
	// IM profile (spec: dsop-kontroll.md §2).
	skatteetaten = "974761076"
	// livsopphold is what the namsmann leaves the debtor each month before
	// any utleggstrekk (our simplification, README "--namsmann").
	livsopphold = 16_000
	// scanPersons bounds the search for a debtor whose story works.
	scanPersons = 3000
)

// person is the part of GET /admin/persons/{nin} the story needs.
type person struct {
	NIN        string `json:"nin"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	BirthDate  string `json:"birth_date"`
	Street     string `json:"street"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
	Protection string `json:"protection"`
	Accounts   []struct {
		AccountNumber   string `json:"account_number"`
		BankOrgNr       string `json:"bank_orgnr"`
		OwnerID         string `json:"owner_id"`
		Type            string `json:"type"`
		Currency        string `json:"currency"`
		Status          string `json:"status"`
		StartDate       string `json:"start_date"`
		EndDate         string `json:"end_date"`
		OnlineAvailable bool   `json:"online_available"`
	} `json:"accounts"`
	Employments []struct {
		EmployerOrgNr string `json:"employer_orgnr"`
		StartDate     string `json:"start_date"`
		EndDate       string `json:"end_date"`
		AnnualSalary  int64  `json:"annual_salary"`
	} `json:"employments"`
	Debts []struct {
		InterestBearingBalance    int64 `json:"interest_bearing_balance"`
		NonInterestBearingBalance int64 `json:"non_interest_bearing_balance"`
		Balance                   int64 `json:"balance"`
	} `json:"debts"`
}

// debtTotal is what the person owes in øre: the balances of every loan
// type (a loan type's other balances are 0).
func (p person) debtTotal() int64 {
	var t int64
	for _, d := range p.Debts {
		t += d.InterestBearingBalance + d.NonInterestBearingBalance + d.Balance
	}
	return t
}

func (p person) name() string { return p.GivenName + " " + p.FamilyName }

// currentEmployer is the best-paid employment active today: the one the
// namsmann's assessment sends an utleggstrekk to.
func (p person) currentEmployer(today string) (string, int64) {
	org, salary := "", int64(0)
	for _, e := range p.Employments {
		if e.StartDate <= today && (e.EndDate == "" || e.EndDate >= today) && e.AnnualSalary > salary {
			org, salary = e.EmployerOrgNr, e.AnnualSalary
		}
	}
	return org, salary
}

// deliverable are the account types DSOP hands out in FI-Utlegg (spec:
// dsop-kontroll.md §5.3).
var deliverable = []string{"salaryAccount", "currencyAccount", "savingsAccount", "businessAccount",
	"creditCardAccount", "prepaidCardAccount", "otherAccount"}

// fits says why p's story would not work, or "" when it would: debt for
// the lender to see, an everyday account with a statement, an account DSOP
// delivers, and a salary the namsmann can withhold from.
func (p person) fits(today string) string {
	if p.Protection != "" {
		return "has address protection (DSOP delivers nothing)"
	}
	if len(p.Debts) == 0 {
		return "has no unsecured debt"
	}
	if _, salary := p.currentEmployer(today); salary/12 <= livsopphold+2000 {
		return fmt.Sprintf("earns too little for an utleggstrekk (more than %d kr a month needed)", livsopphold+2000)
	}
	everyday, dsop := false, false
	for _, a := range p.Accounts {
		live := a.Status == "enabled" && a.OwnerID == p.NIN && a.StartDate <= today && (a.EndDate == "" || a.EndDate >= today)
		if live && a.Currency == "NOK" && (a.Type == "salaryAccount" || a.Type == "otherAccount") {
			everyday = true
		}
		if live && a.OnlineAvailable && slices.Contains(deliverable, a.Type) {
			dsop = true
		}
	}
	if !everyday {
		return "has no everyday account in NOK"
	}
	if !dsop {
		return "has no account DSOP delivers"
	}
	return ""
}

// organisation is GET /admin/organisations/{orgnr}.
type organisation struct {
	OrgNr      string   `json:"orgnr"`
	Name       string   `json:"name"`
	Roles      []string `json:"roles"`
	Street     string   `json:"street"`
	PostalCode string   `json:"postal_code"`
	City       string   `json:"city"`
}

func (o organisation) String() string { return o.Name + " (" + o.OrgNr + ")" }

// stage reads the world clock, finds the debtor, their employer and a
// collector, and registers the demo's Maskinporten clients.
func (d *run) stage(ctx context.Context, st *Step) error {
	r, err := d.admin(ctx, st, "GET", "/admin/clock", "", nil)
	if err != nil {
		return err
	}
	var clock struct {
		Mode  string `json:"mode"`
		Now   string `json:"now"`
		Today string `json:"today"`
	}
	if err := r.decode(&clock); err != nil {
		return err
	}
	if clock.Today == "" {
		return fmt.Errorf("the clock has no today: %s", excerpt(r.Body))
	}
	d.today, d.report.Today = clock.Today, clock.Today
	st.fact("today", clock.Today)
	st.fact("clock_mode", clock.Mode)
	st.say("today is %s by the world clock (mode %s)", clock.Today, clock.Mode)

	if err := d.pickPerson(ctx, st); err != nil {
		return err
	}
	p := d.person
	d.report.Person = p.NIN
	if err := d.auditMark(ctx, st); err != nil {
		return err
	}
	org, salary := p.currentEmployer(d.today)
	d.salary = salary
	if d.employer, err = d.organisation(ctx, st, org); err != nil {
		return err
	}
	st.fact("person", map[string]any{"nin": p.NIN, "name": p.name(), "birth_date": p.BirthDate,
		"address": p.Street + ", " + p.PostalCode + " " + p.City, "accounts": len(p.Accounts), "debts": len(p.Debts)})
	st.fact("employer", map[string]any{"orgnr": d.employer.OrgNr, "name": d.employer.Name, "annual_salary": salary})
	st.say("the person: %s, fødselsnummer %s, born %s, %s, %s %s", p.name(), p.NIN, p.BirthDate, p.Street, p.PostalCode, p.City)
	st.say("in the world: %s, %s (%s), employed by %s at %s a year",
		plural(len(p.Accounts), "bank account"), plural(len(p.Debts), "unsecured debt"), kr(p.debtTotal()), d.employer, krWhole(salary))

	r, err = d.admin(ctx, st, "GET", "/admin/organisations?role=collector&limit=1", "", nil)
	if err != nil {
		return err
	}
	var orgs struct {
		Organisations []organisation `json:"organisations"`
	}
	if err := r.decode(&orgs); err != nil {
		return err
	}
	if len(orgs.Organisations) == 0 {
		return errors.New("the world has no debt collector (role collector)")
	}
	d.collector = orgs.Organisations[0]
	st.fact("collector", map[string]any{"orgnr": d.collector.OrgNr, "name": d.collector.Name})
	st.say("the debt collector: %s", d.collector)

	if err := d.newMaskinporten(ctx, st); err != nil {
		return err
	}
	for _, c := range []struct {
		role, org string
		scopes    []string
	}{
		{"collector", d.collector.OrgNr, []string{"skatteetaten:utleggsbegjaering"}},
		{"namsmann", skatteetaten, []string{"bits:kundeforhold", "bits:kontoinformasjon"}},
		{"payroll", d.employer.OrgNr, []string{"skatteetaten:trekkpaalegg"}},
	} {
		if err := d.register(ctx, st, c.role, c.org, c.scopes...); err != nil {
			return err
		}
	}
	st.fact("maskinporten_clients", d.mp.clients)
	st.say("Maskinporten clients for the collector, Skatteetaten's namsmann (%s) and the employer's payroll system,", skatteetaten)
	st.say("  registered with the demo's own RSA key: every token below is a JWT-bearer grant signed by the demo")
	st.say("  and exchanged at %s%s", d.mp.publicBase, d.mp.tokenPath)
	return nil
}

// pickPerson uses the configured person, or walks the world's persons
// until one's story works.
func (d *run) pickPerson(ctx context.Context, st *Step) error {
	if d.cfg.Person != "" {
		p, err := d.getPerson(ctx, st, d.cfg.Person)
		if err != nil {
			return err
		}
		if why := p.fits(d.today); why != "" {
			return fmt.Errorf("person %s %s; pick another with --person, or leave it out", p.NIN, why)
		}
		d.person = p
		return nil
	}
	after, seen := "", 0
	for seen < scanPersons {
		q := "/admin/persons?limit=200"
		if after != "" {
			q += "&after=" + url.QueryEscape(after)
		}
		r, err := d.admin(ctx, st, "GET", q, "/admin/persons?limit=200&after=…", nil)
		if err != nil {
			return err
		}
		var list struct {
			Persons []struct {
				NIN string `json:"nin"`
			} `json:"persons"`
		}
		if err := r.decode(&list); err != nil {
			return err
		}
		if len(list.Persons) == 0 {
			break
		}
		for _, lp := range list.Persons {
			seen++
			p, err := d.getPerson(ctx, st, lp.NIN)
			if err != nil {
				return err
			}
			if p.fits(d.today) == "" {
				d.person = p
				st.say("looked at %d persons; %s is the first with debt, a salary above %d kr a month and bank accounts",
					seen, p.NIN, livsopphold+2000)
				return nil
			}
		}
		after = list.Persons[len(list.Persons)-1].NIN
	}
	return fmt.Errorf("none of the first %d persons has debt, a salary above %d kr a month, an everyday account and accounts DSOP delivers",
		seen, livsopphold+2000)
}

func (d *run) getPerson(ctx context.Context, st *Step, nin string) (person, error) {
	var p person
	r, err := d.admin(ctx, st, "GET", "/admin/persons/"+url.PathEscape(nin), "/admin/persons/{nin}", nil)
	if err != nil {
		return p, err
	}
	return p, r.decode(&p)
}

func (d *run) organisation(ctx context.Context, st *Step, orgnr string) (organisation, error) {
	var o organisation
	r, err := d.admin(ctx, st, "GET", "/admin/organisations/"+url.PathEscape(orgnr), "/admin/organisations/{orgnr}", nil)
	if err != nil {
		return o, err
	}
	return o, r.decode(&o)
}
