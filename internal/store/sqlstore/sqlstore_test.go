package sqlstore_test

import (
	"context"
	"github.com/namsfogd/namsfogd/internal/store/pgtest"
	"path/filepath"
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

// postgresURL and freshPostgres: see pgtest.
func postgresURL(t *testing.T) string { return pgtest.Base(t) }

func freshPostgres(t *testing.T, base string) string { return pgtest.Schema(t, base) }

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
