package gjeld

import (
	"errors"
	"strings"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
)

// Scopes of the client-credentials grant. spec: gjeldsinformasjon.md §5.4
const (
	scopeConsentCreate = "consent.create"
	scopeFeed          = "client.access.consent.events"
	scopeOpenID        = "openid"
)

// Maximum consent durations in days; larger requests are clamped.
// spec: gjeldsinformasjon.md §5.2, R6
const (
	maxDaysPresentation = 365
	maxDaysProcessing   = 28
)

// AuthScope is a parsed scope parameter of /oauth2/auth.
type AuthScope struct {
	Purpose   string // base debt scope
	Days      int    // clamped duration; 0 for a single-use consent
	SingleUse bool
	OpenID    bool
}

// Granted is the scope reported on the callback and in the token
// response: the base purpose, never the duration suffix (R24).
func (a AuthScope) Granted() string {
	if a.OpenID {
		return a.Purpose + " " + scopeOpenID
	}
	return a.Purpose
}

// ParseAuthScope parses the /oauth2/auth scope grammar:
//
//	scope-param = debt-scope [ SP "openid" ]
//	debt-scope  = purpose [ "." days ]   ; days: 1*DIGIT, > 0
//
// spec: gjeldsinformasjon.md §5.2. Durations above the purpose's maximum
// are clamped, not refused.
func ParseAuthScope(s string) (AuthScope, error) {
	parts := strings.Split(s, " ")
	if len(parts) == 0 || len(parts) > 2 {
		return AuthScope{}, errors.New("exactly one debt scope, optionally followed by openid, is allowed")
	}
	var a AuthScope
	if len(parts) == 2 {
		if parts[1] != scopeOpenID {
			return AuthScope{}, errors.New("only openid may follow the debt scope, as the last scope")
		}
		a.OpenID = true
	}
	purpose, days, err := parseDebtScope(parts[0])
	if err != nil {
		return AuthScope{}, err
	}
	a.Purpose, a.Days, a.SingleUse = purpose, days, days == 0
	return a, nil
}

// parseDebtScope splits "debt.unsecured.<purpose>[.<days>]"; days is 0
// without a suffix and clamped to the purpose's maximum with one.
func parseDebtScope(s string) (string, int, error) {
	for _, p := range []string{model.PurposePresentation, model.PurposeProcessing} {
		if s == p {
			return p, 0, nil
		}
		suffix, ok := strings.CutPrefix(s, p+".")
		if !ok {
			continue
		}
		if suffix == "" {
			return "", 0, errors.New("empty duration suffix")
		}
		n := 0
		for _, c := range suffix {
			if c < '0' || c > '9' {
				return "", 0, errors.New("the duration suffix must be whole days")
			}
			if n < 1_000_000 {
				n = n*10 + int(c-'0')
			}
		}
		if n == 0 {
			return "", 0, errors.New("the duration must be at least one day")
		}
		return p, ClampDays(p, n), nil
	}
	return "", 0, errors.New("the first scope must be debt.unsecured.presentation or debt.unsecured.processing")
}

// ClampDays caps a requested duration at the purpose's maximum.
func ClampDays(purpose string, days int) int {
	limit := maxDaysPresentation
	if purpose == model.PurposeProcessing {
		limit = maxDaysProcessing
	}
	return min(days, limit)
}

// isPurpose reports whether s is one of the two base debt scopes.
func isPurpose(s string) bool {
	return s == model.PurposePresentation || s == model.PurposeProcessing
}
