package utlegg_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Conformance checks 45–56 (spec: utleggsbegjaering.md §16): changes,
// status, messages, paths and headers; plus XML and races.

func (e *env) created(d doc) string {
	e.t.Helper()
	r := e.submit(d, e.tA())
	want(e.t, r, 201, "")
	return r.json(e.t)["eksternSaksreferanse"].(string)
}

func TestCheck45_Endring(t *testing.T) {
	e := newEnv(t, envOpt{})
	ref := freshRef()
	d := e.prepare(example(t, E1), ref, e.tA())
	id := e.created(d)
	d2 := cloneJSON(d).(map[string]any)
	d2["begjaeringsdato"] = "2025-02-01"
	want422(t, e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), doc(d2).bytes()), "ULOVLIG_ENDRING_BEGJAERINGSDATO")
	d2 = cloneJSON(d).(map[string]any)
	d2["underskrift"] = "Noen andre"
	want422(t, e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), doc(d2).bytes()), "ULOVLIG_ENDRING_UNDERSKRIFT")
	d2 = cloneJSON(d).(map[string]any)
	doc(d2).obj("innsender.innsender.virksomhet.identifikator")["verdi"] = orgX
	want422(t, e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), doc(d2).bytes()), "ULOVLIG_ENDRING_INNSENDER")
	d2 = cloneJSON(d).(map[string]any)
	doc(d2).obj("kravTilInnkreving.0")["kravbeskrivelse"] = "endret"
	r := e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), doc(d2).bytes())
	want(t, r, 200, "")
	if r.json(t)["eksternSaksreferanse"] != id {
		t.Fatalf("%s", r.body)
	}
	g := e.do("GET", B+"/utleggsbegjaering/"+id, e.tA(), nil)
	if g.status != 200 || g.json(t)["versjon"] != 2.0 {
		t.Fatalf("%d %s", g.status, g.body)
	}
}

func TestCheck46_UavklartStatus(t *testing.T) {
	e := newEnv(t, envOpt{delay: time.Hour})
	d := e.fresh(E1)
	id := e.created(d)
	r := e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), d.bytes())
	ms := want422(t, r, "UAVKLART_STATUS")
	if ms[0] != "Sak med referanse "+id+" har eksisterende innsendinger som ikke er behandlet. Endringer er for tiden ikke tillatt, prøv igjen senere" {
		t.Fatalf("melding %q", ms[0])
	}
	// The operator processes the innsending: the change goes through.
	if a := e.do("POST", adminP+"/utleggsbegjaering/"+id+"/behandle", "", nil); a.status != 200 {
		t.Fatalf("behandle: %d %s", a.status, a.body)
	}
	want(t, e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), d.bytes()), 200, "")
	want422(t, e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), d.bytes()), "UAVKLART_STATUS")
}

func TestCheck47_UgyldigStatus(t *testing.T) {
	e := newEnv(t, envOpt{world: true})
	d := e.fresh(E1)
	id := e.created(d)
	a := e.do("POST", adminP+"/utleggsbegjaering/"+id+"/status", "", []byte(`{"saksstatus":"sakAvsluttet"}`))
	if a.status != 200 {
		t.Fatalf("admin: %d %s", a.status, a.body)
	}
	ms := want422(t, e.do("PUT", B+"/utleggsbegjaering/"+id, e.tA(), d.bytes()), "UGYLDIG_STATUS")
	if ms[0] != "Sak med referanse "+id+" har tilstand sakAvsluttet. Endringer er ikke lenger tillatt" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck48_UkjentOgFremmedSak(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	id := e.created(d)
	want(t, e.do("PUT", B+"/utleggsbegjaering/00000000-0000-0000-0000-000000000000", e.tA(), d.bytes()), 404, "KB-009")
	want(t, e.do("PUT", B+"/utleggsbegjaering/"+id, e.tX(), d.bytes()), 404, "KB-009")
	want(t, e.do("GET", B+"/utleggsbegjaering/"+id, e.tX(), nil), 404, "KB-009")
}

func TestCheck49_ValiderEndring(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	id := e.created(d)
	r := e.do("PUT", B+"/utleggsbegjaering/valider/"+id, e.tA(), d.bytes())
	if r.status != 204 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if g := e.do("GET", B+"/utleggsbegjaering/"+id, e.tA(), nil); g.json(t)["versjon"] != 1.0 {
		t.Fatalf("%s", g.body)
	}
}

func TestCheck50_StatusEtterInnsending(t *testing.T) {
	e := newEnv(t, envOpt{})
	id := e.created(e.fresh(E1))
	r := e.do("GET", B+"/utleggsbegjaering/"+id+"/status", e.tA(), nil)
	m := r.json(t)
	if r.status != 200 || m["saksstatus"] != "sakOpprettet" || !regexp.MustCompile(`^UTLBGJ/\d{4}/\d+$`).MatchString(m["saksreferanse"].(string)) {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestCheck51_Testreferanser(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.do("GET", B+"/utleggsbegjaering/TEST_SAK_BESLUTTET/status", e.tA(), nil)
	if m := r.json(t); r.status != 200 || m["saksstatus"] != "sakBesluttet" || m["beslutningsinformasjon"] == nil {
		t.Fatalf("%d %s", r.status, r.body)
	}
	r = e.do("GET", B+"/utleggsbegjaering/TEST_SAK_HEVET/status", e.tA(), nil)
	if m := r.json(t); r.status != 200 || m["saksstatus"] != "sakHevet" || m["beslutningsinformasjon"] != nil {
		t.Fatalf("%d %s", r.status, r.body)
	}
	want(t, e.do("GET", B+"/utleggsbegjaering/TEST_UGYLDIG/status", e.tA(), nil), 404, "KB-009")
}

func meldinger(t *testing.T, r resp) []map[string]any {
	t.Helper()
	var out []map[string]any
	if r.status != 200 || json.Unmarshal(r.body, &out) != nil {
		t.Fatalf("%d %s", r.status, r.body)
	}
	return out
}

func TestCheck52_Meldingsstroem(t *testing.T) {
	e := newEnv(t, envOpt{})
	ids := map[string]bool{e.created(e.fresh(E1)): true, e.created(e.fresh(E2)): true}
	e.do("POST", B+"/utleggsbegjaering", e.tX(), func() []byte {
		d := e.prepare(example(t, E1), freshRef(), e.tX())
		d.obj("innsender.innsender.virksomhet.identifikator")["verdi"] = orgX
		return d.bytes()
	}())
	ms := meldinger(t, e.do("GET", B+"/meldinger?fraSekvensnummer=0&maksAntall=1000", e.tA(), nil))
	var last float64
	for _, m := range ms {
		if m["sekvensnummer"].(float64) <= last || !ids[m["eksternSaksreferanse"].(string)] || m["meldingstype"] != "SAK_OPPRETTET" {
			t.Fatalf("feed %v", ms)
		}
		last = m["sekvensnummer"].(float64)
	}
	if len(ms) != 2 {
		t.Fatalf("feed has %d messages, want 2", len(ms))
	}
	var one string
	for id := range ids {
		one = id
	}
	a := e.do("POST", adminP+"/utleggsbegjaering/"+one+"/retting", "", []byte(`{"tekst":"Rett kravet","svarfrist":"2026-03-15",
		"kontrollutslag":[{"kode":"UGYLDIG_BELOEP","melding":"Beløp 1.234 er ugyldig"}]}`))
	if a.status != 200 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	ms = meldinger(t, e.do("GET", fmt.Sprintf(B+"/meldinger?fraSekvensnummer=%d", int64(last)), e.tA(), nil))
	if len(ms) != 1 || ms[0]["meldingstype"] != "ANMODNING_OM_RETTING" || ms[0]["svarfrist"] != "2026-03-15" || ms[0]["kontrollutslag"] == nil {
		t.Fatalf("%v", ms)
	}
	if sm := meldinger(t, e.do("GET", B+"/utleggsbegjaering/"+one+"/meldinger", e.tA(), nil)); len(sm) != 2 {
		t.Fatalf("case messages %v", sm)
	}
}

func TestCheck53_Paging(t *testing.T) {
	e := newEnv(t, envOpt{})
	for range 3 {
		e.created(e.fresh(E1))
	}
	from, seen := 0.0, 0
	for {
		ms := meldinger(t, e.do("GET", fmt.Sprintf(B+"/meldinger?fraSekvensnummer=%d&maksAntall=2", int64(from)), e.tA(), nil))
		seen += len(ms)
		if len(ms) > 0 {
			from = ms[len(ms)-1]["sekvensnummer"].(float64)
		}
		if len(ms) < 2 {
			break
		}
	}
	if seen != 3 {
		t.Fatalf("paged %d messages, want 3", seen)
	}
	want(t, e.do("GET", B+"/meldinger?maksAntall=0", e.tA(), nil), 400, "KB-006")
	want(t, e.do("GET", B+"/meldinger?fraSekvensnummer=-1", e.tA(), nil), 400, "KB-006")
}

func TestCheck54_UkjentUrlOgMetode(t *testing.T) {
	e := newEnv(t, envOpt{})
	want(t, e.do("GET", B+"/finnesikke", e.tA(), nil), 404, "KB-003")
	r := e.do("DELETE", B+"/utleggsbegjaering", e.tA(), nil)
	want(t, r, 405, "KB-003")
	if !strings.Contains(r.header.Get("Allow"), "POST") {
		t.Fatalf("Allow %q", r.header.Get("Allow"))
	}
}

func TestCheck55_Korrelasjonsid(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	delete(d, "innsender")
	id := "26789811-3b95-4cdf-896f-211d2e38f341"
	r := e.submit2(d, "Korrelasjonsid", id)
	if r.json(t)["korrelasjonsid"] != id || r.header.Get("Korrelasjonsid") != id {
		t.Fatalf("%s %q", r.body, r.header.Get("Korrelasjonsid"))
	}
	r = e.submit(d, e.tA())
	got := r.json(t)["korrelasjonsid"].(string)
	if !regexp.MustCompile(`^[0-9a-f-]{36}$`).MatchString(got) || got == id || r.header.Get("Korrelasjonsid") != got {
		t.Fatalf("fresh korrelasjonsid %q / %q", got, r.header.Get("Korrelasjonsid"))
	}
}

func (e *env) submit2(d doc, hdr ...string) resp {
	return e.do("POST", B+"/utleggsbegjaering", e.tA(), d.bytes(), hdr...)
}

func TestCheck56_IngenPaakrevdeAuroraHeadere(t *testing.T) {
	e := newEnv(t, envOpt{})
	// do() sends none of Klientid, Meldingsid, Korrelasjonsid.
	want(t, e.submit(e.fresh(E1), e.tA()), 201, "")
}

// TestDuplikatRace: 50 identical submissions in parallel give exactly
// one case (spec: §9 "Concurrency").
func TestDuplikatRace(t *testing.T) {
	e := newEnv(t, envOpt{})
	body := e.fresh(E1).bytes()
	var wg sync.WaitGroup
	codes := make([]int, 50)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = e.do("POST", B+"/utleggsbegjaering", e.tA(), body).status
		}()
	}
	wg.Wait()
	n201, n422 := 0, 0
	for _, c := range codes {
		switch c {
		case 201:
			n201++
		case 422:
			n422++
		}
	}
	if n201 != 1 || n422 != 49 {
		t.Fatalf("201×%d 422×%d (%v)", n201, n422, codes)
	}
}

// TestXML: the checks in XML — submit with Accept XML, read back, and a
// 422 as <feil>; an XML request body is accepted too.
func TestXML(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	r := e.do("POST", B+"/utleggsbegjaering", e.tA(), d.bytes(), "Accept", "application/xml")
	if r.status != 201 || !strings.Contains(string(r.body), "<sendInnUtleggsbegjaeringResponse>") {
		t.Fatalf("%d %s", r.status, r.body)
	}
	id := regexp.MustCompile(`<eksternSaksreferanse>([^<]+)<`).FindStringSubmatch(string(r.body))[1]
	g := e.do("GET", B+"/utleggsbegjaering/"+id, e.tA(), nil, "Accept", "application/xml")
	if g.status != 200 || !strings.Contains(string(g.body), "<kravreferanse>00890772001</kravreferanse>") {
		t.Fatalf("%d %s", g.status, g.body)
	}
	// Round trip: the stored document as an XML request body.
	inner := regexp.MustCompile(`(?s)(<utleggsbegjaering>\s*<saksoeker>.*</utleggsbegjaering>)\s*</utleggsbegjaering>`).FindStringSubmatch(string(g.body))
	if inner == nil {
		t.Fatalf("no nested document: %s", g.body)
	}
	x := strings.Replace(inner[1], "<innsenderReferanse>", "<innsenderReferanse>X", 1)
	v := e.do("POST", B+"/utleggsbegjaering/valider", e.tA(), []byte(x), "Content-Type", "application/xml", "Accept", "application/xml")
	if v.status != 422 || !strings.Contains(string(v.body), "<kode>VEDLEGG_SKAL_HA_REFERANSE_TIL_BEGJAERINGEN</kode>") {
		t.Fatalf("%d %s", v.status, v.body)
	}
	for _, p := range []string{"/status", "/meldinger"} {
		if s := e.do("GET", B+"/utleggsbegjaering/"+id+p, e.tA(), nil, "Accept", "text/xml"); s.status != 200 || !strings.HasPrefix(s.header.Get("Content-Type"), "application/xml") {
			t.Fatalf("%s: %d %s", p, s.status, s.body)
		}
	}
	m := e.do("GET", B+"/meldinger", e.tA(), nil, "Accept", "application/xml")
	if !strings.Contains(string(m.body), "<meldinger>") || !strings.Contains(string(m.body), "<melding>") {
		t.Fatalf("%s", m.body)
	}
}
