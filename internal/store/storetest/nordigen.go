package storetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/nordigen/record"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/store/sqlstore"
)

// RunNordigen is the conformance suite of the statement analysis storage
// (spec: statement-analysis.md §4): record lifecycle with compare-and-set,
// the queue/finish outbox, tokens, webhook settings and retention.
func RunNordigen(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	newRec := func(db *sqlstore.DB, id string) {
		t.Helper()
		if err := db.NordigenCreateRecord(ctx, record.Record{RequestID: id, ClientID: "c", Status: "uploaded", Available: "categorisation",
			Statement: []byte(`{"accounts":[]}`), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("Lifecycle", func(t *testing.T) {
		db := open(t)
		newRec(db, "r1")
		if err := db.NordigenCreateRecord(ctx, record.Record{RequestID: "r1", ClientID: "c", Status: "uploaded", CreatedAt: now}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate id: %v", err)
		}
		job := store.Job{Kind: "nordigen.process", Key: "r1", Payload: []byte("r1"), RunAt: now}
		if err := db.NordigenQueue(ctx, "r1", []byte(`{}`), now, job); err != nil {
			t.Fatal(err)
		}
		if err := db.NordigenQueue(ctx, "r1", []byte(`{}`), now, job); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second queue: %v", err)
		}
		j, err := db.ClaimJob(ctx, []string{"nordigen.process"}, now, time.Minute)
		if err != nil || string(j.Payload) != "r1" {
			t.Fatalf("claim: %v", err)
		}
		if err := db.NordigenSetStatus(ctx, "r1", "queued", "processing"); err != nil {
			t.Fatal(err)
		}
		hook := store.Job{Kind: "nordigen.webhook", Key: "r1", Payload: []byte(`{}`), RunAt: now}
		if err := db.NordigenFinish(ctx, "r1", "completed", []byte(`{"a":1}`), []byte(`{"status":"pending"}`), now, &hook); err != nil {
			t.Fatal(err)
		}
		if err := db.NordigenFinish(ctx, "r1", "failed", nil, nil, now, nil); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("terminal state changed: %v", err)
		}
		r, err := db.NordigenRecord(ctx, "r1")
		if err != nil || r.Status != "completed" || string(r.Result) != `{"a":1}` || !r.CreatedAt.Equal(now) {
			t.Fatalf("%+v %v", r, err)
		}
		if _, err := db.ClaimJob(ctx, []string{"nordigen.webhook"}, now, time.Minute); err != nil {
			t.Fatalf("webhook outbox job: %v", err)
		}
	})
	t.Run("ConcurrentQueueOneWins", func(t *testing.T) {
		db := open(t)
		newRec(db, "r2")
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if db.NordigenQueue(ctx, "r2", []byte(`{}`), now, store.Job{Kind: "nordigen.process", Key: "r2", RunAt: now}) == nil {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d winners", wins.Load())
		}
	})
	t.Run("TokensSettingsRetention", func(t *testing.T) {
		db := open(t)
		if err := db.NordigenPutToken(ctx, "h", "c", now); err != nil {
			t.Fatal(err)
		}
		if c, exp, err := db.NordigenToken(ctx, "h"); err != nil || c != "c" || !exp.Equal(now) {
			t.Fatalf("%s %v %v", c, exp, err)
		}
		if _, _, err := db.NordigenToken(ctx, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		if err := db.NordigenPutWebhookSettings(ctx, "c", []byte(`{"a":1}`)); err != nil {
			t.Fatal(err)
		}
		if err := db.NordigenPutWebhookSettings(ctx, "c", []byte(`{"a":2}`)); err != nil {
			t.Fatal(err)
		}
		if b, err := db.NordigenWebhookSettings(ctx, "c"); err != nil || string(b) != `{"a":2}` {
			t.Fatal(string(b), err)
		}
		if err := db.NordigenDeleteWebhookSettings(ctx, "c"); err != nil {
			t.Fatal(err)
		}
		if err := db.NordigenDeleteWebhookSettings(ctx, "c"); !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		newRec(db, "r3")
		if n, err := db.NordigenExpire(ctx, now.Add(time.Hour), now.Add(-time.Hour)); err != nil || n != 1 {
			t.Fatalf("expire %d %v", n, err)
		}
		if r, err := db.NordigenRecord(ctx, "r3"); err != nil || r.Status != "expired" {
			t.Fatalf("%+v %v", r, err)
		}
		if b, _ := db.NordigenStatement(ctx, "r3"); b != nil {
			t.Fatal("statement kept after expiry")
		}
	})
	t.Run("UploadWithAudit", func(t *testing.T) {
		db := open(t)
		audit := store.AuditRecord{Time: now, Service: "nordigen", Action: "report.upload", Actor: "c", SubjectID: "01010112345", Outcome: "ok"}
		if err := db.NordigenCreateRecord(ctx, record.Record{RequestID: "r4", ClientID: "c", Status: "uploaded", CreatedAt: now}, audit); err != nil {
			t.Fatal(err)
		}
		// A duplicate id fails as a whole: no second audit record.
		if err := db.NordigenCreateRecord(ctx, record.Record{RequestID: "r4", ClientID: "c", Status: "uploaded", CreatedAt: now}, audit); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("duplicate: %v", err)
		}
		recs, err := db.ListAudit(ctx, store.AuditQuery{Service: "nordigen"})
		if err != nil || len(recs) != 1 || recs[0].SubjectID != "01010112345" || recs[0].Action != "report.upload" {
			t.Fatalf("audit %+v %v", recs, err)
		}
	})
}
