package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/store/storetest"
)

func TestGjeldSQLite(t *testing.T) {
	storetest.RunGjeld(t, func(t *testing.T) model.Storage {
		db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "gjeld.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestGjeldPostgres(t *testing.T) {
	base := postgresURL(t)
	storetest.RunGjeld(t, func(t *testing.T) model.Storage {
		db, err := sqlstore.Open(context.Background(), freshPostgres(t, base))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
