package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

// GjeldOpener returns a fresh, migrated store for one sub-test.
type GjeldOpener func(t *testing.T) model.Storage

// RunGjeld runs the Norsk Gjeldsinformasjon storage conformance suite
// (spec: gjeldsinformasjon.md §7, §8, §13 item 19).
func RunGjeld(t *testing.T, open GjeldOpener) {
	tests := []struct {
		name string
		fn   func(*testing.T, model.Storage)
	}{
		{"ClientsAndKeys", gjClients},
		{"AgreementIdempotency", gjIdempotency},
		{"SingleUseAtomic", gjSingleUse},
		{"RevokeAndExpireOnce", gjArchiveOnce},
		{"FeedOrderAndBounds", gjFeed},
		{"CodeRedeemOnce", gjCodes},
		{"CreditorModes", gjModes},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var gjT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func gjClient(t *testing.T, s model.Storage, id string) {
	t.Helper()
	must(t, s.GjeldPutClient(ctx, model.Client{ID: id, SecretHash: "h", OrgNr: "898205614", Name: "X",
		RedirectURIs: []string{"https://a/cb"}, Purposes: []string{model.PurposePresentation}, Created: gjT0}))
}

func gjConsent(id, client, ext string, single bool) model.Consent {
	return model.Consent{ID: id, ClientID: client, NIN: "14842249091", Purpose: model.PurposePresentation, SingleUse: single,
		Origin: model.OriginAgreement, ClientConsentID: ext, Fingerprint: "fp", Created: gjT0, Expires: gjT0.Add(time.Hour)}
}

func gjEv(id string, at time.Time) model.FeedEvent {
	return model.FeedEvent{EventID: id, Occurred: at, Appended: at}
}

func gjAudit() store.AuditRecord {
	return store.AuditRecord{Time: gjT0, Service: "gjeld", Action: "test", Actor: "c", Outcome: "ok"}
}

func gjClients(t *testing.T, s model.Storage) {
	gjClient(t, s, "c1")
	if err := s.GjeldPutClient(ctx, model.Client{ID: "c1", Created: gjT0}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate client: %v", err)
	}
	c, err := s.GjeldGetClient(ctx, "c1")
	must(t, err)
	if c.RedirectURIs[0] != "https://a/cb" || !c.HasPurpose(model.PurposePresentation) {
		t.Fatalf("client %+v", c)
	}
	if _, err := s.GjeldEnsureKey(ctx, model.SigningKey{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no key yet: %v", err)
	}
	k1, err := s.GjeldEnsureKey(ctx, model.SigningKey{KID: "a", PrivatePEM: "pa", Created: gjT0})
	must(t, err)
	k2, err := s.GjeldEnsureKey(ctx, model.SigningKey{KID: "b", PrivatePEM: "pb", Created: gjT0})
	must(t, err)
	if k1.KID != "a" || k2.KID != "a" {
		t.Fatalf("first key must win: %v %v", k1.KID, k2.KID)
	}
}

func gjIdempotency(t *testing.T, s model.Storage) {
	gjClient(t, s, "c1")
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, err := s.GjeldCreateConsent(ctx, gjConsent(fmt.Sprintf("id-%d", i), "c1", "ext", false), gjEv(fmt.Sprintf("e%d", i), gjT0), gjAudit())
			if err != nil {
				t.Error(err)
			}
			ids[i] = c.ID
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("concurrent PUTs made several consents: %v", ids)
		}
	}
	evs, err := s.GjeldFeed(ctx, "c1", 1, time.Time{}, 100)
	must(t, err)
	if len(evs) != 1 {
		t.Fatalf("events %d, want 1", len(evs))
	}
	c := gjConsent("other", "c1", "ext", false)
	c.Fingerprint = "different"
	if _, _, err := s.GjeldCreateConsent(ctx, c, gjEv("x", gjT0), gjAudit()); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("conflict: %v", err)
	}
}

func gjSingleUse(t *testing.T, s model.Storage) {
	gjClient(t, s, "c1")
	_, _, err := s.GjeldCreateConsent(ctx, gjConsent("s1", "c1", "", true), gjEv("e0", gjT0), gjAudit())
	must(t, err)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.GjeldUseConsent(ctx, "s1", model.Use{ClientID: "c1", At: gjT0.Add(time.Minute), Endpoint: "x"},
				gjEv(fmt.Sprintf("u%d", i), gjT0.Add(time.Minute)), gjAudit())
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			} else if !errors.Is(err, model.ErrInactive) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Fatalf("%d successful uses of a single-use consent", ok)
	}
	uses, err := s.GjeldUses(ctx, "s1")
	must(t, err)
	c, err := s.GjeldGetConsent(ctx, "s1")
	must(t, err)
	if len(uses) != 1 || c.State != model.StateUsed {
		t.Fatalf("uses %d state %s", len(uses), c.State)
	}
}

func gjArchiveOnce(t *testing.T, s model.Storage) {
	gjClient(t, s, "c1")
	for _, id := range []string{"a", "b"} {
		_, _, err := s.GjeldCreateConsent(ctx, gjConsent(id, "c1", "", false), gjEv("e"+id, gjT0), gjAudit())
		must(t, err)
	}
	_, err := s.GjeldRevokeConsent(ctx, "a", gjEv("r1", gjT0.Add(time.Minute)), gjAudit())
	must(t, err)
	if _, err := s.GjeldRevokeConsent(ctx, "a", gjEv("r2", gjT0.Add(2*time.Minute)), gjAudit()); !errors.Is(err, model.ErrInactive) {
		t.Fatalf("second revoke: %v", err)
	}
	n := 0
	newID := func() string { n++; return fmt.Sprintf("x%d", n) }
	got, err := s.GjeldArchiveExpired(ctx, gjT0.Add(2*time.Hour), 100, newID)
	must(t, err)
	again, err := s.GjeldArchiveExpired(ctx, gjT0.Add(3*time.Hour), 100, newID)
	must(t, err)
	if got != 1 || again != 0 {
		t.Fatalf("expired %d then %d, want 1 then 0", got, again)
	}
	evs, err := s.GjeldFeed(ctx, "c1", 1, time.Time{}, 100)
	must(t, err)
	arch := 0
	for _, e := range evs {
		if e.Type == model.EventArchived {
			arch++
			if e.ConsentID == "b" && !e.Occurred.Equal(gjT0.Add(time.Hour)) {
				t.Errorf("expiry event time %v", e.Occurred)
			}
		}
	}
	if arch != 2 {
		t.Fatalf("archive events %d, want 2", arch)
	}
}

func gjFeed(t *testing.T, s model.Storage) {
	gjClient(t, s, "c1")
	gjClient(t, s, "c2")
	for i := range 10 {
		cl := []string{"c1", "c2"}[i%2]
		_, _, err := s.GjeldCreateConsent(ctx, gjConsent(fmt.Sprintf("f%d", i), cl, "", false), gjEv(fmt.Sprintf("e%d", i), gjT0.Add(time.Duration(i)*time.Hour)), gjAudit())
		must(t, err)
	}
	evs, err := s.GjeldFeed(ctx, "c1", 1, time.Time{}, 100)
	must(t, err)
	if len(evs) != 5 {
		t.Fatalf("c1 events %d", len(evs))
	}
	for i := 1; i < len(evs); i++ {
		if evs[i].Seq <= evs[i-1].Seq || evs[i].ClientID != "c1" {
			t.Fatalf("order %v", evs)
		}
	}
	first, last, err := s.GjeldFeedBounds(ctx, "c1", gjT0.Add(3*time.Hour))
	must(t, err)
	if last != evs[4].Seq || first != evs[2].Seq {
		t.Fatalf("bounds %d %d", first, last)
	}
}

func gjCodes(t *testing.T, s model.Storage) {
	must(t, s.GjeldPutCode(ctx, model.Code{Hash: "h1", ClientID: "c1", RedirectURI: "u", ConsentID: "x", NIN: "n", Scope: "s", AuthTime: gjT0, Expires: gjT0.Add(time.Minute)}))
	must(t, s.GjeldPutToken(ctx, model.Token{Hash: "t1", ClientID: "c1", Audience: "debt", Scopes: []string{"a"}, CodeHash: "h1", Expires: gjT0.Add(time.Hour)}))
	if _, err := s.GjeldRedeemCode(ctx, "h1", gjT0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GjeldRedeemCode(ctx, "h1", gjT0); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("second redemption: %v", err)
	}
	tk, err := s.GjeldGetToken(ctx, "t1")
	must(t, err)
	if !tk.Revoked {
		t.Fatal("token of a reused code must be revoked")
	}
	if _, err := s.GjeldRedeemCode(ctx, "nope", gjT0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown code: %v", err)
	}
}

func gjModes(t *testing.T, s model.Storage) {
	must(t, s.GjeldSetCreditorMode(ctx, "898205614", "", model.ModeUnavailable))
	must(t, s.GjeldSetCreditorMode(ctx, "898205614", "14842249091", model.ModeCached))
	m, err := s.GjeldCreditorModes(ctx, "14842249091")
	must(t, err)
	o, err := s.GjeldCreditorModes(ctx, "29868099311")
	must(t, err)
	if m["898205614"] != model.ModeCached || o["898205614"] != model.ModeUnavailable {
		t.Fatalf("modes %v %v", m, o)
	}
	must(t, s.GjeldSetCreditorMode(ctx, "898205614", "", model.ModeAnswers))
	o, _ = s.GjeldCreditorModes(ctx, "29868099311")
	if len(o) != 0 {
		t.Fatalf("answers should clear: %v", o)
	}
}
