package trekkpaalegg_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
	"github.com/namsfogd/namsfogd/internal/world"
)

var ctx = context.Background()

func TestCreateFromDecisionSizesAgainstSalary(t *testing.T) {
	e := newEnv(t, envOpt{world: true, noFixture: true})
	persons, err := e.db.ListPersons(ctx, "", 300)
	if err != nil {
		t.Fatal(err)
	}
	created, noCapacity := 0, 0
	for _, p := range persons {
		emps, _ := e.db.EmploymentsByPerson(ctx, p.NIN)
		o, err := e.svc.CreateFromDecision(ctx, trekkpaalegg.Utleggstrekk{Skyldner: p.NIN, Saksnummer: "UB/2026/" + p.NIN})
		switch {
		case errors.Is(err, trekkpaalegg.ErrNoEmployment):
			continue
		case errors.Is(err, trekkpaalegg.ErrNoCapacity):
			noCapacity++
			continue
		case err != nil:
			t.Fatal(err)
		}
		created++
		var emp world.Employment
		for _, x := range emps {
			if x.EmployerOrgNr == o.Trekkpliktig && x.AnnualSalary > emp.AnnualSalary {
				emp = x
			}
		}
		if emp.EmployerOrgNr == "" || o.Skyldner != p.NIN || o.Saksnummer != "UB/2026/"+p.NIN {
			t.Fatalf("order %+v for %s with employments %+v", o, p.NIN, emps)
		}
		amount, _ := o.TrekkstoerrelseForPeriode[0].Trekkbeloep.Trekkbeloep.Float64()
		gross := float64(emp.AnnualSalary) / 12
		if amount <= 0 || amount > gross*0.7-trekkpaalegg.Livsopphold || o.TrekkstoerrelseForPeriode[0].Startdato != "2026-03-02" {
			t.Fatalf("amount %v for gross %v: %+v", amount, gross, o)
		}
	}
	if created == 0 {
		t.Fatalf("no order created (%d without capacity)", noCapacity)
	}
	if _, err := e.svc.CreateFromDecision(ctx, trekkpaalegg.Utleggstrekk{Skyldner: "10108412345"}); !errors.Is(err, trekkpaalegg.ErrNoEmployment) {
		t.Fatalf("no employment: %v", err)
	}
}

func TestNewVersionRules(t *testing.T) {
	e := newEnv(t, envOpt{noFixture: true})
	// Created 2026-03-01 (clock), starting 2026-03-02.
	o, err := e.svc.Create(ctx, trekkpaalegg.CreateOrder{Trekkpliktig: org123, Skyldner: "10108412345",
		TrekkstoerrelseForPeriode: []trekkpaalegg.TrekkstoerrelseForPeriode{trekkpaalegg.Beloep("2026-03-02", "", 4000)}})
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: mustTime("2026-03-20T10:00:00Z")})
	B := trekkpaalegg.Beloep
	P := trekkpaalegg.Prosent
	type ps = []trekkpaalegg.TrekkstoerrelseForPeriode
	bad := map[string]ps{
		"started period dropped":     {B("2026-04-01", "", 3000)},
		"started period resized":     {B("2026-03-02", "", 3000)},
		"sluttdato in the past":      {B("2026-03-02", "2026-03-19", 4000)},
		"new period starts today":    {B("2026-03-02", "2026-03-19", 4000), B("2026-03-20", "", 3000)},
		"both kinds":                 {{Startdato: "2026-03-02", Trekkbeloep: &trekkpaalegg.Trekkbeloep{Trekkbeloep: "1"}, Trekkprosent: &trekkpaalegg.Trekkprosent{Trekkprosent: "1"}}},
		"percentage above 100":       {B("2026-03-02", "2026-03-20", 4000), P("2026-03-21", "", 101)},
		"overlap":                    {B("2026-03-02", "2026-03-25", 4000), P("2026-03-25", "", 10)},
		"open period before another": {B("2026-03-02", "", 4000), P("2026-03-25", "", 10)},
		"empty":                      {},
	}
	for name, periods := range bad {
		_, err := e.svc.NewVersion(ctx, o.Trekkid, trekkpaalegg.NewVersion{TrekkstoerrelseForPeriode: periods})
		var ve *trekkpaalegg.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a ValidationError", name, err)
		}
	}
	// Sluttdato today ends the order in the same version (spec §7).
	v2, err := e.svc.NewVersion(ctx, o.Trekkid, trekkpaalegg.NewVersion{TrekkstoerrelseForPeriode: ps{B("2026-03-02", "2026-03-20", 4000)}})
	if err != nil || v2.Trekkstatus != trekkpaalegg.StatusAvsluttet || v2.Trekkversjon != 2 {
		t.Fatalf("end today: %+v %v", v2, err)
	}
	if _, err := e.svc.NewVersion(ctx, o.Trekkid, trekkpaalegg.NewVersion{TrekkstoerrelseForPeriode: ps{B("2026-03-02", "2026-03-25", 4000)}}); !errors.Is(err, trekkpaalegg.ErrClosed) {
		t.Fatalf("version of a closed order: %v", err)
	}
	if _, err := e.svc.Close(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("close missing: %v", err)
	}
}

func TestCloseEndsToday(t *testing.T) {
	e := newEnv(t, envOpt{noFixture: true})
	o, _ := e.svc.Create(ctx, trekkpaalegg.CreateOrder{Trekkpliktig: org123, Skyldner: "10108412345",
		TrekkstoerrelseForPeriode: []trekkpaalegg.TrekkstoerrelseForPeriode{
			trekkpaalegg.Beloep("2026-03-02", "2026-03-31", 4000), trekkpaalegg.Prosent("2026-04-01", "", 20)}})
	e.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: mustTime("2026-03-15T10:00:00Z")})
	r := e.admin(http.MethodPost, "/"+o.Trekkid+"/avslutt", nil)
	c := r.object(t)
	periods := c["trekkstoerrelseForPeriode"].([]any)
	if r.status != http.StatusCreated || c["trekkstatus"] != "avsluttet" || len(periods) != 1 || periods[0].(map[string]any)["sluttdato"] != "2026-03-15" {
		t.Fatalf("close: %d %s", r.status, r.body)
	}
	if r := e.admin(http.MethodPost, "/"+o.Trekkid+"/avslutt", nil); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("close twice: %d %s", r.status, r.body)
	}
}

func TestAdminFixtures(t *testing.T) {
	e := newEnv(t, envOpt{noFixture: true})
	if r := e.do(http.MethodPost, adminPath+"/fixtures", "", nil, nil); r.status != 200 || r.object(t)["lastet"] != 19.0 {
		t.Fatalf("load: %d %s", r.status, r.body)
	}
	if r := e.do(http.MethodPost, adminPath+"/fixtures", "", nil, nil); r.status != 200 || r.object(t)["lastet"] != 0.0 {
		t.Fatalf("reload: %d %s", r.status, r.body)
	}
	changed := []byte(`[{"trekkid":"10001","skyldner":"10108412345","opprettet":"2025-08-09T15:00:00Z","saksnummer":"X","trekkstatus":"aktiv","trekkpliktig":"123456789","trekkversjon":1,"sekvensnummer":38,"betalingsinformasjon":{"kidnummer":"1","kontonummer":"1","betalingsmottaker":"1"},"trekkstoerrelseForPeriode":[{"startdato":"2025-08-10","trekkprosent":{"trekkprosent":1}}]}]`)
	if r := e.do(http.MethodPost, adminPath+"/fixtures", "", nil, changed); r.status != http.StatusConflict {
		t.Fatalf("contradicting fixture: %d %s", r.status, r.body)
	}
	for _, body := range []string{`{}`, `[{"trekkid":"1","extra":1}]`, `[{"trekkid":"1"}]`} {
		if r := e.do(http.MethodPost, adminPath+"/fixtures", "", nil, []byte(body)); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d %s", body, r.status, r.body)
		}
	}
	if r := e.admin(http.MethodGet, "/10006", nil); r.status != 200 || r.object(t)["trekkversjon"] != 4.0 {
		t.Fatalf("latest: %d %s", r.status, r.body)
	}
	if r := e.admin(http.MethodGet, "?trekkpliktig=123456789&maksAntall=2", nil); len(r.list(t)) != 2 {
		t.Fatalf("admin list: %s", r.body)
	}
}

func TestDisclosureIsAudited(t *testing.T) {
	e := newEnv(t, envOpt{})
	e.get(apiPath+"?maksAntall=2", e.sbToken(org123))
	recs, err := e.db.ListAudit(ctx, store.AuditQuery{Service: "trekkpaalegg", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].SubjectID != "10108412345" || recs[0].Actor != orgVendor || recs[0].OnBehalfOf != org123 {
		t.Fatalf("audit %+v", recs)
	}
	e.get(apiPath+"?fraSekvensnummer=555", e.token(org123)) // empty: nothing disclosed
	if recs, _ := e.db.ListAudit(ctx, store.AuditQuery{Service: "trekkpaalegg", Limit: 10}); len(recs) != 2 {
		t.Fatalf("empty answer audited: %d records", len(recs))
	}
}
