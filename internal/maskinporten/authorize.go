package maskinporten

import (
	"context"
	"slices"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/maskinporten/registry"
)

// decision is what steps 10–12 decided: the token's scopes, who is the
// consumer, and the delegation or system user it carries.
type decision struct {
	scopes           []string
	consumer         string
	supplier         string
	delegationSource string
	system           registry.System
	systemUser       *registry.SystemUser
	lifetime         time.Duration
}

// authorize runs §2.4 steps 10–12.
func (s *Service) authorize(ctx context.Context, a *authenticated) (decision, *tokenError) {
	d := decision{consumer: a.client.OrgNr}
	// Step 10: scopes.
	if !a.hasScope {
		return d, errNoScope().why("scope missing")
	}
	d.scopes = a.scopes()
	if len(d.scopes) == 0 {
		return d, errNoScope().why("scope empty")
	}
	if len(d.scopes) > maxScopes {
		return d, errInvalidValue("").why("too many scopes")
	}
	defs, err := s.store.MPGetScopes(ctx, d.scopes)
	if err != nil {
		return d, errInternal("scopes: " + err.Error())
	}
	byName := make(map[string]registry.Scope, len(defs))
	for _, sc := range defs {
		byName[sc.Name] = sc
	}
	var invalid []string
	for _, name := range d.scopes {
		sc, ok := byName[name]
		if ok && sc.Active && !sc.AllowsMaskinporten() {
			return d, errScopesNotMaskinporten().why("scope " + name + " not for maskinporten")
		}
		if !ok || !sc.Active || !a.client.HasScope(name) {
			invalid = append(invalid, name)
		}
	}
	if len(invalid) > 0 {
		// spec: maskinporten.md §11 check 24 — one bad scope fails the
		// whole request.
		return d, errScopesNotOnClient(invalid).why("scope not registered on client")
	}

	// Step 11: consumer_org and authorization_details (§5, §6).
	if a.onBehalfOf {
		return d, requestErr("", "The iss_onbehalfof claim is not supported").why("iss_onbehalfof")
	}
	if a.hasConsumer && a.hasRAR {
		return d, requestErr("", "consumer_org cannot be combined with authorization_details").why("consumer_org with RAR")
	}
	granted := []string{}
	switch {
	case a.hasConsumer:
		if e := s.delegation(ctx, a, &d, byName); e != nil {
			return d, e
		}
		granted = d.scopes // rule 4 of §5.2 checked the consumer's access
	case a.hasRAR:
		if e := s.systemUser(ctx, a, &d); e != nil {
			return d, e
		}
	}

	// Step 12: the consumer's access to every scope.
	if len(granted) == 0 {
		if e := s.checkAccess(ctx, d.consumer, d.scopes, byName); e != nil {
			return d, e
		}
	}
	d.lifetime = lifetime(a.client, d.scopes, byName)
	return d, nil
}

// checkAccess requires that org was granted every scope, or that the
// scope is accessible for all (§2.4 step 12).
func (s *Service) checkAccess(ctx context.Context, org string, scopes []string, byName map[string]registry.Scope) *tokenError {
	ok, err := s.store.MPAccessibleScopes(ctx, org, scopes)
	if err != nil {
		return errInternal("access: " + err.Error())
	}
	for _, name := range scopes {
		if !byName[name].AccessibleForAll && !slices.Contains(ok, name) {
			return errNotGranted(name).why("consumer " + org + " not granted " + name)
		}
	}
	return nil
}

// delegation applies §5.2 for a supplier S acting for consumer_org C.
func (s *Service) delegation(ctx context.Context, a *authenticated, d *decision, byName map[string]registry.Scope) *tokenError {
	c, sup := a.consumerOrg, a.client.OrgNr
	// Rule 1: a valid organisation number.
	if ident.ValidateOrgNr(c) != nil {
		return errInvalidValue("consumer_org").why("consumer_org is not a valid orgnr")
	}
	// Rule 2: not the supplier itself.
	if c == sup {
		return errConsumerOrgOwn().why("consumer_org is the client's own org")
	}
	// Rule 3: every scope can be delegated.
	for _, name := range d.scopes {
		if byName[name].DelegationSource == "" {
			return errNotDelegated(c, name, sup).why("scope " + name + " has no delegation_source")
		}
	}
	// Rule 4: the consumer has access.
	if e := s.checkAccess(ctx, c, d.scopes, byName); e != nil {
		return e
	}
	// Rule 5: an active delegation C → S for every scope.
	ok, err := s.store.MPDelegatedScopes(ctx, c, sup, d.scopes)
	if err != nil {
		return errInternal("delegations: " + err.Error())
	}
	for _, name := range d.scopes {
		if !slices.Contains(ok, name) {
			return errNotDelegated(c, name, sup).why("no delegation for " + name)
		}
	}
	// Rule 6.
	d.consumer, d.supplier = c, sup
	d.delegationSource = byName[d.scopes[0]].DelegationSource
	return nil
}

// lifetime is the client's lifetime (default 120 s), capped by
// MaxTokenLifetime and the lowest at_max_age of the scopes (§3.3, §12
// item 8).
func lifetime(c registry.Client, scopes []string, byName map[string]registry.Scope) time.Duration {
	l := c.AccessTokenLifetime
	if l <= 0 {
		l = registry.DefaultTokenLifetime
	}
	l = min(l, MaxTokenLifetime)
	for _, name := range scopes {
		if m := byName[name].AtMaxAge; m > 0 && m < l {
			l = m
		}
	}
	return l
}
