package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/world"
)

// benchDB opens the database named by NAMSFOGD_BENCH_DB (e.g. a national
// world built with `namsfogd seed --persons 5500000`), or seeds a
// 10 000-person world into a temporary SQLite file.
func benchDB(b *testing.B) *sqlstore.DB {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("NAMSFOGD_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.WorldInfo(ctx); err != nil {
		info := store.WorldInfo{Seed: 1, Persons: 10_000, LoadedAt: time.Now()}
		if err := db.LoadWorld(ctx, info, func(s world.Sink) error {
			return world.Generate(world.GenConfig{Seed: 1, Persons: 10_000}, s)
		}); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// sampleNINs picks n persons spread over the key space.
func sampleNINs(b *testing.B, db *sqlstore.DB, n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	var out []string
	for len(out) < n {
		after := fmt.Sprintf("%02d%02d", r.IntN(31)+1, r.IntN(12)+81)
		ps, err := db.ListPersons(context.Background(), after, 1)
		if err != nil {
			b.Fatal(err)
		}
		if len(ps) == 1 {
			out = append(out, ps[0].NIN)
		}
	}
	return out
}

// BenchmarkPointLookups measures the two lookups every API leans on:
// person by fødselsnummer and accounts by owner.
func BenchmarkPointLookups(b *testing.B) {
	db := benchDB(b)
	nins := sampleNINs(b, db, 1000)
	ctx := context.Background()
	counts, _ := db.CountWorld(ctx)
	b.Logf("world: %d persons, %d accounts", counts.Persons, counts.Accounts)
	b.Run("PersonByNIN", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := db.GetPerson(ctx, nins[i%len(nins)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The same lookup through database/sql directly (one column), for the
	// cost of the store's own mapping.
	b.Run("PersonByNIN-raw", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			var n string
			if err := db.Reader().QueryRowContext(ctx, `SELECT nin FROM persons WHERE nin = $1`, nins[i%len(nins)]).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AccountsByOwner", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := db.AccountsByOwner(ctx, nins[i%len(nins)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
