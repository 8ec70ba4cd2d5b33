package utlegg

import (
	"encoding/xml"
)

// The information model 0.9 ("informasjonsmodell v1"; spec:
// utleggsbegjaering.md §7). JSON and XML names are the published
// property names; the XML mapping repeats an array's name once per
// element (spec: §5.2). Every field is optional at decode time: the
// schema checks (schema.go) report what is missing with its path, and
// the decoder (jsonleser.go, dekoder_gen.go) ignores unknown properties,
// matches names case-insensitively and treats null as absent (spec:
// §5.3). After a change here, regenerate the decoder:
// go test ./internal/utlegg -run TestDekoderGenerert -oppdater

// Utleggsbegjaering is the root document (spec: §7.2).
type Utleggsbegjaering struct {
	XMLName                                xml.Name                      `json:"-" xml:"utleggsbegjaering"`
	Saksoeker                              []Saksoeker                   `json:"saksoeker,omitempty" xml:"saksoeker,omitempty"`
	Saksoekt                               []Saksoekt                    `json:"saksoekt,omitempty" xml:"saksoekt,omitempty"`
	Innsender                              *Innsender                    `json:"innsender,omitempty" xml:"innsender,omitempty"`
	Underskrift                            string                        `json:"underskrift,omitempty" xml:"underskrift,omitempty"`
	InnsenderReferanse                     string                        `json:"innsenderReferanse,omitempty" xml:"innsenderReferanse,omitempty"`
	Saksreferanse                          string                        `json:"saksreferanse,omitempty" xml:"saksreferanse,omitempty"`
	Tvangsfullbyrdelsestype                string                        `json:"tvangsfullbyrdelsestype,omitempty" xml:"tvangsfullbyrdelsestype,omitempty"`
	Begjaeringsdato                        string                        `json:"begjaeringsdato,omitempty" xml:"begjaeringsdato,omitempty"`
	KreverRettsgebyrErstattet              *bool                         `json:"kreverRettsgebyrErstattet,omitempty" xml:"kreverRettsgebyrErstattet,omitempty"`
	BerOmInnkallingTilMoeteMedBegrunnelse  string                        `json:"berOmInnkallingTilMoeteMedBegrunnelse,omitempty" xml:"berOmInnkallingTilMoeteMedBegrunnelse,omitempty"`
	BerOmUnnlattForeleggelseMedBegrunnelse string                        `json:"berOmUnnlattForeleggelseMedBegrunnelse,omitempty" xml:"berOmUnnlattForeleggelseMedBegrunnelse,omitempty"`
	SpesiellUtleggsgjenstand               []string                      `json:"spesiellUtleggsgjenstand,omitempty" xml:"spesiellUtleggsgjenstand,omitempty"`
	Vedlegg                                []Vedlegg                     `json:"vedlegg,omitempty" xml:"vedlegg,omitempty"`
	Betalingsinformasjon                   *Betalingsinformasjon         `json:"betalingsinformasjon,omitempty" xml:"betalingsinformasjon,omitempty"`
	KravTilInnkreving                      []Krav                        `json:"kravTilInnkreving,omitempty" xml:"kravTilInnkreving,omitempty"`
	ValgtNamsmannsdistrikt                 *Namsmannsdistrikt            `json:"valgtNamsmannsdistrikt,omitempty" xml:"valgtNamsmannsdistrikt,omitempty"`
	BegjaeringensTvangsgrunnlag            []BegjaeringensTvangsgrunnlag `json:"begjaeringensTvangsgrunnlag,omitempty" xml:"begjaeringensTvangsgrunnlag,omitempty"`
}

// Saksoeker is a claimant (spec: §7.3).
type Saksoeker struct {
	Saksoeker                   *Aktoer             `json:"saksoeker,omitempty" xml:"saksoeker,omitempty"`
	SaksoekerReferanse          string              `json:"saksoekerReferanse,omitempty" xml:"saksoekerReferanse,omitempty"`
	SaksoekerKontaktinformasjon *Kontaktinformasjon `json:"saksoekerKontaktinformasjon,omitempty" xml:"saksoekerKontaktinformasjon,omitempty"`
	Prosessfullmektig           *Prosessfullmektig  `json:"prosessfullmektig,omitempty" xml:"prosessfullmektig,omitempty"`
}

// Saksoekt is a debtor (spec: §7.3).
type Saksoekt struct {
	Saksoekt          *Aktoer            `json:"saksoekt,omitempty" xml:"saksoekt,omitempty"`
	SaksoektReferanse string             `json:"saksoektReferanse,omitempty" xml:"saksoektReferanse,omitempty"`
	Prosessfullmektig *Prosessfullmektig `json:"prosessfullmektig,omitempty" xml:"prosessfullmektig,omitempty"`
}

// Innsender is the submitting organisation (spec: §7.3).
type Innsender struct {
	Innsender                        *Aktoer             `json:"innsender,omitempty" xml:"innsender,omitempty"`
	Saksbehandler                    string              `json:"saksbehandler,omitempty" xml:"saksbehandler,omitempty"`
	SaksbehandlersKontaktinformasjon *Kontaktinformasjon `json:"saksbehandlersKontaktinformasjon,omitempty" xml:"saksbehandlersKontaktinformasjon,omitempty"`
	Prosessfullmektig                *Prosessfullmektig  `json:"prosessfullmektig,omitempty" xml:"prosessfullmektig,omitempty"`
}

// Prosessfullmektig is a party's representative (spec: §7.3).
type Prosessfullmektig struct {
	Prosessfullmektig *Aktoer          `json:"prosessfullmektig,omitempty" xml:"prosessfullmektig,omitempty"`
	Fullmakt          *Fullmakt        `json:"fullmakt,omitempty" xml:"fullmakt,omitempty"`
	Bevillingshaver   *Bevillingshaver `json:"bevillingshaver,omitempty" xml:"bevillingshaver,omitempty"`
}

// Fullmakt is a specific power of attorney (spec: §7.3).
type Fullmakt struct {
	FraDato  string   `json:"fraDato,omitempty" xml:"fraDato,omitempty"`
	TilDato  string   `json:"tilDato,omitempty" xml:"tilDato,omitempty"`
	Fullmakt *Vedlegg `json:"fullmakt,omitempty" xml:"fullmakt,omitempty"`
}

// Bevillingshaver is a debt-collection licence holder (spec: §7.3).
type Bevillingshaver struct {
	Navn                         *Personnavn `json:"navn,omitempty" xml:"navn,omitempty"`
	InkassobevillingshaverNummer string      `json:"inkassobevillingshaverNummer,omitempty" xml:"inkassobevillingshaverNummer,omitempty"`
}

// Kontaktinformasjon is an e-mail address and a phone number.
type Kontaktinformasjon struct {
	EpostAdresse  string `json:"epostAdresse,omitempty" xml:"epostAdresse,omitempty"`
	Telefonnummer string `json:"telefonnummer,omitempty" xml:"telefonnummer,omitempty"`
}

// Aktoer is exactly one of virksomhet, person, sammenslutning, with
// addresses (spec: §7.3).
type Aktoer struct {
	Virksomhet     *Virksomhet         `json:"virksomhet,omitempty" xml:"virksomhet,omitempty"`
	Person         *Person             `json:"person,omitempty" xml:"person,omitempty"`
	Sammenslutning *Sammenslutning     `json:"sammenslutning,omitempty" xml:"sammenslutning,omitempty"`
	Adresse        []AdresseBegjaering `json:"adresse,omitempty" xml:"adresse,omitempty"`
}

// Virksomhet is an organisation.
type Virksomhet struct {
	Navn            string         `json:"navn,omitempty" xml:"navn,omitempty"`
	Identifikator   *Identifikator `json:"identifikator,omitempty" xml:"identifikator,omitempty"`
	Virksomhetstype string         `json:"virksomhetstype,omitempty" xml:"virksomhetstype,omitempty"`
}

// Person is a natural person.
type Person struct {
	Personnavn                   *Personnavn    `json:"personnavn,omitempty" xml:"personnavn,omitempty"`
	Foedselsdato                 string         `json:"foedselsdato,omitempty" xml:"foedselsdato,omitempty"`
	Identifikator                *Identifikator `json:"identifikator,omitempty" xml:"identifikator,omitempty"`
	InnehaverEnkeltpersonforetak []Virksomhet   `json:"innehaverEnkeltpersonforetak,omitempty" xml:"innehaverEnkeltpersonforetak,omitempty"`
}

// Personnavn is a person's name.
type Personnavn struct {
	Fornavn    string `json:"fornavn,omitempty" xml:"fornavn,omitempty"`
	Mellomnavn string `json:"mellomnavn,omitempty" xml:"mellomnavn,omitempty"`
	Etternavn  string `json:"etternavn,omitempty" xml:"etternavn,omitempty"`
}

// Sammenslutning is an association without organisation number.
type Sammenslutning struct {
	Navn          string         `json:"navn,omitempty" xml:"navn,omitempty"`
	Identifikator *Identifikator `json:"identifikator,omitempty" xml:"identifikator,omitempty"`
}

// Identifikator is a party identifier (spec: §7.3).
type Identifikator struct {
	Identifikatortype string `json:"identifikatortype,omitempty" xml:"identifikatortype,omitempty"`
	Verdi             string `json:"verdi,omitempty" xml:"verdi,omitempty"`
	Landkode          string `json:"landkode,omitempty" xml:"landkode,omitempty"`
}

// AdresseBegjaering is one address of an Aktoer (spec: §7.4).
type AdresseBegjaering struct {
	Adressetype    string          `json:"adressetype,omitempty" xml:"adressetype,omitempty"`
	AdresseInnland *AdresseInnland `json:"adresseInnland,omitempty" xml:"adresseInnland,omitempty"`
	AdresseUtland  *AdresseUtland  `json:"adresseUtland,omitempty" xml:"adresseUtland,omitempty"`
	UkjentBosted   *UkjentBosted   `json:"ukjentBosted,omitempty" xml:"ukjentBosted,omitempty"`
}

// AdresseInnland is a Norwegian address.
type AdresseInnland struct {
	AdresseFrittFormatInnland *AdresseFrittFormatInnland `json:"adresseFrittFormatInnland,omitempty" xml:"adresseFrittFormatInnland,omitempty"`
}

// AdresseFrittFormatInnland is a free-form Norwegian address.
type AdresseFrittFormatInnland struct {
	Adressetekst  string `json:"adressetekst,omitempty" xml:"adressetekst,omitempty"`
	Poststedsnavn string `json:"poststedsnavn,omitempty" xml:"poststedsnavn,omitempty"`
	Kommunenummer string `json:"kommunenummer,omitempty" xml:"kommunenummer,omitempty"`
	Postnummer    string `json:"postnummer,omitempty" xml:"postnummer,omitempty"`
}

// AdresseUtland is a foreign address.
type AdresseUtland struct {
	AdresseFrittFormatUtland *AdresseFrittFormatUtland `json:"adresseFrittFormatUtland,omitempty" xml:"adresseFrittFormatUtland,omitempty"`
}

// AdresseFrittFormatUtland is a free-form foreign address.
type AdresseFrittFormatUtland struct {
	Adressetekst   string `json:"adressetekst,omitempty" xml:"adressetekst,omitempty"`
	PoststedUtland string `json:"poststedUtland,omitempty" xml:"poststedUtland,omitempty"`
	Landkode       string `json:"landkode,omitempty" xml:"landkode,omitempty"`
}

// UkjentBosted says the party's residence is unknown.
type UkjentBosted struct {
	Begrunnelse   string `json:"begrunnelse,omitempty" xml:"begrunnelse,omitempty"`
	Kommunenummer string `json:"kommunenummer,omitempty" xml:"kommunenummer,omitempty"`
}

// AdresseFrittFormat is the recipient address of a SkriftligMeddelelse;
// adressetekst is an array (spec: §7.4).
type AdresseFrittFormat struct {
	Adressetekst  []string `json:"adressetekst,omitempty" xml:"adressetekst,omitempty"`
	Poststedsnavn string   `json:"poststedsnavn,omitempty" xml:"poststedsnavn,omitempty"`
	Kommunenummer string   `json:"kommunenummer,omitempty" xml:"kommunenummer,omitempty"`
	Postnummer    string   `json:"postnummer,omitempty" xml:"postnummer,omitempty"`
}

// BeloepValuta is an amount; Beloep keeps the literal JSON number so
// that decimals are judged on the text (spec: §7.5, §18 item 5).
type BeloepValuta struct {
	Beloep Tall   `json:"beloep,omitempty" xml:"beloep,omitempty"`
	Valuta string `json:"valuta,omitempty" xml:"valuta,omitempty"`
}

// Kontoinformasjon is a bank account (spec: §7.5).
type Kontoinformasjon struct {
	Bankkode     string `json:"bankkode,omitempty" xml:"bankkode,omitempty"`
	BankNavn     string `json:"bankNavn,omitempty" xml:"bankNavn,omitempty"`
	LandkodeBank string `json:"landkodeBank,omitempty" xml:"landkodeBank,omitempty"`
	Kontovaluta  string `json:"kontovaluta,omitempty" xml:"kontovaluta,omitempty"`
	Kidnummer    string `json:"kidnummer,omitempty" xml:"kidnummer,omitempty"`
	Iban         string `json:"iban,omitempty" xml:"iban,omitempty"`
	Bic          string `json:"bic,omitempty" xml:"bic,omitempty"`
	Kontonummer  string `json:"kontonummer,omitempty" xml:"kontonummer,omitempty"`
}

func (k *Kontoinformasjon) empty() bool {
	return k == nil || *k == Kontoinformasjon{}
}

// Namsmannsdistrikt is the district the innsender asks for.
type Namsmannsdistrikt struct {
	Namsmannsdistrikt string `json:"namsmannsdistrikt,omitempty" xml:"namsmannsdistrikt,omitempty"`
	Begrunnelse       string `json:"begrunnelse,omitempty" xml:"begrunnelse,omitempty"`
}

// Vedlegg references an uploaded attachment (spec: §7.5).
type Vedlegg struct {
	Type    string `json:"type,omitempty" xml:"type,omitempty"`
	Filnavn string `json:"filnavn,omitempty" xml:"filnavn,omitempty"`
	UUID    string `json:"uuid,omitempty" xml:"uuid,omitempty"`
}

// Krav is one money claim (spec: §7.6).
type Krav struct {
	Kravreferanse              string                    `json:"kravreferanse,omitempty" xml:"kravreferanse,omitempty"`
	Kravbeskrivelse            string                    `json:"kravbeskrivelse,omitempty" xml:"kravbeskrivelse,omitempty"`
	OpprinneligBeloep          *BeloepValuta             `json:"opprinneligBeloep,omitempty" xml:"opprinneligBeloep,omitempty"`
	GjenstaaendeBeloep         *BeloepValuta             `json:"gjenstaaendeBeloep,omitempty" xml:"gjenstaaendeBeloep,omitempty"`
	SisteFristavbrytendeTiltak string                    `json:"sisteFristavbrytendeTiltak,omitempty" xml:"sisteFristavbrytendeTiltak,omitempty"`
	PrioritetISak              *Prioritet                `json:"prioritetISak,omitempty" xml:"prioritetISak,omitempty"`
	PrioritetDekningsloven     string                    `json:"prioritetDekningsloven,omitempty" xml:"prioritetDekningsloven,omitempty"`
	Kravdetaljer               string                    `json:"kravdetaljer,omitempty" xml:"kravdetaljer,omitempty"`
	RelatertKrav               []string                  `json:"relatertKrav,omitempty" xml:"relatertKrav,omitempty"`
	Kravforfall                *Kravforfall              `json:"kravforfall,omitempty" xml:"kravforfall,omitempty"`
	ErRentekrav                *Rentekrav                `json:"erRentekrav,omitempty" xml:"erRentekrav,omitempty"`
	RenteOpplysning            *Rente                    `json:"renteOpplysning,omitempty" xml:"renteOpplysning,omitempty"`
	Betalingsoppfordring       []Betalingsoppfordring    `json:"betalingsoppfordring,omitempty" xml:"betalingsoppfordring,omitempty"`
	TilleggsfristForeldelse    []TilleggsfristForeldelse `json:"tilleggsfristForeldelse,omitempty" xml:"tilleggsfristForeldelse,omitempty"`
	Innbetaling                []Innbetaling             `json:"innbetaling,omitempty" xml:"innbetaling,omitempty"`
	Transporterklaering        []Transporterklaering     `json:"transporterklaering,omitempty" xml:"transporterklaering,omitempty"`
}

// Kravforfall is a claim's due date.
type Kravforfall struct {
	Forfallsdato string `json:"forfallsdato,omitempty" xml:"forfallsdato,omitempty"`
}

// Rentekrav marks an interest claim with its period.
type Rentekrav struct {
	RentePeriode *Datoperiode `json:"rentePeriode,omitempty" xml:"rentePeriode,omitempty"`
}

// Datoperiode is a date interval.
type Datoperiode struct {
	Startdato string `json:"startdato,omitempty" xml:"startdato,omitempty"`
	Sluttdato string `json:"sluttdato,omitempty" xml:"sluttdato,omitempty"`
}

// Rente is exactly one of forsinkelsesrente or avtaltRentesats.
type Rente struct {
	Forsinkelsesrente *bool `json:"forsinkelsesrente,omitempty" xml:"forsinkelsesrente,omitempty"`
	AvtaltRentesats   Tall  `json:"avtaltRentesats,omitempty" xml:"avtaltRentesats,omitempty"`
}

// Betalingsoppfordring is a payment demand sent to the debtor.
type Betalingsoppfordring struct {
	Betalingsfrist       string   `json:"betalingsfrist,omitempty" xml:"betalingsfrist,omitempty"`
	Betalingsoppfordring *Vedlegg `json:"betalingsoppfordring,omitempty" xml:"betalingsoppfordring,omitempty"`
	Brevdato             string   `json:"brevdato,omitempty" xml:"brevdato,omitempty"`
}

// TilleggsfristForeldelse is an additional limitation period.
type TilleggsfristForeldelse struct {
	Dato        string `json:"dato,omitempty" xml:"dato,omitempty"`
	Grunnlag    string `json:"grunnlag,omitempty" xml:"grunnlag,omitempty"`
	Begrunnelse string `json:"begrunnelse,omitempty" xml:"begrunnelse,omitempty"`
}

// Innbetaling is a payment received on a claim.
type Innbetaling struct {
	BokfoertDato string        `json:"bokfoertDato,omitempty" xml:"bokfoertDato,omitempty"`
	Beloep       *BeloepValuta `json:"beloep,omitempty" xml:"beloep,omitempty"`
}

// Transporterklaering is an assignment of the claim.
type Transporterklaering struct {
	Dato                string         `json:"dato,omitempty" xml:"dato,omitempty"`
	TransportertFra     *Identifikator `json:"transportertFra,omitempty" xml:"transportertFra,omitempty"`
	Beloep              *BeloepValuta  `json:"beloep,omitempty" xml:"beloep,omitempty"`
	Transporterklaering *Vedlegg       `json:"transporterklaering,omitempty" xml:"transporterklaering,omitempty"`
	TransportertTil     *Identifikator `json:"transportertTil,omitempty" xml:"transportertTil,omitempty"`
}

// BegjaeringensTvangsgrunnlag is one enforcement basis (spec: §7.7).
type BegjaeringensTvangsgrunnlag struct {
	InnsendersKravreferanse    []string                  `json:"innsendersKravreferanse,omitempty" xml:"innsendersKravreferanse,omitempty"`
	EksternSaksreferanse       string                    `json:"eksternSaksreferanse,omitempty" xml:"eksternSaksreferanse,omitempty"`
	Tvangsgrunnlagsdato        string                    `json:"tvangsgrunnlagsdato,omitempty" xml:"tvangsgrunnlagsdato,omitempty"`
	Tvangsgrunnlag             *Vedlegg                  `json:"tvangsgrunnlag,omitempty" xml:"tvangsgrunnlag,omitempty"`
	Varsel                     []Tvangskraftgrunnlag     `json:"varsel,omitempty" xml:"varsel,omitempty"`
	BetegnelseAvTvangsgrunnlag string                    `json:"betegnelseAvTvangsgrunnlag,omitempty" xml:"betegnelseAvTvangsgrunnlag,omitempty"`
	BegrunnelseUnnlatVarsel    string                    `json:"begrunnelseUnnlatVarsel,omitempty" xml:"begrunnelseUnnlatVarsel,omitempty"`
	AlminneligTvangsgrunnlag   *AlminneligTvangsgrunnlag `json:"alminneligTvangsgrunnlag,omitempty" xml:"alminneligTvangsgrunnlag,omitempty"`
	SaerligTvangsgrunnlag      *SaerligTvangsgrunnlag    `json:"saerligTvangsgrunnlag,omitempty" xml:"saerligTvangsgrunnlag,omitempty"`
}

// Tvangskraftgrunnlag is a notice or evidence of enforceability.
type Tvangskraftgrunnlag struct {
	Tvangskraftgrunnlag *Vedlegg `json:"tvangskraftgrunnlag,omitempty" xml:"tvangskraftgrunnlag,omitempty"`
	Dato                string   `json:"dato,omitempty" xml:"dato,omitempty"`
	Type                string   `json:"type,omitempty" xml:"type,omitempty"`
}

// AlminneligTvangsgrunnlag is a court-type basis.
type AlminneligTvangsgrunnlag struct {
	Domsreferanse           string                    `json:"domsreferanse,omitempty" xml:"domsreferanse,omitempty"`
	Type                    string                    `json:"type,omitempty" xml:"type,omitempty"`
	DomsslutningInformasjon []DomsslutningInformasjon `json:"domsslutningInformasjon,omitempty" xml:"domsslutningInformasjon,omitempty"`
}

// DomsslutningInformasjon is one conclusion of a judgment.
type DomsslutningInformasjon struct {
	BeloepSlutningGenerell         *BeloepValuta `json:"beloepSlutningGenerell,omitempty" xml:"beloepSlutningGenerell,omitempty"`
	BeloepSlutningGenrell          *BeloepValuta `json:"beloepSlutningGenrell,omitempty" xml:"-"` // v0 misspelling, read only
	BeloepSlutningSaksomkostninger *BeloepValuta `json:"beloepSlutningSaksomkostninger,omitempty" xml:"beloepSlutningSaksomkostninger,omitempty"`
	Oppfyllelsesfrist              string        `json:"oppfyllelsesfrist,omitempty" xml:"oppfyllelsesfrist,omitempty"`
	Forkynnelsesdato               string        `json:"forkynnelsesdato,omitempty" xml:"forkynnelsesdato,omitempty"`
	Forpliktet                     *PartRef      `json:"forpliktet,omitempty" xml:"forpliktet,omitempty"`
	Berettiget                     *PartRef      `json:"berettiget,omitempty" xml:"berettiget,omitempty"`
}

// SaerligTvangsgrunnlag is a statutory or contract basis (spec: §7.7).
type SaerligTvangsgrunnlag struct {
	ReferanseSak                   string                          `json:"referanseSak,omitempty" xml:"referanseSak,omitempty"`
	PaalydendeBeloep               Tall                            `json:"paalydendeBeloep,omitempty" xml:"paalydendeBeloep,omitempty"`
	Kreditor                       []Identifikator                 `json:"kreditor,omitempty" xml:"kreditor,omitempty"`
	Skyldner                       []Identifikator                 `json:"skyldner,omitempty" xml:"skyldner,omitempty"`
	TvangsmulktEllerLovbestemmelse *TvangsmulktEllerLovbestemmelse `json:"tvangsmulktEllerLovbestemmelse,omitempty" xml:"tvangsmulktEllerLovbestemmelse,omitempty"`
	SkriftligMeddelelse            *SkriftligMeddelelse            `json:"skriftligMeddelelse,omitempty" xml:"skriftligMeddelelse,omitempty"`
	Gjeldsbrev                     *Gjeldsbrev                     `json:"gjeldsbrev,omitempty" xml:"gjeldsbrev,omitempty"`
	ElektroniskGjeldserklaering    *ElektroniskGjeldserklaering    `json:"elektroniskGjeldserklaering,omitempty" xml:"elektroniskGjeldserklaering,omitempty"`
}

// TvangsmulktEllerLovbestemmelse is a coercive fine or statute basis.
type TvangsmulktEllerLovbestemmelse struct {
	JuridiskGrunnlag    string         `json:"juridiskGrunnlag,omitempty" xml:"juridiskGrunnlag,omitempty"`
	VedtakendeMyndighet *Identifikator `json:"vedtakendeMyndighet,omitempty" xml:"vedtakendeMyndighet,omitempty"`
	Type                string         `json:"type,omitempty" xml:"type,omitempty"`
}

// SkriftligMeddelelse is a written notice basis (spec: §7.7).
type SkriftligMeddelelse struct {
	KravetsGrunnlag            string              `json:"kravetsGrunnlag,omitempty" xml:"kravetsGrunnlag,omitempty"`
	Avsender                   *Identifikator      `json:"avsender,omitempty" xml:"avsender,omitempty"`
	Mottakeradresse            *AdresseFrittFormat `json:"mottakeradresse,omitempty" xml:"mottakeradresse,omitempty"`
	Paastand                   string              `json:"paastand,omitempty" xml:"paastand,omitempty"`
	KrevesFravaersdom          *bool               `json:"krevesFravaersdom,omitempty" xml:"krevesFravaersdom,omitempty"`
	KanBehandlesIForliksraadet *bool               `json:"kanBehandlesIForliksraadet,omitempty" xml:"kanBehandlesIForliksraadet,omitempty"`
	FaktiskeForholdForKravet   string              `json:"faktiskeForholdForKravet,omitempty" xml:"faktiskeForholdForKravet,omitempty"`
	Forsendelsesmaate          *Forsendelsesmaate  `json:"forsendelsesmaate,omitempty" xml:"forsendelsesmaate,omitempty"`
}

// Forsendelsesmaate is how the notice was sent.
type Forsendelsesmaate struct {
	Forsendelsesmaate                       string                      `json:"forsendelsesmaate,omitempty" xml:"forsendelsesmaate,omitempty"`
	AlternativElektroniskKanalForMeddelelse *AlternativElektroniskKanal `json:"alternativElektroniskKanalForMeddelelse,omitempty" xml:"alternativElektroniskKanalForMeddelelse,omitempty"`
}

// AlternativElektroniskKanal is an alternative electronic channel.
type AlternativElektroniskKanal struct {
	KanalForMeddelelse string   `json:"kanalForMeddelelse,omitempty" xml:"kanalForMeddelelse,omitempty"`
	AkseptKanalvalg    *Vedlegg `json:"akseptKanalvalg,omitempty" xml:"akseptKanalvalg,omitempty"`
}

// Gjeldsbrev is a promissory note; skyldnererklaering is the model-1.0
// alias of skylderklaering (spec: §7.7).
type Gjeldsbrev struct {
	Skylderklaering     *bool           `json:"skylderklaering,omitempty" xml:"skylderklaering,omitempty"`
	Skyldnererklaering  *bool           `json:"skyldnererklaering,omitempty" xml:"-"`
	Inndrivelsesklausul *bool           `json:"inndrivelsesklausul,omitempty" xml:"inndrivelsesklausul,omitempty"`
	Vitne               []Identifikator `json:"vitne,omitempty" xml:"vitne,omitempty"`
}

// ElektroniskGjeldserklaering is an electronic debt declaration.
type ElektroniskGjeldserklaering struct {
	Skyldererklaering   *bool `json:"skyldererklaering,omitempty" xml:"skyldererklaering,omitempty"`
	Skyldnererklaering  *bool `json:"skyldnererklaering,omitempty" xml:"-"`
	Inndrivelsesklausul *bool `json:"inndrivelsesklausul,omitempty" xml:"inndrivelsesklausul,omitempty"`
}
