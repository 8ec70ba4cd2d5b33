package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
)

// MaskinportenOpener returns a fresh, empty, migrated store of the
// Maskinporten token service for one sub-test.
type MaskinportenOpener func(t *testing.T) registry.Storage

// RunMaskinporten runs the conformance suite of registry.Storage (spec:
// maskinporten.md §2.5, §5, §6, §2.4 step 9).
func RunMaskinporten(t *testing.T, open MaskinportenOpener) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, registry.Storage)
	}{
		{"Clients", testMPClients},
		{"ClientConflictsWriteNothing", testMPClientConflicts},
		{"ScopesAndAccess", testMPScopes},
		{"Delegations", testMPDelegations},
		{"SystemsAndSystemUsers", testMPSystems},
		{"ReplayStore", testMPReplay},
		{"ReplayConcurrent", testMPReplayConcurrent},
		{"SigningKeys", testMPSigningKeys},
		{"TestCA", testMPTestCA},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

var mpT = time.Date(2031, 6, 2, 12, 0, 0, 0, time.UTC)

func mpKey(kid, client string) registry.ClientKey {
	return registry.ClientKey{Kid: kid, ClientID: client, Kind: registry.KeyKindJWK, Public: []byte(`{"kty":"RSA","kid":"` + kid + `"}`),
		Created: mpT, Expires: mpT.Add(registry.KeyLifetime)}
}

func mpClient(id, org string, kids ...string) registry.Client {
	c := registry.Client{ClientID: id, OrgNr: org, Description: "d", Scopes: []string{"a:b", "c:d"},
		AccessTokenLifetime: 300 * time.Second, Active: true, Created: mpT}
	for _, k := range kids {
		c.Keys = append(c.Keys, mpKey(k, id))
	}
	return c
}

func testMPClients(t *testing.T, s registry.Storage) {
	c := mpClient("c1", "311000004", "k1")
	c.Keys[0].PrivateKey = []byte{1, 2, 3}
	must(t, s.MPCreateClient(ctx, c))
	must(t, s.MPCreateClient(ctx, mpClient("c2", "311000004")))
	must(t, s.MPCreateClient(ctx, mpClient("c3", "313000001", "k3")))
	got, err := s.MPGetClient(ctx, "c1")
	must(t, err)
	if got.OrgNr != c.OrgNr || !slices.Equal(got.Scopes, c.Scopes) || got.AccessTokenLifetime != c.AccessTokenLifetime ||
		!got.Active || !got.Created.Equal(mpT) || len(got.Keys) != 1 || got.Keys[0].Kid != "k1" ||
		string(got.Keys[0].PrivateKey) != "\x01\x02\x03" || !got.Keys[0].Expires.Equal(mpT.Add(registry.KeyLifetime)) {
		t.Fatalf("client round trip: %+v", got)
	}
	if c2, _ := s.MPGetClient(ctx, "c2"); len(c2.Keys) != 0 || c2.Keys == nil {
		t.Fatalf("client without keys: %+v", c2)
	}
	list, err := s.MPListClients(ctx, "311000004", "", 10)
	must(t, err)
	if len(list) != 2 || list[0].ClientID != "c1" || len(list[0].Keys) != 1 || list[1].ClientID != "c2" {
		t.Fatalf("list by org: %+v", list)
	}
	list, _ = s.MPListClients(ctx, "", "c1", 1)
	if len(list) != 1 || list[0].ClientID != "c2" {
		t.Fatalf("list after: %+v", list)
	}
	must(t, s.MPAddClientKey(ctx, mpKey("k2", "c2")))
	if err := s.MPAddClientKey(ctx, mpKey("k1", "c2")); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate kid on another client: %v", err)
	}
	if err := s.MPAddClientKey(ctx, mpKey("k9", "nope")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("key for missing client: %v", err)
	}
	must(t, s.MPCreateSystem(ctx, registry.System{ID: "sys", VendorOrg: "311000004", ClientIDs: []string{"c1"}, Created: mpT}))
	must(t, s.MPDeleteClient(ctx, "c1"))
	if _, err := s.MPGetClient(ctx, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted client: %v", err)
	}
	if _, err := s.MPSystemByClient(ctx, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("system link of deleted client: %v", err)
	}
	// Its kid is free again.
	must(t, s.MPAddClientKey(ctx, mpKey("k1", "c2")))
	if err := s.MPDeleteClient(ctx, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}

func testMPClientConflicts(t *testing.T, s registry.Storage) {
	must(t, s.MPCreateClient(ctx, mpClient("c1", "311000004", "k1")))
	if err := s.MPCreateClient(ctx, mpClient("c1", "311000004")); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate client id: %v", err)
	}
	// A kid taken by another client fails the whole create.
	if err := s.MPCreateClient(ctx, mpClient("c2", "311000004", "k2", "k1")); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate kid: %v", err)
	}
	if _, err := s.MPGetClient(ctx, "c2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("half-written client: %v", err)
	}
	must(t, s.MPCreateClient(ctx, mpClient("c2", "311000004", "k2")))
}

func testMPScopes(t *testing.T, s registry.Storage) {
	sc := registry.Scope{Name: "bits:kundeforhold.fi.utlegg.an", OwnerOrg: "974761076", Description: "x", Active: true,
		AllowedIntegrationTypes: []string{"maskinporten", "idporten"}, DelegationSource: "https://tt02.altinn.no/", AtMaxAge: time.Minute}
	must(t, s.MPPutScope(ctx, sc))
	must(t, s.MPPutScope(ctx, registry.Scope{Name: "a:b", Active: true, AccessibleForAll: true, AllowedIntegrationTypes: []string{"maskinporten"}}))
	got, err := s.MPGetScopes(ctx, []string{sc.Name, "missing:x"})
	must(t, err)
	if len(got) != 1 || got[0].OwnerOrg != sc.OwnerOrg || !slices.Equal(got[0].AllowedIntegrationTypes, sc.AllowedIntegrationTypes) ||
		got[0].DelegationSource != sc.DelegationSource || got[0].AtMaxAge != time.Minute || !got[0].Active || !got[0].AllowsMaskinporten() {
		t.Fatalf("scope round trip: %+v", got)
	}
	sc.Active = false
	must(t, s.MPPutScope(ctx, sc)) // replace
	if got, _ := s.MPGetScopes(ctx, []string{sc.Name}); got[0].Active {
		t.Fatal("scope not replaced")
	}
	if all, _ := s.MPListScopes(ctx); len(all) != 2 || all[0].Name != "a:b" || !all[0].AccessibleForAll {
		t.Fatalf("list scopes: %+v", all)
	}
	if none, err := s.MPGetScopes(ctx, nil); err != nil || len(none) != 0 {
		t.Fatalf("no names: %v %v", none, err)
	}
	a := registry.Access{OrgNr: "311000004", Scope: "a:b", Created: mpT}
	must(t, s.MPGrantAccess(ctx, a))
	must(t, s.MPGrantAccess(ctx, a)) // twice: no-op
	must(t, s.MPGrantAccess(ctx, registry.Access{OrgNr: "311000004", Scope: "c:d", Created: mpT}))
	ok, err := s.MPAccessibleScopes(ctx, "311000004", []string{"a:b", "x:y", "c:d"})
	must(t, err)
	slices.Sort(ok)
	if !slices.Equal(ok, []string{"a:b", "c:d"}) {
		t.Fatalf("accessible: %v", ok)
	}
	if l, _ := s.MPListAccess(ctx, "311000004"); len(l) != 2 || !l[0].Created.Equal(mpT) {
		t.Fatalf("list access: %+v", l)
	}
	must(t, s.MPRevokeAccess(ctx, "311000004", "a:b"))
	if err := s.MPRevokeAccess(ctx, "311000004", "a:b"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoke twice: %v", err)
	}
	if ok, _ := s.MPAccessibleScopes(ctx, "311000004", []string{"a:b"}); len(ok) != 0 {
		t.Fatalf("revoked access still there: %v", ok)
	}
}

func testMPDelegations(t *testing.T, s registry.Storage) {
	d := registry.Delegation{ConsumerOrg: "915429785", SupplierOrg: "974761076", Scope: "a:b", Created: mpT}
	must(t, s.MPPutDelegation(ctx, d))
	must(t, s.MPPutDelegation(ctx, d))
	ok, err := s.MPDelegatedScopes(ctx, "915429785", "974761076", []string{"a:b", "c:d"})
	must(t, err)
	if !slices.Equal(ok, []string{"a:b"}) {
		t.Fatalf("delegated: %v", ok)
	}
	if ok, _ := s.MPDelegatedScopes(ctx, "974761076", "915429785", []string{"a:b"}); len(ok) != 0 {
		t.Fatalf("delegation is directed: %v", ok)
	}
	for _, org := range []string{"915429785", "974761076", ""} {
		if l, _ := s.MPListDelegations(ctx, org); len(l) != 1 || l[0] != d {
			t.Fatalf("list delegations %q: %+v", org, l)
		}
	}
	must(t, s.MPDeleteDelegation(ctx, "915429785", "974761076", "a:b"))
	if err := s.MPDeleteDelegation(ctx, "915429785", "974761076", "a:b"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}

func testMPSystems(t *testing.T, s registry.Storage) {
	must(t, s.MPCreateClient(ctx, mpClient("c1", "311000004")))
	sys := registry.System{ID: "311000004_lonn_pro", VendorOrg: "311000004", Name: "Lønn Pro", Rights: []string{"r1", "r2"},
		ClientIDs: []string{"c1"}, Created: mpT}
	must(t, s.MPCreateSystem(ctx, sys))
	if err := s.MPCreateSystem(ctx, registry.System{ID: "other", VendorOrg: "311000004", ClientIDs: []string{"c1"}, Created: mpT}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("client in two systems: %v", err)
	}
	if _, err := s.MPGetSystem(ctx, "other"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("half-written system: %v", err)
	}
	got, err := s.MPSystemByClient(ctx, "c1")
	must(t, err)
	if got.ID != sys.ID || got.Name != sys.Name || !slices.Equal(got.Rights, sys.Rights) || !slices.Equal(got.ClientIDs, sys.ClientIDs) {
		t.Fatalf("system round trip: %+v", got)
	}
	if l, _ := s.MPListSystems(ctx); len(l) != 1 || !slices.Equal(l[0].ClientIDs, []string{"c1"}) {
		t.Fatalf("list systems: %+v", l)
	}
	u := registry.SystemUser{ID: "u1", SystemID: sys.ID, CustomerOrg: "313000001", ExternalRef: "kunde-4711",
		UserType: registry.UserTypeStandard, Status: registry.StatusNew, Rights: []string{"r1"}, Created: mpT, Updated: mpT}
	must(t, s.MPCreateSystemUser(ctx, u))
	bad := u
	bad.ID, bad.SystemID = "u0", "missing"
	if err := s.MPCreateSystemUser(ctx, bad); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("system user of a missing system: %v", err)
	}
	dup := u
	dup.ID = "u2"
	if err := s.MPCreateSystemUser(ctx, dup); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate live system user: %v", err)
	}
	found, err := s.MPFindSystemUser(ctx, sys.ID, "313000001", "kunde-4711")
	must(t, err)
	if found.ID != "u1" || found.Usable() || !slices.Equal(found.Rights, []string{"r1"}) {
		t.Fatalf("find: %+v", found)
	}
	must(t, s.MPSetSystemUserStatus(ctx, "u1", registry.StatusAccepted, false, mpT.Add(time.Hour)))
	if got, _ := s.MPGetSystemUser(ctx, "u1"); !got.Usable() || !got.Updated.Equal(mpT.Add(time.Hour)) {
		t.Fatalf("approved: %+v", got)
	}
	must(t, s.MPSetSystemUserStatus(ctx, "u1", registry.StatusAccepted, true, mpT.Add(2*time.Hour)))
	if _, err := s.MPFindSystemUser(ctx, sys.ID, "313000001", "kunde-4711"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted system user found: %v", err)
	}
	if err := s.MPSetSystemUserStatus(ctx, "u1", registry.StatusAccepted, false, mpT); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("change of a deleted system user: %v", err)
	}
	must(t, s.MPCreateSystemUser(ctx, dup)) // the deleted one no longer blocks
	if l, _ := s.MPListSystemUsers(ctx, sys.ID); len(l) != 2 || !l[0].Deleted || l[1].Deleted {
		t.Fatalf("list system users: %+v", l)
	}
}

func testMPReplay(t *testing.T, s registry.Storage) {
	exp := mpT.Add(130 * time.Second)
	must(t, s.MPUseJTI(ctx, "c1", "j1", exp, mpT))
	if err := s.MPUseJTI(ctx, "c1", "j1", exp, mpT.Add(time.Minute)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("reuse: %v", err)
	}
	must(t, s.MPUseJTI(ctx, "c2", "j1", exp, mpT)) // per client
	// After its expiry an identifier may be used again.
	must(t, s.MPUseJTI(ctx, "c1", "j1", exp.Add(time.Hour), exp.Add(time.Second)))
	errs, err := s.MPUseJTIs(ctx, []registry.JTIUse{
		{ClientID: "c1", JTI: "j2", Expires: exp}, {ClientID: "c1", JTI: "j1", Expires: exp},
		{ClientID: "c1", JTI: "j3", Expires: exp}, {ClientID: "c1", JTI: "j3", Expires: exp},
	}, mpT)
	must(t, err)
	if errs[0] != nil || !errors.Is(errs[1], store.ErrConflict) || errs[2] != nil || !errors.Is(errs[3], store.ErrConflict) {
		t.Fatalf("batch: %v", errs)
	}
	n, err := s.MPPurgeJTI(ctx, exp.Add(time.Second))
	must(t, err)
	if n != 3 { // c2/j1, c1/j2, c1/j3 expired; c1/j1 lives an hour more
		t.Fatalf("purged %d", n)
	}
	if err := s.MPUseJTI(ctx, "c1", "j1", exp, exp.Add(2*time.Second)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("live entry purged: %v", err)
	}
}

// testMPReplayConcurrent: of many concurrent uses of one identifier
// exactly one succeeds (§2.4 step 9: check and record are atomic).
func testMPReplayConcurrent(t *testing.T, s registry.Storage) {
	var ok, conflict atomic.Int64
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.MPUseJTI(ctx, "c1", "same", mpT.Add(time.Minute), mpT)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, store.ErrConflict):
				conflict.Add(1)
			default:
				t.Errorf("use %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || conflict.Load() != 15 {
		t.Fatalf("%d successes, %d conflicts", ok.Load(), conflict.Load())
	}
}

func testMPSigningKeys(t *testing.T, s registry.Storage) {
	if l, err := s.MPSigningKeys(ctx); err != nil || len(l) != 0 {
		t.Fatalf("empty: %v %v", l, err)
	}
	for i := range 3 {
		must(t, s.MPAddSigningKey(ctx, registry.SigningKey{Kid: fmt.Sprintf("k%d", i), Alg: "RS256",
			PrivateKey: []byte{byte(i)}, Created: mpT.Add(time.Duration(i) * time.Hour)}))
	}
	l, err := s.MPSigningKeys(ctx)
	must(t, err)
	if len(l) != 3 || l[0].Kid != "k0" || l[2].Kid != "k2" || !l[2].Retired.IsZero() ||
		!l[0].Retired.Equal(mpT.Add(time.Hour)) || !l[1].Retired.Equal(mpT.Add(2*time.Hour)) || l[1].PrivateKey[0] != 1 {
		t.Fatalf("keys: %+v", l)
	}
	if err := s.MPAddSigningKey(ctx, registry.SigningKey{Kid: "k2", Alg: "RS256", PrivateKey: []byte{9}, Created: mpT.Add(5 * time.Hour)}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate kid: %v", err)
	}
	if l, _ := s.MPSigningKeys(ctx); !l[2].Retired.IsZero() {
		t.Fatal("failed add retired the current key")
	}
	must(t, s.MPDeleteSigningKeys(ctx, mpT.Add(90*time.Minute)))
	if l, _ := s.MPSigningKeys(ctx); len(l) != 2 || l[0].Kid != "k1" {
		t.Fatalf("after delete: %+v", l)
	}
}

func testMPTestCA(t *testing.T, s registry.Storage) {
	if _, err := s.MPTestCA(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no CA yet: %v", err)
	}
	first, err := s.MPInitTestCA(ctx, registry.TestCA{CertDER: []byte("cert1"), PrivateKey: []byte("key1"), Created: mpT})
	must(t, err)
	second, err := s.MPInitTestCA(ctx, registry.TestCA{CertDER: []byte("cert2"), PrivateKey: []byte("key2"), Created: mpT})
	must(t, err)
	if string(first.CertDER) != "cert1" || string(second.CertDER) != "cert1" || !second.Created.Equal(mpT) {
		t.Fatalf("CA: %+v %+v", first, second)
	}
}
