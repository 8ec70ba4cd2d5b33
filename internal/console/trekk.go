package console

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// trekkOrder is one version of a withholding order as the operator API
// (and the employer's GET) returns it (spec: trekkpaalegg.md §6).
type trekkOrder struct {
	Trekkid              string `json:"trekkid"`
	Skyldner             string `json:"skyldner"`
	Opprettet            string `json:"opprettet"`
	Saksnummer           string `json:"saksnummer"`
	Trekkstatus          string `json:"trekkstatus"`
	Trekkpliktig         string `json:"trekkpliktig"`
	Trekkversjon         int64  `json:"trekkversjon"`
	Sekvensnummer        int64  `json:"sekvensnummer"`
	Betalingsinformasjon struct {
		Kidnummer         string `json:"kidnummer"`
		Kontonummer       string `json:"kontonummer"`
		Betalingsmottaker string `json:"betalingsmottaker"`
	} `json:"betalingsinformasjon"`
	Perioder []struct {
		Startdato   string `json:"startdato"`
		Sluttdato   string `json:"sluttdato"`
		Trekkbeloep *struct {
			Trekkbeloep json.Number `json:"trekkbeloep"`
		} `json:"trekkbeloep"`
		Trekkprosent *struct {
			Trekkprosent json.Number `json:"trekkprosent"`
		} `json:"trekkprosent"`
	} `json:"trekkstoerrelseForPeriode"`
}

// Periods summarises the order's periods: "2026-03-01–: 4 500 kr/month".
func (o trekkOrder) Periods() []string {
	var out []string
	for _, p := range o.Perioder {
		s := p.Startdato + "–" + p.Sluttdato + ": "
		switch {
		case p.Trekkbeloep != nil:
			s += string(p.Trekkbeloep.Trekkbeloep) + " kr a month"
		case p.Trekkprosent != nil:
			s += string(p.Trekkprosent.Trekkprosent) + " % of gross pay"
		}
		out = append(out, s)
	}
	return out
}

type trekkData struct {
	Trekkpliktig string
	Orders       []trekkOrder
	Versions     int
	LastSeq      int64
	Employers    []collectorOrg
	Curl         string
}

// trekk lists an employer's trekkpålegg: every version the employer's
// GET would return, shown as the latest version per order.
func (c *Console) trekk(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	p := c.signedInPage(s, "trekk", "Trekkpålegg")
	d := &trekkData{Trekkpliktig: strings.TrimSpace(r.URL.Query().Get("trekkpliktig"))}
	p.Data = d
	var orgs struct {
		Organisations []collectorOrg `json:"organisations"`
	}
	if c.api.call(ctx, "GET", c.admin("/organisations"), url.Values{"role": {"employer"}, "limit": {"200"}}, nil, &orgs) == nil {
		d.Employers = orgs.Organisations
	}
	if d.Trekkpliktig != "" {
		var versions []trekkOrder
		err := c.api.call(ctx, "GET", c.admin("/trekkpaalegg"), url.Values{"trekkpliktig": {d.Trekkpliktig}, "maksAntall": {"10000"}}, nil, &versions)
		if isStatus(err, 400) || isStatus(err, 404) {
			p.Error = err.Error()
			c.render(w, r, statusOf(err), "trekk", p)
			return nil
		}
		if err != nil {
			return err
		}
		latest := map[string]trekkOrder{}
		for _, v := range versions {
			if o, ok := latest[v.Trekkid]; !ok || v.Trekkversjon > o.Trekkversjon {
				latest[v.Trekkid] = v
			}
			d.LastSeq = max(d.LastSeq, v.Sekvensnummer)
		}
		d.Versions = len(versions)
		for _, o := range latest {
			d.Orders = append(d.Orders, o)
		}
		sort.Slice(d.Orders, func(i, j int) bool { return d.Orders[i].Sekvensnummer > d.Orders[j].Sekvensnummer })
		d.Curl = "curl -H 'Authorization: Bearer <token for " + d.Trekkpliktig + " with skatteetaten:trekkpaalegg>' '" +
			c.cfg.BaseURL + "/skatt/api/trekkpaalegg/v1?fraSekvensnummer=" + strconv.FormatInt(d.LastSeq+1, 10) + "'"
	}
	c.render(w, r, http.StatusOK, "trekk", p)
	return nil
}

// trekkAction closes an order today, or loads the published examples.
func (c *Console) trekkAction(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	employer := strings.TrimSpace(r.PostFormValue("trekkpliktig"))
	back := "/trekkpaalegg"
	if allDigits(employer) {
		back += "?" + url.Values{"trekkpliktig": {employer}}.Encode()
	}
	switch r.PathValue("action") {
	case "avslutt":
		id := strings.TrimSpace(r.PostFormValue("trekkid"))
		if !safeSegment(id) {
			return c.failed(w, r, back, field("trekkid", "not an order id"))
		}
		if err := c.api.call(ctx, "POST", c.admin("/trekkpaalegg/"+url.PathEscape(id)+"/avslutt"), nil, map[string]any{}, nil); err != nil {
			return c.failed(w, r, back, err)
		}
		return c.done(w, r, back, "Trekkpålegg "+id+" is closed from today; the employer sees a new version.")
	case "fixtures":
		var res struct {
			Lastet int `json:"lastet"`
		}
		if err := c.api.call(ctx, "POST", c.admin("/trekkpaalegg/fixtures"), nil, nil, &res); err != nil {
			return c.failed(w, r, back, err)
		}
		return c.done(w, r, back, strconv.Itoa(res.Lastet)+" published example versions loaded.")
	}
	return &pageError{Status: http.StatusNotFound, Title: "Not found", Message: "unknown action " + r.PathValue("action")}
}
