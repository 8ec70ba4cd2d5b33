package sqlstore_test

import (
	"path/filepath"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store/storetest"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

func openTwice(t *testing.T, dsn string) (trekkstore.Storage, trekkstore.Storage) {
	a, b := openPair(t, dsn)
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
