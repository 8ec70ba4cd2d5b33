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

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "namsfogd.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// PostgresURL returns the PostgreSQL server the tests use:
// NAMSFOGD_TEST_POSTGRES, or the local server at 127.0.0.1:5432. When
// NAMSFOGD_REQUIRE_POSTGRES=1 (as in CI) an unreachable server fails the
// test instead of skipping it.
func postgresURL(t *testing.T) string {
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

var schemaSeq atomic.Int64

// freshPostgres creates a new schema for one test and returns a URL whose
// search_path points at it, so tests never see each other's rows.
func freshPostgres(t *testing.T, base string) string {
	schema := fmt.Sprintf("t_%d_%d", time.Now().UnixNano(), schemaSeq.Add(1))
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

func TestPostgres(t *testing.T) {
	base := postgresURL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := sqlstore.Open(context.Background(), freshPostgres(t, base))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// A write after Close fails at once; it never hangs.
func TestWriteAfterClose(t *testing.T) {
	db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	done := make(chan error, 1)
	go func() { done <- db.PutSetting(context.Background(), "x", []byte("y")) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("write after close succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("write after close hangs")
	}
}

// openDB opens a store for one test and closes it when the test ends.
func openDB(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openPair opens two stores on one database, as two namsfogd processes.
func openPair(t *testing.T, dsn string) (*sqlstore.DB, *sqlstore.DB) {
	return openDB(t, dsn), openDB(t, dsn)
}
