package storetest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

// TrekkOpener returns two handles on one fresh, migrated database: the
// second stands for another namsfogd process (spec: trekkpaalegg.md §12:
// several processes publish at once).
type TrekkOpener func(t *testing.T) (a, b trekkstore.Storage)

// RunTrekkpaalegg runs the conformance suite of trekkstore.Storage.
func RunTrekkpaalegg(t *testing.T, open TrekkOpener) {
	tests := []struct {
		name string
		fn   func(*testing.T, trekkstore.Storage, trekkstore.Storage)
	}{
		{"PublishAndRead", testTrekkPublish},
		{"BuildErrorWritesNothing", testTrekkBuildError},
		{"LoadVerbatimAndIdempotent", testTrekkLoad},
		{"ListPaging", testTrekkList},
		{"DueForClose", testTrekkDue},
		{"PollerConsistency", testTrekkPoller},
		{"IdempotencyKey", testTrekkIdempotency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := open(t)
			tc.fn(t, a, b)
		})
	}
}

// fakeBody is a stand-in for the JSON document: the store keeps it
// opaque.
func fakeBody(v trekkstore.Version) []byte {
	return fmt.Appendf(nil, `{"trekkid":%q,"trekkversjon":%d,"sekvensnummer":%d}`, v.Trekkid, v.Trekkversjon, v.Sekvensnummer)
}

var kidSeq atomic.Int64

func nextKID() string { return strconv.FormatInt(1_000_000_000+kidSeq.Add(1), 10) }

// publish creates (trekkid "") or versions an order of org.
func publish(s trekkstore.Storage, org, trekkid, status string) (trekkstore.Version, error) {
	return publishSlow(s, org, trekkid, status, 0)
}

// publishSlow holds the transaction open for up to slow after the
// sequence number is allocated, widening the window in which a store
// that committed out of order would expose N+1 before N.
func publishSlow(s trekkstore.Storage, org, trekkid, status string, slow time.Duration) (trekkstore.Version, error) {
	return s.TrekkPublish(ctx, trekkstore.Publish{Trekkid: trekkid, NewKID: nextKID,
		Build: func(prev *trekkstore.Version, a trekkstore.Alloc) (trekkstore.Version, error) {
			v := trekkstore.Version{Trekkid: a.Trekkid, Trekkversjon: 1, Sekvensnummer: a.Sekvensnummer, Trekkpliktig: org,
				Skyldner: "10108412345", Saksnummer: "TREKK/2026/" + a.Trekkid, Kidnummer: a.Kidnummer, Trekkstatus: status}
			if prev != nil {
				v.Trekkversjon, v.Skyldner, v.Saksnummer = prev.Trekkversjon+1, prev.Skyldner, prev.Saksnummer
			}
			if status == "aktiv" {
				v.SisteSluttdato = "2026-03-10"
			}
			v.Body = fakeBody(v)
			if slow > 0 {
				time.Sleep(time.Duration(a.Sekvensnummer%3) * slow / 2)
			}
			return v, nil
		}})
}

func testTrekkPublish(t *testing.T, s, _ trekkstore.Storage) {
	v1, err := publish(s, "123456789", "", "aktiv")
	must(t, err)
	if v1.Trekkversjon != 1 || v1.Sekvensnummer != 1 || v1.Trekkid == "" || v1.Kidnummer == "" {
		t.Fatalf("v1 %+v", v1)
	}
	v2, err := publish(s, "123456789", v1.Trekkid, "aktiv")
	must(t, err)
	if v2.Trekkversjon != 2 || v2.Sekvensnummer != 2 || v2.Kidnummer != v1.Kidnummer {
		t.Fatalf("v2 %+v", v2)
	}
	got, err := s.TrekkGetVersion(ctx, "123456789", v1.Trekkid, 1)
	must(t, err)
	if string(got.Body) != string(v1.Body) || got.Sekvensnummer != 1 {
		t.Fatalf("version 1 %+v", got)
	}
	if _, err := s.TrekkGetVersion(ctx, "311758489", v1.Trekkid, 1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign org: %v, want ErrNotFound", err)
	}
	if _, err := s.TrekkGetVersion(ctx, "", v1.Trekkid, 3); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing version: %v", err)
	}
	if _, err := publish(s, "123456789", "nope", "aktiv"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("version of a missing order: %v", err)
	}
	latest, err := s.TrekkLatest(ctx, v1.Trekkid)
	must(t, err)
	if latest.Trekkversjon != 2 {
		t.Fatalf("latest %+v", latest)
	}
	other, err := publish(s, "123456789", "", "aktiv")
	must(t, err)
	if other.Kidnummer == v1.Kidnummer || other.Trekkid == v1.Trekkid {
		t.Fatal("second order reuses KID or trekkid")
	}
}

func testTrekkBuildError(t *testing.T, s, _ trekkstore.Storage) {
	boom := errors.New("refused")
	_, err := s.TrekkPublish(ctx, trekkstore.Publish{NewKID: nextKID,
		Build: func(*trekkstore.Version, trekkstore.Alloc) (trekkstore.Version, error) {
			return trekkstore.Version{}, boom
		}})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	v, err := publish(s, "123456789", "", "aktiv")
	must(t, err)
	if v.Sekvensnummer != 1 {
		t.Fatalf("a refused publication consumed a sequence number: got %d", v.Sekvensnummer)
	}
}

func testTrekkLoad(t *testing.T, s, _ trekkstore.Storage) {
	mk := func(id string, ver, seq int64) trekkstore.Version {
		v := trekkstore.Version{Trekkid: id, Trekkversjon: ver, Sekvensnummer: seq, Trekkpliktig: "123456789",
			Skyldner: "10108412345", Saksnummer: "S-" + id, Kidnummer: "6487719756", Trekkstatus: "aktiv"}
		v.Body = fakeBody(v)
		return v
	}
	vs := []trekkstore.Version{mk("10001", 1, 38), mk("10002", 1, 51), mk("10001", 2, 80)}
	n, err := s.TrekkLoad(ctx, vs)
	must(t, err)
	if n != 3 {
		t.Fatalf("loaded %d", n)
	}
	if n, err = s.TrekkLoad(ctx, vs); err != nil || n != 0 {
		t.Fatalf("reload: %d %v", n, err)
	}
	next, err := publish(s, "123456789", "", "aktiv")
	must(t, err)
	if next.Sekvensnummer != 81 {
		t.Fatalf("counter continues at %d, want 81", next.Sekvensnummer)
	}
	changed := mk("10002", 1, 51)
	changed.Body = []byte(`{"other":true}`)
	for name, bad := range map[string][]trekkstore.Version{
		"changed body":  {changed},
		"below counter": {mk("10003", 1, 60)},
		"version gap":   {mk("10002", 3, 90)},
		"starts at v2":  {mk("10009", 2, 95)},
		"duplicate seq": {mk("10004", 1, 100), mk("10005", 1, 100)},
		"kid changes":   {func() trekkstore.Version { v := mk("10002", 2, 99); v.Kidnummer = "1"; return v }()},
	} {
		if _, err := s.TrekkLoad(ctx, bad); !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s: %v, want ErrConflict", name, err)
		}
	}
	// A failed load writes nothing.
	if vs, _ := s.TrekkList(ctx, "123456789", 0, 0); len(vs) != 3 {
		t.Fatalf("after failed loads %d orders, want 3", len(vs))
	}
}

func testTrekkList(t *testing.T, s, _ trekkstore.Storage) {
	var seqs []int64
	for i := range 7 {
		org := "123456789"
		if i%2 == 1 {
			org = "311758489"
		}
		v, err := publish(s, org, "", "aktiv")
		must(t, err)
		if org == "123456789" {
			seqs = append(seqs, v.Sekvensnummer)
		}
	}
	all, err := s.TrekkList(ctx, "123456789", 0, 0)
	must(t, err)
	if len(all) != len(seqs) {
		t.Fatalf("%d orders, want %d", len(all), len(seqs))
	}
	page, err := s.TrekkList(ctx, "123456789", seqs[0], 2)
	must(t, err)
	if len(page) != 2 || page[0].Sekvensnummer != seqs[1] || page[1].Sekvensnummer != seqs[2] {
		t.Fatalf("page %+v", page)
	}
	// A new version moves the order to the end, listed once.
	v, err := publish(s, "123456789", all[0].Trekkid, "aktiv")
	must(t, err)
	all, _ = s.TrekkList(ctx, "123456789", 0, 0)
	if len(all) != len(seqs) || all[len(all)-1].Sekvensnummer != v.Sekvensnummer || all[len(all)-1].Trekkversjon != 2 {
		t.Fatalf("after new version %+v", all)
	}
}

func testTrekkDue(t *testing.T, s, _ trekkstore.Storage) {
	a, err := publish(s, "123456789", "", "aktiv") // last sluttdato 2026-03-10
	must(t, err)
	_, err = publish(s, "123456789", "", "avsluttet")
	must(t, err)
	ids, err := s.TrekkDueForClose(ctx, "2026-03-10", "", 10)
	must(t, err)
	if len(ids) != 0 {
		t.Fatalf("due on the last day: %v", ids)
	}
	ids, err = s.TrekkDueForClose(ctx, "2026-03-11", "", 10)
	must(t, err)
	if len(ids) != 1 || ids[0] != a.Trekkid {
		t.Fatalf("due %v, want [%s]", ids, a.Trekkid)
	}
}

// testTrekkPoller: writers on both handles create and version orders
// while a poller pages with a small maksAntall from its watermark, the
// way the documented client loop does (spec: §5.2). At the end the
// poller's view must equal the latest versions exactly: nothing skipped,
// nothing stale, nothing seen out of order.
func testTrekkPoller(t *testing.T, a, b trekkstore.Storage) {
	const (
		org     = "123456789"
		writers = 4
		perW    = 40
		maks    = 3
	)
	var (
		wg   sync.WaitGroup
		done atomic.Bool
		errs = make(chan error, writers+1)
	)
	for w := range writers {
		s := a
		if w%2 == 1 {
			s = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []string
			for i := range perW {
				if i%3 == 2 && len(mine) > 0 {
					if _, err := publishSlow(s, org, mine[i%len(mine)], "aktiv", 2*time.Millisecond); err != nil {
						errs <- err
						return
					}
					continue
				}
				target := org
				if i%5 == 4 {
					target = "311758489" // another employer's orders make gaps
				}
				v, err := publishSlow(s, target, "", "aktiv", 2*time.Millisecond)
				if err != nil {
					errs <- err
					return
				}
				if target == org {
					mine = append(mine, v.Trekkid)
				}
			}
		}()
	}
	view := map[string]int64{} // trekkid → sekvensnummer seen
	var watermark int64
	poll := func(s trekkstore.Storage) error {
		for {
			page, err := s.TrekkList(ctx, org, watermark, maks)
			if err != nil {
				return err
			}
			for _, v := range page {
				if v.Sekvensnummer <= watermark {
					return fmt.Errorf("sekvensnummer %d not above watermark %d", v.Sekvensnummer, watermark)
				}
				watermark = v.Sekvensnummer
				view[v.Trekkid] = v.Sekvensnummer
			}
			if len(page) < maks {
				return nil
			}
		}
	}
	pollerDone := make(chan struct{})
	go func() {
		defer close(pollerDone)
		for i := 0; !done.Load(); i++ {
			s := a
			if i%2 == 1 {
				s = b
			}
			if err := poll(s); err != nil {
				errs <- err
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Wait()
	done.Store(true)
	<-pollerDone
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	must(t, poll(a)) // the final catch-up poll
	latest, err := a.TrekkList(ctx, org, 0, 0)
	must(t, err)
	if len(latest) != len(view) {
		t.Fatalf("poller saw %d orders, database has %d", len(view), len(latest))
	}
	for _, v := range latest {
		if view[v.Trekkid] != v.Sekvensnummer {
			t.Fatalf("order %s: poller has sekvensnummer %d, latest is %d", v.Trekkid, view[v.Trekkid], v.Sekvensnummer)
		}
	}
}

// testTrekkIdempotency: a publication with an idempotency key happens
// once, also when two handles race with it; a repeat returns the first
// version and consumes no sekvensnummer; other input under the key is a
// conflict.
func testTrekkIdempotency(t *testing.T, s, s2 trekkstore.Storage) {
	pub := func(st trekkstore.Storage, key, fp string) (trekkstore.Version, error) {
		return st.TrekkPublish(ctx, trekkstore.Publish{IdempotencyKey: key, Fingerprint: fp, NewKID: nextKID,
			Build: func(_ *trekkstore.Version, a trekkstore.Alloc) (trekkstore.Version, error) {
				v := trekkstore.Version{Trekkid: a.Trekkid, Trekkversjon: 1, Sekvensnummer: a.Sekvensnummer, Trekkpliktig: "123456789",
					Skyldner: "10108412345", Saksnummer: "TREKK/2026/" + a.Trekkid, Kidnummer: a.Kidnummer, Trekkstatus: "aktiv"}
				v.Body = fakeBody(v)
				return v, nil
			}})
	}
	var (
		wg   sync.WaitGroup
		got  [8]trekkstore.Version
		errs [8]error
	)
	for i := range got {
		wg.Go(func() { got[i], errs[i] = pub([]trekkstore.Storage{s, s2}[i%2], "key-1", "fp-1") })
	}
	wg.Wait()
	first, replays := "", 0
	for i := range got {
		must(t, errs[i])
		if first == "" {
			first = got[i].Trekkid
		}
		if got[i].Trekkid != first || got[i].Sekvensnummer != 1 || string(got[i].Body) != string(got[0].Body) {
			t.Fatalf("publication %d: %+v, want the one order %s at sekvensnummer 1", i, got[i], first)
		}
		if got[i].Replayed {
			replays++
		}
	}
	if replays != len(got)-1 {
		t.Fatalf("%d replays, want %d", replays, len(got)-1)
	}
	if _, err := pub(s, "key-1", "fp-2"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("other input under the key: %v, want ErrConflict", err)
	}
	next, err := pub(s2, "key-2", "fp-1")
	must(t, err)
	if next.Replayed || next.Sekvensnummer != 2 || next.Trekkid == first {
		t.Fatalf("a new key: %+v, want a new order at sekvensnummer 2", next)
	}
}
