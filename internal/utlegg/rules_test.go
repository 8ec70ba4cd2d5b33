package utlegg_test

import (
	"testing"

	"github.com/namsfogd/namsfogd/internal/utlegg"
)

// One test per enforced vilkår not already shown by a numbered check
// (spec: utleggsbegjaering.md §8.3), each through POST …/valider on E1.

var ruleCases = map[string]func(e *env, d doc){
	"DUPLIKAT_SAKSOEKT": func(e *env, d doc) {
		s := d.at("saksoekt").([]any)
		d["saksoekt"] = append(s, cloneJSON(s[0]))
	},
	"GEBYR_ELLER_SAKSKOSTNAD_HAR_ET_RELATERTKRAV_SOM_IKKE_ER_HOVEDSTOL": func(e *env, d doc) {
		d.obj("kravTilInnkreving.2")["relatertKrav"] = []any{"RentekravPåHovedkrav_00890772001_1"}
	},
	"RENTEKRAV_KAN_IKKE_HA_RENTEKRAV": func(e *env, d doc) {
		k := cloneJSON(d.at("kravTilInnkreving.1")).(map[string]any)
		k["kravreferanse"] = "R2"
		k["relatertKrav"] = []any{"RentekravPåHovedkrav_00890772001_1"}
		d["kravTilInnkreving"] = append(d.at("kravTilInnkreving").([]any), k)
		tg := d.obj("begjaeringensTvangsgrunnlag.0")
		tg["innsendersKravreferanse"] = append(tg["innsendersKravreferanse"].([]any), "R2")
	},
	"MANGLER_OPPLYSNINGER_BEVILLINGSHAVER": func(e *env, d doc) {
		delete(d.obj("innsender.prosessfullmektig"), "bevillingshaver")
	},
	"MANGLER_OPPLYSNINGER_OM_SAKSOEKER": func(e *env, d doc) {
		a := d.obj("saksoeker.0.saksoeker")
		delete(a, "virksomhet")
		delete(a, "adresse")
		a["person"] = map[string]any{"personnavn": map[string]any{"etternavn": "Uten Fornavn"}}
	},
	"MANGLER_OPPLYSNINGER_OM_SAKSOEKT": func(e *env, d doc) {
		p := d.obj("saksoekt.0.saksoekt.person")
		delete(p, "identifikator")
		delete(d.obj("saksoekt.0.saksoekt"), "adresse")
	},
	"MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG": func(e *env, d doc) {
		a := d.obj("innsender.prosessfullmektig.prosessfullmektig")
		delete(a, "person")
		a["virksomhet"] = map[string]any{"navn": "Byrå AS", "virksomhetstype": "advokatfirma"}
	},
	"MANGLER_OPPLYSNINGER_PROSESSFULLMEKTIG_PERSON": func(e *env, d doc) {
		delete(d.obj("innsender.prosessfullmektig.prosessfullmektig"), "adresse")
	},
	"PARAGRAF_4_19_VARSEL_PAAKREVET": func(e *env, d doc) {
		tg := d.obj("begjaeringensTvangsgrunnlag.0")
		delete(tg, "saerligTvangsgrunnlag")
		delete(tg, "varsel")
		delete(tg, "begrunnelseUnnlatVarsel")
		tg["alminneligTvangsgrunnlag"] = map[string]any{"type": "domEllerKjennelse"}
	},
	"SAKSOEKERS_INNENLANDS_ADRESSE_UGYLDIG": func(e *env, d doc) {
		delete(d.obj("saksoeker.0.saksoeker.adresse.0.adresseInnland.adresseFrittFormatInnland"), "postnummer")
	},
	"SAKSØKTES_UTENLANDS_ADRESSE_UGYLDIG": func(e *env, d doc) {
		d.obj("saksoekt.0.saksoekt")["adresse"] = []any{map[string]any{"adressetype": "postadresse",
			"adresseUtland": map[string]any{"adresseFrittFormatUtland": map[string]any{"landkode": "SE"}}}}
	},
	"UGYLDIG_ORGNR_PROSESSFULLMEKTIG": func(e *env, d doc) {
		a := d.obj("innsender.prosessfullmektig.prosessfullmektig")
		delete(a, "person")
		a["virksomhet"] = map[string]any{"navn": "Byrå AS", "virksomhetstype": "advokatfirma",
			"identifikator": map[string]any{"identifikatortype": "taxIdentificationNumber", "verdi": "123456789", "landkode": "NO"}}
	},
	"UGYLDIG_VEDLEGG_FULLMAKT": func(e *env, d doc) {
		d.obj("innsender.prosessfullmektig")["fullmakt"] = map[string]any{"fraDato": "2024-01-01",
			"fullmakt": map[string]any{"type": "annet", "filnavn": "fullmakt.pdf", "uuid": d.at("begjaeringensTvangsgrunnlag.0.tvangsgrunnlag.uuid")}}
	},
	"UGYLDIG_VEDLEGG_TRANSPORTERKLÆRING": func(e *env, d doc) {
		d.obj("kravTilInnkreving.0")["transporterklaering"] = []any{map[string]any{"dato": "2024-01-01",
			"transporterklaering": map[string]any{"type": "annet", "filnavn": "t.pdf", "uuid": d.at("begjaeringensTvangsgrunnlag.0.tvangsgrunnlag.uuid")}}}
	},
	"UGYLDIG_VEDLEGG_TVANGSGRUNNLAG": func(e *env, d doc) {
		d.obj("begjaeringensTvangsgrunnlag.0.tvangsgrunnlag")["type"] = "annet"
	},
	"UGYLDIG_VEDLEGG_TVANGSKRAFTGRUNNLAG": func(e *env, d doc) {
		d.obj("begjaeringensTvangsgrunnlag.0.varsel.0.tvangskraftgrunnlag")["type"] = "annet"
	},
	"VEDLEGG_SKAL_IKKE_HA_FEILET": func(e *env, d doc) {
		setUUIDs(d, e.upload(e.tA(), "tekst.txt", d["innsenderReferanse"].(string), []byte("ikke en pdf")))
	},
	"VEDLEGG_SKAL_VAERE_VIRUSSJEKKET_VALIDERT_OG_KONVERTERT": func(e *env, d doc) {
		id := e.upload(e.tA(), "fil.pdf", d["innsenderReferanse"].(string), pdf)
		e.do("PUT", adminP+"/vedlegg/"+id+"/status", "", []byte(`{"status":"MOTTATT"}`))
		setUUIDs(d, id)
	},
}

func TestRules(t *testing.T) {
	e := newEnv(t, envOpt{})
	for kode, mod := range ruleCases {
		t.Run(kode, func(t *testing.T) {
			d := e.fresh(E1)
			mod(e, d)
			want422(t, e.do("POST", B+"/utleggsbegjaering/valider", e.tA(), d.bytes()), kode)
		})
	}
}

// TestEveryEnforcedRuleIsTested lists where each enforced rule is shown
// to fire.
func TestEveryEnforcedRuleIsTested(t *testing.T) {
	checks := map[string]string{
		"DUPLIKAT_INNSENDING": "6", "DUPLIKAT_SAKSOEKER": "28", "HOVEDSTOL_SKAL_IKKE_HA_ET_RELATERT_KRAV": "43",
		"INNSENDER_IKKE_IDENTIFISERBAR": "20", "INNSENDER_IKKE_ORGANISASJON": "19", "INNSENDER_MANGLER": "18",
		"INNSENDER_SAMSVARER_IKKE_MED_AUTENTISERING": "9", "KAN_BEHANDLES_I_FORLIKSRAADET_PAAKREVET": "36",
		"KRAV_DUPLIKATE_REFERANSER": "22", "KRAV_IKKE_BENYTTET": "23", "KRAV_I_FLERE_TVANGSGRUNNLAG": "24",
		"MAKS_EN_ADRESSE_AV_HVER_TYPE": "29", "MANGELFULLE_KONTOOPPLYSNINGER": "34", "MANGLER_KRAV": "21",
		"PAASTAND_PAAKREVET": "36", "PARAGRAF_4_18_VARSEL_PAAKREVET": "35", "PRIORITET_MANGLER": "44",
		"RELATERTE_KRAV_KAN_IKKE_PEKE_PÅ_SEG_SELV": "43", "RELATERTE_KRAV_MÅ_FINNES": "27",
		"RELATERTE_KRAV_UGYLDIGE_KRAVREFERANSER": "26", "RENTE_MAA_HA_RELATERT_KRAV": "43",
		"SAKSOEKERS_UTENLANDS_ADRESSE_UGYLDIG": "30", "SAKSOEKT_GAMMELT_REGELVERK": "42",
		"SAKSØKTES_INNENLANDS_ADRESSE_UGYLDIG": "30", "SAMME_SAKSOEKT_SOM_SAKSOEKER": "28",
		"TVANGSGRUNNLAG_UGYLDIGE_KRAVREFERANSER": "25", "UAVKLART_STATUS": "46", "UGYLDIG_BELOEP": "31",
		"UGYLDIG_KID": "33", "UGYLDIG_KONTONR": "33", "UGYLDIG_RENTE": "32", "UGYLDIG_STATUS": "47",
		"UGYLDIG_VEDLEGG_BETALINGSOPPFORDRING": "37", "ULOVLIG_ENDRING_BEGJAERINGSDATO": "45",
		"ULOVLIG_ENDRING_INNSENDER": "45", "ULOVLIG_ENDRING_UNDERSKRIFT": "45",
		"VEDLEGG_SKAL_HA_REFERANSE_TIL_BEGJAERINGEN": "40", "VEDLEGG_SKAL_HA_UUID": "39",
		"VEDLEGG_SKAL_VAERE_TILGJENGELIG": "38, 41",
	}
	rules := utlegg.EnforcedRules()
	if len(rules) != 57 {
		t.Fatalf("%d enforced rules, want 57", len(rules))
	}
	for _, r := range rules {
		if _, ok := checks[r.Vilkaarnavn]; !ok && ruleCases[r.Vilkaarnavn] == nil {
			t.Errorf("rule %s has no test", r.Vilkaarnavn)
		}
	}
}
