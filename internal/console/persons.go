package console

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

// personView is GET /admin/persons/{nin}.
type personView struct {
	world.Person
	Accounts       []world.Account      `json:"accounts"`
	AccountParties []world.AccountParty `json:"account_parties"`
	Employments    []world.Employment   `json:"employments"`
	Debts          []world.Debt         `json:"debts"`
}

// auditRecord is one record of GET /admin/audit.
type auditRecord struct {
	ID          int64          `json:"id"`
	Time        time.Time      `json:"time"`
	Service     string         `json:"service"`
	Action      string         `json:"action"`
	Actor       string         `json:"actor"`
	OnBehalfOf  string         `json:"on_behalf_of"`
	SubjectID   string         `json:"subject_id"`
	LegalBasis  string         `json:"legal_basis"`
	Correlation string         `json:"correlation_id"`
	Outcome     string         `json:"outcome"`
	Details     map[string]any `json:"details"`
}

// consentView is one consent of GET /admin/gjeld/persons/{nin}/consents.
type consentView struct {
	ID        string          `json:"id"`
	ClientID  string          `json:"client_id"`
	Purpose   string          `json:"purpose"`
	Effective string          `json:"effective_state"`
	Created   time.Time       `json:"created_at"`
	Expires   time.Time       `json:"expires_at"`
	Uses      json.RawMessage `json:"uses"`
}

type personsData struct {
	NIN     string
	Person  *personView
	Audit   []auditRecord
	Consent []consentView
	Orgs    map[string]string // orgnr → name of employers, banks, creditors
	List    []world.Person
	Next    string
	After   string
}

// persons lists persons, or shows one (?nin=) with everything the world
// holds about them and who has looked at their data.
func (c *Console) persons(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	p := c.signedInPage(s, "persons", "Persons")
	d := personsData{NIN: strings.TrimSpace(r.URL.Query().Get("nin"))}
	p.Data = &d
	if d.NIN != "" {
		if !allDigits(d.NIN) {
			p.Error = "a fødselsnummer or d-nummer is 11 digits"
			c.render(w, r, http.StatusBadRequest, "persons", p)
			return nil
		}
		var v personView
		err := c.api.call(ctx, "GET", c.admin("/persons/"+url.PathEscape(d.NIN)), nil, nil, &v)
		if isStatus(err, 400) || isStatus(err, 404) {
			p.Error = err.Error()
			c.render(w, r, statusOf(err), "persons", p)
			return nil
		}
		if err != nil {
			return err
		}
		d.Person = &v
		p.Title = v.GivenName + " " + v.FamilyName
		var audit struct {
			Records []auditRecord `json:"records"`
		}
		if err := c.api.call(ctx, "GET", c.admin("/persons/"+url.PathEscape(v.NIN)+"/audit"), url.Values{"limit": {"200"}}, nil, &audit); err != nil {
			return err
		}
		d.Audit = audit.Records
		var consents struct {
			Consents []consentView `json:"consents"`
		}
		// Consents belong to Norsk Gjeldsinformasjon; a server without it
		// simply shows none.
		if err := c.api.call(ctx, "GET", c.admin("/gjeld/persons/"+url.PathEscape(v.NIN)+"/consents"), nil, nil, &consents); err == nil {
			d.Consent = consents.Consents
		}
		d.Orgs = c.orgNames(r, v)
		c.render(w, r, http.StatusOK, "persons", p)
		return nil
	}
	d.After = r.URL.Query().Get("after")
	q := url.Values{"limit": {"50"}}
	if d.After != "" {
		q.Set("after", d.After)
	}
	var list struct {
		Persons []world.Person `json:"persons"`
	}
	if err := c.api.call(ctx, "GET", c.admin("/persons"), q, nil, &list); err != nil {
		return err
	}
	d.List = list.Persons
	if len(list.Persons) == 50 {
		d.Next = list.Persons[49].NIN
	}
	c.render(w, r, http.StatusOK, "persons", p)
	return nil
}

// orgNames looks up the names of the organisations a person's records
// name; an organisation that cannot be read shows its number only.
func (c *Console) orgNames(r *http.Request, v personView) map[string]string {
	out := map[string]string{}
	want := func(orgnr string) {
		if _, ok := out[orgnr]; ok || orgnr == "" || len(out) > 200 {
			return
		}
		var o world.Organisation
		if c.api.call(r.Context(), "GET", c.admin("/organisations/"+url.PathEscape(orgnr)), nil, nil, &o) == nil {
			out[orgnr] = o.Name
		} else {
			out[orgnr] = ""
		}
	}
	for _, e := range v.Employments {
		want(e.EmployerOrgNr)
	}
	for _, a := range v.Accounts {
		want(a.BankOrgNr)
	}
	for _, d := range v.Debts {
		want(d.CreditorOrgNr)
	}
	return out
}

// mpClient is one client of GET /admin/maskinporten/clients.
type mpClient struct {
	ClientID            string    `json:"client_id"`
	Org                 string    `json:"org"`
	Description         string    `json:"description"`
	Scopes              []string  `json:"scopes"`
	AccessTokenLifetime int64     `json:"access_token_lifetime"`
	Active              bool      `json:"active"`
	Created             time.Time `json:"created"`
	JWKS                struct {
		Keys []json.RawMessage `json:"keys"`
	} `json:"jwks"`
	Certificates []struct {
		Kid     string `json:"kid"`
		Subject string `json:"subject"`
	} `json:"certificates"`
	ServerHeldKeys      []string `json:"server_held_keys"`
	GeneratedPrivateKey string   `json:"generated_private_key"`
}

type organisationsData struct {
	OrgNr   string
	Role    string
	Roles   []string
	Org     *world.Organisation
	Clients []mpClient
	List    []world.Organisation
	Next    string
	After   string
}

var orgRoles = []string{world.RoleBank, world.RoleEmployer, world.RoleCreditor, world.RoleCollector, world.RoleAuthority, world.RoleVendor}

// organisations lists organisations (by role), or shows one (?orgnr=)
// with its Maskinporten clients and links to its cases and orders.
func (c *Console) organisations(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	p := c.signedInPage(s, "organisations", "Organisations")
	d := organisationsData{OrgNr: strings.TrimSpace(r.URL.Query().Get("orgnr")), Role: r.URL.Query().Get("role"), Roles: orgRoles}
	p.Data = &d
	if d.OrgNr != "" {
		if !allDigits(d.OrgNr) {
			p.Error = "an organisasjonsnummer is 9 digits"
			c.render(w, r, http.StatusBadRequest, "organisations", p)
			return nil
		}
		var o world.Organisation
		err := c.api.call(ctx, "GET", c.admin("/organisations/"+url.PathEscape(d.OrgNr)), nil, nil, &o)
		if isStatus(err, 400) || isStatus(err, 404) {
			p.Error = err.Error()
			c.render(w, r, statusOf(err), "organisations", p)
			return nil
		}
		if err != nil {
			return err
		}
		d.Org = &o
		p.Title = o.Name
		var cl struct {
			Clients []mpClient `json:"clients"`
		}
		if err := c.api.call(ctx, "GET", c.admin("/maskinporten/clients"), url.Values{"org": {o.OrgNr}}, nil, &cl); err == nil {
			d.Clients = cl.Clients
		}
		c.render(w, r, http.StatusOK, "organisations", p)
		return nil
	}
	d.After = r.URL.Query().Get("after")
	q := url.Values{"limit": {"50"}}
	if d.After != "" {
		q.Set("after", d.After)
	}
	if d.Role != "" {
		q.Set("role", d.Role)
	}
	var list struct {
		Organisations []world.Organisation `json:"organisations"`
	}
	if err := c.api.call(ctx, "GET", c.admin("/organisations"), q, nil, &list); err != nil {
		if isStatus(err, 400) {
			p.Error = err.Error()
			c.render(w, r, http.StatusBadRequest, "organisations", p)
			return nil
		}
		return err
	}
	d.List = list.Organisations
	if len(d.List) == 50 {
		d.Next = d.List[49].OrgNr
	}
	c.render(w, r, http.StatusOK, "organisations", p)
	return nil
}
