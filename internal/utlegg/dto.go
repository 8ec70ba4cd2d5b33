package utlegg

import (
	"encoding/json"
	"encoding/xml"
	"time"
)

// Response bodies (spec: utleggsbegjaering.md §6, §11). XML root names
// per §5.2.

// timeFormat renders timestamps as RFC 3339 UTC with milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// SendInnUtleggsbegjaeringResponse answers a submission (spec: §6.4).
type SendInnUtleggsbegjaeringResponse struct {
	XMLName              xml.Name `json:"-" xml:"sendInnUtleggsbegjaeringResponse"`
	EksternSaksreferanse string   `json:"eksternSaksreferanse" xml:"eksternSaksreferanse"`
}

// LagretBegjaering is a case's latest accepted begjæring (spec: §6.7).
type LagretBegjaering struct {
	XMLName              xml.Name           `json:"-" xml:"utleggsbegjaering"`
	EksternSaksreferanse string             `json:"eksternSaksreferanse" xml:"eksternSaksreferanse"`
	Versjon              int64              `json:"versjon" xml:"versjon"`
	Mottatt              string             `json:"mottatt" xml:"mottatt"`
	Saksstatus           string             `json:"saksstatus" xml:"saksstatus"`
	Utleggsbegjaering    json.RawMessage    `json:"utleggsbegjaering" xml:"-"`
	Dokument             *Utleggsbegjaering `json:"-" xml:"utleggsbegjaering"`
}

// BegjaeringTreff is one hit of the search by innsenderReferanse (spec: §6.8).
type BegjaeringTreff struct {
	EksternSaksreferanse string `json:"eksternSaksreferanse" xml:"eksternSaksreferanse"`
	InnsenderReferanse   string `json:"innsenderReferanse" xml:"innsenderReferanse"`
	Begjaeringsdato      string `json:"begjaeringsdato" xml:"begjaeringsdato"`
	Saksstatus           string `json:"saksstatus" xml:"saksstatus"`
	Mottatt              string `json:"mottatt" xml:"mottatt"`
}

type begjaeringListe struct {
	XMLName xml.Name          `xml:"begjaeringer"`
	Treff   []BegjaeringTreff `xml:"begjaering"`
}

func (l begjaeringListe) MarshalJSON() ([]byte, error) {
	if l.Treff == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(l.Treff)
}

// Melding is one message of the feed (spec: §11).
type Melding struct {
	XMLName              xml.Name         `json:"-" xml:"melding"`
	Meldingsid           string           `json:"meldingsid" xml:"meldingsid"`
	Sekvensnummer        int64            `json:"sekvensnummer" xml:"sekvensnummer"`
	EksternSaksreferanse string           `json:"eksternSaksreferanse" xml:"eksternSaksreferanse"`
	Saksreferanse        string           `json:"saksreferanse" xml:"saksreferanse"`
	InnsenderReferanse   string           `json:"innsenderReferanse,omitempty" xml:"innsenderReferanse,omitempty"`
	Meldingstype         string           `json:"meldingstype" xml:"meldingstype"`
	Opprettet            string           `json:"opprettet" xml:"opprettet"`
	Saksstatus           string           `json:"saksstatus,omitempty" xml:"saksstatus,omitempty"`
	Tittel               string           `json:"tittel" xml:"tittel"`
	Tekst                string           `json:"tekst,omitempty" xml:"tekst,omitempty"`
	Svarfrist            string           `json:"svarfrist,omitempty" xml:"svarfrist,omitempty"`
	Kontrollutslag       []Kontrollutslag `json:"kontrollutslag,omitempty" xml:"kontrollutslag,omitempty"`
}

// Meldingstype values (spec: §11).
const (
	MeldingSakOpprettet       = "SAK_OPPRETTET"
	MeldingEndringMottatt     = "ENDRING_MOTTATT"
	MeldingStatusendring      = "STATUSENDRING"
	MeldingAnmodningOmRetting = "ANMODNING_OM_RETTING"
	MeldingBeslutning         = "BESLUTNING"
	MeldingInformasjon        = "INFORMASJON"
)

type meldingListe struct {
	XMLName   xml.Name  `xml:"meldinger"`
	Meldinger []Melding `xml:"melding"`
}

func (l meldingListe) MarshalJSON() ([]byte, error) {
	if l.Meldinger == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(l.Meldinger)
}

// StatusPaaSak is the status of a case (spec: §6.9).
type StatusPaaSak struct {
	XMLName                xml.Name                `json:"-" xml:"statusPaaSak"`
	EksternSaksreferanse   string                  `json:"eksternSaksreferanse" xml:"eksternSaksreferanse"`
	Saksreferanse          string                  `json:"saksreferanse" xml:"saksreferanse"`
	InnsenderReferanse     string                  `json:"innsenderReferanse,omitempty" xml:"innsenderReferanse,omitempty"`
	Saksstatus             string                  `json:"saksstatus" xml:"saksstatus"`
	SistEndret             string                  `json:"sistEndret" xml:"sistEndret"`
	Saksoekere             []StatusPart            `json:"saksoekere" xml:"saksoekere"`
	Saksoekte              []StatusPart            `json:"saksoekte" xml:"saksoekte"`
	Krav                   []StatusKrav            `json:"krav" xml:"krav"`
	Beslutningsinformasjon *Beslutningsinformasjon `json:"beslutningsinformasjon,omitempty" xml:"beslutningsinformasjon,omitempty"`
}

// StatusPart is a party in StatusPaaSak.
type StatusPart struct {
	Navn          string         `json:"navn" xml:"navn"`
	Identifikator *Identifikator `json:"identifikator,omitempty" xml:"identifikator,omitempty"`
}

// StatusKrav is a krav in StatusPaaSak with its kravgrunnlagsidentifikator.
type StatusKrav struct {
	InnsendersKravreferanse    string        `json:"innsendersKravreferanse" xml:"innsendersKravreferanse"`
	Kravgrunnlagsidentifikator string        `json:"kravgrunnlagsidentifikator" xml:"kravgrunnlagsidentifikator"`
	Kravdetaljer               string        `json:"kravdetaljer" xml:"kravdetaljer"`
	GjenstaaendeBeloep         *BeloepValuta `json:"gjenstaaendeBeloep,omitempty" xml:"gjenstaaendeBeloep,omitempty"`
}

// Beslutningsinformasjon is the namsmann's decision (spec: §6.9);
// begrunnelse is the recorded reason (our addition).
type Beslutningsinformasjon struct {
	Beslutningstype              string   `json:"beslutningstype" xml:"beslutningstype"`
	Beslutningsdato              string   `json:"beslutningsdato" xml:"beslutningsdato"`
	Kravgrunnlagsidentifikatorer []string `json:"kravgrunnlagsidentifikatorer" xml:"kravgrunnlagsidentifikatorer"`
	Begrunnelse                  string   `json:"begrunnelse,omitempty" xml:"begrunnelse,omitempty"`
}

// Vedleggsinfo is an attachment's metadata (spec: §6.1, §6.2).
type Vedleggsinfo struct {
	XMLName            xml.Name `json:"-" xml:"vedlegg"`
	UUID               string   `json:"uuid" xml:"uuid"`
	Filnavn            string   `json:"filnavn" xml:"filnavn"`
	InnsenderReferanse string   `json:"innsenderReferanse,omitempty" xml:"innsenderReferanse,omitempty"`
	Type               string   `json:"type,omitempty" xml:"type,omitempty"`
	Status             string   `json:"status" xml:"status"`
	Opprettet          string   `json:"opprettet" xml:"opprettet"`
}
