package utlegg

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/utlegg/internal/dekodergen"
)

var oppdater = flag.Bool("oppdater", false, "write dekoder_gen.go anew")

// TestDekoderGenerert: dekoder_gen.go is what the generator makes of the
// model now.
func TestDekoderGenerert(t *testing.T) {
	src, err := dekodergen.Generer(
		// Kontoinformasjon: for the hand-read Betalingsinformasjon.
		[]string{"Utleggsbegjaering", "Kontoinformasjon"}, "model.go", "model_types.go")
	if err != nil {
		t.Fatal(err)
	}
	if *oppdater {
		if err := os.WriteFile("dekoder_gen.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile("dekoder_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, src) {
		t.Fatal("dekoder_gen.go is stale: go test ./internal/utlegg -run TestDekoderGenerert -oppdater")
	}
}

// FuzzDekoderMotEncodingJSON: the generated decoder and encoding/json
// (which reads the model through its UnmarshalJSON methods) agree on
// every object: both refuse it, or both decode the same value.
func FuzzDekoderMotEncodingJSON(f *testing.F) {
	examples(f, f)
	for _, s := range dekoderFrø {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
			return // encoding/json takes null into a struct; DecodeBegjaering refuses it before
		}
		var ours, std Utleggsbegjaering
		errOurs := unmarshalBegjaering(data, &ours)
		errStd := json.Unmarshal(data, &std)
		if (errOurs == nil) != (errStd == nil) {
			t.Fatalf("decoder: %v\nencoding/json: %v", errOurs, errStd)
		}
		if errOurs == nil && !reflect.DeepEqual(ours, std) {
			a, _ := json.Marshal(ours)
			b, _ := json.Marshal(std)
			t.Fatalf("different values:\ndecoder:       %s\nencoding/json: %s", a, b)
		}
	})
}

// dekoderFrø are the corner cases of the tolerant reader.
var dekoderFrø = []string{
	`{}`,
	` {"SAKSOEKER":[{"Saksoeker":{"person":{"personnavn":{"etternavn":"Å\u00e5\ud83d\ude00"}}}}]} `,
	`{"saksoeker":[null,{}],"saksoekt":[],"vedlegg":null,"innsender":null}`,
	`{"underskrift":"a","underskrift":"b","innsender":{"saksbehandler":"x"},"innsender":{"innsender":null}}`,
	`{"kravTilInnkreving":[{"prioritetISak":"7","opprinneligBeloep":{"beloep":"12.50"}},{"prioritetISak":3,"gjenstaaendeBeloep":{"beloep":-1e-3}}]}`,
	`{"kravTilInnkreving":[{"opprinneligBeloep":{"beloep":""}}]}`,
	`{"kravTilInnkreving":[{"opprinneligBeloep":{"beloep":null}}]}`,
	`{"begjaeringensTvangsgrunnlag":[{"saerligTvangsgrunnlag":{"forpliktet":"p1","berettiget":{"x":[1,{"y":null}]}}}]}`,
	`{"betalingsinformasjon":{"norskKonto":true,"kontoinformasjon":{"kontonummer":"1"}}}`,
	`{"betalingsinformasjon":{"norskKonto":false,"kontoinformasjon":{"kontonummer":"1"}}}`,
	`{"betalingsinformasjon":{"norskKonto":{"kontonummer":"2"},"utenlandskKonto":{"kontonummer":"3"}}}`,
	`{"betalingsinformasjon":{"utenlandskKonto":{"kontonummer":"3"}}}`,
	`{"betalingsinformasjon":{"norskKonto":"ja"}}`,
	`{"ukjent":{"a":[true,false,null,1.5e+3,"\u0041\n"]},"kreverRettsgebyrErstattet":true}`,
	`{"underskrift":"\ud800x\udc00"}`,
	"{\"underskrift\":\"\xff\xfe\"}",
	`{"underskrift":5}`,
	`{"saksoeker":{}}`,
	`{"kreverRettsgebyrErstattet":"true"}`,
	`{"underskrift":"a"} x`,
	`{"underskrift":"a",}`,
	`{"kravTilInnkreving":[{"opprinneligBeloep":{"beloep":01}}]}`,
	`{"spesiellUtleggsgjenstand":["a",null,"b"]}`,
}

// Problems name their place: decoding errors as a JSON path with the
// byte offset, layer-1 problems as the member path.
func TestFeilstier(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`{"kravTilInnkreving":[{},{"opprinneligBeloep":{"beloep":true}}]}`,
			"$.kravTilInnkreving[1].opprinneligBeloep.beloep: feil JSON-type: forventet et tall, fikk en boolsk verdi (byte 56)"},
		{`{"saksoeker":[{"saksoeker":{"adresse":[{"adressetype":"x","ukjentBosted":{"begrunnelse":"b"}}]}}]}`,
			`saksoeker[0].saksoeker.adresse[0].adressetype: ukjent verdi "x"`},
		{`{"kravTilInnkreving":[{"kravreferanse":"  "}]}`, "kravTilInnkreving[0].kravreferanse: mangler"},
		{`{"underskrift":"a"`, "$: ugyldig JSON: forventet ',' eller '}' (byte 18)"},
		{"{\"underskrift\":\"a\x01\"}", "$.underskrift: ugyldig JSON: kontrolltegn 0x01 i tekst (byte 17)"},
	} {
		_, ks := DecodeBegjaering([]byte(c.doc))
		found := false
		for _, k := range ks {
			found = found || strings.HasPrefix(k.Melding, c.want)
		}
		if !found {
			t.Errorf("%s: %v, want a problem starting %q", c.doc, ks, c.want)
		}
	}
}
