package utlegg_test

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Conformance checks of spec: utleggsbegjaering.md §16, each against
// the real HTTP server.

func TestCheck01_NoToken(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.prepare(example(t, E1), "", e.tA())
	r := e.submit(d, "")
	want(t, r, 401, "KB-004")
	if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
	}
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("Content-Type %q", r.header.Get("Content-Type"))
	}
}

func TestCheck04_05_ExamplesAccepted(t *testing.T) {
	e := newEnv(t, envOpt{})
	for _, name := range []string{E1, E2, E3} {
		d := e.prepare(example(t, name), "", e.tA())
		r := e.submit(d, e.tA())
		if r.status != 201 {
			t.Fatalf("%s: %d %s", name, r.status, r.body)
		}
		ref, _ := r.json(t)["eksternSaksreferanse"].(string)
		if ref == "" || !strings.HasSuffix(r.header.Get("Location"), "/utleggsbegjaering/"+ref) {
			t.Fatalf("%s: ref %q Location %q", name, ref, r.header.Get("Location"))
		}
	}
}

func TestCheck02_03_ExpiredAndWrongScope(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.prepare(example(t, E1), "", e.tA())
	exp := e.token(orgA, "skatteetaten:utleggsbegjaering", func(c map[string]any) {
		c["exp"] = e.clock.Now().Add(-time.Hour).Unix()
		c["iat"] = e.clock.Now().Add(-2 * time.Hour).Unix()
	})
	want(t, e.submit(d, exp), 401, "KB-004")
	want(t, e.submit(d, e.token(orgA, "skatteetaten:trekkpaalegg")), 403, "KB-005")
}

func TestCheck06_07_Duplicates(t *testing.T) {
	e := newEnv(t, envOpt{})
	r1 := e.submit(e.prepare(example(t, E1), "", e.tA()), e.tA())
	want(t, r1, 201, "")
	r2 := e.submit(e.prepare(example(t, E2), "", e.tA()), e.tA())
	want(t, r2, 201, "")
	e2ref := r2.json(t)["eksternSaksreferanse"]
	r := e.submit(e.prepare(example(t, E4), "", e.tA()), e.tA())
	ms := want422(t, r, "DUPLIKAT_INNSENDING")
	if ms[0] != "Sak med begjæringsdato 2025-01-12 og referanse InnsenderRef123 er allerede sendt inn" {
		t.Fatalf("melding %q", ms[0])
	}
	if r.json(t)["eksternSaksreferanse"] != e2ref {
		t.Fatalf("eksternSaksreferanse %v, want %v", r.json(t)["eksternSaksreferanse"], e2ref)
	}
	// Check 7: the exact request of check 4 again.
	r = e.submit(e.prepare(example(t, E1), "", e.tA()), e.tA())
	want422(t, r, "DUPLIKAT_INNSENDING")
	for _, k := range r.json(t)["kontrollutslag"].([]any) {
		if k.(map[string]any)["beskrivelse"] != "Duplikat innsending" {
			t.Fatalf("beskrivelse %v", k)
		}
	}
	// Check 8: another begjaeringsdato is not a duplicate.
	d := e.prepare(example(t, E1), "", e.tA())
	d["begjaeringsdato"] = "2025-01-11"
	want(t, e.submit(d, e.tA()), 201, "")
	// Check 9: the same document from another org is no duplicate but
	// a mismatch with the token.
	r = e.submit(e.prepare(example(t, E1), "", e.tX()), e.tX())
	ms = want422(t, r, "INNSENDER_SAMSVARER_IKKE_MED_AUTENTISERING")
	if ms[0] != "Innsenders organisasjonsnummer 312597772, som angitt i begjæringen, avviker fra pålogget virksomhet, 311758489" {
		t.Fatalf("melding %q", ms[0])
	}
	if _, dup := r.utslag(t)["DUPLIKAT_INNSENDING"]; dup {
		t.Fatal("duplicates must be per organisation")
	}
}

func TestCheck10_SystemUser(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.prepare(example(t, E1), freshRef(), e.tSB())
	want(t, e.submit(d, e.tSB()), 201, "")
}

func TestCheck11_12_ValidateStoresNothing(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	r := e.do("POST", B+"/utleggsbegjaering/valider", e.tA(), d.bytes())
	if r.status != 204 || len(r.body) != 0 {
		t.Fatalf("valider: %d %q", r.status, r.body)
	}
	want(t, e.submit(d, e.tA()), 201, "")
	want422(t, e.do("POST", B+"/utleggsbegjaering/valider", e.tA(), d.bytes()), "DUPLIKAT_INNSENDING")
}

func TestCheck13_TruncatedJSON(t *testing.T) {
	e := newEnv(t, envOpt{})
	want(t, e.do("POST", B+"/utleggsbegjaering", e.tA(), []byte(`{"saksoeker": [`)), 400, "KB-006")
}

func TestCheck14_15_MediaTypes(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	want(t, e.do("POST", B+"/utleggsbegjaering", e.tA(), d.bytes(), "Content-Type", "text/plain"), 415, "KB-008")
	r := e.do("POST", B+"/utleggsbegjaering", e.tA(), d.bytes(), "Accept", "text/html")
	want(t, r, 406, "KB-008")
}

func TestCheck16_AuthErrorInXML(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.do("POST", B+"/utleggsbegjaering", "", e.fresh(E1).bytes(), "Accept", "application/xml")
	if r.status != 401 || !strings.Contains(string(r.body), `<feil xmlns="urn:no:skatteetaten:datasamarbeid:feil:v1">`) ||
		!strings.Contains(string(r.body), "<kode>KB-004</kode>") || !strings.Contains(string(r.body), "<korrelasjonsid>") {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestCheck17_EnumsAndDates(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d["tvangsfullbyrdelsestype"] = "tvang"
	want(t, e.submit(d, e.tA()), 400, "KB-006")
	d = e.fresh(E1)
	d["begjaeringsdato"] = "10.01.2025"
	want(t, e.submit(d, e.tA()), 400, "KB-006")
	d = e.fresh(E1)
	d["begjaeringsdato"] = "20250110"
	want(t, e.submit(d, e.tA()), 201, "")
}

func TestCheck18_19_20_Innsender(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	delete(d, "innsender")
	want422(t, e.submit(d, e.tA()), "INNSENDER_MANGLER")
	d = e.fresh(E1)
	in := d.obj("innsender.innsender")
	delete(in, "virksomhet")
	in["person"] = map[string]any{"personnavn": map[string]any{"fornavn": "Ola", "etternavn": "Nordmann"}}
	want422(t, e.submit(d, e.tA()), "INNSENDER_IKKE_ORGANISASJON")
	d = e.fresh(E1)
	d.obj("innsender.innsender.virksomhet.identifikator")["verdi"] = "312597773"
	r := e.submit(d, e.tA())
	want422(t, r, "INNSENDER_IKKE_IDENTIFISERBAR")
	want422(t, r, "INNSENDER_SAMSVARER_IKKE_MED_AUTENTISERING")
	var koder []string
	for _, k := range r.json(t)["kontrollutslag"].([]any) {
		koder = append(koder, k.(map[string]any)["kode"].(string))
	}
	if !slices.IsSorted(koder) {
		t.Fatalf("kontrollutslag not sorted: %v", koder)
	}
}
