package maskinporten

import (
	"context"
	"errors"
	"fmt"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Scopes of the Maskinporten-protected APIs (spec: dsop-kontroll.md §2,
// utleggsbegjaering.md §4.1, trekkpaalegg.md §4).
const (
	ScopeKundeforhold         = "bits:kundeforhold"
	ScopeKontoinformasjon     = "bits:kontoinformasjon"
	ScopeKundeforholdAN       = "bits:kundeforhold.fi.utlegg.an"
	ScopeKontoinformasjonAN   = "bits:kontoinformasjon.fi.utlegg.an"
	ScopeUtleggsbegjaering    = "skatteetaten:utleggsbegjaering"
	ScopeTrekkpaalegg         = "skatteetaten:trekkpaalegg"
	ScopeKundeforholdKonto    = "bits:kundeforhold.konto"
	DelegationSourceTT02      = "https://tt02.altinn.no/"
	ResourceUtleggsbegjaering = "ske-utleggsbegjaering"
	ResourceTrekkpaalegg      = "ske-informasjon-om-trekkpaalegg"
)

// SeedClientID is the client id SeedDefaults gives an organisation's
// ready-made client.
func SeedClientID(orgnr string) string { return "seed-" + orgnr }

// OrgNAV is Arbeids- og velferdsetaten.
const OrgNAV = "889640782"

// seedPerRole is how many organisations of each role get a ready-made
// client.
const seedPerRole = 2

// SeedDefaults makes the demo work out of the box (spec: maskinporten.md
// §5.3 world set-up; issue 3): the six API scopes, their grants, the
// Altinn delegation Politiet → Skatteetaten for the AN scopes, a client
// with a server-held key for Skatteetaten and for a few debt collectors,
// employers and banks of the world, and a vendor system with approved
// system users. It is idempotent: what exists is left as it is.
func (s *Service) SeedDefaults(ctx context.Context) error {
	if err := s.seedScopes(ctx); err != nil {
		return err
	}
	for _, o := range []world.Organisation{
		{OrgNr: world.OrgSkatteetaten, Name: "SKATTEETATEN", Roles: []string{world.RoleAuthority}},
		{OrgNr: world.OrgPolitiet, Name: "POLITI- OG LENSMANNSETATEN", Roles: []string{world.RoleAuthority}},
	} {
		if err := s.seedOrg(ctx, o); err != nil {
			return err
		}
	}
	ske := []string{ScopeKundeforhold, ScopeKontoinformasjon, ScopeKundeforholdAN, ScopeKontoinformasjonAN}
	if err := s.grant(ctx, world.OrgSkatteetaten, ScopeKundeforhold, ScopeKontoinformasjon); err != nil {
		return err
	}
	if err := s.grant(ctx, world.OrgPolitiet, ScopeKundeforholdAN, ScopeKontoinformasjonAN); err != nil {
		return err
	}
	for _, sc := range []string{ScopeKundeforholdAN, ScopeKontoinformasjonAN} {
		if err := s.store.MPPutDelegation(ctx, registry.Delegation{ConsumerOrg: world.OrgPolitiet,
			SupplierOrg: world.OrgSkatteetaten, Scope: sc, Created: s.clock.Now()}); err != nil {
			return err
		}
	}
	if err := s.seedConformanceParties(ctx); err != nil {
		return err
	}
	ske = append(ske, ScopeKundeforholdKonto)
	if err := s.seedClient(ctx, world.OrgSkatteetaten, "Skatteetaten (innkrevingsmyndighet; leverandør for Politiet)", ske); err != nil {
		return err
	}
	// NAV holds the DSOP scopes for its own services but is neither of
	// FI-Utlegg's profiles: the conformance checks use it for "valid token,
	// wrong consumer" (spec: dsop-kontroll.md §3.2).
	if err := s.seedOrg(ctx, world.Organisation{OrgNr: OrgNAV, Name: "ARBEIDS- OG VELFERDSETATEN", Roles: []string{world.RoleAuthority}}); err != nil {
		return err
	}
	if err := s.grant(ctx, OrgNAV, ScopeKundeforhold, ScopeKontoinformasjon); err != nil {
		return err
	}
	if err := s.seedClient(ctx, OrgNAV, "NAV", []string{ScopeKundeforhold, ScopeKontoinformasjon}); err != nil {
		return err
	}
	roles := []struct {
		role   string
		scopes []string
	}{
		{world.RoleCollector, []string{ScopeUtleggsbegjaering}},
		{world.RoleEmployer, []string{ScopeTrekkpaalegg}},
		{world.RoleBank, []string{ScopeUtleggsbegjaering, ScopeTrekkpaalegg}},
	}
	var customers []string
	for _, r := range roles {
		orgs, err := s.orgsWithRole(ctx, r.role)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if err := s.grant(ctx, o.OrgNr, r.scopes...); err != nil {
				return err
			}
			if err := s.seedClient(ctx, o.OrgNr, o.Name, r.scopes); err != nil {
				return err
			}
			customers = append(customers, o.OrgNr)
		}
	}
	return s.seedVendor(ctx, customers)
}

func (s *Service) seedScopes(ctx context.Context) error {
	defs := []registry.Scope{
		{Name: ScopeKundeforhold, Description: "DSOP Kontroll: kundeforhold (innkrevingsmyndighet)"},
		{Name: ScopeKontoinformasjon, Description: "DSOP Kontroll: kontoinformasjon (innkrevingsmyndighet)"},
		{Name: ScopeKundeforholdAN, Description: "DSOP Kontroll: kundeforhold (alminnelig namsmann)", DelegationSource: DelegationSourceTT02},
		{Name: ScopeKontoinformasjonAN, Description: "DSOP Kontroll: kontoinformasjon (alminnelig namsmann)", DelegationSource: DelegationSourceTT02},
		{Name: ScopeKundeforholdKonto, Description: "DSOP Kontroll: accountServicingProvider (not part of FI-Utlegg)"},
		{Name: ScopeUtleggsbegjaering, OwnerOrg: world.OrgSkatteetaten, Description: "Utleggsbegjæring API", DelegationSource: DelegationSourceTT02},
		{Name: ScopeTrekkpaalegg, OwnerOrg: world.OrgSkatteetaten, Description: "Trekkpålegg API", DelegationSource: DelegationSourceTT02},
	}
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = d.Name
	}
	have, err := s.store.MPGetScopes(ctx, names)
	if err != nil {
		return err
	}
	exists := map[string]bool{}
	for _, h := range have {
		exists[h.Name] = true
	}
	for _, d := range defs {
		if exists[d.Name] {
			continue // the operator may have changed it
		}
		d.Active, d.AllowedIntegrationTypes = true, []string{registry.IntegrationMaskinporten}
		if err := s.store.MPPutScope(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) seedOrg(ctx context.Context, o world.Organisation) error {
	if s.orgs == nil {
		return nil
	}
	_, err := s.orgs.GetOrganisation(ctx, o.OrgNr)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err := s.orgs.CreateOrganisation(ctx, o); err != nil && !errors.Is(err, store.ErrConflict) {
		return err
	}
	return nil
}

func (s *Service) grant(ctx context.Context, orgnr string, scopes ...string) error {
	for _, sc := range scopes {
		if err := s.store.MPGrantAccess(ctx, registry.Access{OrgNr: orgnr, Scope: sc, Created: s.clock.Now()}); err != nil {
			return err
		}
	}
	return nil
}

// orgsWithRole returns the first few organisations with role, if the
// directory can list them.
func (s *Service) orgsWithRole(ctx context.Context, role string) ([]world.Organisation, error) {
	l, ok := s.orgs.(OrgLister)
	if !ok {
		return nil, nil
	}
	return l.ListOrganisations(ctx, role, "", seedPerRole)
}

// seedClient creates seed-<orgnr> with a server-held key unless it exists.
func (s *Service) seedClient(ctx context.Context, orgnr, name string, scopes []string) error {
	id := SeedClientID(orgnr)
	if _, err := s.store.MPGetClient(ctx, id); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	now := s.clock.Now()
	k, _, err := generateClientKey(id, now, s.seedBits)
	if err != nil {
		return err
	}
	c := registry.Client{ClientID: id, OrgNr: orgnr, Description: name, Scopes: scopes, Active: true, Created: now,
		Keys: []registry.ClientKey{k}}
	if err := s.store.MPCreateClient(ctx, c); err != nil && !errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("maskinporten: seed client %s: %w", id, err)
	}
	return nil
}

// seedVendor registers a system provider with a system and approved
// system users for the seeded customers (§6): the first organisation with
// the vendor role, if the world has one.
func (s *Service) seedVendor(ctx context.Context, customers []string) error {
	vendors, err := s.orgsWithRole(ctx, world.RoleVendor)
	if err != nil || len(vendors) == 0 {
		return err
	}
	v := vendors[0]
	scopes := []string{ScopeUtleggsbegjaering, ScopeTrekkpaalegg}
	if err := s.grant(ctx, v.OrgNr, scopes...); err != nil {
		return err
	}
	if err := s.seedClient(ctx, v.OrgNr, v.Name, scopes); err != nil {
		return err
	}
	sysID := v.OrgNr + "_namsfogd_demo"
	rights := []string{ResourceUtleggsbegjaering, ResourceTrekkpaalegg}
	if _, err := s.store.MPGetSystem(ctx, sysID); errors.Is(err, store.ErrNotFound) {
		err := s.store.MPCreateSystem(ctx, registry.System{ID: sysID, VendorOrg: v.OrgNr, Name: v.Name + " demo",
			Rights: rights, ClientIDs: []string{SeedClientID(v.OrgNr)}, Created: s.clock.Now()})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	} else if err != nil {
		return err
	}
	for _, c := range customers {
		if c == v.OrgNr {
			continue
		}
		if _, err := s.store.MPFindSystemUser(ctx, sysID, c, c); err == nil {
			continue
		}
		now := s.clock.Now()
		err := s.store.MPCreateSystemUser(ctx, registry.SystemUser{ID: newUUID(), SystemID: sysID, CustomerOrg: c, ExternalRef: c,
			UserType: registry.UserTypeStandard, Status: registry.StatusAccepted, Rights: rights, Created: now, Updated: now})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return nil
}

// OrgForeignSupplier is a system vendor Politiet has delegated the AN
// scopes to, besides Skatteetaten.
const OrgForeignSupplier = "991825827"

// seedConformanceParties sets up the tokens the DSOP conformance checks
// need to prove that a bank refuses them (spec: dsop-kontroll.md §11.1
// checks 31–37): Maskinporten would issue them, and it is the bank's job to
// say no. Skatteetaten also holds the AN scopes and
// bits:kundeforhold.konto; Politiet has its own client with the IM and AN
// scopes (a token without the supplier Skatteetaten); a vendor holds an
// Altinn delegation from Politiet. To get the normal AN token, ask
// Skatteetaten's client to act for Politiet (token --org 974761076
// --consumer-org 915429785).
func (s *Service) seedConformanceParties(ctx context.Context) error {
	an := []string{ScopeKundeforholdAN, ScopeKontoinformasjonAN}
	all := []string{ScopeKundeforhold, ScopeKontoinformasjon, ScopeKundeforholdAN, ScopeKontoinformasjonAN}
	if err := s.grant(ctx, world.OrgSkatteetaten, append(an, ScopeKundeforholdKonto)...); err != nil {
		return err
	}
	if err := s.grant(ctx, world.OrgPolitiet, all...); err != nil {
		return err
	}
	if err := s.seedClient(ctx, world.OrgPolitiet, "Politiet (alminnelig namsmann)", all); err != nil {
		return err
	}
	if err := s.seedOrg(ctx, world.Organisation{OrgNr: OrgForeignSupplier, Name: "INNFORDRING SYSTEMER AS", Roles: []string{world.RoleVendor}}); err != nil {
		return err
	}
	if err := s.seedClient(ctx, OrgForeignSupplier, "Innfordring Systemer AS", an); err != nil {
		return err
	}
	for _, sc := range an {
		if err := s.store.MPPutDelegation(ctx, registry.Delegation{ConsumerOrg: world.OrgPolitiet,
			SupplierOrg: OrgForeignSupplier, Scope: sc, Created: s.clock.Now()}); err != nil {
			return err
		}
	}
	return nil
}
