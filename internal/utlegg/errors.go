package utlegg

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"regexp"

	"github.com/namsfogd/namsfogd/internal/httpx"
)

// Error codes of the API (spec: utleggsbegjaering.md §12.1).
const (
	KodeUventet        = "KB-001" // 500 unexpected error
	KodeBakenforligger = "KB-002" // 500 storage failure
	KodeUkjentURL      = "KB-003" // 404 unknown path; body of 405
	KodeAutentisering  = "KB-004" // 401 missing/invalid/expired token
	KodeTilgang        = "KB-005" // 403 scope or organisation not allowed
	KodeValidering     = "KB-006" // 400 input, 413 too large, 422 vilkår
	KodeDataformat     = "KB-008" // 406 Accept, 415 Content-Type
	KodeIngenTreff     = "KB-009" // 404 unknown or foreign case/attachment
)

// Kontrollutslag is one violation (KontrollutslagIfbValidering; spec:
// §8.2): kode = vilkårnavn, melding = the filled avvikstekst, beskrivelse
// = the rule's beskrivelse.
type Kontrollutslag struct {
	Kode        string `json:"kode" xml:"kode"`
	Melding     string `json:"melding" xml:"melding"`
	Beskrivelse string `json:"beskrivelse" xml:"beskrivelse"`
}

// Feil is the combined error body (spec: §12.2): ExtendedProblemDetail,
// kontrollutslag and Skatteetaten's {kode, melding, korrelasjonsid}.
type Feil struct {
	Type                 string           `json:"type"`
	Title                string           `json:"title"`
	Status               int              `json:"status"`
	Detail               string           `json:"detail"`
	Instance             string           `json:"instance"`
	Feilid               string           `json:"feilid"`
	Feilkode             string           `json:"feilkode"`
	Kode                 string           `json:"kode"`
	Melding              string           `json:"melding"`
	Korrelasjonsid       string           `json:"korrelasjonsid"`
	Kontrollutslag       []Kontrollutslag `json:"kontrollutslag"`
	EksternSaksreferanse string           `json:"eksternSaksreferanse,omitempty"`
}

// feilXML is the XML error (spec: §12.2, AD-FEIL root with our extension).
type feilXML struct {
	XMLName              xml.Name         `xml:"urn:no:skatteetaten:datasamarbeid:feil:v1 feil"`
	Kode                 string           `xml:"kode"`
	Melding              string           `xml:"melding"`
	Korrelasjonsid       string           `xml:"korrelasjonsid"`
	Kontrollutslag       []Kontrollutslag `xml:"kontrollutslag"`
	EksternSaksreferanse string           `xml:"eksternSaksreferanse,omitempty"`
}

// apiError is an error a handler returns; writeError renders it.
type apiError struct {
	status               int
	kode                 string
	melding              string
	kontrollutslag       []Kontrollutslag
	eksternSaksreferanse string
	challenge            string // WWW-Authenticate
	allow                string // Allow on 405
}

func (e *apiError) Error() string { return e.kode + ": " + e.melding }

func fail(status int, kode, melding string) *apiError {
	return &apiError{status: status, kode: kode, melding: melding}
}

// ugyldig is a 400 KB-006 with one UGYLDIG_INPUT kontrollutslag.
func ugyldig(melding string) *apiError {
	return &apiError{status: http.StatusBadRequest, kode: KodeValidering, melding: melding,
		kontrollutslag: []Kontrollutslag{{Kode: kodeUgyldig, Melding: melding, Beskrivelse: beskUgyldig}}}
}

// slugs of the problem type URIs (spec: §12.2).
var slugs = map[int]string{
	400: "ugyldig-input", 401: "ikke-autentisert", 403: "ikke-autorisert", 404: "ikke-funnet",
	405: "ikke-tillatt-metode", 406: "ikke-akseptabelt-format", 413: "for-stor", 415: "ikke-stottet-medietype",
	422: "valideringsfeil", 500: "intern-feil",
}

var titles = map[int]string{
	400: "Ugyldig input", 401: "Ikke autentisert", 403: "Ikke autorisert", 404: "Ikke funnet",
	405: "Metoden er ikke tillatt", 406: "Formatet støttes ikke", 413: "Forespørselen er for stor",
	415: "Medietypen støttes ikke", 422: "Begjæringen inneholder valideringsfeil", 500: "Intern feil",
}

const typePrefix = "tag:skatteetaten.no,2025:innkreving:utleggsbegjaering:"

// korrelasjonsHeader is Skatteetaten's correlation header (spec: §5.1).
const korrelasjonsHeader = "Korrelasjonsid"

var safeKorrelasjonsid = regexp.MustCompile(`^[A-Za-z0-9._:\-]{1,128}$`)

// korrelasjonsid is the request's Korrelasjonsid when safe, else the
// server's correlation id, else a new UUID (spec: §5.1, check 55).
func korrelasjonsid(r *http.Request) string {
	if v := r.Header.Get(korrelasjonsHeader); v != "" && safeKorrelasjonsid.MatchString(v) {
		return v
	}
	if id := httpx.CorrelationID(r.Context()); id != "" {
		return id
	}
	return httpx.NewUUID()
}

// writeError renders e in JSON, or in XML when the client prefers XML
// (never for 406; spec: §12.2).
func writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	id := w.Header().Get(korrelasjonsHeader)
	if id == "" {
		id = korrelasjonsid(r)
	}
	h := w.Header()
	h.Set(korrelasjonsHeader, id)
	h.Set("Cache-Control", "no-store")
	if e.challenge != "" {
		h.Set("WWW-Authenticate", e.challenge)
	}
	if e.allow != "" {
		h.Set("Allow", e.allow)
	}
	ks := e.kontrollutslag
	if ks == nil {
		ks = []Kontrollutslag{}
	}
	if e.status != http.StatusNotAcceptable && negotiate(r.Header.Get("Accept")) == formatXML {
		h.Set("Content-Type", "application/xml; charset=UTF-8")
		w.WriteHeader(e.status)
		b, _ := xml.MarshalIndent(feilXML{Kode: e.kode, Melding: e.melding, Korrelasjonsid: id, Kontrollutslag: ks,
			EksternSaksreferanse: e.eksternSaksreferanse}, "", "   ")
		w.Write([]byte(xml.Header))
		w.Write(b)
		return
	}
	detail := e.melding
	if e.status == http.StatusUnprocessableEntity {
		detail = "Begjæringen bryter " + itoa(len(ks)) + " vilkår"
	}
	h.Set("Content-Type", contentTypeJSON)
	w.WriteHeader(e.status)
	b, _ := json.Marshal(Feil{
		Type: typePrefix + slugs[e.status], Title: titles[e.status], Status: e.status, Detail: detail,
		Instance: r.URL.Path, Feilid: id, Feilkode: e.kode, Kode: e.kode, Melding: e.melding, Korrelasjonsid: id,
		Kontrollutslag: ks, EksternSaksreferanse: e.eksternSaksreferanse,
	})
	w.Write(append(b, '\n'))
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
