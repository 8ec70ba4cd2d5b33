package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/namsfogd/namsfogd/internal/dsop/dsopstore"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/store/storetest"
)

func TestDSOPSQLite(t *testing.T) {
	storetest.RunDSOP(t, func(t *testing.T) dsopstore.Storage {
		db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "dsop.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestDSOPPostgres(t *testing.T) {
	base := postgresURL(t)
	storetest.RunDSOP(t, func(t *testing.T) dsopstore.Storage {
		db, err := sqlstore.Open(context.Background(), freshPostgres(t, base))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
