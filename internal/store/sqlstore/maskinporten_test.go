package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
	"github.com/namsfogd/namsfogd/internal/store/storetest"
)

// The Maskinporten storage conformance suite on both backends.

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
	base := postgresURL(t)
	storetest.RunMaskinporten(t, func(t *testing.T) registry.Storage {
		db, err := sqlstore.Open(context.Background(), freshPostgres(t, base))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
