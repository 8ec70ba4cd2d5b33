package auth

import (
	"context"
	"net/http"
)

// PDP answers the system-user question of spec maskinporten.md §6.3
// item 3: may the system user act for party on resource? namsfogd's
// token service implements it from its own register (the approved system
// user's rights); an API receives it as a dependency and never imports
// the token service.
type PDP interface {
	SystemUserMayAct(ctx context.Context, systemUserID, party, resource string) (bool, error)
}

// RequireResource applies §6.3 to a verified caller: a system-user token
// may act for its organisation only if the PDP grants the system user
// resource (an Altinn resource id, e.g. "ske-informasjon-om-trekkpaalegg")
// for that party. Other tokens pass. A refusal is a 403 without a
// challenge (§7 table); a PDP failure is returned as err.
func RequireResource(ctx context.Context, pdp PDP, realm string, c Caller, resource string) (*Error, error) {
	if !c.IsSystemUser() {
		return nil, nil
	}
	if c.SystemUserID == "" || c.EffectiveOrg == "" {
		return Forbidden(realm, "system-user token without a usable system user"), nil
	}
	ok, err := pdp.SystemUserMayAct(ctx, c.SystemUserID, c.EffectiveOrg, resource)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &Error{Status: http.StatusForbidden, Reason: "the system user has no right to " + resource + " for " + c.EffectiveOrg, Realm: realm}, nil
	}
	return nil, nil
}
