package maskinporten

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
	"github.com/namsfogd/namsfogd/internal/store"
)

// systemUserView is a system user (§6.1; data/maskinporten/systembruker-examples.json).
type systemUserView struct {
	ID          string    `json:"id"`
	SystemID    string    `json:"system_id"`
	CustomerOrg string    `json:"customer_org"`
	ExternalRef string    `json:"external_ref,omitempty"`
	UserType    string    `json:"user_type,omitempty"`
	Status      string    `json:"status,omitempty"`
	Rights      []string  `json:"rights"`
	Deleted     bool      `json:"deleted"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated"`
}

func viewSystemUser(u registry.SystemUser) systemUserView {
	return systemUserView{u.ID, u.SystemID, u.CustomerOrg, u.ExternalRef, u.UserType, u.Status, u.Rights, u.Deleted, u.Created, u.Updated}
}

// adminCreateSystemUser creates a system user for a customer. Status
// defaults to Accepted (the customer approved at once); "New" makes a
// pending request to approve or reject later.
func (s *Service) adminCreateSystemUser(w http.ResponseWriter, r *http.Request) error {
	var v systemUserView
	if err := decodeJSON(w, r, &v); err != nil {
		return err
	}
	ctx := r.Context()
	sys, err := s.store.MPGetSystem(ctx, v.SystemID)
	if errors.Is(err, store.ErrNotFound) {
		return badField("system_id", "no system %q", v.SystemID)
	}
	if err != nil {
		return err
	}
	if err := validOrg("customer_org", v.CustomerOrg); err != nil {
		return err
	}
	if v.ExternalRef == "" {
		v.ExternalRef = v.CustomerOrg // spec: maskinporten.md §12 item 12
	}
	if len(v.ExternalRef) > 256 {
		return badField("external_ref", "external_ref is at most 256 characters")
	}
	switch strings.ToLower(v.UserType) {
	case "", registry.UserTypeStandard:
		v.UserType = registry.UserTypeStandard
	case registry.UserTypeAgent:
		v.UserType = registry.UserTypeAgent
	default:
		return badField("user_type", "user_type must be standard or agent")
	}
	switch strings.ToLower(v.Status) {
	case "", "accepted":
		v.Status = registry.StatusAccepted
	case "new":
		v.Status = registry.StatusNew
	case "rejected":
		v.Status = registry.StatusRejected
	default:
		return badField("status", "status must be New, Accepted or Rejected")
	}
	if v.Rights == nil {
		v.Rights = sys.Rights
	}
	for _, right := range v.Rights {
		if !slices.Contains(sys.Rights, right) {
			return badField("rights", "the system %q does not offer the right %q", sys.ID, right)
		}
	}
	now := s.clock.Now()
	u := registry.SystemUser{ID: newUUID(), SystemID: sys.ID, CustomerOrg: v.CustomerOrg, ExternalRef: v.ExternalRef,
		UserType: v.UserType, Status: v.Status, Rights: dedupe(v.Rights), Created: now, Updated: now}
	if err := s.addOrgs(ctx, u.CustomerOrg); err != nil {
		return err
	}
	if err := s.store.MPCreateSystemUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return conflictErr("external_ref", "a system user of %q for %s with external_ref %q exists", sys.ID, u.CustomerOrg, u.ExternalRef)
		}
		return err
	}
	writeJSON(w, http.StatusCreated, viewSystemUser(u))
	return nil
}

func (s *Service) adminListSystemUsers(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.MPListSystemUsers(r.Context(), r.URL.Query().Get("system_id"))
	if err != nil {
		return err
	}
	out := make([]systemUserView, 0, len(list))
	for _, u := range list {
		out = append(out, viewSystemUser(u))
	}
	writeJSON(w, http.StatusOK, map[string]any{"systemusers": out})
	return nil
}

func (s *Service) adminGetSystemUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.store.MPGetSystemUser(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		return notFoundErr("id", "no system user %q", r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewSystemUser(u))
	return nil
}

// adminSystemUserStatus approves (POST .../approve), rejects (POST
// .../reject) or deletes (DELETE) a system user.
func (s *Service) adminSystemUserStatus(w http.ResponseWriter, r *http.Request) error {
	ctx, id := r.Context(), r.PathValue("id")
	u, err := s.store.MPGetSystemUser(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Deleted) {
		return notFoundErr("id", "no system user %q", id)
	}
	if err != nil {
		return err
	}
	status, deleted := u.Status, false
	switch {
	case r.Method == http.MethodDelete:
		deleted = true
	case strings.HasSuffix(r.URL.Path, "/approve"):
		status = registry.StatusAccepted
	default:
		status = registry.StatusRejected
	}
	now := s.clock.Now()
	if err := s.store.MPSetSystemUserStatus(ctx, id, status, deleted, now); err != nil {
		return err
	}
	if deleted {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	u.Status, u.Updated = status, now
	writeJSON(w, http.StatusOK, viewSystemUser(u))
	return nil
}
