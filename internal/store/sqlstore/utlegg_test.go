package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
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

// A database whose case numbers came from the counter table (before the
// per-year sequences) goes on after the last number it gave, also when
// two processes make the year's sequence at once.
func TestUtleggCaseNumbersContinueOnPostgres(t *testing.T) {
	dsn := freshPostgres(t, postgresURL(t))
	a, b := openPair(t, dsn)
	if err := a.RawExec(`INSERT INTO sequences (name, value) VALUES ('utlegg.saksnummer.2031', 41)`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	got := make([]string, 6)
	for i := range got {
		wg.Go(func() {
			n := utleggstore.NySak{Sak: utleggstore.Sak{EksternSaksreferanse: fmt.Sprintf("n%d", i), Org: "111111111",
				Saksstatus: "sakOpprettet", Body: []byte(`{}`), Kravgrunnlag: map[string]string{}},
				SaksreferanseAar: 2031, Melding: utleggstore.Melding{Meldingsid: fmt.Sprintf("m%d", i)},
				MeldingBody: func(string) []byte { return []byte(`{}`) }}
			k, err := []*sqlstore.DB{a, b}[i%2].UtleggCreate(ctx, n)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = k.Saksreferanse
		})
	}
	wg.Wait()
	slices.Sort(got)
	want := []string{"UTLBGJ/2031/42", "UTLBGJ/2031/43", "UTLBGJ/2031/44", "UTLBGJ/2031/45", "UTLBGJ/2031/46", "UTLBGJ/2031/47"}
	if !slices.Equal(got, want) {
		t.Fatalf("case numbers %v, want %v", got, want)
	}
}
