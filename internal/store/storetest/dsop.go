package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/dsop/dsopstore"
	"github.com/namsfogd/namsfogd/internal/store"
)

// RunDSOP is the conformance sub-suite of the DSOP storage (spec:
// dsop-kontroll.md §5.3 references, §4.7 pages, §9 audit): open returns a
// fresh, empty store.
func RunDSOP(t *testing.T, open func(t *testing.T) dsopstore.Storage) {
	t.Run("RefsStableWithinCase", func(t *testing.T) { testDSOPRefs(t, open(t)) })
	t.Run("RefsExpire", func(t *testing.T) { testDSOPExpiry(t, open(t)) })
	t.Run("DisclosureIsAtomic", func(t *testing.T) { testDSOPAtomic(t, open(t)) })
	t.Run("Pages", func(t *testing.T) { testDSOPPages(t, open(t)) })
}

var dsopNow = time.Date(2025, 10, 15, 8, 0, 0, 0, time.UTC)

func dsopRef(ref, consumer, acct string, at time.Time) dsopstore.Ref {
	return dsopstore.Ref{Ref: ref, Consumer: consumer, RequestID: "case-1", BankOrgNr: "311000004", AccountNumber: acct,
		PartyID: "15838510075", Profile: "IM", IssuedAt: at}
}

func auditOf(refs []dsopstore.Ref) (store.AuditRecord, error) {
	return store.AuditRecord{Time: dsopNow, Service: "dsop", Action: "bank.accounts", Actor: "0192:974761076",
		SubjectID: "15838510075", Outcome: "200 complete", Details: map[string]any{"refs": len(refs)}}, nil
}

func testDSOPRefs(t *testing.T, s dsopstore.Storage) {
	ctx := context.Background()
	d := dsopstore.Disclosure{Refs: []dsopstore.Ref{dsopRef("r1", "0192:974761076", "A", dsopNow), dsopRef("r2", "0192:974761076", "B", dsopNow)},
		ValidAfter: dsopNow.Add(-24 * time.Hour), Audit: auditOf}
	got, err := s.DSOPDisclose(ctx, d)
	must(t, err)
	if len(got) != 2 || got[0].Ref != "r1" || got[1].Ref != "r2" {
		t.Fatalf("first issue: %+v", got)
	}
	// Same case again with new candidates: the stored references stay.
	d.Refs = []dsopstore.Ref{dsopRef("r3", "0192:974761076", "A", dsopNow), dsopRef("r4", "0192:974761076", "B", dsopNow)}
	got, err = s.DSOPDisclose(ctx, d)
	must(t, err)
	if got[0].Ref != "r1" || got[1].Ref != "r2" {
		t.Fatalf("second issue changed references: %+v", got)
	}
	// Another consumer gets its own.
	d.Refs = []dsopstore.Ref{dsopRef("r5", "0192:915429785", "A", dsopNow)}
	got, err = s.DSOPDisclose(ctx, d)
	must(t, err)
	if got[0].Ref != "r5" {
		t.Fatalf("other consumer: %+v", got)
	}
	r, err := s.DSOPGetRef(ctx, "r1")
	must(t, err)
	if r.AccountNumber != "A" || r.Consumer != "0192:974761076" || !r.IssuedAt.Equal(dsopNow) {
		t.Fatalf("stored ref %+v", r)
	}
	if _, err := s.DSOPGetRef(ctx, "r3"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unissued candidate: %v", err)
	}
	recs, err := s.ListAudit(ctx, store.AuditQuery{Service: "dsop"})
	must(t, err)
	if len(recs) != 3 {
		t.Fatalf("%d audit records, want 3", len(recs))
	}
}

func testDSOPExpiry(t *testing.T, s dsopstore.Storage) {
	ctx := context.Background()
	old := dsopNow.Add(-25 * time.Hour)
	_, err := s.DSOPDisclose(ctx, dsopstore.Disclosure{Refs: []dsopstore.Ref{dsopRef("old", "c", "A", old)}, ValidAfter: old.Add(-time.Hour), Audit: auditOf})
	must(t, err)
	got, err := s.DSOPDisclose(ctx, dsopstore.Disclosure{Refs: []dsopstore.Ref{dsopRef("new", "c", "A", dsopNow)}, ValidAfter: dsopNow.Add(-24 * time.Hour), Audit: auditOf})
	must(t, err)
	if got[0].Ref != "new" {
		t.Fatalf("expired reference kept: %+v", got)
	}
	if _, err := s.DSOPGetRef(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired reference still resolves: %v", err)
	}
}

func testDSOPAtomic(t *testing.T, s dsopstore.Storage) {
	ctx := context.Background()
	_, err := s.DSOPDisclose(ctx, dsopstore.Disclosure{Refs: []dsopstore.Ref{dsopRef("x", "c", "A", dsopNow)},
		Pages: []dsopstore.Page{{Token: "p", Consumer: "c", Offset: 1000, IssuedAt: dsopNow}},
		Audit: func([]dsopstore.Ref) (store.AuditRecord, error) { return store.AuditRecord{}, errors.New("boom") }})
	if err == nil {
		t.Fatal("a failing audit must fail the disclosure")
	}
	if _, err := s.DSOPGetRef(ctx, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("reference survived a rolled-back disclosure: %v", err)
	}
	if _, err := s.DSOPGetPage(ctx, "p"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("page survived a rolled-back disclosure: %v", err)
	}
}

func testDSOPPages(t *testing.T, s dsopstore.Storage) {
	ctx := context.Background()
	p := dsopstore.Page{Token: "tok", Consumer: "c", RequestID: "case", BankOrgNr: "311000004", PartyID: "15838510075", Offset: 1000, IssuedAt: dsopNow}
	_, err := s.DSOPDisclose(ctx, dsopstore.Disclosure{Pages: []dsopstore.Page{p}, Audit: auditOf})
	must(t, err)
	got, err := s.DSOPGetPage(ctx, "tok")
	must(t, err)
	if got.Offset != 1000 || got.PartyID != p.PartyID || !got.IssuedAt.Equal(dsopNow) {
		t.Fatalf("page %+v", got)
	}
	if _, err := s.DSOPGetPage(ctx, "other"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown page: %v", err)
	}
}
