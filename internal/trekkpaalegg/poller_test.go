package trekkpaalegg_test

import (
	"context"
	"fmt"
	"github.com/namsfogd/namsfogd/internal/store/pgtest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
)

// TestPollerConsistencySQLite and TestPollerConsistencyPostgres: two
// namsfogd "processes" (two services on two database handles) create and
// version orders from several goroutines while a payroll client runs the
// documented loop over HTTP against both, alternately (fraSekvensnummer =
// highest seen, maksAntall small, again while the page is full). At the
// end the client's view equals the latest versions exactly (spec:
// trekkpaalegg.md §5.2, §12; issue: "never misses, repeats or
// mis-assigns an order").
func TestPollerConsistencySQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "namsfogd.db")
	runPoller(t, openSQLite(t, path), openSQLite(t, path))
}

func TestPollerConsistencyPostgres(t *testing.T) {
	dsn := pgtest.Fresh(t)
	a, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	b, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	runPoller(t, a, b)
}

func runPoller(t *testing.T, dbA, dbB *sqlstore.DB) {
	envs := []*env{newEnv(t, envOpt{db: dbA, noAudit: true}), newEnv(t, envOpt{db: dbB, noAudit: true, noFixture: true})}
	const (
		writers = 4
		perW    = 30
		maks    = 3
	)
	period := func(amount int) []trekkpaalegg.TrekkstoerrelseForPeriode {
		return []trekkpaalegg.TrekkstoerrelseForPeriode{trekkpaalegg.Beloep("2026-03-02", "", float64(amount))}
	}
	var (
		wg   sync.WaitGroup
		done atomic.Bool
		errs = make(chan error, writers+1)
	)
	for w := range writers {
		svc := envs[w%2].svc
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			var mine []string
			for i := range perW {
				var err error
				switch {
				case i%3 == 2 && len(mine) > 0:
					_, err = svc.NewVersion(ctx, mine[i%len(mine)], trekkpaalegg.NewVersion{TrekkstoerrelseForPeriode: period(1000 + i)})
				default:
					org := org123
					if i%4 == 3 {
						org = orgOther
					}
					var o trekkpaalegg.Trekkpaalegg
					o, err = svc.Create(ctx, trekkpaalegg.CreateOrder{Trekkpliktig: org, Skyldner: "10108412345", TrekkstoerrelseForPeriode: period(500 + i)})
					if org == org123 {
						mine = append(mine, o.Trekkid)
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	tok := envs[0].sbToken(org123) // a payroll system polling for its customer
	view := map[string]int64{}
	var watermark int64
	poll := func(e *env) error {
		for {
			r := e.get(fmt.Sprintf("%s?fraSekvensnummer=%d&maksAntall=%d", apiPath, watermark, maks), tok)
			if r.status != 200 {
				return fmt.Errorf("poll: %d %s", r.status, r.body)
			}
			page := r.list(t)
			for _, o := range page {
				seq := int64(o["sekvensnummer"].(float64))
				if seq <= watermark || o["trekkpliktig"] != org123 {
					return fmt.Errorf("bad element %v after watermark %d", o, watermark)
				}
				watermark = seq
				view[o["trekkid"].(string)] = seq
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
			if err := poll(envs[i%2]); err != nil {
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
	if err := poll(envs[1]); err != nil {
		t.Fatal(err)
	}
	latest, err := dbA.TrekkList(context.Background(), org123, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != len(view) {
		t.Fatalf("client saw %d orders, database has %d", len(view), len(latest))
	}
	for _, v := range latest {
		if view[v.Trekkid] != v.Sekvensnummer {
			t.Fatalf("order %s: client has sekvensnummer %d, latest is %d", v.Trekkid, view[v.Trekkid], v.Sekvensnummer)
		}
	}
}
