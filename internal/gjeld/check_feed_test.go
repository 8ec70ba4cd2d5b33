package gjeld_test

import (
	"testing"
	"time"
)

type feedPage struct {
	Start, End int64
	Events     []map[string]any
}

func (e *env) feedPage(c int, from, limit string) feedPage {
	e.t.Helper()
	r := e.do("GET", "/feed/v1/consent?fromSequenceNr="+from+"&limit="+limit, e.tfeed(c), nil)
	if r.status != 200 {
		e.t.Fatalf("feed: %d %s", r.status, r.body)
	}
	m := r.json(e.t)
	p := feedPage{Start: int64(m["startSequenceNr"].(float64)), End: int64(m["endSequenceNr"].(float64))}
	if _, ok := m["generatedAt"]; !ok {
		e.t.Error("generatedAt missing")
	}
	for _, ev := range m["result"].([]any) {
		p.Events = append(p.Events, ev.(map[string]any))
	}
	return p
}

// scenario55 creates A (agreement), B (regular flow) and revokes A.
func scenario55(t *testing.T, e *env) (a, b string) {
	a = e.agreement(0, P1, "debt.unsecured.presentation", 30, "ext-A")
	e.flow("debt.unsecured.presentation.30")
	cs, _ := e.db.GjeldConsentsByPerson(t.Context(), P1)
	for _, c := range cs {
		if c.ID != a {
			b = c.ID
		}
	}
	if r := e.do("DELETE", "/v1/debt/"+a, e.tdebt(0), nil); r.status != 204 {
		t.Fatalf("revoke: %d", r.status)
	}
	return a, b
}

func TestCheck55_FeedEvents(t *testing.T) {
	e := newEnv(t)
	a, b := scenario55(t, e)
	p := e.feedPage(0, "1", "10")
	if len(p.Events) != 3 {
		t.Fatalf("events %v", p.Events)
	}
	want := [][2]string{{"SAMTYKKE_OPPRETTET", a}, {"SAMTYKKE_OPPRETTET", b}, {"SAMTYKKE_ARKIVERT", a}}
	var last float64
	for i, ev := range p.Events {
		eq(t, "type", ev["eventType"], want[i][0])
		eq(t, "consent", ev["consentId"], want[i][1])
		if s := ev["sequenceNr"].(float64); s <= last {
			t.Errorf("not ascending")
		} else {
			last = s
		}
	}
}

func TestCheck56_FeedEventContent(t *testing.T) {
	e := newEnv(t)
	a, b := scenario55(t, e)
	p := e.feedPage(0, "1", "10")
	for _, ev := range p.Events {
		for _, k := range []string{"sequenceNr", "eventId", "consentId", "timestamp", "eventType", "samtykkeOpprettetEvent", "samtykkeArkivertEvent"} {
			if _, ok := ev[k]; !ok {
				t.Errorf("%s missing", k)
			}
		}
	}
	ca := p.Events[0]["samtykkeOpprettetEvent"].(map[string]any)
	eq(t, "A clientId", ca["clientId"], e.id(0))
	eq(t, "A consentId", ca["consentId"], a)
	eq(t, "A scope", ca["scope"], "debt.unsecured.presentation")
	eq(t, "A externalConsentId", ca["externalConsentId"], "ext-A")
	eq(t, "A archive", p.Events[0]["samtykkeArkivertEvent"], nil)
	cb := p.Events[1]["samtykkeOpprettetEvent"].(map[string]any)
	eq(t, "B consentId", cb["consentId"], b)
	if v, ok := cb["externalConsentId"]; !ok || v != nil {
		t.Errorf("B externalConsentId %v present=%v", v, ok)
	}
	ar := p.Events[2]["samtykkeArkivertEvent"].(map[string]any)
	eq(t, "archive payload", len(ar), 2)
	eq(t, "archive clientId", ar["clientId"], e.id(0))
	eq(t, "archive consentId", ar["consentId"], a)
	eq(t, "archive created", p.Events[2]["samtykkeOpprettetEvent"], nil)
}

func TestCheck57_PagingOneByOne(t *testing.T) {
	e := newEnv(t)
	scenario55(t, e)
	all := e.feedPage(0, "1", "10").Events
	from := int64(1)
	for i := range all {
		p := e.feedPage(0, itoa(from), "1")
		if len(p.Events) != 1 {
			t.Fatalf("page %d: %v", i, p.Events)
		}
		seq := int64(p.Events[0]["sequenceNr"].(float64))
		eq(t, "event", p.Events[0]["eventId"], all[i]["eventId"])
		eq(t, "start", p.Start, seq)
		eq(t, "end", p.End, seq)
		from = p.End + 1
	}
	eq(t, "after end", len(e.feedPage(0, itoa(from), "1").Events), 0)
}

func TestCheck58_PastTheEnd(t *testing.T) {
	e := newEnv(t)
	scenario55(t, e)
	last := e.feedPage(0, "1", "10").End
	p := e.feedPage(0, itoa(last+1), "10")
	eq(t, "events", len(p.Events), 0)
	eq(t, "start", p.Start, last+1)
	eq(t, "end", p.End, last)
}

func TestCheck59_BadParameters(t *testing.T) {
	e := newEnv(t)
	tok := e.tfeed(0)
	for _, q := range []string{"?fromSequenceNr=1", "?limit=10", "?fromSequenceNr=1&limit=abc", "?fromSequenceNr=-1&limit=1", "?fromSequenceNr=1&limit=0"} {
		r := e.do("GET", "/feed/v1/consent"+q, tok, nil)
		eq(t, q+" status", r.status, 400)
		m := r.json(t)
		eq(t, q+" body status", m["status"], 400.0)
		eq(t, q+" path", m["path"], "/feed/v1/consent")
	}
}

func TestCheck60_ClientsSeparated(t *testing.T) {
	e := newEnv(t)
	e.agreement(0, P1, "debt.unsecured.presentation", 30, "a1")
	c2 := e.agreement(1, P2, "debt.unsecured.presentation", 30, "b1")
	e.agreement(0, P2, "debt.unsecured.presentation", 30, "a2")
	p := e.feedPage(0, "1", "100")
	eq(t, "events", len(p.Events), 2)
	for _, ev := range p.Events {
		if ev["consentId"] == c2 {
			t.Error("C2's event in C1's feed")
		}
	}
	s0, s1 := p.Events[0]["sequenceNr"].(float64), p.Events[1]["sequenceNr"].(float64)
	if s1-s0 < 2 {
		t.Errorf("expected a gap: %v %v", s0, s1)
	}
}

func seqNr(t *testing.T, e *env, which string) int64 {
	t.Helper()
	r := e.do("GET", "/feed/v1/consent/"+which, e.tfeed(0), nil)
	eq(t, which+" status", r.status, 200)
	return int64(r.json(t)[which].(float64))
}

func TestCheck61_FirstAndLast(t *testing.T) {
	e := newEnv(t)
	scenario55(t, e)
	p := e.feedPage(0, "1", "10")
	n, m := seqNr(t, e, "lastSequenceNr"), seqNr(t, e, "firstSequenceNr")
	eq(t, "last", n, p.End)
	if m > n {
		t.Errorf("first %d > last %d", m, n)
	}
}

func TestCheck62_Retention(t *testing.T) {
	e := newEnv(t)
	e.agreement(0, P1, "debt.unsecured.presentation", 365, "old")
	first0, last0 := seqNr(t, e, "firstSequenceNr"), seqNr(t, e, "lastSequenceNr")
	e.advance(8 * 24 * time.Hour)
	e.agreement(0, P1, "debt.unsecured.presentation", 365, "new")
	p := e.feedPage(0, "1", "100")
	eq(t, "events", len(p.Events), 1)
	if f := seqNr(t, e, "firstSequenceNr"); f <= first0 {
		t.Errorf("first did not rise: %d", f)
	}
	if l := seqNr(t, e, "lastSequenceNr"); l < last0 {
		t.Errorf("last decreased")
	}
}

func TestCheck63_ExpiryEventTimestamp(t *testing.T) {
	e := newEnv(t)
	id := e.agreement(0, P1, "debt.unsecured.presentation", 1, "exp")
	e.advance(2 * 24 * time.Hour)
	e.agreement(0, P2, "debt.unsecured.presentation", 30, "later")
	p := e.feedPage(0, "1", "100")
	var found bool
	for _, ev := range p.Events {
		if ev["consentId"] == id && ev["eventType"] == "SAMTYKKE_ARKIVERT" {
			found = true
			eq(t, "timestamp", ev["timestamp"], t0.Add(24*time.Hour).Format(time.RFC3339))
		}
	}
	if !found {
		t.Errorf("no expiry event: %v", p.Events)
	}
}

func TestCheck64_FeedAuth(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/feed/v1/consent?fromSequenceNr=1&limit=1", e.tdebt(0), nil)
	eq(t, "debt token", r.status, 403)
	r = e.do("GET", "/feed/v1/consent?fromSequenceNr=1&limit=1", "", nil)
	eq(t, "no token", r.status, 401)
	eq(t, "body", len(r.body), 0)
}

func TestCheck65_SampleClient(t *testing.T) {
	e := newEnv(t)
	e.agreement(0, P1, "debt.unsecured.presentation", 30, "s0")
	k := seqNr(t, e, "lastSequenceNr")
	stored := k
	seen := map[string]int{}
	for round := range 4 {
		e.agreement(0, P1, "debt.unsecured.presentation", 30, "s"+itoa(int64(round+1)))
		e.agreement(1, P2, "debt.unsecured.presentation", 30, "o"+itoa(int64(round+1)))
		if seqNr(t, e, "lastSequenceNr") > stored {
			p := e.feedPage(0, itoa(stored+1), "500")
			for _, ev := range p.Events {
				seen[ev["eventId"].(string)]++
			}
			stored = p.End
		}
	}
	eq(t, "events", len(seen), 4)
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s seen %d times", id, n)
		}
	}
}

func TestCheck66_OpenAPIDocumentValid(t *testing.T) {
	if _, err := loadSpec(); err != nil {
		t.Fatal(err)
	}
	// Every response of checks 21–65 is validated in env.do.
}
