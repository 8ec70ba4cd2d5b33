package nordigen

import (
	"context"
	"testing"

	"github.com/namsfogd/namsfogd/internal/store"
)

// TestAuditUploadAndRead: every upload and every read of finished
// results leaves an audit record naming the client and the record;
// status polls do not.
func TestAuditUploadAndRead(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	e.attrs(id) // uploaded: a status poll, not audited
	e.put(id, putCat)
	e.wait(id)
	e.attrs(id)
	recs, err := e.db.ListAudit(context.Background(), store.AuditQuery{Service: "nordigen"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0].Action != "report.upload" || recs[1].Action != "report.read" || recs[2].Action != "report.read" {
		t.Fatalf("audit: %+v", recs)
	}
	for _, r := range recs {
		if r.Actor != "demo-client" || r.Details["request-id"] != id {
			t.Fatalf("audit record %+v", r)
		}
	}
	if recs[0].Details["transactions"] != 2.0 || recs[1].Outcome != "completed" {
		t.Fatalf("details %+v / %+v", recs[0], recs[1])
	}
}
