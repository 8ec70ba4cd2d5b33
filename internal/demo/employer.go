package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// trekkPath is Skatteetaten's trekkpålegg API (spec: trekkpaalegg.md §5).
const trekkPath = "/skatt/api/trekkpaalegg/v1"

// pageSize is the payroll client's maksAntall, as NAV's client pages
// (spec: trekkpaalegg.md §5.2 "Paging loop").
const pageSize = 2500

// order is the part of a trekkpålegg the story shows.
type order struct {
	Trekkid              string          `json:"trekkid"`
	Trekkversjon         json.Number     `json:"trekkversjon"`
	Sekvensnummer        json.Number     `json:"sekvensnummer"`
	Saksnummer           string          `json:"saksnummer"`
	Skyldner             string          `json:"skyldner"`
	Trekkpliktig         string          `json:"trekkpliktig"`
	Trekkstatus          string          `json:"trekkstatus"`
	Betalingsinformasjon json.RawMessage `json:"betalingsinformasjon"`
	Perioder             []struct {
		Startdato   string `json:"startdato"`
		Sluttdato   string `json:"sluttdato"`
		Trekkbeloep *struct {
			Trekkbeloep float64 `json:"trekkbeloep"`
		} `json:"trekkbeloep"`
		Trekkprosent *struct {
			Trekkprosent float64 `json:"trekkprosent"`
		} `json:"trekkprosent"`
	} `json:"trekkstoerrelseForPeriode"`
}

// trekkpaalegg: the employer's payroll system pages through its orders
// from sekvensnummer 0, finds the new one for the debtor, and reads that
// version (spec: trekkpaalegg.md §5.2, §5.3, §6).
func (d *run) trekkpaalegg(ctx context.Context, st *Step) error {
	emp := d.employer
	tok, err := d.token(ctx, st, emp.OrgNr, "skatteetaten:trekkpaalegg", "")
	if err != nil {
		return err
	}
	var mine *order
	total := 0
	for fra := int64(0); ; {
		r, err := d.expect(ctx, st, request{method: "GET",
			path:  fmt.Sprintf("%s?fraSekvensnummer=%d&maksAntall=%d", trekkPath, fra, pageSize),
			shown: fmt.Sprintf("%s?fraSekvensnummer=…&maksAntall=%d", trekkPath, pageSize), note: "payroll system for " + emp.OrgNr,
			header: skatteetatenHeaders(tok)}, http.StatusOK)
		if err != nil {
			return err
		}
		var page []order
		if err := r.decode(&page); err != nil {
			return err
		}
		total += len(page)
		for i, o := range page {
			if o.Trekkpliktig != emp.OrgNr {
				return fmt.Errorf("employer %s is shown an order of %s (trekkid %s)", emp.OrgNr, o.Trekkpliktig, o.Trekkid)
			}
			if o.Skyldner == d.person.NIN && o.Saksnummer == d.saksnr {
				mine = &page[i]
			}
			if n, err := o.Sekvensnummer.Int64(); err == nil && n > fra {
				fra = n
			}
		}
		if len(page) < pageSize {
			break
		}
	}
	if mine == nil {
		return fmt.Errorf("employer %s has %d order(s), none for %s in case %s", emp.OrgNr, total, d.person.NIN, d.saksnr)
	}
	r, err := d.expect(ctx, st, request{method: "GET", path: trekkPath + "/" + url.PathEscape(mine.Trekkid) + "/" + mine.Trekkversjon.String(),
		shown: trekkPath + "/{trekkid}/{trekkversjon}", header: skatteetatenHeaders(tok)}, http.StatusOK)
	if err != nil {
		return err
	}
	var o order
	if err := r.decode(&o); err != nil {
		return err
	}
	if o.Trekkid != mine.Trekkid {
		return fmt.Errorf("GET …/%s/%s answered trekkid %q", mine.Trekkid, mine.Trekkversjon, o.Trekkid)
	}
	var pay struct {
		Kontonummer       string `json:"kontonummer"`
		Kidnummer         string `json:"kidnummer"`
		Betalingsmottaker string `json:"betalingsmottaker"`
	}
	json.Unmarshal(o.Betalingsinformasjon, &pay)
	var periods []string
	for _, p := range o.Perioder {
		size := "?"
		switch {
		case p.Trekkbeloep != nil:
			size = krf(p.Trekkbeloep.Trekkbeloep) + " a month"
		case p.Trekkprosent != nil:
			size = strconv.FormatFloat(p.Trekkprosent.Trekkprosent, 'f', -1, 64) + " % of pay"
		}
		until := "until further notice"
		if p.Sluttdato != "" {
			until = "until " + p.Sluttdato
		}
		periods = append(periods, fmt.Sprintf("%s from %s %s", size, p.Startdato, until))
	}
	st.fact("orders_seen", total)
	st.fact("trekkpaalegg", json.RawMessage(r.Body))
	st.say("%s sees %s; the new one is trekkid %s version %s (sekvensnummer %s), status %s",
		emp, plural(total, "order"), o.Trekkid, o.Trekkversjon, o.Sekvensnummer, o.Trekkstatus)
	st.say("withhold from %s's pay: %s", d.person.name(), strings.Join(periods, "; "))
	st.say("pay to account %s with KID %s (recipient %s), case %s", pay.Kontonummer, pay.Kidnummer, pay.Betalingsmottaker, o.Saksnummer)
	st.say("(the assessment: half of the monthly salary %s above the namsmann's %s, at most the claims)",
		krWhole(d.salary/12), krWhole(livsopphold))
	return nil
}
