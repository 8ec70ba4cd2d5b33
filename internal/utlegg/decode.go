package utlegg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxJSONBody is the largest accepted begjæring (spec: §5.3, 10 MiB).
const MaxJSONBody = 10 << 20

// readBegjaering reads a request body as a begjæring: Content-Type must
// be JSON (415 KB-008), the body at most MaxJSONBody (413 KB-006) and one
// JSON object (400 KB-006); then layer 1 runs (400 with every problem).
func readBegjaering(w http.ResponseWriter, r *http.Request) (*Utleggsbegjaering, error) {
	isXML := false
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err == nil && (mt == "application/xml" || mt == "text/xml") {
			isXML = true
		} else if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, fail(http.StatusUnsupportedMediaType, KodeDataformat,
				"Feil tilknyttet dataformat. Kun json eller xml er støttet. Content-Type må være application/json")
		}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, &apiError{status: http.StatusRequestEntityTooLarge, kode: KodeValidering,
				melding: fmt.Sprintf("Forespørselen er større enn %d byte", MaxJSONBody)}
		}
		return nil, ugyldig("Kunne ikke lese forespørselen")
	}
	decode := DecodeBegjaering
	if isXML {
		decode = DecodeBegjaeringXML
	}
	b, ks := decode(data)
	if len(ks) > 0 {
		return nil, &apiError{status: http.StatusBadRequest, kode: KodeValidering,
			melding: "Feil i forbindelse med validering av inputdata.", kontrollutslag: ks}
	}
	return b, nil
}

// DecodeBegjaering parses one JSON begjæring tolerantly (unknown
// properties ignored, names matched case-insensitively, null = absent;
// spec: §5.3) and runs layer 1 (spec: §8.1). A nil document comes with
// at least one UGYLDIG_INPUT kontrollutslag. It never panics.
func DecodeBegjaering(data []byte) (*Utleggsbegjaering, []Kontrollutslag) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, []Kontrollutslag{inputFeil("$: forventet et JSON-objekt")}
	}
	// The decoder refuses trailing data itself.
	var b Utleggsbegjaering
	if err := unmarshalBegjaering(data, &b); err != nil {
		return nil, []Kontrollutslag{inputFeil(err.Error())}
	}
	if ks := checkSchema(&b); len(ks) > 0 {
		return nil, ks
	}
	return &b, nil
}

// DecodeBegjaeringXML parses one XML begjæring (root element
// utleggsbegjaering, element names = JSON property names, unknown
// elements ignored; spec: §5.2) and runs layer 1. It never panics.
func DecodeBegjaeringXML(data []byte) (*Utleggsbegjaering, []Kontrollutslag) {
	var b Utleggsbegjaering
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&b); err != nil {
		return nil, []Kontrollutslag{inputFeil("$: ugyldig XML: " + err.Error())}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, []Kontrollutslag{inputFeil("$: ugyldig XML: " + err.Error())}
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, []Kontrollutslag{inputFeil("$: tekst etter rotelementet")}
			}
		case xml.Comment, xml.ProcInst:
		default:
			return nil, []Kontrollutslag{inputFeil("$: forespørselen må inneholde nøyaktig ett rotelement")}
		}
	}
	if ks := checkSchema(&b); len(ks) > 0 {
		return nil, ks
	}
	return &b, nil
}

func inputFeil(m string) Kontrollutslag {
	return Kontrollutslag{Kode: kodeUgyldig, Melding: m, Beskrivelse: beskUgyldig}
}
