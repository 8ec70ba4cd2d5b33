package auth

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"time"
)

// Claim values of Maskinporten tokens (spec: maskinporten.md §3.3).
const (
	AuthorityISO6523   = "iso6523-actorid-upis"
	ICDOrgNr           = "0192"
	TypeSystemUser     = "urn:altinn:systemuser"
	tokenTypeBearer    = "Bearer"
	maxClaimsNumber    = 1 << 53
	systemUserOrgLower = "id"
)

func decodeClaims(payload []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// numericDate reads a NumericDate claim (RFC 7519 §2): a JSON number of
// seconds, possibly fractional.
func numericDate(m map[string]any, name string) (time.Time, bool, bool) {
	raw, present := m[name]
	if !present {
		return time.Time{}, false, true
	}
	n, ok := raw.(json.Number)
	if !ok {
		return time.Time{}, true, false
	}
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || math.Abs(f) > maxClaimsNumber {
		return time.Time{}, true, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true, true
}

// checkClaims runs §7 items 6–10 and fills the caller. It returns the
// instant from which the token is acceptable (for the cache) and a
// reason when the token must be refused with 401.
func (v *Verifier) checkClaims(m map[string]any, now time.Time) (Caller, time.Time, string) {
	skew := v.cfg.Skew
	// §7 item 6: times.
	exp, has, ok := numericDate(m, "exp")
	if !has || !ok {
		return Caller{}, time.Time{}, "token has no valid exp"
	}
	if !now.Before(exp.Add(skew)) {
		return Caller{}, time.Time{}, "token has expired"
	}
	iat, has, ok := numericDate(m, "iat")
	if !has || !ok {
		return Caller{}, time.Time{}, "token has no valid iat"
	}
	if iat.After(now.Add(skew)) {
		return Caller{}, time.Time{}, "token is issued in the future"
	}
	notBefore := iat
	if nbf, has, ok := numericDate(m, "nbf"); has {
		if !ok {
			return Caller{}, time.Time{}, "token has an invalid nbf"
		}
		if nbf.After(now.Add(skew)) {
			return Caller{}, time.Time{}, "token is not yet valid"
		}
		if nbf.After(notBefore) {
			notBefore = nbf
		}
	}

	// §7 item 7: required claims.
	scope, ok := m["scope"].(string)
	if !ok {
		return Caller{}, time.Time{}, "token has no scope string"
	}
	c := Caller{Expiry: exp, Claims: m}
	c.Scopes = splitScope(scope)
	c.ClientID, _ = m["client_id"].(string)
	c.ClientAMR, _ = m["client_amr"].(string)
	c.TokenID, _ = m["jti"].(string)
	c.DelegationSource, _ = m["delegation_source"].(string)
	c.PID, _ = m["pid"].(string)
	strict := !v.cfg.MinimalClaims
	if strict {
		for _, name := range []string{"client_id", "client_amr", "jti"} {
			if s, ok := m[name].(string); !ok || s == "" {
				return Caller{}, time.Time{}, "token lacks the " + name + " claim"
			}
		}
		if _, ok := m["consumer"].(map[string]any); !ok {
			return Caller{}, time.Time{}, "token lacks the consumer claim"
		}
		// §7 item 8.
		if tt, present := m["token_type"]; present && tt != tokenTypeBearer {
			return Caller{}, time.Time{}, "token_type is not Bearer"
		}
	}

	// §7 item 9: audience, only where configured.
	c.Audience = audience(m["aud"])
	if v.cfg.Audience != "" && !audienceMatches(c.Audience, v.cfg.Audience) {
		return Caller{}, time.Time{}, "token audience does not match"
	}

	// §7 item 10: consumer shape (no check-digit test).
	consumer, consumerOK := orgID(m["consumer"], strict)
	if strict && !consumerOK {
		return Caller{}, time.Time{}, "token consumer is not 0192 and 9 digits"
	}
	if consumerOK {
		c.ConsumerOrg = consumer
	}
	if s, ok := orgID(m["supplier"], false); ok {
		c.SupplierOrg = s
	}
	readSystemUser(&c, m["authorization_details"])

	// §7 item 13: the acting organisation.
	switch {
	case c.IsSystemUser():
		if isNineDigits(c.SystemUserOrg) {
			c.EffectiveOrg = c.SystemUserOrg
		}
	case consumerOK:
		c.EffectiveOrg = c.ConsumerOrg
	}
	return c, notBefore.Add(-skew), ""
}

// splitScope splits on single spaces, ignoring empty elements (spec:
// maskinporten.md §7 item 11).
func splitScope(s string) []string {
	parts := strings.Split(s, " ")
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func audience(v any) []string {
	switch a := v.(type) {
	case string:
		return []string{a}
	case []any:
		out := make([]string, 0, len(a))
		for _, x := range a {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// audienceMatches compares ignoring one trailing slash on either side
// (spec: maskinporten.md §7 item 9).
func audienceMatches(aud []string, want string) bool {
	want = strings.TrimSuffix(want, "/")
	for _, a := range aud {
		if strings.TrimSuffix(a, "/") == want {
			return true
		}
	}
	return false
}

// orgID reads {"authority": "iso6523-actorid-upis", "ID": "0192:<9
// digits>"} (key ID or id) and returns the 9 digits. A present authority
// must be iso6523-actorid-upis; with requireAuthority it must be present.
func orgID(v any, requireAuthority bool) (string, bool) {
	o, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	if a, present := o["authority"]; present && a != AuthorityISO6523 || !present && requireAuthority {
		return "", false
	}
	id, ok := o["ID"].(string)
	if !ok {
		if id, ok = o[systemUserOrgLower].(string); !ok {
			return "", false
		}
	}
	icd, org, ok := strings.Cut(id, ":")
	if !ok || icd != ICDOrgNr || !isNineDigits(org) {
		return "", false
	}
	return org, true
}

func isNineDigits(s string) bool {
	if len(s) != 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// readSystemUser fills the systembruker fields from the first
// authorization_details entry of type urn:altinn:systemuser;
// systemuser_org may use "ID" or "id" (spec: maskinporten.md §3.3 notes).
func readSystemUser(c *Caller, v any) {
	list, ok := v.([]any)
	if !ok {
		return
	}
	for _, x := range list {
		e, ok := x.(map[string]any)
		if !ok || e["type"] != TypeSystemUser {
			continue
		}
		c.SystemID, _ = e["system_id"].(string)
		switch ids := e["systemuser_id"].(type) {
		case []any:
			if len(ids) > 0 {
				c.SystemUserID, _ = ids[0].(string)
			}
		case string:
			c.SystemUserID = ids
		}
		if org, ok := orgID(e["systemuser_org"], false); ok {
			c.SystemUserOrg = org
		} else {
			// Present but unreadable: still a system-user token, acting
			// for nobody we can name.
			c.SystemUserOrg = "?"
		}
		return
	}
}
