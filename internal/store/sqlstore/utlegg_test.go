package sqlstore_test

import (
	"path/filepath"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store/storetest"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

func openUtleggTwice(t *testing.T, dsn string) (utleggstore.Storage, utleggstore.Storage) {
	a, b := openPair(t, dsn)
	return a, b
}

func TestUtleggSQLite(t *testing.T) {
	storetest.RunUtlegg(t, func(t *testing.T) (utleggstore.Storage, utleggstore.Storage) {
		return openUtleggTwice(t, filepath.Join(t.TempDir(), "namsfogd.db"))
	})
}

// TestUtleggPostgres runs the suite with two handles on one schema, as
// two namsfogd processes sharing one database.
func TestUtleggPostgres(t *testing.T) {
	base := postgresURL(t)
	storetest.RunUtlegg(t, func(t *testing.T) (utleggstore.Storage, utleggstore.Storage) {
		return openUtleggTwice(t, freshPostgres(t, base))
	})
}
