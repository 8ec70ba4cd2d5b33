package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// mpScope is one scope of GET /admin/maskinporten/scopes.
type mpScope struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// gjeldClient is one client of GET /admin/gjeld/clients.
type gjeldClient struct {
	ClientID     string    `json:"client_id"`
	OrgNr        string    `json:"orgnr"`
	Name         string    `json:"name"`
	RedirectURIs []string  `json:"redirect_uris"`
	Purposes     []string  `json:"purposes"`
	Created      time.Time `json:"created_at"`
}

// systemUser is one of GET /admin/maskinporten/systemusers.
type systemUser struct {
	ID          string   `json:"id"`
	SystemID    string   `json:"system_id"`
	CustomerOrg string   `json:"customer_org"`
	ExternalRef string   `json:"external_ref"`
	Status      string   `json:"status"`
	Rights      []string `json:"rights"`
}

// mintedToken is the answer of POST /admin/maskinporten/token.
type mintedToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
}

type clientsData struct {
	Org          string
	After        string
	Next         string
	Clients      []mpClient
	Scopes       []mpScope
	Gjeld        []gjeldClient
	SystemUsers  []systemUser
	BaseURL      string
	TokenURL     string
	Issuer       string
	Form         url.Values
	FormKind     string
	NewClient    *mpClient
	NewClientKid string
	Token        *mintedToken
	TokenFor     string
	CurlExample  string
}

// Val is a field of the form that was sent, shown again.
func (d *clientsData) Val(kind, name string) string {
	if d.FormKind != kind || d.Form == nil {
		return ""
	}
	return d.Form.Get(name)
}

// Picked reports whether a scope was chosen in the form sent.
func (d *clientsData) Picked(scope string) bool {
	return d.FormKind == "client" && d.Form != nil && hasString(d.Form["scopes"], scope)
}

func (c *Console) clientsData(r *http.Request) (*clientsData, error) {
	ctx := r.Context()
	d := &clientsData{BaseURL: c.cfg.BaseURL, TokenURL: c.cfg.BaseURL + "/maskinporten/token", Issuer: c.cfg.BaseURL + "/maskinporten/",
		Org: strings.TrimSpace(r.URL.Query().Get("org")), After: r.URL.Query().Get("after")}
	q := url.Values{"limit": {"100"}}
	if d.Org != "" {
		q.Set("org", d.Org)
	}
	if d.After != "" {
		q.Set("after", d.After)
	}
	var cl struct {
		Clients []mpClient `json:"clients"`
		Next    string     `json:"next"`
	}
	if err := c.api.call(ctx, "GET", c.admin("/maskinporten/clients"), q, nil, &cl); err != nil {
		return d, err
	}
	d.Clients, d.Next = cl.Clients, cl.Next
	var sc struct {
		Scopes []mpScope `json:"scopes"`
	}
	if err := c.api.call(ctx, "GET", c.admin("/maskinporten/scopes"), nil, nil, &sc); err != nil {
		return d, err
	}
	d.Scopes = sc.Scopes
	var gj struct {
		Clients []gjeldClient `json:"clients"`
	}
	if c.api.call(ctx, "GET", c.admin("/gjeld/clients"), nil, nil, &gj) == nil {
		d.Gjeld = gj.Clients
	}
	var su struct {
		SystemUsers []systemUser `json:"systemusers"`
	}
	if c.api.call(ctx, "GET", c.admin("/maskinporten/systemusers"), nil, nil, &su) == nil {
		d.SystemUsers = su.SystemUsers
	}
	return d, nil
}

// clients shows the API clients an integrator needs and how to get a
// token.
func (c *Console) clients(w http.ResponseWriter, r *http.Request, s session) error {
	d, err := c.clientsData(r)
	if isStatus(err, 400) {
		p := c.signedInPage(s, "clients", "API clients")
		p.Data, p.Error = d, err.Error()
		c.render(w, r, http.StatusBadRequest, "clients", p)
		return nil
	}
	if err != nil {
		return err
	}
	p := c.signedInPage(s, "clients", "API clients")
	p.Data = d
	c.render(w, r, http.StatusOK, "clients", p)
	return nil
}

// createClient registers a Maskinporten client. With "generate key" the
// server makes the key pair and the private key is shown once, in this
// answer only.
func (c *Console) createClient(w http.ResponseWriter, r *http.Request, s session) error {
	d, err := c.clientsData(r)
	if err != nil {
		return err
	}
	d.Form, d.FormKind = r.PostForm, "client"
	p := c.signedInPage(s, "clients", "API clients")
	p.Data = d
	body := map[string]any{"org": strings.TrimSpace(r.PostFormValue("org")), "scopes": r.PostForm["scopes"],
		"generate_key": r.PostFormValue("generate_key") == "yes"}
	if body["scopes"] == nil {
		body["scopes"] = []string{}
	}
	if v := strings.TrimSpace(r.PostFormValue("client_id")); v != "" {
		body["client_id"] = v
	}
	if v := strings.TrimSpace(r.PostFormValue("description")); v != "" {
		body["description"] = v
	}
	if v := strings.TrimSpace(r.PostFormValue("jwks")); v != "" {
		var jwks json.RawMessage
		if json.Unmarshal([]byte(v), &jwks) != nil {
			p.Error = "jwks: paste a JSON Web Key Set: {\"keys\": [ … ]}"
			c.render(w, r, http.StatusBadRequest, "clients", p)
			return nil
		}
		body["jwks"] = jwks
	}
	var made mpClient
	if err := c.api.call(r.Context(), "POST", c.admin("/maskinporten/clients"), nil, body, &made); err != nil {
		if isStatus(err, 400) || isStatus(err, 404) || isStatus(err, 409) {
			p.Error = err.Error()
			c.render(w, r, statusOf(err), "clients", p)
			return nil
		}
		return err
	}
	d.NewClient = &made
	if len(made.ServerHeldKeys) > 0 {
		d.NewClientKid = made.ServerHeldKeys[0]
	}
	d.Form, d.FormKind = nil, ""
	// The list above the form shows the new client too.
	if fresh, err := c.clientsData(r); err == nil {
		d.Clients, d.Next = fresh.Clients, fresh.Next
	}
	c.render(w, r, http.StatusCreated, "clients", p)
	return nil
}

// mintToken gets an access token for a client whose key the server
// holds, through the token endpoint's own rules. The token is shown in
// this answer only.
func (c *Console) mintToken(w http.ResponseWriter, r *http.Request, s session) error {
	d, err := c.clientsData(r)
	if err != nil {
		return err
	}
	d.Form, d.FormKind = r.PostForm, "token"
	p := c.signedInPage(s, "clients", "API clients")
	p.Data = d
	body := map[string]any{}
	for _, k := range []string{"client_id", "org", "scope", "consumer_org", "systemuser_org"} {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			body[k] = v
		}
	}
	var tok mintedToken
	if err := c.api.call(r.Context(), "POST", c.admin("/maskinporten/token"), nil, body, &tok); err != nil {
		var ae *apiError
		if !errors.As(err, &ae) || ae.Status >= 500 {
			return err
		}
		p.Error = ae.Error()
		c.render(w, r, ae.Status, "clients", p)
		return nil
	}
	d.Token = &tok
	d.TokenFor = r.PostFormValue("client_id")
	if d.TokenFor == "" {
		d.TokenFor = "organisation " + r.PostFormValue("org")
	}
	d.CurlExample = "curl -H 'Authorization: Bearer <access_token>' " + c.cfg.BaseURL + exampleAPI(tok.Scope)
	c.render(w, r, http.StatusOK, "clients", p)
	return nil
}

// exampleAPI is a path the scope opens, for the example call.
func exampleAPI(scope string) string {
	switch {
	case strings.Contains(scope, "trekkpaalegg"):
		return "/skatt/api/trekkpaalegg/v1"
	case strings.Contains(scope, "utleggsbegjaering"):
		return "/skatt/api/utleggsbegjaering/v1/meldinger"
	case strings.Contains(scope, "bits:kundeforhold"):
		return "/dsop/kundeforhold/v2/…"
	case strings.Contains(scope, "bits:"):
		return "/dsop/bank/{orgnr}/v2/…"
	}
	return "/…"
}

// systemUserAction approves or rejects a systembruker request.
func (c *Console) systemUserAction(w http.ResponseWriter, r *http.Request, s session) error {
	action := r.PathValue("action")
	if action != "approve" && action != "reject" {
		return &pageError{Status: http.StatusNotFound, Title: "Not found", Message: "unknown action " + action}
	}
	id := strings.TrimSpace(r.PostFormValue("id"))
	if !safeSegment(id) {
		return c.failed(w, r, "/clients", field("id", "not a system user id"))
	}
	if err := c.api.call(r.Context(), "POST", c.admin("/maskinporten/systemusers/"+url.PathEscape(id)+"/"+action), nil, nil, nil); err != nil {
		return c.failed(w, r, "/clients", err)
	}
	return c.done(w, r, "/clients", "System user "+id+": "+map[string]string{"approve": "approved", "reject": "rejected"}[action]+".")
}
