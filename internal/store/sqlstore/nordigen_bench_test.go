package sqlstore_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
)

// BenchmarkNordigenPollLargeRecord reads a record (what every poll of
// GET /v2/report/{id} does) whose stored statement is 1.2 MB, the
// compact copy of a 10 MiB upload, and one with a small statement.
func BenchmarkNordigenPollLargeRecord(b *testing.B) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "n.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		id   string
		size int
	}{{"small", 2 << 10}, {"large", 1200 << 10}} {
		st := make([]byte, c.size)
		rand.Read(st)
		if err := db.NordigenCreateRecord(ctx, sqlstore.NordigenRecord{RequestID: c.id, ClientID: "c", Status: "uploaded",
			Available: "categorisation", Statement: st, CreatedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
		b.Run(c.id, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.NordigenRecord(ctx, c.id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
