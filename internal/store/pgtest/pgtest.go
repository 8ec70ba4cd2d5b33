// Package pgtest gives a test a PostgreSQL schema of its own on the test
// server: NAMSFOGD_TEST_POSTGRES, or the local server at 127.0.0.1:5432
// (trust auth, database test). A test skips when no server answers,
// unless NAMSFOGD_REQUIRE_POSTGRES=1 (as in CI), which fails it instead.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// Base returns the URL of the test server, after checking it answers.
func Base(t testing.TB) string {
	t.Helper()
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

var seq atomic.Int64

// Schema creates a new schema on base, dropped when the test ends, and
// returns a URL whose search_path points at it, so tests never see each
// other's rows.
func Schema(t testing.TB, base string) string {
	t.Helper()
	schema := fmt.Sprintf("t_%d_%d", time.Now().UnixNano(), seq.Add(1))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
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

// Fresh is Schema on Base.
func Fresh(t testing.TB) string { return Schema(t, Base(t)) }
