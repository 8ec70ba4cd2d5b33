package admin

import (
	"errors"
	"math/rand/v2"
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

func (a *API) getWorld(w http.ResponseWriter, r *http.Request) error {
	info, err := a.cfg.Store.WorldInfo(r.Context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	counts, err := a.cfg.Store.CountWorld(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"world": info, "counts": counts, "today": a.cfg.Clock.Today()})
	return nil
}

func (a *API) resetWorld(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Seed    *uint64 `json:"seed"`
		Persons int     `json:"persons"`
	}
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	if body.Persons < 2 || body.Persons > a.cfg.MaxResetPersons {
		return badField("persons", "persons must be from 2 to "+itoa(a.cfg.MaxResetPersons)+"; build larger worlds with `namsfogd seed`")
	}
	seed := uint64(1)
	if body.Seed != nil {
		seed = *body.Seed
	}
	if err := a.cfg.Reset(r.Context(), seed, body.Persons); err != nil {
		return err
	}
	return a.getWorld(w, r)
}

// personView is a person with everything the world holds about them.
type personView struct {
	world.Person
	Accounts       []world.Account      `json:"accounts"`
	AccountParties []world.AccountParty `json:"account_parties"`
	Employments    []world.Employment   `json:"employments"`
	Debts          []world.Debt         `json:"debts"`
}

func (a *API) getPerson(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	nin := r.PathValue("nin")
	if err := ident.ValidateNIN(nin); err != nil {
		return badField("nin", err.Error())
	}
	p, err := a.cfg.Store.GetPerson(ctx, nin)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("no person with nin " + nin)
	}
	if err != nil {
		return err
	}
	v := personView{Person: p}
	if v.Accounts, err = a.cfg.Store.AccountsByOwner(ctx, nin); err != nil {
		return err
	}
	if v.AccountParties, err = a.cfg.Store.AccountParties(ctx, nin); err != nil {
		return err
	}
	if v.Employments, err = a.cfg.Store.EmploymentsByPerson(ctx, nin); err != nil {
		return err
	}
	if v.Debts, err = a.cfg.Store.DebtsByPerson(ctx, nin); err != nil {
		return err
	}
	// The view discloses the person's accounts, debts and employments:
	// like every disclosure it is audited first (DESIGN: cross-cutting
	// promises); no audit record, no answer.
	if err := a.auditView(r, "person.view", nin, map[string]any{"accounts": len(v.Accounts),
		"account_parties": len(v.AccountParties), "employments": len(v.Employments), "debts": len(v.Debts)}); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

// auditView records that the operator saw subject's data.
func (a *API) auditView(r *http.Request, action, subject string, details map[string]any) error {
	_, err := a.cfg.Store.AppendAudit(r.Context(), store.AuditRecord{Time: a.cfg.Clock.Now(), Service: "admin", Action: action,
		Actor: "operator", SubjectID: subject, Correlation: httpx.CorrelationID(r.Context()), Outcome: "ok", Details: details})
	return err
}

func (a *API) listPersons(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	ps, err := a.cfg.Store.ListPersons(r.Context(), after, limit)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"persons": ps})
	return nil
}

// personInput is the body of POST /admin/persons. A missing nin is
// generated (synthetic, from birth_date and gender).
type personInput struct {
	NIN        string `json:"nin"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	BirthDate  string `json:"birth_date"`
	Gender     string `json:"gender"`
	Street     string `json:"street"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
	Protection string `json:"protection"`
}

func (in personInput) person() (world.Person, *Error) {
	p := world.Person{NIN: in.NIN, GivenName: strings.TrimSpace(in.GivenName), FamilyName: strings.TrimSpace(in.FamilyName),
		BirthDate: world.Date(in.BirthDate), Gender: in.Gender, Street: in.Street, PostalCode: in.PostalCode, City: in.City, Protection: in.Protection}
	if p.GivenName == "" || len(p.GivenName) > 100 {
		return p, badField("given_name", "given_name is required (at most 100 characters)")
	}
	if p.FamilyName == "" || len(p.FamilyName) > 100 {
		return p, badField("family_name", "family_name is required (at most 100 characters)")
	}
	switch p.Protection {
	case world.ProtectionNone, world.ProtectionFortrolig, world.ProtectionStrengtFortrolig:
	default:
		return p, badField("protection", "protection must be empty, fortrolig or strengt_fortrolig")
	}
	if p.PostalCode != "" && (len(p.PostalCode) != 4 || !digits(p.PostalCode)) {
		return p, badField("postal_code", "postal_code must be 4 digits")
	}
	if p.NIN != "" {
		n, err := ident.ParseNIN(p.NIN, ident.NINOptions{})
		if err != nil {
			return p, badField("nin", err.Error())
		}
		bd := world.Date(n.BirthDate.Format("2006-01-02"))
		if p.BirthDate != "" && p.BirthDate != bd {
			return p, badField("birth_date", "birth_date "+string(p.BirthDate)+" does not match the nin's date "+string(bd))
		}
		p.BirthDate = bd
		g := "F"
		if n.Male {
			g = "M"
		}
		if p.Gender != "" && p.Gender != g {
			return p, badField("gender", "gender does not match the nin (9th digit)")
		}
		p.Gender = g
		return p, nil
	}
	bd, ok := p.BirthDate.Time()
	if !ok {
		return p, badField("birth_date", "birth_date (YYYY-MM-DD) is required when nin is not given")
	}
	if bd.Year() < 1900 || bd.Year() > 2039 {
		return p, badField("birth_date", "birth_date must be between 1900 and 2039")
	}
	if p.Gender != "M" && p.Gender != "F" {
		return p, badField("gender", `gender must be "M" or "F"`)
	}
	p.NIN = ident.GenerateNIN(rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1)), bd, p.Gender == "M", ident.Fodselsnummer, true)
	return p, nil
}

func (a *API) createPerson(w http.ResponseWriter, r *http.Request) error {
	var in personInput
	if err := httpx.DecodeJSON(w, r, 0, &in); err != nil {
		return err
	}
	p, e := in.person()
	if e != nil {
		return e
	}
	if err := a.cfg.Store.CreatePerson(r.Context(), p); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return conflict("nin", "a person with nin "+p.NIN+" exists")
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, p)
	return nil
}

func (a *API) updatePerson(w http.ResponseWriter, r *http.Request) error {
	var in personInput
	if err := httpx.DecodeJSON(w, r, 0, &in); err != nil {
		return err
	}
	if in.NIN != "" && in.NIN != r.PathValue("nin") {
		return badField("nin", "nin in the body differs from the path")
	}
	in.NIN = r.PathValue("nin")
	p, e := in.person()
	if e != nil {
		return e
	}
	if err := a.cfg.Store.UpdatePerson(r.Context(), p); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("no person with nin " + p.NIN)
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (a *API) getOrganisation(w http.ResponseWriter, r *http.Request) error {
	orgnr := r.PathValue("orgnr")
	if err := ident.ValidateOrgNr(orgnr); err != nil {
		return badField("orgnr", err.Error())
	}
	o, err := a.cfg.Store.GetOrganisation(r.Context(), orgnr)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("no organisation with orgnr " + orgnr)
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, o)
	return nil
}

func (a *API) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	role := r.URL.Query().Get("role")
	if role != "" && !slices.Contains(roles, role) {
		return badField("role", "role must be one of "+strings.Join(roles, ", "))
	}
	os, err := a.cfg.Store.ListOrganisations(r.Context(), role, after, limit)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"organisations": os})
	return nil
}

var roles = []string{world.RoleBank, world.RoleEmployer, world.RoleCreditor, world.RoleCollector, world.RoleAuthority, world.RoleVendor}

func (a *API) createOrganisation(w http.ResponseWriter, r *http.Request) error {
	var o world.Organisation
	if err := httpx.DecodeJSON(w, r, 0, &o); err != nil {
		return err
	}
	if err := ident.ValidateOrgNr(o.OrgNr); err != nil {
		return badField("orgnr", err.Error())
	}
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" || len(o.Name) > 140 {
		return badField("name", "name is required (at most 140 characters)")
	}
	for _, x := range o.Roles {
		if !slices.Contains(roles, x) {
			return badField("roles", "unknown role "+x+"; roles are "+strings.Join(roles, ", "))
		}
	}
	if o.Roles == nil {
		o.Roles = []string{}
	}
	if o.HasRole(world.RoleBank) && (len(o.BankRegNo) != 4 || !digits(o.BankRegNo)) {
		return badField("bank_reg_no", "a bank needs a 4-digit bank_reg_no")
	}
	if !o.HasRole(world.RoleBank) && o.BankRegNo != "" {
		return badField("bank_reg_no", "only banks have a bank_reg_no")
	}
	if err := a.cfg.Store.CreateOrganisation(r.Context(), o); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return conflict("orgnr", "organisation "+o.OrgNr+" exists")
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, o)
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func itoa(n int) string { return strconv.Itoa(n) }
