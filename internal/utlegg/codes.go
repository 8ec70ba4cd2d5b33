package utlegg

import "strings"

// Code lists of model 0.9, exact values (spec: utleggsbegjaering.md §7.8).
var (
	tvangsfullbyrdelsesTyper = []string{TypeUtlegg, TypeKombinert, TypeKombinertNy}
	adresseTyper             = []string{"ukjentBosted", "postadresse", "bopelsadresse", "forretningsadresse", "postboks"}
	dekningslovBokstaver     = []string{"a", "b", "c", "d", "e"}
	tvangskraftTyper         = []string{VarselTvfbl418, VarselTvfbl419, "oppfyllelsesfrist", "erklærtTvangskraftig", "vedtattForelegg", "inkassovarsel"}
	tvangsmulktTyper         = []string{"tvangsmulkt", "lovbestemmelse"}
	unnlatVarselTyper        = []string{"ukjentOppholdsstedSakssøkt", "ukjentFullmektigMedKjentOppholdsstedEllerUkjentElektroniskKontaktinformasjon"}
	forsendelsesTyper        = []string{"ebox", "altinn", "digipost", "epost", "alminneligPostMenIRetur", "alminneligPost"}
	vedleggTyper             = []string{VedleggBetalingsoppfordring, VedleggFullmakt, VedleggTransporterklaering, VedleggTvangsgrunnlag, VedleggTvangskraftgrunnlag, "annet"}
	virksomhetsTyper         = []string{VirksomhetInkasso, "advokatfirma", "rettshjelper", "annet"}
	tilleggsfristGrunnlag    = []string{"uvitenhet", "lovmessigeHindringer", "skyldnerIUtlandet", "kravMotVerge", "kravOmInnskuddISelskap", "proklama"}
	alminneligTyper          = []string{"domEllerKjennelse", "avgjørelseSomHarVirkningSomDom", "forelegg", "voldgiftsdom", "avgjørelseAvUtenlandskDomstolKonvensjon", "avgjørelseAvUtenlandskDomstol", "avgjørelseAvInternasjonalDomstol", "rettsforlik"}
)

// Code values the rules test for.
const (
	TypeUtlegg      = "utlegg"
	TypeKombinert   = "utleggOgForlliksklageKombinert" // model 0.9 spelling (double "l")
	TypeKombinertNy = "utleggOgForliksklageKombinert"  // model 1.0 spelling, accepted on v1

	VarselTvfbl418 = "varselTvfbl418"
	VarselTvfbl419 = "varselTvfbl419"

	VedleggBetalingsoppfordring = "betalingsoppfordring"
	VedleggFullmakt             = "fullmakt"
	VedleggTransporterklaering  = "transporterklæring"
	VedleggTvangsgrunnlag       = "tvangsgrunnlag"
	VedleggTvangskraftgrunnlag  = "tvangskraftgrunnlag"

	VirksomhetInkasso = "inkassovirksomhet"

	KravHovedkrav = "Hovedkrav"
	KravRentekrav = "Rentekrav"
)

// enumMatch reports whether v is in list: exact first, then
// case-insensitively (spec: §7.8 "Enum matching").
func enumMatch(v string, list []string) (string, bool) {
	for _, x := range list {
		if x == v {
			return x, true
		}
	}
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return x, true
		}
	}
	return "", false
}

// canonical returns the code-list value v stands for ("" if none).
func canonical(v string, list []string) string {
	c, _ := enumMatch(v, list)
	return c
}

// isKombinert reports whether t is the combined utlegg + forliksklage
// type in either spelling (spec: §18 item 1).
func isKombinert(t string) bool {
	c := canonical(t, tvangsfullbyrdelsesTyper)
	return c == TypeKombinert || c == TypeKombinertNy
}
