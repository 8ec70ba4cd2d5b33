package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/store/storetest"
)

func TestNordigenSQLite(t *testing.T) {
	storetest.RunNordigen(t, func(t *testing.T) *sqlstore.DB {
		db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "nordigen.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestNordigenPostgres(t *testing.T) {
	base := postgresURL(t)
	storetest.RunNordigen(t, func(t *testing.T) *sqlstore.DB {
		db, err := sqlstore.Open(context.Background(), freshPostgres(t, base))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
