package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// RunUtlegg runs the utleggsbegjæring storage suite (spec:
// utleggsbegjaering.md §9, §10, §11). open returns two handles on one
// fresh database, as two processes sharing it.
func RunUtlegg(t *testing.T, open func(t *testing.T) (utleggstore.Storage, utleggstore.Storage)) {
	t.Run("CreateGetFind", func(t *testing.T) { a, _ := open(t); utleggCreateGet(t, a) })
	t.Run("DuplicateKeyRace", func(t *testing.T) { a, b := open(t); utleggDupRace(t, a, b) })
	t.Run("ChangeAndState", func(t *testing.T) { a, _ := open(t); utleggChange(t, a) })
	t.Run("MessagesInOrder", func(t *testing.T) { a, b := open(t); utleggMessages(t, a, b) })
	t.Run("FeedNeverSkips", func(t *testing.T) { a, b := open(t); utleggFeedNeverSkips(t, a, b) })
	t.Run("List", func(t *testing.T) { a, _ := open(t); utleggList(t, a) })
	t.Run("Vedlegg", func(t *testing.T) { a, _ := open(t); utleggVedlegg(t, a) })
}

var utT0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func nySak(ref, org, dup string) utleggstore.NySak {
	return utleggstore.NySak{
		Sak: utleggstore.Sak{EksternSaksreferanse: ref, Org: org, InnsenderReferanse: "R", Begjaeringsdato: "2025-01-10",
			Saksstatus: "sakOpprettet", Opprettet: utT0, SistEndret: utT0, Mottatt: utT0, Body: []byte(`{"a":1}`),
			Kravgrunnlag: map[string]string{"K1": "id-1"}, ForsteUnderskrift: "U", ForsteInnsenderOrgnr: org, ForsteBegjaeringsdato: "2025-01-10"},
		DupKey: dup, BehandletFra: utT0, SaksreferanseAar: 2026,
		Melding:     utleggstore.Melding{Meldingsid: "m-" + ref, Opprettet: utT0},
		MeldingBody: func(s string) []byte { return []byte(`{"saksreferanse":"` + s + `"}`) },
	}
}

func utleggCreateGet(t *testing.T, s utleggstore.Storage) {
	ctx := context.Background()
	k, err := s.UtleggCreate(ctx, nySak("c1", "111111111", "k1"))
	must(t, err)
	if k.Saksreferanse != "UTLBGJ/2026/1" || k.Versjon != 1 {
		t.Fatalf("created %+v", k)
	}
	got, err := s.UtleggGet(ctx, "111111111", "c1")
	must(t, err)
	if string(got.Body) != `{"a":1}` || got.Kravgrunnlag["K1"] != "id-1" || !got.Opprettet.Equal(utT0) {
		t.Fatalf("got %+v", got)
	}
	if _, err := s.UtleggGet(ctx, "222222222", "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign org: %v", err)
	}
	l, err := s.UtleggFind(ctx, "111111111", "R")
	must(t, err)
	if len(l) != 1 {
		t.Fatalf("find %d", len(l))
	}
	if ref, err := s.UtleggDuplikat(ctx, "k1"); err != nil || ref != "c1" {
		t.Fatalf("dup %q %v", ref, err)
	}
	ms, err := s.UtleggSakMeldinger(ctx, "c1")
	must(t, err)
	if len(ms) != 1 || string(ms[0].Body) != `{"saksreferanse":"UTLBGJ/2026/1"}` {
		t.Fatalf("messages %+v", ms)
	}
}

func utleggDupRace(t *testing.T, a, b utleggstore.Storage) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			_, errs[i] = s.UtleggCreate(ctx, nySak(fmt.Sprintf("r%d", i), "111111111", "same"))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, utleggstore.ErrDuplikat):
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d cases created, want 1", ok)
	}
	// Without a key, never a duplicate.
	_, err1 := a.UtleggCreate(ctx, nySak("n1", "111111111", ""))
	_, err2 := a.UtleggCreate(ctx, nySak("n2", "111111111", ""))
	must(t, errors.Join(err1, err2))
}

func utleggChange(t *testing.T, s utleggstore.Storage) {
	ctx := context.Background()
	n := nySak("c1", "111111111", "k1")
	n.BehandletFra = utT0.Add(time.Hour)
	_, err := s.UtleggCreate(ctx, n)
	must(t, err)
	e := utleggstore.Endring{EksternSaksreferanse: "c1", Org: "111111111", DupKey: "k1", InnsenderReferanse: "R",
		Body: []byte(`{"a":2}`), Mottatt: utT0.Add(time.Minute), BehandletFra: utT0.Add(time.Minute),
		NyeKrav: map[string]string{"K2": "id-2"}, TillatteStatuser: []string{"sakOpprettet"},
		Melding: utleggstore.Melding{Meldingsid: "m2", Opprettet: utT0, Body: []byte(`{}`)}}
	if _, err := s.UtleggChange(ctx, e); !errors.Is(err, utleggstore.ErrState) {
		t.Fatalf("change while MOTTATT: %v", err)
	}
	must(t, s.UtleggBehandle(ctx, "c1", utT0))
	k, err := s.UtleggChange(ctx, e)
	must(t, err)
	if k.Versjon != 2 || string(k.Body) != `{"a":2}` || k.Kravgrunnlag["K2"] != "id-2" || k.Kravgrunnlag["K1"] != "id-1" {
		t.Fatalf("changed %+v", k)
	}
	_, err = s.UtleggTransition(ctx, utleggstore.Overgang{EksternSaksreferanse: "c1", Fra: []string{"sakOpprettet"},
		Til: "sakAvsluttet", Beslutning: []byte(`{"b":1}`), Tidspunkt: utT0.Add(time.Hour)})
	must(t, err)
	if _, err := s.UtleggTransition(ctx, utleggstore.Overgang{EksternSaksreferanse: "c1", Fra: []string{"sakOpprettet"},
		Til: "sakHevet", Tidspunkt: utT0}); !errors.Is(err, utleggstore.ErrState) {
		t.Fatalf("transition from the wrong state: %v", err)
	}
	e.Melding.Meldingsid, e.Mottatt = "m3", utT0.Add(2*time.Hour)
	e.BehandletFra = e.Mottatt
	if _, err := s.UtleggChange(ctx, e); !errors.Is(err, utleggstore.ErrState) {
		t.Fatalf("change in a final state: %v", err)
	}
	k, err = s.UtleggGet(ctx, "", "c1")
	must(t, err)
	if k.Saksstatus != "sakAvsluttet" || string(k.Beslutning) != `{"b":1}` {
		t.Fatalf("after transition %+v", k)
	}
}

func utleggMessages(t *testing.T, a, b utleggstore.Storage) {
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			org := "111111111"
			if i%3 == 0 {
				org = "222222222"
			}
			_, err := s.UtleggCreate(ctx, nySak(fmt.Sprintf("c%d", i), org, ""))
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	all, err := a.UtleggMeldinger(ctx, "111111111", 0, 0)
	must(t, err)
	if len(all) != 6 {
		t.Fatalf("%d messages for org, want 6", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Sekvensnummer <= all[i-1].Sekvensnummer {
			t.Fatalf("not ascending: %+v", all)
		}
	}
	page, err := b.UtleggMeldinger(ctx, "111111111", all[1].Sekvensnummer, 2)
	must(t, err)
	if len(page) != 2 || page[0].Sekvensnummer != all[2].Sekvensnummer {
		t.Fatalf("page %+v", page)
	}
}

// utleggFeedNeverSkips: while submissions (through two handles, as two
// processes) and case transitions append messages of one organisation,
// readers polling the feed from their last sekvensnummer always get the
// next number: none is seen before a smaller one. Each case's own
// messages keep their order.
func utleggFeedNeverSkips(t *testing.T, a, b utleggstore.Storage) {
	ctx := context.Background()
	const org, writers, per = "333333333", 4, 12
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			s := []utleggstore.Storage{a, b}[w%2]
			for i := range per {
				ref := fmt.Sprintf("f%d-%d", w, i)
				if _, err := s.UtleggCreate(ctx, nySak(ref, org, "")); err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 { // a transition with a message of its own
					_, err := s.UtleggTransition(ctx, utleggstore.Overgang{EksternSaksreferanse: ref, Til: "sakUnderBehandling",
						Tidspunkt: utT0, Meldinger: []utleggstore.Melding{{Meldingsid: "t-" + ref, Opprettet: utT0, Body: []byte(`{}`)}}})
					if err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	stop := make(chan struct{})
	errs := make(chan error, 2)
	for r := range 2 {
		go func() {
			s := []utleggstore.Storage{a, b}[r]
			var last int64
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				ms, err := s.UtleggMeldinger(ctx, org, last, 0)
				if err != nil {
					errs <- err
					return
				}
				for _, m := range ms {
					if m.Sekvensnummer != last+1 {
						errs <- fmt.Errorf("reader %d saw %d after %d", r, m.Sekvensnummer, last)
						return
					}
					last = m.Sekvensnummer
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	all, err := b.UtleggMeldinger(ctx, org, 0, 0)
	must(t, err)
	want := writers*per + writers*((per+2)/3)
	if len(all) != want {
		t.Fatalf("%d messages, want %d", len(all), want)
	}
	pos := map[string]int{}
	for i, m := range all {
		if m.Sekvensnummer != int64(i+1) {
			t.Fatalf("message %d has sekvensnummer %d", i, m.Sekvensnummer)
		}
		pos[m.Meldingsid] = i
	}
	for w := range writers {
		for i := 0; i < per; i += 3 {
			ref := fmt.Sprintf("f%d-%d", w, i)
			if pos["m-"+ref] > pos["t-"+ref] {
				t.Fatalf("case %s: the transition's message comes before the submission's", ref)
			}
		}
	}
}

func utleggVedlegg(t *testing.T, s utleggstore.Storage) {
	ctx := context.Background()
	v := utleggstore.Vedlegg{UUID: "u1", Org: "111111111", Filnavn: "f.pdf", Status: "KLAR", ContentType: "application/pdf",
		Storrelse: 3, Opprettet: utT0, Data: []byte("%PD")}
	must(t, s.UtleggPutVedlegg(ctx, v))
	if err := s.UtleggPutVedlegg(ctx, v); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second put: %v", err)
	}
	must(t, s.UtleggSetVedleggStatus(ctx, "u1", "VIRUS"))
	m, err := s.UtleggGetVedlegg(ctx, []string{"u1", "missing"})
	must(t, err)
	if len(m) != 1 || m["u1"].Status != "VIRUS" || m["u1"].Data != nil {
		t.Fatalf("get %+v", m)
	}
	if err := s.UtleggSetVedleggStatus(ctx, "missing", "VIRUS"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
}

// utleggList: the operator's list is newest first, filters by org and
// status, pages with the cursor and leaves out the body.
func utleggList(t *testing.T, s utleggstore.Storage) {
	ctx := context.Background()
	for i := range 5 {
		org := "111111111"
		if i%2 == 1 {
			org = "222222222"
		}
		n := nySak(fmt.Sprintf("l%d", i), org, "")
		n.Sak.Opprettet = utT0.Add(time.Duration(i) * time.Minute)
		_, err := s.UtleggCreate(ctx, n)
		must(t, err)
	}
	_, err := s.UtleggTransition(ctx, utleggstore.Overgang{EksternSaksreferanse: "l2", Til: "sakUnderBehandling", Tidspunkt: utT0})
	must(t, err)
	refs := func(ks []utleggstore.Sak) string {
		var out []string
		for _, k := range ks {
			if k.Body != nil && len(k.Body) > 0 {
				t.Fatalf("list returned the body of %s", k.EksternSaksreferanse)
			}
			out = append(out, k.EksternSaksreferanse)
		}
		return strings.Join(out, ",")
	}
	all, err := s.UtleggList(ctx, utleggstore.SakQuery{Limit: 100})
	must(t, err)
	if got := refs(all); got != "l4,l3,l2,l1,l0" {
		t.Fatalf("all: %s", got)
	}
	org, err := s.UtleggList(ctx, utleggstore.SakQuery{Org: "222222222", Limit: 100})
	must(t, err)
	if got := refs(org); got != "l3,l1" {
		t.Fatalf("org: %s", got)
	}
	st, err := s.UtleggList(ctx, utleggstore.SakQuery{Saksstatus: "sakUnderBehandling", Limit: 100})
	must(t, err)
	if got := refs(st); got != "l2" {
		t.Fatalf("status: %s", got)
	}
	p1, err := s.UtleggList(ctx, utleggstore.SakQuery{Limit: 2})
	must(t, err)
	p2, err := s.UtleggList(ctx, utleggstore.SakQuery{Limit: 2, After: p1[len(p1)-1].Cursor()})
	must(t, err)
	p3, err := s.UtleggList(ctx, utleggstore.SakQuery{Limit: 2, After: p2[len(p2)-1].Cursor()})
	must(t, err)
	if got := refs(p1) + "|" + refs(p2) + "|" + refs(p3); got != "l4,l3|l2,l1|l0" {
		t.Fatalf("pages: %s", got)
	}
}
