package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Opener returns a fresh, empty, migrated store for one sub-test.
type Opener func(t *testing.T) store.Store

// Run runs the whole conformance suite.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"Entities", testEntities},
		{"UniqueConstraints", testUnique},
		{"NotFound", testNotFound},
		{"Idempotency", testIdempotency},
		{"JobClaiming", testJobs},
		{"JobClaimingConcurrent", testJobsConcurrent},
		{"AuditAppendOnly", testAudit},
		{"SequenceAllocation", testSequences},
		{"Settings", testSettings},
		{"LoadWorld", testLoadWorld},
		{"ConcurrentWrites", testConcurrentWrites},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var ctx = context.Background()

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func samplePerson(nin string) world.Person {
	return world.Person{NIN: nin, GivenName: "Kari", FamilyName: "Nordmann", BirthDate: "1985-03-01",
		Gender: "F", Street: "Storgata 1", PostalCode: "0155", City: "OSLO"}
}

func sampleBank() world.Organisation {
	return world.Organisation{OrgNr: "910000001", Name: "FJORDBANKEN ASA", Roles: []string{world.RoleBank, world.RoleCreditor}, BankRegNo: "9710"}
}

func testEntities(t *testing.T, s store.Store) {
	p := samplePerson("01018512345")
	must(t, s.CreatePerson(ctx, p))
	got, err := s.GetPerson(ctx, p.NIN)
	must(t, err)
	if got != p {
		t.Fatalf("person round trip: got %+v want %+v", got, p)
	}
	p.Protection = world.ProtectionFortrolig
	must(t, s.UpdatePerson(ctx, p))
	if got, _ := s.GetPerson(ctx, p.NIN); got.Protection != world.ProtectionFortrolig {
		t.Fatalf("update lost: %+v", got)
	}
	must(t, s.CreatePerson(ctx, samplePerson("02018512345")))
	list, err := s.ListPersons(ctx, "", 10)
	must(t, err)
	if len(list) != 2 || list[0].NIN != "01018512345" {
		t.Fatalf("list persons: %+v", list)
	}
	list, _ = s.ListPersons(ctx, "01018512345", 10)
	if len(list) != 1 || list[0].NIN != "02018512345" {
		t.Fatalf("list after: %+v", list)
	}

	bank := sampleBank()
	must(t, s.CreateOrganisation(ctx, bank))
	must(t, s.CreateOrganisation(ctx, world.Organisation{OrgNr: "920000002", Name: "ARBEIDSGIVER AS", Roles: []string{world.RoleEmployer}}))
	o, err := s.GetOrganisation(ctx, bank.OrgNr)
	must(t, err)
	if o.Name != bank.Name || !o.HasRole(world.RoleBank) || !o.HasRole(world.RoleCreditor) || o.BankRegNo != "9710" {
		t.Fatalf("organisation round trip: %+v", o)
	}
	banks, err := s.ListOrganisations(ctx, world.RoleBank, "", 10)
	must(t, err)
	if len(banks) != 1 || banks[0].OrgNr != bank.OrgNr {
		t.Fatalf("list by role: %+v", banks)
	}

	a := world.Account{AccountNumber: "97100000001", BankOrgNr: bank.OrgNr, OwnerID: p.NIN, Type: world.AccountSalary,
		Currency: "NOK", Status: world.AccountEnabled, Name: "Brukskonto", StartDate: "2010-01-01", OwnerSince: "2010-01-01",
		BookedBalance: 1234_56, AvailableBalance: 1000_00, OnlineAvailable: true}
	must(t, s.CreateAccount(ctx, a))
	ga, err := s.GetAccount(ctx, a.AccountNumber)
	must(t, err)
	if ga != a {
		t.Fatalf("account round trip: got %+v want %+v", ga, a)
	}
	accs, err := s.AccountsByOwner(ctx, p.NIN)
	must(t, err)
	if len(accs) != 1 {
		t.Fatalf("accounts by owner: %+v", accs)
	}
	bad := a
	bad.AccountNumber, bad.BankOrgNr = "97100000002", "999999999"
	if err := s.CreateAccount(ctx, bad); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("account at unknown bank: %v", err)
	}
	ap := world.AccountParty{AccountNumber: a.AccountNumber, PartyID: "02018512345", Role: world.PartyDisponent, StartDate: "2020-01-01"}
	must(t, s.CreateAccountParty(ctx, ap))
	aps, err := s.AccountParties(ctx, "02018512345")
	must(t, err)
	if len(aps) != 1 || aps[0] != ap {
		t.Fatalf("account parties: %+v", aps)
	}

	e, err := s.CreateEmployment(ctx, world.Employment{PersonNIN: p.NIN, EmployerOrgNr: "920000002", StartDate: "2015-08-01", AnnualSalary: 612000, PositionPercent: 100})
	must(t, err)
	if e.ID == 0 {
		t.Fatal("employment got no id")
	}
	es, err := s.EmploymentsByPerson(ctx, p.NIN)
	must(t, err)
	if len(es) != 1 || es[0] != e {
		t.Fatalf("employments: %+v vs %+v", es, e)
	}

	d := world.Debt{ID: "L1", PersonNIN: p.NIN, CreditorOrgNr: bank.OrgNr, Type: world.DebtChargeCard, CoBorrower: 2,
		InterestBearingBalance: 6069400, NonInterestBearingBalance: 641000, Timestamp: time.Date(2022, 11, 3, 0, 0, 0, 0, time.UTC)}
	must(t, s.CreateDebt(ctx, d))
	ds, err := s.DebtsByPerson(ctx, p.NIN)
	must(t, err)
	if len(ds) != 1 || ds[0] != d {
		t.Fatalf("debts: %+v", ds)
	}
	c, err := s.CountWorld(ctx)
	must(t, err)
	if c.Persons != 2 || c.Organisations != 2 || c.Accounts != 1 || c.AccountRoles != 1 || c.Employments != 1 || c.Debts != 1 {
		t.Fatalf("counts: %+v", c)
	}
}

func testUnique(t *testing.T, s store.Store) {
	must(t, s.CreatePerson(ctx, samplePerson("01018512345")))
	if err := s.CreatePerson(ctx, samplePerson("01018512345")); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate person: %v", err)
	}
	must(t, s.CreateOrganisation(ctx, sampleBank()))
	if err := s.CreateOrganisation(ctx, sampleBank()); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate organisation: %v", err)
	}
	d := world.Debt{ID: "L1", PersonNIN: "01018512345", CreditorOrgNr: "910000001", Type: world.DebtRepaymentLoan, Timestamp: time.Now()}
	must(t, s.CreateDebt(ctx, d))
	if err := s.CreateDebt(ctx, d); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate debt: %v", err)
	}
	// Concurrent duplicates: exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins, conflicts := 0, 0
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.CreatePerson(ctx, samplePerson("03018512345"))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				wins++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Errorf("concurrent create: %v", err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 || conflicts != 9 {
		t.Fatalf("concurrent duplicates: %d wins, %d conflicts", wins, conflicts)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	if _, err := s.GetPerson(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("person: %v", err)
	}
	if _, err := s.GetOrganisation(ctx, "000000000"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("organisation: %v", err)
	}
	if _, err := s.GetAccount(ctx, "0"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("account: %v", err)
	}
	if err := s.UpdatePerson(ctx, samplePerson("09099912345")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update: %v", err)
	}
	if _, err := s.GetJob(ctx, 4711); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("job: %v", err)
	}
	if _, err := s.WorldInfo(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("world info on empty store: %v", err)
	}
	if accs, err := s.AccountsByOwner(ctx, "nobody"); err != nil || accs == nil || len(accs) != 0 {
		t.Errorf("empty list must be non-nil and empty: %v %v", accs, err)
	}
}

func testIdempotency(t *testing.T, s store.Store) {
	got, replayed, err := s.Idempotent(ctx, "test", "k1", "fp1", []byte("first"))
	must(t, err)
	if replayed || string(got) != "first" {
		t.Fatalf("first call: %q %v", got, replayed)
	}
	got, replayed, err = s.Idempotent(ctx, "test", "k1", "fp1", []byte("second"))
	must(t, err)
	if !replayed || string(got) != "first" {
		t.Fatalf("replay must return the stored result: %q %v", got, replayed)
	}
	if _, _, err := s.Idempotent(ctx, "test", "k1", "fp2", []byte("x")); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("other fingerprint must conflict: %v", err)
	}
	if _, replayed, err := s.Idempotent(ctx, "other", "k1", "fp2", []byte("x")); err != nil || replayed {
		t.Fatalf("scopes are separate: %v %v", replayed, err)
	}
}

func testJobs(t *testing.T, s store.Store) {
	now := time.Now().Truncate(time.Microsecond)
	j1, err := s.EnqueueJob(ctx, store.Job{Kind: "a", Key: "x", Payload: []byte("p1"), RunAt: now.Add(-time.Second)})
	must(t, err)
	dup, err := s.EnqueueJob(ctx, store.Job{Kind: "a", Key: "x", Payload: []byte("other")})
	must(t, err)
	if dup.ID != j1.ID {
		t.Fatalf("keyed enqueue must be idempotent: %d vs %d", dup.ID, j1.ID)
	}
	_, err = s.EnqueueJob(ctx, store.Job{Kind: "a", Payload: []byte("later"), RunAt: now.Add(time.Hour)})
	must(t, err)
	if _, err := s.ClaimJob(ctx, []string{"b"}, now, time.Minute); !errors.Is(err, store.ErrNoJob) {
		t.Fatalf("other kind: %v", err)
	}
	if n, err := s.ActiveJobs(ctx, "a"); err != nil || n != 2 {
		t.Fatalf("active jobs of a: %d %v, want 2", n, err)
	}
	if n, err := s.ActiveJobs(ctx, "b"); err != nil || n != 0 {
		t.Fatalf("active jobs of b: %d %v, want 0", n, err)
	}
	c, err := s.ClaimJob(ctx, []string{"a"}, now, time.Minute)
	must(t, err)
	if c.ID != j1.ID || c.State != store.JobRunning || c.Attempts != 1 || string(c.Payload) != "p1" {
		t.Fatalf("claimed %+v", c)
	}
	if _, err := s.ClaimJob(ctx, []string{"a"}, now, time.Minute); !errors.Is(err, store.ErrNoJob) {
		t.Fatalf("running job and future job must not be claimable: %v", err)
	}
	// Lease expiry: a dead worker's job is claimed again.
	c2, err := s.ClaimJob(ctx, []string{"a"}, now.Add(2*time.Minute), time.Minute)
	must(t, err)
	if c2.ID != j1.ID || c2.Attempts != 2 {
		t.Fatalf("reclaim after lease: %+v", c2)
	}
	must(t, s.RetryJob(ctx, c2.ID, now.Add(3*time.Minute), "boom"))
	g, _ := s.GetJob(ctx, c2.ID)
	if g.State != store.JobReady || g.LastError != "boom" {
		t.Fatalf("retry: %+v", g)
	}
	c3, err := s.ClaimJob(ctx, []string{"a"}, now.Add(3*time.Minute), time.Minute)
	must(t, err)
	must(t, s.CompleteJob(ctx, c3.ID))
	if g, _ := s.GetJob(ctx, c3.ID); g.State != store.JobDone {
		t.Fatalf("complete: %+v", g)
	}
	must(t, s.FailJob(ctx, c3.ID, "gave up"))
	if g, _ := s.GetJob(ctx, c3.ID); g.State != store.JobFailed {
		t.Fatalf("fail: %+v", g)
	}
}

func testJobsConcurrent(t *testing.T, s store.Store) {
	const n = 40
	for i := range n {
		_, err := s.EnqueueJob(ctx, store.Job{Kind: "c", Key: fmt.Sprint(i), RunAt: time.Now().Add(-time.Second)})
		must(t, err)
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, err := s.ClaimJob(ctx, []string{"c"}, time.Now(), time.Hour)
				if errors.Is(err, store.ErrNoJob) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen[j.ID]++
				mu.Unlock()
				if err := s.CompleteJob(ctx, j.ID); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("claimed %d distinct jobs, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("job %d claimed %d times", id, c)
		}
	}
}

func testAudit(t *testing.T, s store.Store) {
	id1, err := s.AppendAudit(ctx, store.AuditRecord{Time: time.Now(), Service: "dsop", Action: "accounts.list", Actor: "974761076",
		SubjectID: "01018512345", Outcome: "ok", Details: map[string]any{"accounts": float64(2)}})
	must(t, err)
	id2, err := s.AppendAudit(ctx, store.AuditRecord{Service: "gjeld", Action: "debt.read", Actor: "c1", SubjectID: "02018512345", Outcome: "ok"})
	must(t, err)
	if id2 <= id1 {
		t.Fatalf("ids must increase: %d %d", id1, id2)
	}
	rs, err := s.ListAudit(ctx, store.AuditQuery{SubjectID: "01018512345"})
	must(t, err)
	if len(rs) != 1 || rs[0].Action != "accounts.list" || rs[0].Details["accounts"] != float64(2) {
		t.Fatalf("by subject: %+v", rs)
	}
	rs, _ = s.ListAudit(ctx, store.AuditQuery{AfterID: id1})
	if len(rs) != 1 || rs[0].ID != id2 {
		t.Fatalf("after id: %+v", rs)
	}
	if db, ok := s.(interface{ RawExec(string) error }); ok {
		if err := db.RawExec(`UPDATE audit SET outcome = 'changed'`); err == nil {
			t.Fatal("audit rows must not be updatable")
		}
		if err := db.RawExec(`DELETE FROM audit`); err == nil {
			t.Fatal("audit rows must not be deletable")
		}
	} else {
		t.Fatal("backend must expose RawExec for the append-only check")
	}
	rs, _ = s.ListAudit(ctx, store.AuditQuery{})
	if len(rs) != 2 || rs[0].Outcome != "ok" {
		t.Fatalf("audit changed: %+v", rs)
	}
}

func testSequences(t *testing.T, s store.Store) {
	const writers, each = 4, 25
	var mu sync.Mutex
	got := map[int64]bool{}
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				v, err := s.NextSequence(ctx, "seq")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if got[v] {
					t.Errorf("value %d allocated twice", v)
				}
				got[v] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for i := int64(1); i <= writers*each; i++ {
		if !got[i] {
			t.Fatalf("gap: %d missing", i)
		}
	}
	if v, _ := s.NextSequence(ctx, "other"); v != 1 {
		t.Fatalf("counters are separate: %d", v)
	}
}

func testSettings(t *testing.T, s store.Store) {
	if _, err := s.GetSetting(ctx, "clock"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unset: %v", err)
	}
	must(t, s.PutSetting(ctx, "clock", []byte(`{"mode":"real"}`)))
	must(t, s.PutSetting(ctx, "clock", []byte(`{"mode":"frozen"}`)))
	v, err := s.GetSetting(ctx, "clock")
	must(t, err)
	if string(v) != `{"mode":"frozen"}` {
		t.Fatalf("setting: %s", v)
	}
}

func testLoadWorld(t *testing.T, s store.Store) {
	must(t, s.CreatePerson(ctx, samplePerson("09099912345"))) // replaced by the load
	_, err := s.AppendAudit(ctx, store.AuditRecord{Service: "x", Action: "y", Actor: "z", Outcome: "ok"})
	must(t, err)
	bank := sampleBank()
	gen := func(sink world.Sink) error {
		must(t, sink.Organisation(bank))
		for i := range 250 {
			nin := fmt.Sprintf("0101851%04d", i)
			must(t, sink.Person(samplePerson(nin)))
			must(t, sink.Account(world.Account{AccountNumber: fmt.Sprintf("9710%07d", i), BankOrgNr: bank.OrgNr, OwnerID: nin,
				Type: world.AccountSalary, Currency: "NOK", Status: world.AccountEnabled, StartDate: "2020-01-01", OwnerSince: "2020-01-01", OnlineAvailable: true}))
			must(t, sink.Employment(world.Employment{ID: int64(i + 1), PersonNIN: nin, EmployerOrgNr: bank.OrgNr, StartDate: "2020-01-01", AnnualSalary: 500000, PositionPercent: 100}))
			if i%5 == 0 {
				must(t, sink.AccountParty(world.AccountParty{AccountNumber: fmt.Sprintf("9710%07d", i), PartyID: "x" + nin, Role: world.PartyDisponent, StartDate: "2021-01-01"}))
				must(t, sink.Debt(world.Debt{ID: fmt.Sprint("L", i), PersonNIN: nin, CreditorOrgNr: bank.OrgNr, Type: world.DebtRepaymentLoan, Balance: 100, Timestamp: time.Unix(0, 0)}))
			}
		}
		return nil
	}
	info := store.WorldInfo{Seed: 7, Persons: 250, LoadedAt: time.Now().UTC().Truncate(time.Second)}
	must(t, s.LoadWorld(ctx, info, gen))
	c, err := s.CountWorld(ctx)
	must(t, err)
	want := store.WorldCounts{Persons: 250, Organisations: 1, Accounts: 250, AccountRoles: 50, Employments: 250, Debts: 50}
	if c != want {
		t.Fatalf("counts %+v want %+v", c, want)
	}
	if _, err := s.GetPerson(ctx, "09099912345"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("LoadWorld must replace the old world")
	}
	gi, err := s.WorldInfo(ctx)
	must(t, err)
	if gi.Seed != 7 || gi.Persons != 250 || !gi.LoadedAt.Equal(info.LoadedAt) {
		t.Fatalf("world info %+v", gi)
	}
	if rs, _ := s.ListAudit(ctx, store.AuditQuery{}); len(rs) != 1 {
		t.Fatal("LoadWorld must keep the audit log")
	}
	accs, err := s.AccountsByOwner(ctx, "01018510007")
	must(t, err)
	if len(accs) != 1 {
		t.Fatalf("index after load: %+v", accs)
	}
	// New employments get ids after the loaded ones.
	e, err := s.CreateEmployment(ctx, world.Employment{PersonNIN: "01018510007", EmployerOrgNr: bank.OrgNr, StartDate: "2024-01-01", AnnualSalary: 1, PositionPercent: 50})
	must(t, err)
	if e.ID <= 250 {
		t.Fatalf("employment id %d collides with loaded ids", e.ID)
	}
	c.Employments++
	// A failing generator either leaves the old world whole (the load was
	// rolled back) or no world marker at all; never a partial world that
	// looks complete.
	boom := errors.New("boom")
	if err := s.LoadWorld(ctx, info, func(sink world.Sink) error { sink.Organisation(bank); return boom }); !errors.Is(err, boom) {
		t.Fatalf("load error: %v", err)
	}
	if _, err := s.WorldInfo(ctx); err == nil {
		c2, err := s.CountWorld(ctx)
		must(t, err)
		if c2 != c {
			t.Fatalf("an interrupted load left a partial world marked complete: %+v", c2)
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
}

// testConcurrentWrites: many concurrent writers, a third of them
// duplicates; every distinct write lands exactly once, every duplicate is
// refused, and a refused write leaves no trace (the SQLite backend commits
// concurrent writes together, so this also proves one failing write in a
// shared commit does not disturb the others).
func testConcurrentWrites(t *testing.T, s store.Store) {
	const n = 150
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, conflict := 0, 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nin := fmt.Sprintf("1501851%04d", i%100) // 50 duplicates
			_, aerr := s.AppendAudit(ctx, store.AuditRecord{Service: "t", Action: "w", Actor: "a", SubjectID: nin, Outcome: "ok"})
			err := s.CreatePerson(ctx, samplePerson(nin))
			mu.Lock()
			defer mu.Unlock()
			if aerr != nil {
				t.Errorf("audit: %v", aerr)
			}
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrConflict):
				conflict++
			default:
				t.Errorf("create: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 100 || conflict != 50 {
		t.Fatalf("%d created, %d conflicts; want 100 and 50", ok, conflict)
	}
	c, err := s.CountWorld(ctx)
	must(t, err)
	if c.Persons != 100 {
		t.Fatalf("%d persons stored, want 100", c.Persons)
	}
	rs, err := s.ListAudit(ctx, store.AuditQuery{Limit: 1000})
	must(t, err)
	if len(rs) != n {
		t.Fatalf("%d audit records, want %d", len(rs), n)
	}
}
