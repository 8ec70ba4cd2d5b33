package utlegg

import (
	"time"
)

// Built-in test references (spec: utleggsbegjaering.md §6.9, data file
// status-testreferanser.json). GET …/TEST_SAK_X/status answers a fixed
// synthetic case for any authenticated caller; a begjæring submitted
// with innsenderReferanse TEST_SAK_X is driven straight to that status
// through the state machine (our extension, so that clients can follow
// their own case through every status and its messages).
var testreferanser = map[string]string{
	"TEST_SAK_OPPRETTET":        SakOpprettet,
	"TEST_SAK_UNDER_BEHANDLING": SakUnderBehandling,
	"TEST_SAK_NEKTET_FREMMET":   SakNektetFremmet,
	"TEST_SAK_FORELAGT":         SakForelagt,
	"TEST_SAK_BESLUTTET":        SakBesluttet,
	"TEST_SAK_AVSLUTTET":        SakAvsluttet,
	"TEST_SAK_HEVET":            SakHevet,
}

func testreferanseStatus(ref string) (string, bool) {
	s, ok := testreferanser[ref]
	return s, ok
}

// testStatus is the fixed answer for a TEST_SAK_* reference.
func testStatus(ref, status string, now time.Time) StatusPaaSak {
	out := StatusPaaSak{
		EksternSaksreferanse: ref,
		Saksreferanse:        "UTLBGJ/" + now.UTC().Format("2006") + "/1",
		InnsenderReferanse:   ref,
		Saksstatus:           status,
		SistEndret:           fmtTime(now.UTC().Truncate(24 * time.Hour)),
		Saksoekere: []StatusPart{{Navn: "SMUL FLAT TIGER AS", Identifikator: &Identifikator{
			Identifikatortype: "taxIdentificationNumber", Verdi: "313182495", Landkode: "NO"}}},
		Saksoekte: []StatusPart{{Navn: "Rimelig Merr", Identifikator: &Identifikator{
			Identifikatortype: "taxIdentificationNumber", Verdi: "69887800189", Landkode: "NO"}}},
		Krav: []StatusKrav{{InnsendersKravreferanse: "101461397", Kravgrunnlagsidentifikator: "9b1f4c1e-6a0e-4b8e-8f7a-2d1c0e5b7a10",
			Kravdetaljer: "Hovedkrav", GjenstaaendeBeloep: &BeloepValuta{Beloep: "76", Valuta: "NOK"}}},
	}
	if status == SakBesluttet || status == SakAvsluttet {
		out.Beslutningsinformasjon = &Beslutningsinformasjon{Beslutningstype: Utleggstrekk,
			Beslutningsdato:              now.UTC().Format("2006-01-02"),
			Kravgrunnlagsidentifikatorer: []string{"9b1f4c1e-6a0e-4b8e-8f7a-2d1c0e5b7a10"}}
	}
	return out
}
