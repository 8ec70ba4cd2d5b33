package utlegg_test

import (
	"context"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

// The namsmann (spec: utleggsbegjaering.md §10): manual routes, the
// automatic mode and the TEST_SAK_* references.

// debtor finds a person of the world with (or without) an active job.
func (e *env) debtor(employed bool) world.Person {
	e.t.Helper()
	ctx := context.Background()
	ps, err := e.db.ListPersons(ctx, "", 500)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range ps {
		es, _ := e.db.EmploymentsByPerson(ctx, p.NIN)
		has := false
		for _, x := range es {
			has = has || (x.EndDate.IsZero() && x.AnnualSalary > 400_000)
		}
		if has == employed && (employed || len(es) == 0) {
			return p
		}
	}
	e.t.Fatal("no suitable debtor in the world")
	return world.Person{}
}

func (e *env) caseFor(p world.Person, ref string) string {
	d := e.prepare(example(e.t, E1), ref, e.tA())
	d.obj("saksoekt.0.saksoekt.person.identifikator")["verdi"] = p.NIN
	for _, tg := range d.at("begjaeringensTvangsgrunnlag").([]any) {
		tg.(map[string]any)["saerligTvangsgrunnlag"].(map[string]any)["skyldner"].([]any)[0].(map[string]any)["verdi"] = p.NIN
	}
	return e.created(d)
}

func (e *env) statusOf(id string) map[string]any {
	return e.do("GET", B+"/utleggsbegjaering/"+id+"/status", e.tA(), nil).json(e.t)
}

func TestNamsmannManuell(t *testing.T) {
	e := newEnv(t, envOpt{world: true})
	id := e.caseFor(e.debtor(true), freshRef())
	post := func(step, body string, want int) {
		t.Helper()
		r := e.do("POST", adminP+"/utleggsbegjaering/"+id+"/"+step, "", []byte(body))
		if r.status != want {
			t.Fatalf("%s: %d %s", step, r.status, r.body)
		}
	}
	post("godkjenn", "", 409) // not from sakOpprettet
	post("start", "", 200)
	post("retting", `{"svarfrist":"2026-03-20","kontrollutslag":[{"kode":"UGYLDIG_KID","melding":"Kidnummer 1 er feil"}]}`, 200)
	post("godkjenn", "", 200)
	post("beslutt", `{"beslutningstype":"utleggstrekk","begrunnelse":"Fast lønn"}`, 200)
	st := e.statusOf(id)
	bi, _ := st["beslutningsinformasjon"].(map[string]any)
	if st["saksstatus"] != "sakBesluttet" || bi["beslutningstype"] != "utleggstrekk" || len(bi["kravgrunnlagsidentifikatorer"].([]any)) != 3 {
		t.Fatalf("%v", st)
	}
	if len(e.trekk) != 1 || e.trekk[0].ArbeidsgiverOrgnr == "" || e.trekk[0].Saksnummer != st["saksreferanse"] {
		t.Fatalf("OnUtleggstrekk: %+v", e.trekk)
	}
	types := []string{}
	for _, m := range meldinger(t, e.do("GET", B+"/utleggsbegjaering/"+id+"/meldinger", e.tA(), nil)) {
		types = append(types, m["meldingstype"].(string))
	}
	want := "SAK_OPPRETTET STATUSENDRING ANMODNING_OM_RETTING STATUSENDRING STATUSENDRING BESLUTNING"
	if got := join(types); got != want {
		t.Fatalf("messages %s", got)
	}
	id2 := e.caseFor(e.debtor(true), freshRef())
	post2 := func(step string) { e.do("POST", adminP+"/utleggsbegjaering/"+id2+"/"+step, "", nil) }
	post2("start")
	post2("nekt")
	if e.statusOf(id2)["saksstatus"] != "sakNektetFremmet" {
		t.Fatal("nekt")
	}
}

func join(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestNamsmannAutomatisk(t *testing.T) {
	e := newEnv(t, envOpt{world: true, auto: true})
	ansatt := e.caseFor(e.debtor(true), freshRef())
	uten := e.caseFor(e.debtor(false), freshRef())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- e.svc.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for e.statusOf(ansatt)["saksstatus"] != "sakBesluttet" || e.statusOf(uten)["saksstatus"] != "sakBesluttet" {
		if time.Now().After(deadline) {
			t.Fatalf("not decided: %v %v", e.statusOf(ansatt), e.statusOf(uten))
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	a := e.statusOf(ansatt)["beslutningsinformasjon"].(map[string]any)
	if a["beslutningstype"] != "utleggstrekk" || a["begrunnelse"] == "" {
		t.Fatalf("employed debtor: %v", a)
	}
	u := e.statusOf(uten)["beslutningsinformasjon"].(map[string]any)
	if u["beslutningstype"] != "utleggspant" && u["beslutningstype"] != "intetTilUtlegg" {
		t.Fatalf("debtor without job: %v", u)
	}
	if len(e.trekk) != 1 {
		t.Fatalf("OnUtleggstrekk called %d times", len(e.trekk))
	}
}

func TestTestreferanseDriverSak(t *testing.T) {
	e := newEnv(t, envOpt{world: true})
	for _, tc := range []struct{ ref, status string }{
		{"TEST_SAK_UNDER_BEHANDLING", "sakUnderBehandling"}, {"TEST_SAK_AVSLUTTET", "sakAvsluttet"},
		{"TEST_SAK_NEKTET_FREMMET", "sakNektetFremmet"}, {"TEST_SAK_HEVET", "sakHevet"},
	} {
		id := e.caseFor(e.debtor(true), tc.ref)
		if st := e.statusOf(id); st["saksstatus"] != tc.status {
			t.Fatalf("%s: %v", tc.ref, st)
		}
	}
}

// The operator lists every case, newest first, by organisation and
// status, a page at a time; bad filters are 400 naming the field.
func TestAdminList(t *testing.T) {
	e := newEnv(t, envOpt{})
	first := e.created(e.fresh(E1))
	// The clock is frozen: move it, so the second case is newer.
	e.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: e.clock.Now().Add(time.Minute)})
	second := e.created(e.fresh(E1))
	if r := e.do("POST", adminP+"/utleggsbegjaering/"+first+"/start", "", nil); r.status != 200 {
		t.Fatalf("start: %d %s", r.status, r.body)
	}
	list := func(query string) ([]string, string) {
		t.Helper()
		r := e.do("GET", adminP+"/utleggsbegjaering"+query, "", nil)
		if r.status != 200 {
			t.Fatalf("list %s: %d %s", query, r.status, r.body)
		}
		m := r.json(t)
		var refs []string
		for _, s := range m["saker"].([]any) {
			refs = append(refs, s.(map[string]any)["eksternSaksreferanse"].(string))
		}
		neste, _ := m["neste"].(string)
		return refs, neste
	}
	if refs, _ := list(""); len(refs) != 2 || refs[0] != second || refs[1] != first {
		t.Fatalf("all cases: %v, want [%s %s]", refs, second, first)
	}
	if refs, _ := list("?saksstatus=sakUnderBehandling&org=312597772"); len(refs) != 1 || refs[0] != first {
		t.Fatalf("by status and org: %v", refs)
	}
	if refs, _ := list("?org=999999999"); len(refs) != 0 {
		t.Fatalf("another org: %v", refs)
	}
	page1, neste := list("?antall=1")
	page2, _ := list("?antall=1&etter=" + neste)
	if len(page1) != 1 || len(page2) != 1 || page1[0] != second || page2[0] != first {
		t.Fatalf("pages: %v %v", page1, page2)
	}
	for q, field := range map[string]string{"?org=12": "org", "?saksstatus=ferdig": "saksstatus", "?antall=0": "antall", "?etter=x": "etter"} {
		r := e.do("GET", adminP+"/utleggsbegjaering"+q, "", nil)
		if r.status != 400 || r.json(t)["field"] != field {
			t.Errorf("%s: %d %s, want 400 naming %s", q, r.status, r.body, field)
		}
	}
}
