package maskinporten

import (
	"context"
	"errors"
	"slices"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/store"
)

var _ auth.PDP = (*Service)(nil)

// SystemUserMayAct is the policy decision point of spec maskinporten.md
// §6.3 item 3, answered from the world's register: the system user must
// exist, be accepted and not deleted, belong to party, and hold resource
// among its rights (a standard system user; agent system users with
// client delegation are not modelled and are refused).
func (s *Service) SystemUserMayAct(ctx context.Context, systemUserID, party, resource string) (bool, error) {
	u, err := s.store.MPGetSystemUser(ctx, systemUserID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return u.Usable() && u.CustomerOrg == party && slices.Contains(u.Rights, resource), nil
}
