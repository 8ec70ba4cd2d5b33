package utlegg_test

import (
	"testing"
)

// Conformance checks 21–44 (spec: utleggsbegjaering.md §16): the vilkår
// over HTTP.

func TestCheck21_ManglerKrav(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d["kravTilInnkreving"] = []any{}
	r := e.submit(d, e.tA())
	want422(t, r, "MANGLER_KRAV")
	want422(t, r, "TVANGSGRUNNLAG_UGYLDIGE_KRAVREFERANSER")
}

func TestCheck22_KravDuplikateReferanser(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d.obj("kravTilInnkreving.1")["kravreferanse"] = "00890772001"
	ms := want422(t, e.submit(d, e.tA()), "KRAV_DUPLIKATE_REFERANSER")
	if ms[0] != "Det foreligger flere krav med kravreferanse 00890772001" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck23_KravIkkeBenyttet(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	k := cloneJSON(d.at("kravTilInnkreving.0")).(map[string]any)
	k["kravreferanse"] = "EKSTRA"
	d["kravTilInnkreving"] = append(d.at("kravTilInnkreving").([]any), k)
	ms := want422(t, e.submit(d, e.tA()), "KRAV_IKKE_BENYTTET")
	if ms[0] != "Krav med kravreferanse EKSTRA er ikke referert til fra begjaeringens tvangsgrunnlag" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck24_KravIFlereTvangsgrunnlag(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E2)
	tg := d.obj("begjaeringensTvangsgrunnlag.1")
	tg["innsendersKravreferanse"] = append(tg["innsendersKravreferanse"].([]any), "101461397")
	want422(t, e.submit(d, e.tA()), "KRAV_I_FLERE_TVANGSGRUNNLAG")
}

func TestCheck25_TvangsgrunnlagUgyldigeKravreferanser(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	tg := d.obj("begjaeringensTvangsgrunnlag.0")
	tg["innsendersKravreferanse"] = append(tg["innsendersKravreferanse"].([]any), "FINNES_IKKE")
	ms := want422(t, e.submit(d, e.tA()), "TVANGSGRUNNLAG_UGYLDIGE_KRAVREFERANSER")
	if ms[0] != "Begjæringens tvangsgrunnlag med kravreferanse FINNES_IKKE peker på krav som ikke eksisterer" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck26_RelaterteKravUgyldige(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d.obj("kravTilInnkreving.1")["relatertKrav"] = []any{"FINNES_IKKE"}
	ms := want422(t, e.submit(d, e.tA()), "RELATERTE_KRAV_UGYLDIGE_KRAVREFERANSER")
	if ms[0] != "Krav med kravreferanse RentekravPåHovedkrav_00890772001_1 peker på relatert krav med kravreferanse FINNES_IKKE som ikke eksisterer" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck27_RelaterteKravMaaFinnes(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E2)
	for _, k := range d.at("kravTilInnkreving").([]any) {
		if k.(map[string]any)["kravreferanse"] == "RentekravPåHovedkrav_101461397_1" {
			k.(map[string]any)["relatertKrav"] = []any{"102486836_1"}
		}
	}
	want422(t, e.submit(d, e.tA()), "RELATERTE_KRAV_MÅ_FINNES")
}

func TestCheck28_DuplikatSaksoekerOgSammeSaksoekt(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	s := d.at("saksoeker").([]any)
	d["saksoeker"] = append(s, cloneJSON(s[0]))
	want422(t, e.submit(d, e.tA()), "DUPLIKAT_SAKSOEKER")
	d = e.fresh(E1)
	d.obj("saksoekt.0.saksoekt.person.identifikator")["verdi"] = "311758489"
	want422(t, e.submit(d, e.tA()), "SAMME_SAKSOEKT_SOM_SAKSOEKER")
}

func TestCheck29_MaksEnAdresseAvHverType(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	a := d.at("saksoekt.0.saksoekt.adresse").([]any)
	d.obj("saksoekt.0.saksoekt")["adresse"] = append(a, cloneJSON(a[0]))
	want422(t, e.submit(d, e.tA()), "MAKS_EN_ADRESSE_AV_HVER_TYPE")
}

func TestCheck30_Minimumsadresser(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	delete(d.obj("saksoekt.0.saksoekt.adresse.0.adresseInnland.adresseFrittFormatInnland"), "adressetekst")
	want422(t, e.submit(d, e.tA()), "SAKSØKTES_INNENLANDS_ADRESSE_UGYLDIG")
	d = e.fresh(E1)
	d.obj("saksoeker.0.saksoeker")["adresse"] = []any{map[string]any{"adressetype": "forretningsadresse",
		"adresseUtland": map[string]any{"adresseFrittFormatUtland": map[string]any{"adressetekst": "Storgatan 1", "poststedUtland": "Stockholm"}}}}
	want422(t, e.submit(d, e.tA()), "SAKSOEKERS_UTENLANDS_ADRESSE_UGYLDIG")
}

func TestCheck31_UgyldigBeloep(t *testing.T) {
	e := newEnv(t, envOpt{})
	for _, tc := range []struct {
		lit string
		ok  bool
	}{{"12469.145", false}, {"-1", false}, {"0.1", true}, {"100", true}, {"12469.14", true}} {
		d := e.fresh(E1)
		d.obj("kravTilInnkreving.0.opprinneligBeloep")["beloep"] = rawNumber(tc.lit)
		r := e.submit(d, e.tA())
		if tc.ok {
			want(t, r, 201, "")
			continue
		}
		ms := want422(t, r, "UGYLDIG_BELOEP")
		if ms[0] != "Beløp "+tc.lit+" er ugyldig. Beløp kan ha maks to desimaler og ikke være negativt" {
			t.Fatalf("melding %q", ms[0])
		}
	}
}

func TestCheck32_UgyldigRente(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d.obj("kravTilInnkreving.0.renteOpplysning")["avtaltRentesats"] = rawNumber("21.999")
	want422(t, e.submit(d, e.tA()), "UGYLDIG_RENTE")
}

func TestCheck33_KontonrOgKID(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d.obj("betalingsinformasjon.norskKonto")["kontonummer"] = "69930570045"
	ms := want422(t, e.submit(d, e.tA()), "UGYLDIG_KONTONR")
	if ms[0] != "Mottakers kontonummer 69930570045 er feil" {
		t.Fatalf("melding %q", ms[0])
	}
	d = e.fresh(E1)
	d.obj("betalingsinformasjon.norskKonto")["kidnummer"] = "2509937600"
	want422(t, e.submit(d, e.tA()), "UGYLDIG_KID")
	d = e.fresh(E1)
	d.obj("betalingsinformasjon.norskKonto")["kidnummer"] = "2509937608"
	want(t, e.submit(d, e.tA()), 201, "")
}

func TestCheck34_MangelfulleKontoopplysninger(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d["betalingsinformasjon"] = map[string]any{"norskKonto": map[string]any{}}
	want422(t, e.submit(d, e.tA()), "MANGELFULLE_KONTOOPPLYSNINGER")
}

func TestCheck35_Paragraf418(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	tg := d.obj("begjaeringensTvangsgrunnlag.0")
	delete(tg, "varsel")
	delete(tg, "begrunnelseUnnlatVarsel")
	want422(t, e.submit(d, e.tA()), "PARAGRAF_4_18_VARSEL_PAAKREVET")
	d = e.fresh(E1)
	delete(d.obj("begjaeringensTvangsgrunnlag.0"), "varsel")
	want(t, e.submit(d, e.tA()), 201, "")
}

func TestCheck36_KombinertUtleggOgForliksklage(t *testing.T) {
	e := newEnv(t, envOpt{})
	for _, typ := range []string{"utleggOgForlliksklageKombinert", "utleggOgForliksklageKombinert"} {
		d := e.fresh(E1)
		d["tvangsfullbyrdelsestype"] = typ
		sm := d.obj("begjaeringensTvangsgrunnlag.0.saerligTvangsgrunnlag.skriftligMeddelelse")
		delete(sm, "paastand")
		delete(sm, "kanBehandlesIForliksraadet")
		r := e.submit(d, e.tA())
		want422(t, r, "PAASTAND_PAAKREVET")
		want422(t, r, "KAN_BEHANDLES_I_FORLIKSRAADET_PAAKREVET")
	}
}

func TestCheck37_UgyldigVedleggBetalingsoppfordring(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d.obj("kravTilInnkreving.0.betalingsoppfordring.0.betalingsoppfordring")["type"] = "annet"
	ms := want422(t, e.submit(d, e.tA()), "UGYLDIG_VEDLEGG_BETALINGSOPPFORDRING")
	if ms[0] != "Vedlegg for betalingsoppfordring med filnavn betalingsoppfordring.pdf må være av type betalingsoppfordring" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck38_VedleggFinnesIkke(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := example(t, E1)
	d["innsenderReferanse"] = freshRef()
	ms := want422(t, e.submit(d, e.tA()), "VEDLEGG_SKAL_VAERE_TILGJENGELIG")
	found := false
	for _, m := range ms {
		found = found || m == "Vedlegg 'tvangsgrunnlag' med id '1a107a2d-6398-4675-944c-59f44fbeee82' finnes ikke."
	}
	if !found {
		t.Fatalf("meldinger %q", ms)
	}
}

func TestCheck39_VedleggUtenUUID(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	delete(d.obj("begjaeringensTvangsgrunnlag.0.tvangsgrunnlag"), "uuid")
	ms := want422(t, e.submit(d, e.tA()), "VEDLEGG_SKAL_HA_UUID")
	if ms[0] != "Vedlegg 'tvangsgrunnlag' mangler uuid" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck40_VedleggAnnenReferanse(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := example(t, E1)
	d["innsenderReferanse"] = freshRef()
	setUUIDs(d, e.upload(e.tA(), "fil.pdf", "ANNEN", pdf))
	want422(t, e.submit(d, e.tA()), "VEDLEGG_SKAL_HA_REFERANSE_TIL_BEGJAERINGEN")
}

func TestCheck41_VedleggMedVirus(t *testing.T) {
	e := newEnv(t, envOpt{})
	ref := freshRef()
	d := example(t, E1)
	d["innsenderReferanse"] = ref
	id := e.upload(e.tA(), "virus.pdf", ref, []byte(`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`))
	setUUIDs(d, id)
	ms := want422(t, e.submit(d, e.tA()), "VEDLEGG_SKAL_VAERE_TILGJENGELIG")
	if ms[0] != "Vedlegg 'akseptKanalvalg' inneholder virus." && ms[0] != "Vedlegg 'betalingsoppfordring.pdf' inneholder virus." {
		t.Fatalf("melding %q", ms)
	}
	r := e.do("GET", B+"/vedlegg/"+id, e.tA(), nil)
	if r.status != 200 || r.json(t)["status"] != "VIRUS" {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestCheck42_SaksoektGammeltRegelverk(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d.obj("saksoekt.0.saksoekt.person.identifikator")["verdi"] = "08907395937"
	ms := want422(t, e.submit(d, e.tA()), "SAKSOEKT_GAMMELT_REGELVERK")
	if ms[0] != "Saksøkt med identifikator 08907395937 må behandles etter gammelt regelverk, og må sendes inn via ELSA" {
		t.Fatalf("melding %q", ms[0])
	}
}

func TestCheck43_RelasjonerMellomKrav(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E1)
	d.obj("kravTilInnkreving.1")["relatertKrav"] = []any{}
	want422(t, e.submit(d, e.tA()), "RENTE_MAA_HA_RELATERT_KRAV")
	d = e.fresh(E1)
	d.obj("kravTilInnkreving.0")["relatertKrav"] = []any{"UtenrettsligKostnaderPåHovedkrav_00890772001"}
	want422(t, e.submit(d, e.tA()), "HOVEDSTOL_SKAL_IKKE_HA_ET_RELATERT_KRAV")
	d = e.fresh(E1)
	d.obj("kravTilInnkreving.2")["relatertKrav"] = []any{"UtenrettsligKostnaderPåHovedkrav_00890772001"}
	want422(t, e.submit(d, e.tA()), "RELATERTE_KRAV_KAN_IKKE_PEKE_PÅ_SEG_SELV")
}

func TestCheck44_PrioritetMangler(t *testing.T) {
	e := newEnv(t, envOpt{})
	d := e.fresh(E3)
	delete(d.obj("kravTilInnkreving.0"), "prioritetISak")
	want422(t, e.submit(d, e.tA()), "PRIORITET_MANGLER")
}
