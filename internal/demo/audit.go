package demo

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// auditRecord is one record of GET /admin/persons/{nin}/audit.
type auditRecord struct {
	ID         int64     `json:"id"`
	Time       time.Time `json:"time"`
	Service    string    `json:"service"`
	Action     string    `json:"action"`
	Actor      string    `json:"actor"`
	OnBehalfOf string    `json:"on_behalf_of"`
	LegalBasis string    `json:"legal_basis"`
	Outcome    string    `json:"outcome"`
}

// personAudit pages through the person's audit records after id after.
func (d *run) personAudit(ctx context.Context, st *Step, after int64) ([]auditRecord, error) {
	var all []auditRecord
	for {
		r, err := d.admin(ctx, st, "GET", "/admin/persons/"+url.PathEscape(d.person.NIN)+"/audit?limit=1000&after="+strconv.FormatInt(after, 10),
			"/admin/persons/{nin}/audit?limit=1000&after=…", nil)
		if err != nil {
			return nil, err
		}
		var page struct {
			Records []auditRecord `json:"records"`
		}
		if err := r.decode(&page); err != nil {
			return nil, err
		}
		all = append(all, page.Records...)
		if len(page.Records) < 1000 {
			return all, nil
		}
		after = page.Records[len(page.Records)-1].ID
	}
}

// auditMark remembers the person's last audit record before the story,
// so that the last step shows this run's records only.
func (d *run) auditMark(ctx context.Context, st *Step) error {
	recs, err := d.personAudit(ctx, st, 0)
	if err != nil {
		return err
	}
	if n := len(recs); n > 0 {
		d.auditFrom = recs[n-1].ID
	}
	return nil
}

// audit shows every disclosure of the person's data the story made, and
// checks that each API that disclosed something recorded it.
func (d *run) audit(ctx context.Context, st *Step) error {
	if d.person.NIN == "" {
		return fmt.Errorf("no person was chosen")
	}
	recs, err := d.personAudit(ctx, st, d.auditFrom)
	if err != nil {
		return err
	}
	services := map[string]int{}
	var out []auditRecord
	for _, a := range recs {
		services[a.Service]++
		out = append(out, a)
		who := a.Actor
		if a.OnBehalfOf != "" && a.OnBehalfOf != a.Actor {
			who += " for " + a.OnBehalfOf
		}
		basis := ""
		if a.LegalBasis != "" {
			basis = ", basis: " + a.LegalBasis
		}
		st.say("#%-4d %s  %-12s %-36s by %s → %s%s", a.ID, a.Time.UTC().Format("15:04:05"), a.Service, a.Action, who, a.Outcome, basis)
	}
	st.fact("records", out)
	if len(out) == 0 {
		return fmt.Errorf("the audit log has no record of this run for %s", d.person.NIN)
	}
	// Every API that disclosed the person's data in a step that worked
	// must have said so.
	var missing []string
	for _, s := range d.report.Steps {
		svc := map[int]string{1: "gjeld", 2: "nordigen", 4: "dsop", 6: "trekkpaalegg"}[s.Number]
		if svc != "" && s.OK && services[svc] == 0 {
			missing = append(missing, svc)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no audit record from %v", missing)
	}
	return nil
}
