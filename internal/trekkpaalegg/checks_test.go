package trekkpaalegg_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/world"
)

// The conformance checks of trekkpaalegg.md §15, one test each, against
// the real HTTP server with the 19 example versions loaded.

func eqSeqs(t *testing.T, r resp, want ...int64) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if got := r.seqs(t); !slices.Equal(got, want) {
		t.Fatalf("sekvensnummer %v, want %v", got, want)
	}
}

func TestCheck01_NoAuthorization(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath, "")
	wantStatus(t, r, http.StatusUnauthorized, "KB-004")
	if h := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(h, "Bearer") {
		t.Fatalf("WWW-Authenticate %q", h)
	}
}

func TestCheck02_ExpiredOrBadlySignedToken(t *testing.T) {
	e := newEnv(t, envOpt{})
	good, bad := keys(t)
	c := claims(org123, "skatteetaten:trekkpaalegg", e.clock.Now().Add(-time.Hour))
	wantStatus(t, e.get(apiPath, e.sign(c, good)), http.StatusUnauthorized, "KB-004")
	c = claims(org123, "skatteetaten:trekkpaalegg", e.clock.Now())
	wantStatus(t, e.get(apiPath, e.sign(c, bad)), http.StatusUnauthorized, "KB-004")
	wantStatus(t, e.get(apiPath, "not.a.jwt"), http.StatusUnauthorized, "KB-004")
}

func TestCheck03_WrongScope(t *testing.T) {
	e := newEnv(t, envOpt{})
	k, _ := keys(t)
	for _, scope := range []string{"skatteetaten:utleggsbegjaering", "skatteetaten:trekkpåålegg", "skatteetaten:trekkpaalegg2"} {
		wantStatus(t, e.get(apiPath, e.sign(claims(org123, scope, e.clock.Now()), k)), http.StatusForbidden, "KB-005")
	}
}

func TestCheck04_OrganisationWithoutOrders(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath, e.token(orgOther))
	if r.status != http.StatusOK || strings.TrimSpace(string(r.body)) != "[]" {
		t.Fatalf("got %d %q, want 200 []", r.status, r.body)
	}
}

func TestCheck05_AllCurrent(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath, e.token(org123))
	eqSeqs(t, r, 38, 51, 101, 159, 228, 350, 380, 410, 430, 555)
	sameJSON(t, r.body, "forventet-hent-alle-gjeldende.json")
	// Byte for byte too: the fixture, compacted, literals such as 17.0
	// and 2025-08-09T15:00:00.00Z kept.
	want, _ := readTestdata("forventet-hent-alle-gjeldende.json")
	var compact bytes.Buffer
	json.Compact(&compact, want)
	if !bytes.Equal(bytes.TrimSpace(r.body), compact.Bytes()) {
		t.Fatalf("body is not the compacted fixture:\n got %s\nwant %s", r.body, compact.Bytes())
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=UTF-8" {
		t.Fatalf("Content-Type %q", ct)
	}
}

func TestCheck06_FromZeroMax2500(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath+"?fraSekvensnummer=0&maksAntall=2500", e.token(org123))
	eqSeqs(t, r, 38, 51, 101, 159, 228, 350, 380, 410, 430, 555)
	sameJSON(t, r.body, "forventet-hent-alle-gjeldende.json")
}

func TestCheck07_From159Max3(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath+"?fraSekvensnummer=159&maksAntall=3", e.token(org123))
	eqSeqs(t, r, 228, 350, 380)
	for i, want := range []string{"10005", "10006", "10007"} {
		if got := r.list(t)[i]["trekkid"]; got != want {
			t.Fatalf("element %d trekkid %v, want %s", i, got, want)
		}
	}
}

func TestCheck08_PagingMax4(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	eqSeqs(t, e.get(apiPath+"?fraSekvensnummer=0&maksAntall=4", tok), 38, 51, 101, 159)
	eqSeqs(t, e.get(apiPath+"?fraSekvensnummer=159&maksAntall=4", tok), 228, 350, 380, 410)
	eqSeqs(t, e.get(apiPath+"?fraSekvensnummer=410&maksAntall=4", tok), 430, 555)
}

func TestCheck09_FromIsExclusive(t *testing.T) {
	e := newEnv(t, envOpt{})
	got := e.get(apiPath+"?fraSekvensnummer=101&maksAntall=10", e.token(org123)).seqs(t)
	if len(got) == 0 || got[0] != 159 {
		t.Fatalf("first %v, want 159", got)
	}
}

func TestCheck10_BeyondLast(t *testing.T) {
	e := newEnv(t, envOpt{})
	for _, q := range []string{"?fraSekvensnummer=555&maksAntall=10", "?fraSekvensnummer=999999"} {
		r := e.get(apiPath+q, e.token(org123))
		if r.status != http.StatusOK || strings.TrimSpace(string(r.body)) != "[]" {
			t.Fatalf("%s: %d %q", q, r.status, r.body)
		}
	}
}

func TestCheck11_OnlyLatestVersionListed(t *testing.T) {
	e := newEnv(t, envOpt{})
	n := 0
	for _, o := range e.get(apiPath, e.token(org123)).list(t) {
		if o["trekkid"] == "10006" {
			n++
			if o["trekkversjon"] != 4.0 || len(o["trekkstoerrelseForPeriode"].([]any)) != 4 {
				t.Fatalf("10006: %v", o)
			}
		}
	}
	if n != 1 {
		t.Fatalf("10006 listed %d times", n)
	}
}

func TestCheck12_ActiveButOlderNotListed(t *testing.T) {
	e := newEnv(t, envOpt{})
	var ids []string
	for _, o := range e.get(apiPath+"?fraSekvensnummer=300&maksAntall=10", e.token(org123)).list(t) {
		ids = append(ids, o["trekkid"].(string))
	}
	if !slices.Contains(ids, "10006") || slices.Contains(ids, "10003") {
		t.Fatalf("trekkid %v: want 10006 and not 10003", ids)
	}
}

func TestCheck13_Version10003v1(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath+"/10003/1", e.token(org123))
	if r.status != http.StatusOK {
		t.Fatalf("%d %s", r.status, r.body)
	}
	sameJSON(t, r.body, "trekkpaalegg-10003-v1.json")
}

func TestCheck14_Versions(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	sameJSON(t, e.get(apiPath+"/10003/2", tok).body, "trekkpaalegg-10003-v2.json")
	var o map[string]any
	json.Unmarshal(e.get(apiPath+"/10008/2", tok).body, &o)
	if o["trekkstatus"] != "avsluttet" || o["sekvensnummer"] != 410.0 {
		t.Fatalf("10008 v2: %v", o)
	}
}

func TestCheck15_UnknownVersionOrOrder(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	wantStatus(t, e.get(apiPath+"/10003/3", tok), http.StatusNotFound, "KB-009")
	wantStatus(t, e.get(apiPath+"/99999/1", tok), http.StatusNotFound, "KB-009")
}

func TestCheck16_BadVersionNumber(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	for _, v := range []string{"abc", "0", "-1", "1.5", "99999999999999999999"} {
		wantStatus(t, e.get(apiPath+"/10003/"+v, tok), http.StatusBadRequest, "KB-006")
	}
}

func TestCheck17_ForeignOrderIsMissing(t *testing.T) {
	e := newEnv(t, envOpt{})
	foreign := e.get(apiPath+"/10003/1", e.token(orgOther))
	missing := e.get(apiPath+"/99999/1", e.token(orgOther))
	wantStatus(t, foreign, http.StatusNotFound, "KB-009")
	// Indistinguishable: same status, code and message shape.
	if strings.ReplaceAll(foreign.feil(t).Melding, "10003", "X") != strings.ReplaceAll(missing.feil(t).Melding, "99999", "X") {
		t.Fatalf("foreign %q vs missing %q", foreign.feil(t).Melding, missing.feil(t).Melding)
	}
}

func TestCheck18_SystemUserActsForCustomer(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath, e.sbToken(org123))
	eqSeqs(t, r, 38, 51, 101, 159, 228, 350, 380, 410, 430, 555)
	sameJSON(t, r.body, "forventet-hent-alle-gjeldende.json")
}

func TestCheck19_BadPagingParameters(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	for _, q := range []string{
		"fraSekvensnummer=-1&maksAntall=10", "fraSekvensnummer=abc&maksAntall=10",
		"fraSekvensnummer=0&maksAntall=0", "fraSekvensnummer=0&maksAntall=1.5",
		"fraSekvensnummer=&maksAntall=1", "fraSekvensnummer=99999999999999999999",
		"fraSekvensnummer=1&fraSekvensnummer=2", "maksAntall=%zz",
	} {
		r := e.get(apiPath+"?"+q, tok)
		if r.status != http.StatusBadRequest || r.feil(t).Kode != "KB-006" {
			t.Fatalf("%s: %d %s", q, r.status, r.body)
		}
	}
}

func TestCheck20_OneParameterOnly(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	eqSeqs(t, e.get(apiPath+"?maksAntall=2", tok), 38, 51)
	eqSeqs(t, e.get(apiPath+"?fraSekvensnummer=410", tok), 430, 555)
}

func TestCheck21_Accept(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	for _, a := range []string{"application/xml", "text/html", "application/json;q=0, application/xml"} {
		r := e.do(http.MethodGet, apiPath, tok, map[string]string{"Accept": a}, nil)
		wantStatus(t, r, http.StatusNotAcceptable, "KB-008")
	}
	for _, a := range []string{"*/*", "", "application/json", "application/*", "application/json, */*", "application/xml, application/json;q=0.5"} {
		r := e.do(http.MethodGet, apiPath, tok, map[string]string{"Accept": a}, nil)
		if r.status != http.StatusOK || !json.Valid(r.body) {
			t.Fatalf("Accept %q: %d %s", a, r.status, r.body)
		}
	}
}

func TestCheck22_ResponseShape(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.get(apiPath, e.token(org123))
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	var list []map[string]any
	if err := dec.Decode(&list); err != nil {
		t.Fatal(err)
	}
	for _, o := range list {
		for _, k := range []string{"sekvensnummer", "trekkversjon"} {
			if _, err := o[k].(json.Number).Int64(); err != nil {
				t.Fatalf("%s not an integer: %v", k, o[k])
			}
		}
		for _, k := range []string{"skyldner", "trekkpliktig", "trekkid"} {
			if _, ok := o[k].(string); !ok {
				t.Fatalf("%s not a string: %v", k, o[k])
			}
		}
		for _, p := range o["trekkstoerrelseForPeriode"].([]any) {
			pm := p.(map[string]any)
			_, b := pm["trekkbeloep"]
			_, q := pm["trekkprosent"]
			if b == q {
				t.Fatalf("period %v: want exactly one of trekkbeloep/trekkprosent", pm)
			}
			if s, ok := pm["sluttdato"]; ok && s == nil {
				t.Fatalf("null sluttdato in %v", pm)
			}
		}
		if o["trekkid"] == "10001" {
			p := o["trekkstoerrelseForPeriode"].([]any)[0].(map[string]any)
			if _, ok := p["sluttdato"]; ok {
				t.Fatal("10001: open period has a sluttdato key")
			}
			f, _ := p["trekkprosent"].(map[string]any)["trekkprosent"].(json.Number).Float64()
			if f != 17.0 {
				t.Fatalf("10001 trekkprosent %v", p)
			}
		}
	}
}

func TestCheck23_UnknownPathAndMethod(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	wantStatus(t, e.get("/skatt/api/trekkpaalegg/v2", tok), http.StatusNotFound, "KB-003")
	wantStatus(t, e.get(apiPath+"/10003", tok), http.StatusNotFound, "KB-003")
	for _, p := range []string{apiPath, apiPath + "/10003/1"} {
		r := e.do(http.MethodPost, p, tok, nil, []byte("{}"))
		wantStatus(t, r, http.StatusMethodNotAllowed, "KB-003")
		if r.header.Get("Allow") != "GET" {
			t.Fatalf("Allow %q", r.header.Get("Allow"))
		}
	}
	// Trailing slash is tolerated.
	eqSeqs(t, e.get(apiPath+"/?maksAntall=1", tok), 38)
}

func TestCheck24_Korrelasjonsid(t *testing.T) {
	e := newEnv(t, envOpt{})
	tok := e.token(org123)
	const id = "26789811-3b95-4cdf-896f-211d2e38f341"
	r := e.do(http.MethodGet, apiPath+"/99999/1", tok, map[string]string{"Korrelasjonsid": id}, nil)
	wantStatus(t, r, http.StatusNotFound, "KB-009")
	if r.feil(t).Korrelasjonsid != id || r.header.Get("Korrelasjonsid") != id {
		t.Fatalf("korrelasjonsid body %q header %q", r.feil(t).Korrelasjonsid, r.header.Get("Korrelasjonsid"))
	}
	r = e.do(http.MethodGet, apiPath, tok, map[string]string{"Klientid": "NAV/0.1", "Meldingsid": "x y z"}, nil)
	if r.status != http.StatusOK {
		t.Fatalf("with Klientid: %d", r.status)
	}
	if r = e.get(apiPath, tok); r.status != http.StatusOK || r.header.Get("Korrelasjonsid") == "" {
		t.Fatalf("without headers: %d, Korrelasjonsid %q", r.status, r.header.Get("Korrelasjonsid"))
	}
}

func TestCheck25_AdminNewVersion(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.admin(http.MethodPost, "/10010/versjoner", map[string]any{"trekkstoerrelseForPeriode": []any{
		map[string]any{"startdato": "2025-10-01", "sluttdato": "2025-10-06", "trekkbeloep": map[string]any{"trekkbeloep": 3000}},
		map[string]any{"startdato": "2025-10-07", "sluttdato": "2026-03-31", "trekkbeloep": map[string]any{"trekkbeloep": 2000}},
		map[string]any{"startdato": "2026-04-01", "trekkbeloep": map[string]any{"trekkbeloep": 2500}},
	}})
	if r.status != http.StatusCreated {
		t.Fatalf("%d %s", r.status, r.body)
	}
	var v map[string]any
	json.Unmarshal(r.body, &v)
	bi := v["betalingsinformasjon"].(map[string]any)
	if v["trekkversjon"] != 3.0 || v["sekvensnummer"] != 556.0 || v["saksnummer"] != "TREKK/2025/10" || bi["kidnummer"] != "6487719756" {
		t.Fatalf("new version %s", r.body)
	}
	tok := e.token(org123)
	got := e.get(apiPath+"?fraSekvensnummer=555&maksAntall=10", tok)
	eqSeqs(t, got, 556)
	if !bytes.Equal(bytes.TrimSpace(got.body), []byte("["+strings.TrimSpace(string(e.get(apiPath+"/10010/3", tok).body))+"]")) {
		t.Fatal("list and version endpoint disagree on 10010 v3")
	}
	sameJSON(t, e.get(apiPath+"/10010/2", tok).body, "trekkpaalegg-10010-v2.json")
}

func TestCheck26_AdminCreate(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.admin(http.MethodPost, "", map[string]any{"trekkpliktig": org123, "skyldner": "10108412345",
		"trekkstoerrelseForPeriode": []any{map[string]any{"startdato": "2026-03-02", "trekkprosent": map[string]any{"trekkprosent": 12.5}}}})
	if r.status != http.StatusCreated {
		t.Fatalf("%d %s", r.status, r.body)
	}
	var v map[string]any
	json.Unmarshal(r.body, &v)
	kid := v["betalingsinformasjon"].(map[string]any)["kidnummer"].(string)
	if v["trekkversjon"] != 1.0 || v["trekkstatus"] != "aktiv" || kid == "6487719756" || ident.ValidateKIDMod10(kid) != nil {
		t.Fatalf("created %s", r.body)
	}
	list := e.get(apiPath, e.token(org123)).list(t)
	if last := list[len(list)-1]; last["trekkid"] != v["trekkid"] || last["sekvensnummer"] != 556.0 {
		t.Fatalf("last listed %v, want the new order", last)
	}
	// A second order gets another KID.
	r2 := e.admin(http.MethodPost, "", map[string]any{"trekkpliktig": org123, "skyldner": "10108412345",
		"trekkstoerrelseForPeriode": []any{map[string]any{"startdato": "2026-03-02", "trekkbeloep": map[string]any{"trekkbeloep": 1000}}}})
	var v2 map[string]any
	json.Unmarshal(r2.body, &v2)
	if v2["betalingsinformasjon"].(map[string]any)["kidnummer"] == kid || v2["trekkid"] == v["trekkid"] {
		t.Fatalf("second order reuses KID or trekkid: %s", r2.body)
	}
	// Publication rules: a start today is refused.
	r3 := e.admin(http.MethodPost, "", map[string]any{"trekkpliktig": org123, "skyldner": "10108412345",
		"trekkstoerrelseForPeriode": []any{map[string]any{"startdato": "2026-03-01", "trekkbeloep": map[string]any{"trekkbeloep": 1000}}}})
	if r3.status != http.StatusUnprocessableEntity {
		t.Fatalf("start today: %d %s", r3.status, r3.body)
	}
}

func TestCheck27_AutoClose(t *testing.T) {
	e := newEnv(t, envOpt{})
	r := e.admin(http.MethodPost, "", map[string]any{"trekkpliktig": org123, "skyldner": "10108412345",
		"trekkstoerrelseForPeriode": []any{map[string]any{"startdato": "2026-03-02", "sluttdato": "2026-03-10",
			"trekkbeloep": map[string]any{"trekkbeloep": 1500}}}})
	var v map[string]any
	json.Unmarshal(r.body, &v)
	id := v["trekkid"].(string)
	// The day the last period ends: still aktiv, nothing to close.
	e.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)})
	if r := e.admin(http.MethodPost, "/auto-avslutt", nil); !strings.Contains(string(r.body), `"avsluttet":0`) {
		t.Fatalf("on the last day: %s", r.body)
	}
	// Just after midnight Oslo time the next day (23:30 UTC): closed.
	e.clock.Set(world.ClockSetting{Mode: world.ClockFrozen, Frozen: time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)})
	if r := e.admin(http.MethodPost, "/auto-avslutt", nil); !strings.Contains(string(r.body), `"avsluttet":1`) {
		t.Fatalf("after midnight: %s", r.body)
	}
	tok := e.token(org123)
	var v2, v1 map[string]any
	json.Unmarshal(e.get(apiPath+"/"+id+"/2", tok).body, &v2)
	json.Unmarshal(e.get(apiPath+"/"+id+"/1", tok).body, &v1)
	if v2["trekkstatus"] != "avsluttet" || v1["trekkstatus"] != "aktiv" {
		t.Fatalf("v1 %v v2 %v", v1["trekkstatus"], v2["trekkstatus"])
	}
	// Idempotent: a second run closes nothing.
	if r := e.admin(http.MethodPost, "/auto-avslutt", nil); !strings.Contains(string(r.body), `"avsluttet":0`) {
		t.Fatalf("second run: %s", r.body)
	}
}

// The operator's create is safe to retry with an Idempotency-Key: the
// retry returns the same order and publishes nothing; other input under
// the key is 409.
func TestAdminCreateIdempotencyKey(t *testing.T) {
	e := newEnv(t, envOpt{})
	order := func(prosent float64) []byte {
		b, _ := json.Marshal(map[string]any{"trekkpliktig": org123, "skyldner": "10108412345",
			"trekkstoerrelseForPeriode": []any{map[string]any{"startdato": "2026-03-02", "trekkprosent": map[string]any{"trekkprosent": prosent}}}})
		return b
	}
	create := func(key string, body []byte) resp {
		return e.do(http.MethodPost, adminPath, "", map[string]string{"Content-Type": "application/json", "Idempotency-Key": key}, body)
	}
	first := create("ordre-1", order(12.5))
	again := create("ordre-1", order(12.5))
	if first.status != 201 || again.status != 201 || string(first.body) != string(again.body) ||
		first.header.Get("Idempotent-Replayed") != "" || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("first %d %s\nretry %d %v %s", first.status, first.body, again.status, again.header, again.body)
	}
	if r := create("ordre-1", order(20)); r.status != http.StatusConflict {
		t.Fatalf("other input under the key: %d %s", r.status, r.body)
	}
	list := e.get(apiPath, e.token(org123)).list(t)
	var v map[string]any
	json.Unmarshal(first.body, &v)
	if last := list[len(list)-1]; last["trekkid"] != v["trekkid"] || last["sekvensnummer"] != 556.0 {
		t.Fatalf("last listed %v, want the one new order at 556", last)
	}
	if r := create("ordre-2", order(12.5)); r.status != 201 || string(r.body) == string(first.body) {
		t.Fatalf("a new key: %d %s", r.status, r.body)
	}
}
