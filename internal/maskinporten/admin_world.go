package maskinporten

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
)

// scopeView is a scope in the operator API (spec: maskinporten.md §2.5).
type scopeView struct {
	Name                    string   `json:"name"`
	OwnerOrg                string   `json:"owner_org,omitempty"`
	Description             string   `json:"description,omitempty"`
	Active                  *bool    `json:"active,omitempty"`
	AllowedIntegrationTypes []string `json:"allowed_integration_types,omitempty"`
	AccessibleForAll        bool     `json:"accessible_for_all"`
	DelegationSource        string   `json:"delegation_source,omitempty"`
	AtMaxAge                int64    `json:"at_max_age"`
}

func viewScope(sc registry.Scope) scopeView {
	active := sc.Active
	return scopeView{Name: sc.Name, OwnerOrg: sc.OwnerOrg, Description: sc.Description, Active: &active,
		AllowedIntegrationTypes: sc.AllowedIntegrationTypes, AccessibleForAll: sc.AccessibleForAll,
		DelegationSource: sc.DelegationSource, AtMaxAge: int64(sc.AtMaxAge / time.Second)}
}

// adminPutScope creates or replaces a scope: 201 when new, 200 when
// replaced.
func (s *Service) adminPutScope(w http.ResponseWriter, r *http.Request) error {
	var v scopeView
	if err := decodeJSON(w, r, &v); err != nil {
		return err
	}
	if !reScope.MatchString(v.Name) {
		return badField("name", "name must be prefix:subscope")
	}
	if v.OwnerOrg != "" && ident.ValidateOrgNr(v.OwnerOrg) != nil {
		return badField("owner_org", "owner_org is not a valid organisation number")
	}
	if v.AtMaxAge < 0 || v.AtMaxAge > int64(MaxTokenLifetime/time.Second) {
		return badField("at_max_age", "at_max_age must be between 0 and %d seconds", int(MaxTokenLifetime/time.Second))
	}
	if v.AllowedIntegrationTypes == nil {
		v.AllowedIntegrationTypes = []string{registry.IntegrationMaskinporten}
	}
	sc := registry.Scope{Name: v.Name, OwnerOrg: v.OwnerOrg, Description: v.Description, Active: v.Active == nil || *v.Active,
		AllowedIntegrationTypes: dedupe(v.AllowedIntegrationTypes), AccessibleForAll: v.AccessibleForAll,
		DelegationSource: v.DelegationSource, AtMaxAge: time.Duration(v.AtMaxAge) * time.Second}
	ctx := r.Context()
	old, err := s.store.MPGetScopes(ctx, []string{sc.Name})
	if err != nil {
		return err
	}
	if err := s.store.MPPutScope(ctx, sc); err != nil {
		return err
	}
	status := http.StatusCreated
	if len(old) > 0 {
		status = http.StatusOK
	}
	writeJSON(w, status, viewScope(sc))
	return nil
}

func (s *Service) adminListScopes(w http.ResponseWriter, r *http.Request) error {
	scs, err := s.store.MPListScopes(r.Context())
	if err != nil {
		return err
	}
	out := make([]scopeView, 0, len(scs))
	for _, sc := range scs {
		out = append(out, viewScope(sc))
	}
	writeJSON(w, http.StatusOK, map[string]any{"scopes": out})
	return nil
}

// accessRequest grants an organisation one or more scopes.
type accessRequest struct {
	Org    string   `json:"org"`
	Scope  string   `json:"scope"`
	Scopes []string `json:"scopes"`
}

func (a accessRequest) list() []string {
	if a.Scope != "" {
		return dedupe(append([]string{a.Scope}, a.Scopes...))
	}
	return dedupe(a.Scopes)
}

func (s *Service) adminGrantAccess(w http.ResponseWriter, r *http.Request) error {
	var req accessRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	if err := validOrg("org", req.Org); err != nil {
		return err
	}
	scopes := req.list()
	if len(scopes) == 0 {
		return badField("scope", "scope is required")
	}
	if err := s.scopeList(ctx, "scopes", scopes); err != nil {
		return err
	}
	if err := s.addOrgs(ctx, req.Org); err != nil {
		return err
	}
	now := s.clock.Now()
	for _, sc := range scopes {
		if err := s.store.MPGrantAccess(ctx, registry.Access{OrgNr: req.Org, Scope: sc, Created: now}); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"org": req.Org, "scopes": scopes})
	return nil
}

func (s *Service) adminListAccess(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.MPListAccess(r.Context(), r.URL.Query().Get("org"))
	if err != nil {
		return err
	}
	type row struct {
		Org     string    `json:"org"`
		Scope   string    `json:"scope"`
		Created time.Time `json:"created"`
	}
	out := make([]row, 0, len(list))
	for _, a := range list {
		out = append(out, row{a.OrgNr, a.Scope, a.Created})
	}
	writeJSON(w, http.StatusOK, map[string]any{"access": out})
	return nil
}

func (s *Service) adminRevokeAccess(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	err := s.store.MPRevokeAccess(r.Context(), q.Get("org"), q.Get("scope"))
	if errors.Is(err, store.ErrNotFound) {
		return notFoundErr("scope", "organisation %q has no access to scope %q", q.Get("org"), q.Get("scope"))
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// delegationRequest records that consumer_org delegates scopes to
// supplier_org (Altinn API delegation, §5.1).
type delegationRequest struct {
	ConsumerOrg string   `json:"consumer_org"`
	SupplierOrg string   `json:"supplier_org"`
	Scope       string   `json:"scope"`
	Scopes      []string `json:"scopes"`
}

func (s *Service) adminPutDelegation(w http.ResponseWriter, r *http.Request) error {
	var req delegationRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	if err := validOrg("consumer_org", req.ConsumerOrg); err != nil {
		return err
	}
	if err := validOrg("supplier_org", req.SupplierOrg); err != nil {
		return err
	}
	if req.ConsumerOrg == req.SupplierOrg {
		return badField("supplier_org", "an organisation cannot delegate to itself")
	}
	scopes := accessRequest{Scope: req.Scope, Scopes: req.Scopes}.list()
	if len(scopes) == 0 {
		return badField("scope", "scope is required")
	}
	if err := s.scopeList(ctx, "scopes", scopes); err != nil {
		return err
	}
	defs, err := s.store.MPGetScopes(ctx, scopes)
	if err != nil {
		return err
	}
	for _, d := range defs {
		if d.DelegationSource == "" {
			return badField("scopes", "scope %q has no delegation_source and cannot be delegated", d.Name)
		}
	}
	if err := s.addOrgs(ctx, req.ConsumerOrg, req.SupplierOrg); err != nil {
		return err
	}
	now := s.clock.Now()
	for _, sc := range scopes {
		if err := s.store.MPPutDelegation(ctx, registry.Delegation{ConsumerOrg: req.ConsumerOrg, SupplierOrg: req.SupplierOrg,
			Scope: sc, Created: now}); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"consumer_org": req.ConsumerOrg, "supplier_org": req.SupplierOrg, "scopes": scopes})
	return nil
}

func (s *Service) adminListDelegations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.MPListDelegations(r.Context(), r.URL.Query().Get("org"))
	if err != nil {
		return err
	}
	type row struct {
		ConsumerOrg string    `json:"consumer_org"`
		SupplierOrg string    `json:"supplier_org"`
		Scope       string    `json:"scope"`
		Created     time.Time `json:"created"`
	}
	out := make([]row, 0, len(list))
	for _, d := range list {
		out = append(out, row{d.ConsumerOrg, d.SupplierOrg, d.Scope, d.Created})
	}
	writeJSON(w, http.StatusOK, map[string]any{"delegations": out})
	return nil
}

func (s *Service) adminDeleteDelegation(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	err := s.store.MPDeleteDelegation(r.Context(), q.Get("consumer_org"), q.Get("supplier_org"), q.Get("scope"))
	if errors.Is(err, store.ErrNotFound) {
		return notFoundErr("scope", "no such delegation")
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// systemView is a system in the register (§6.1).
type systemView struct {
	ID          string    `json:"id"`
	VendorOrg   string    `json:"vendor_org"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Rights      []string  `json:"rights"`
	ClientIDs   []string  `json:"client_ids"`
	Created     time.Time `json:"created"`
}

func viewSystem(s registry.System) systemView {
	return systemView{s.ID, s.VendorOrg, s.Name, s.Description, s.Rights, s.ClientIDs, s.Created}
}

func (s *Service) adminCreateSystem(w http.ResponseWriter, r *http.Request) error {
	var v systemView
	if err := decodeJSON(w, r, &v); err != nil {
		return err
	}
	ctx := r.Context()
	if err := validOrg("vendor_org", v.VendorOrg); err != nil {
		return err
	}
	if v.ID == "" {
		v.ID = v.VendorOrg + "_system_" + newUUID()[:8]
	}
	if !reSystemID.MatchString(v.ID) {
		return badField("id", "id must be letters, digits and . _ - (e.g. %s_lonn_pro)", v.VendorOrg)
	}
	if v.Rights == nil {
		v.Rights = []string{}
	}
	for i, c := range v.ClientIDs {
		cl, err := s.store.MPGetClient(ctx, c)
		if errors.Is(err, store.ErrNotFound) {
			return badField(fmt.Sprintf("client_ids[%d]", i), "no client %q", c)
		}
		if err != nil {
			return err
		}
		if cl.OrgNr != v.VendorOrg {
			return badField(fmt.Sprintf("client_ids[%d]", i), "client %q belongs to %s, not the vendor %s", c, cl.OrgNr, v.VendorOrg)
		}
	}
	sys := registry.System{ID: v.ID, VendorOrg: v.VendorOrg, Name: v.Name, Description: v.Description,
		Rights: dedupe(v.Rights), ClientIDs: dedupe(v.ClientIDs), Created: s.clock.Now()}
	if err := s.addOrgs(ctx, sys.VendorOrg); err != nil {
		return err
	}
	if err := s.store.MPCreateSystem(ctx, sys); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return conflictErr("id", "system %q exists, or one of its clients belongs to another system", v.ID)
		}
		return err
	}
	writeJSON(w, http.StatusCreated, viewSystem(sys))
	return nil
}

func (s *Service) adminListSystems(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.MPListSystems(r.Context())
	if err != nil {
		return err
	}
	out := make([]systemView, 0, len(list))
	for _, sys := range list {
		out = append(out, viewSystem(sys))
	}
	writeJSON(w, http.StatusOK, map[string]any{"systems": out})
	return nil
}

func (s *Service) adminGetSystem(w http.ResponseWriter, r *http.Request) error {
	sys, err := s.store.MPGetSystem(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return notFoundErr("id", "no system %q", r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewSystem(sys))
	return nil
}
