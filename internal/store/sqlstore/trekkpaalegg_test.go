package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/store/storetest"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

func openTwice(t *testing.T, dsn string) (trekkstore.Storage, trekkstore.Storage) {
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
	return a, b
}

func TestTrekkpaaleggSQLite(t *testing.T) {
	storetest.RunTrekkpaalegg(t, func(t *testing.T) (trekkstore.Storage, trekkstore.Storage) {
		return openTwice(t, filepath.Join(t.TempDir(), "namsfogd.db"))
	})
}

// TestTrekkpaaleggPostgres runs the suite with two *sqlstore.DB handles on
// one schema, as two namsfogd processes sharing one database.
func TestTrekkpaaleggPostgres(t *testing.T) {
	base := postgresURL(t)
	storetest.RunTrekkpaalegg(t, func(t *testing.T) (trekkstore.Storage, trekkstore.Storage) {
		return openTwice(t, freshPostgres(t, base))
	})
}
