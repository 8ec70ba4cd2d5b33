package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/store/storetest"
)

// The Maskinporten storage conformance suite on both backends. The
// PostgreSQL helpers follow sqlstore_test.go's pattern under their own
// names.

func TestMaskinportenSQLite(t *testing.T) {
	storetest.RunMaskinporten(t, func(t *testing.T) registry.Storage {
		db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "namsfogd.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestMaskinportenPostgres(t *testing.T) {
	base := mpPostgresURL(t)
	storetest.RunMaskinporten(t, func(t *testing.T) registry.Storage {
		db, err := sqlstore.Open(context.Background(), mpFreshPostgres(t, base))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// mpPostgresURL is NAMSFOGD_TEST_POSTGRES or the local server; with
// NAMSFOGD_REQUIRE_POSTGRES=1 an unreachable server fails the test.
func mpPostgresURL(t *testing.T) string {
	u := os.Getenv("NAMSFOGD_TEST_POSTGRES")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	db, err := sql.Open("pgx", u)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = db.PingContext(ctx)
		cancel()
		db.Close()
	}
	if err != nil {
		if os.Getenv("NAMSFOGD_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required but unreachable at %s: %v", u, err)
		}
		t.Skipf("PostgreSQL not reachable (%v); set NAMSFOGD_REQUIRE_POSTGRES=1 to fail instead", err)
	}
	return u
}

var mpSchemaSeq atomic.Int64

// mpFreshPostgres creates a schema for one test and returns a URL whose
// search_path points at it.
func mpFreshPostgres(t *testing.T, base string) string {
	schema := fmt.Sprintf("mp_%d_%d", time.Now().UnixNano(), mpSchemaSeq.Add(1))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
