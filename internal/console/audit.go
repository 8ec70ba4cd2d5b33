package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// auditServices are the services that write audit records, offered as
// suggestions for the filter (any value may be typed).
var auditServices = []string{"dsop", "gjeld", "nordigen", "trekkpaalegg", "utleggsbegjaering", "maskinporten"}

type auditData struct {
	Service  string
	Subject  string
	After    string
	Limit    string
	Services []string
	Records  []auditRecord
	Next     string // the next page's URL
}

// audit reads the append-only audit log with the API's filters
// (service, subject, after, limit), oldest first, one page at a time.
func (c *Console) audit(w http.ResponseWriter, r *http.Request, s session) error {
	q := r.URL.Query()
	d := &auditData{Service: strings.TrimSpace(q.Get("service")), Subject: strings.TrimSpace(q.Get("subject")),
		After: strings.TrimSpace(q.Get("after")), Limit: strings.TrimSpace(q.Get("limit")), Services: auditServices}
	if d.Limit == "" {
		d.Limit = "100"
	}
	p := c.signedInPage(s, "audit", "Audit log")
	p.Data = d
	api := url.Values{"limit": {d.Limit}}
	for k, v := range map[string]string{"service": d.Service, "subject": d.Subject, "after": d.After} {
		if v != "" {
			api.Set(k, v)
		}
	}
	var res struct {
		Records []auditRecord `json:"records"`
	}
	if err := c.api.call(r.Context(), "GET", c.admin("/audit"), api, nil, &res); err != nil {
		if isStatus(err, 400) {
			p.Error = err.Error()
			c.render(w, r, http.StatusBadRequest, "audit", p)
			return nil
		}
		return err
	}
	d.Records = res.Records
	if n, err := strconv.Atoi(d.Limit); err == nil && len(res.Records) == n {
		next := url.Values{"after": {strconv.FormatInt(res.Records[n-1].ID, 10)}, "limit": {d.Limit}}
		if d.Service != "" {
			next.Set("service", d.Service)
		}
		if d.Subject != "" {
			next.Set("subject", d.Subject)
		}
		d.Next = c.prefix + "/audit?" + next.Encode()
	}
	c.render(w, r, http.StatusOK, "audit", p)
	return nil
}
