package utlegg

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"strconv"
)

// Prioritet is prioritetISak: a JSON integer or a string of digits (the
// published example sends "1"; spec: §5.3). Text holds the value as
// received; the schema check requires digits.
type Prioritet struct {
	Text string
}

// UnmarshalJSON accepts a number or a string.
func (p *Prioritet) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &p.Text)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("prioritetISak must be an integer")
	}
	p.Text = n.String()
	return nil
}

// MarshalJSON emits an integer (the canonical form).
func (p Prioritet) MarshalJSON() ([]byte, error) {
	if _, err := strconv.ParseUint(p.Text, 10, 32); err == nil {
		return []byte(p.Text), nil
	}
	return json.Marshal(p.Text)
}

// UnmarshalXML reads the text.
func (p *Prioritet) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return d.DecodeElement(&p.Text, &start)
}

// MarshalXML emits the digits as text.
func (p Prioritet) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return e.EncodeElement(p.Text, start)
}

// Tall is a JSON number kept as its literal text, so that decimals are
// judged on the text (spec: §7.5, §18 item 5). It is encoded as a JSON
// number and, in XML, as text.
type Tall string

// MarshalJSON emits the number literal; text that is not a number (which
// layer 1 refuses) is emitted as a string.
func (n Tall) MarshalJSON() ([]byte, error) {
	if erTall(string(n)) {
		return []byte(n), nil
	}
	return json.Marshal(string(n))
}

// UnmarshalJSON accepts a number or a string holding one.
func (n *Tall) UnmarshalJSON(b []byte) error {
	var num json.Number
	if err := json.Unmarshal(b, &num); err != nil {
		return err
	}
	*n = Tall(num)
	return nil
}

// PartRef is forpliktet/berettiget: a party reference string on model
// 0.9, an Identifikator object on v0 (kept as received; spec: §7.7).
type PartRef struct {
	Tekst string
	Raw   json.RawMessage
}

// UnmarshalJSON accepts a string or any other JSON value.
func (p *PartRef) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &p.Tekst)
	}
	if !json.Valid(b) {
		return errors.New("invalid party reference")
	}
	p.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON emits the value as received.
func (p PartRef) MarshalJSON() ([]byte, error) {
	if p.Raw != nil {
		return p.Raw, nil
	}
	return json.Marshal(p.Tekst)
}

// UnmarshalXML reads the string form.
func (p *PartRef) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return d.DecodeElement(&p.Tekst, &start)
}

// MarshalXML emits the string form; an object reference is omitted.
func (p PartRef) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if p.Raw != nil {
		return nil
	}
	return e.EncodeElement(p.Tekst, start)
}

// Betalingsinformasjon is where payments go. Three shapes are accepted
// (spec: §7.5): norskKonto as an object (canonical), norskKonto as a
// boolean with kontoinformasjon, or utenlandskKonto. After decoding only
// the canonical fields are set.
type Betalingsinformasjon struct {
	NorskKonto      *Kontoinformasjon `json:"norskKonto,omitempty" xml:"norskKonto,omitempty"`
	UtenlandskKonto *Kontoinformasjon `json:"utenlandskKonto,omitempty" xml:"utenlandskKonto,omitempty"`
}

// UnmarshalJSON reads the three shapes.
func (b *Betalingsinformasjon) UnmarshalJSON(data []byte) error {
	var aux struct {
		NorskKonto       json.RawMessage   `json:"norskKonto"`
		Kontoinformasjon *Kontoinformasjon `json:"kontoinformasjon"`
		UtenlandskKonto  *Kontoinformasjon `json:"utenlandskKonto"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*b = Betalingsinformasjon{}
	raw := bytes.TrimSpace(aux.NorskKonto)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '{':
		b.NorskKonto = &Kontoinformasjon{}
		if err := json.Unmarshal(raw, b.NorskKonto); err != nil {
			return err
		}
	case bytes.Equal(raw, []byte("true")):
		b.NorskKonto = aux.Kontoinformasjon
		if b.NorskKonto == nil {
			b.NorskKonto = &Kontoinformasjon{}
		}
	case bytes.Equal(raw, []byte("false")):
		b.UtenlandskKonto = aux.Kontoinformasjon
		if b.UtenlandskKonto == nil {
			b.UtenlandskKonto = &Kontoinformasjon{}
		}
	default:
		return errors.New("betalingsinformasjon.norskKonto must be an object or a boolean")
	}
	if aux.UtenlandskKonto != nil && b.UtenlandskKonto == nil && b.NorskKonto == nil {
		b.UtenlandskKonto = aux.UtenlandskKonto
	}
	if b.NorskKonto == nil && b.UtenlandskKonto == nil && aux.Kontoinformasjon != nil {
		b.NorskKonto = aux.Kontoinformasjon
	}
	return nil
}

// konto returns the account object and whether it is Norwegian.
func (b *Betalingsinformasjon) konto() (*Kontoinformasjon, bool) {
	if b.NorskKonto != nil {
		return b.NorskKonto, true
	}
	return b.UtenlandskKonto, false
}
