package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// sak is GET /admin/utlegg/utleggsbegjaering/{ref}.
type sak struct {
	Org               string          `json:"org"`
	Versjon           int64           `json:"versjon"`
	Status            sakStatus       `json:"status"`
	Meldinger         []melding       `json:"meldinger"`
	Utleggsbegjaering json.RawMessage `json:"utleggsbegjaering"`
}

type sakStatus struct {
	EksternSaksreferanse string `json:"eksternSaksreferanse"`
	Saksreferanse        string `json:"saksreferanse"`
	InnsenderReferanse   string `json:"innsenderReferanse"`
	Saksstatus           string `json:"saksstatus"`
	SistEndret           string `json:"sistEndret"`
	Saksoekere           []part `json:"saksoekere"`
	Saksoekte            []part `json:"saksoekte"`
	Krav                 []struct {
		InnsendersKravreferanse    string `json:"innsendersKravreferanse"`
		Kravgrunnlagsidentifikator string `json:"kravgrunnlagsidentifikator"`
		Kravdetaljer               string `json:"kravdetaljer"`
		GjenstaaendeBeloep         *struct {
			Beloep json.Number `json:"beloep"`
			Valuta string      `json:"valuta"`
		} `json:"gjenstaaendeBeloep"`
	} `json:"krav"`
	Beslutningsinformasjon *struct {
		Beslutningstype string `json:"beslutningstype"`
		Beslutningsdato string `json:"beslutningsdato"`
		Begrunnelse     string `json:"begrunnelse"`
	} `json:"beslutningsinformasjon"`
}

type part struct {
	Navn          string `json:"navn"`
	Identifikator *struct {
		Identifikatortype string `json:"identifikatortype"`
		Verdi             string `json:"verdi"`
	} `json:"identifikator"`
}

// melding is one message of a case or of the feed.
type melding struct {
	Sekvensnummer        int64  `json:"sekvensnummer"`
	EksternSaksreferanse string `json:"eksternSaksreferanse"`
	InnsenderReferanse   string `json:"innsenderReferanse"`
	Meldingstype         string `json:"meldingstype"`
	Opprettet            string `json:"opprettet"`
	Saksstatus           string `json:"saksstatus"`
	Tittel               string `json:"tittel"`
	Tekst                string `json:"tekst"`
	Svarfrist            string `json:"svarfrist"`
	Kontrollutslag       []struct {
		Kode    string `json:"kode"`
		Melding string `json:"melding"`
	} `json:"kontrollutslag"`
}

// namsmannStep is one of the namsmann's manual actions (spec:
// utleggsbegjaering.md §6.12, §10.2).
type namsmannStep struct {
	Action  string
	Label   string
	Help    string
	From    []string // the statuses it is a step from
	Reason  bool     // takes a begrunnelse
	Decides bool     // takes a beslutningstype
	Retting bool     // takes a text and a svarfrist
}

// namsmannSteps are the manual actions in the order of a case's life.
// From only orders and highlights the buttons; the API decides what is
// allowed and its refusal is shown as it is.
var namsmannSteps = []namsmannStep{
	{Action: "start", Label: "Start", Help: "take the case under treatment (sakUnderBehandling)", From: []string{"sakOpprettet"}},
	{Action: "retting", Label: "Ask for correction", Help: "publish ANMODNING_OM_RETTING to the submitter", From: []string{"sakOpprettet", "sakUnderBehandling", "sakForelagt"}, Retting: true},
	{Action: "nekt", Label: "Refuse", Help: "refuse to proceed (sakNektetFremmet)", From: []string{"sakUnderBehandling"}, Reason: true},
	{Action: "godkjenn", Label: "Lay before the debtor", Help: "approve and lay the case before the debtor (sakForelagt)", From: []string{"sakUnderBehandling"}},
	{Action: "beslutt", Label: "Decide", Help: "decide (sakBesluttet); without a type, the automatic assessment decides from the debtor's accounts, employment and salary; utleggstrekk creates a trekkpålegg for the employer", From: []string{"sakForelagt"}, Reason: true, Decides: true},
	{Action: "avslutt", Label: "Close", Help: "close a decided case (sakAvsluttet)", From: []string{"sakBesluttet"}},
	{Action: "hev", Label: "Withdraw", Help: "withdraw the case (sakHevet)", From: []string{"sakOpprettet", "sakUnderBehandling", "sakForelagt", "sakBesluttet"}, Reason: true},
}

// caseRow is one case in the list.
type caseRow struct {
	Ref           string
	Saksreferanse string
	Org           string
	InnsenderRef  string
	Status        string
	Updated       string
}

type utleggData struct {
	Ref       string
	Innsender string
	Sak       *sak
	Document  string
	Steps     []stepView
	Cases     []caseRow
	Feed      string
	Collector []collectorOrg
}

type stepView struct {
	namsmannStep
	Now bool // a step from the case's current status
}

type collectorOrg struct {
	OrgNr string `json:"orgnr"`
	Name  string `json:"name"`
}

// utlegg shows a case (?ref=) with its messages and the namsmann's
// actions, or else the cases, newest first: a submitter's (?innsender=)
// or all.
func (c *Console) utlegg(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	p := c.signedInPage(s, "utlegg", "Utleggsbegjæring")
	d := &utleggData{Ref: strings.TrimSpace(r.URL.Query().Get("ref")), Innsender: strings.TrimSpace(r.URL.Query().Get("innsender"))}
	p.Data = d
	var orgs struct {
		Organisations []collectorOrg `json:"organisations"`
	}
	if c.api.call(ctx, "GET", c.admin("/organisations"), url.Values{"role": {"collector"}, "limit": {"200"}}, nil, &orgs) == nil {
		d.Collector = orgs.Organisations
	}
	switch {
	case d.Ref != "":
		if !safeSegment(d.Ref) {
			p.Error = "not a case reference"
			c.render(w, r, http.StatusBadRequest, "utlegg", p)
			return nil
		}
		var k sak
		err := c.api.call(ctx, "GET", c.admin("/utlegg/utleggsbegjaering/"+url.PathEscape(d.Ref)), nil, nil, &k)
		if isStatus(err, 404) || isStatus(err, 400) {
			p.Error = "No case " + d.Ref + ": " + err.Error()
			c.render(w, r, statusOf(err), "utlegg", p)
			return nil
		}
		if err != nil {
			return err
		}
		d.Sak, d.Document = &k, prettyJSON(k.Utleggsbegjaering)
		for _, st := range namsmannSteps {
			d.Steps = append(d.Steps, stepView{st, slices.Contains(st.From, k.Status.Saksstatus)})
		}
		p.Title = "Case " + d.Ref
	default:
		if d.Innsender != "" && !allDigits(d.Innsender) {
			p.Error = "an organisasjonsnummer is 9 digits"
			c.render(w, r, http.StatusBadRequest, "utlegg", p)
			return nil
		}
		cases, err := c.listCases(r, d.Innsender)
		if err != nil {
			var ae *apiError
			if errors.As(err, &ae) && ae.Status < 500 {
				p.Error = "The cases cannot be listed: " + ae.Error()
				c.render(w, r, ae.Status, "utlegg", p)
				return nil
			}
			return err
		}
		d.Cases = cases
	}
	c.render(w, r, http.StatusOK, "utlegg", p)
	return nil
}

// listCases reads the operator API's list of cases, newest first, of
// one submitter or of all.
func (c *Console) listCases(r *http.Request, org string) ([]caseRow, error) {
	q := url.Values{"antall": {"200"}}
	if org != "" {
		q.Set("org", org)
	}
	var list struct {
		Saker []struct {
			EksternSaksreferanse string `json:"eksternSaksreferanse"`
			Saksreferanse        string `json:"saksreferanse"`
			Org                  string `json:"org"`
			InnsenderReferanse   string `json:"innsenderReferanse"`
			Saksstatus           string `json:"saksstatus"`
			SistEndret           string `json:"sistEndret"`
		} `json:"saker"`
	}
	if err := c.api.call(r.Context(), "GET", c.admin("/utlegg/utleggsbegjaering"), q, nil, &list); err != nil {
		return nil, err
	}
	out := make([]caseRow, 0, len(list.Saker))
	for _, k := range list.Saker {
		out = append(out, caseRow{Ref: k.EksternSaksreferanse, Saksreferanse: k.Saksreferanse, Org: k.Org,
			InnsenderRef: k.InnsenderReferanse, Status: k.Saksstatus, Updated: k.SistEndret})
	}
	return out, nil
}

// utleggAction runs one of the namsmann's manual actions on a case.
func (c *Console) utleggAction(w http.ResponseWriter, r *http.Request, s session) error {
	ref := strings.TrimSpace(r.PostFormValue("ref"))
	back := "/utlegg?" + url.Values{"ref": {ref}}.Encode()
	if !safeSegment(ref) {
		return c.failed(w, r, "/utlegg", field("ref", "not a case reference"))
	}
	var step *namsmannStep
	for i := range namsmannSteps {
		if namsmannSteps[i].Action == r.PathValue("action") {
			step = &namsmannSteps[i]
		}
	}
	if step == nil {
		return &pageError{Status: http.StatusNotFound, Title: "Not found", Message: "the namsmann has no action " + r.PathValue("action")}
	}
	body := map[string]string{}
	if v := strings.TrimSpace(r.PostFormValue("begrunnelse")); v != "" && step.Reason {
		body["begrunnelse"] = v
	}
	if v := r.PostFormValue("beslutningstype"); v != "" && step.Decides {
		body["beslutningstype"] = v
	}
	if step.Retting {
		for _, k := range []string{"tekst", "svarfrist"} {
			if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
				body[k] = v
			}
		}
	}
	var k sak
	if err := c.api.call(r.Context(), "POST", c.admin("/utlegg/utleggsbegjaering/"+url.PathEscape(ref)+"/"+step.Action), nil, body, &k); err != nil {
		return c.failed(w, r, back, err)
	}
	msg := step.Label + ": the case is now " + k.Status.Saksstatus + "."
	if b := k.Status.Beslutningsinformasjon; b != nil {
		msg = step.Label + ": " + b.Beslutningstype + " decided on " + b.Beslutningsdato + "; the case is now " + k.Status.Saksstatus + "."
	}
	return c.done(w, r, back, msg)
}
