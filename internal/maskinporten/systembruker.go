package maskinporten

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/store"
)

const (
	typeSystemUser   = "urn:altinn:systemuser"
	authorityISO6523 = "iso6523-actorid-upis"
	icdPrefix        = "0192:"
)

// rarEntry is one authorization_details entry of a systembruker grant
// (spec: maskinporten.md §2.3, §6.2).
type rarEntry struct {
	customer    string
	externalRef string
}

// parseRAR checks authorization_details in the order type (MP-301),
// fields (MP-302), values and count (MP-303).
func parseRAR(raw json.RawMessage) (rarEntry, *tokenError) {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		return rarEntry{}, errRARValues().why("authorization_details is not a non-empty array")
	}
	objs := make([]map[string]json.RawMessage, len(list))
	for i, el := range list {
		if json.Unmarshal(el, &objs[i]) != nil || objs[i] == nil {
			return rarEntry{}, errRARValues().why("authorization_details entry is not an object")
		}
		var typ string
		if json.Unmarshal(objs[i]["type"], &typ) != nil || typ != typeSystemUser {
			return rarEntry{}, errRARType().why("authorization_details type not supported")
		}
	}
	for _, o := range objs {
		for k := range o {
			if k != "type" && k != "systemuser_org" && k != "externalRef" {
				return rarEntry{}, errRARFields().why("authorization_details has unknown fields")
			}
		}
		var org map[string]json.RawMessage
		if json.Unmarshal(o["systemuser_org"], &org) == nil {
			for k := range org {
				if k != "authority" && k != "ID" && k != "id" {
					return rarEntry{}, errRARFields().why("systemuser_org has unknown fields")
				}
			}
		}
	}
	// spec: maskinporten.md §6.2 — exactly one entry (one party per grant).
	if len(objs) != 1 {
		return rarEntry{}, errRARValues().why("more than one authorization_details entry")
	}
	o := objs[0]
	// Go matches JSON keys case-insensitively; read "ID" and "id" apart.
	var org map[string]json.RawMessage
	if json.Unmarshal(o["systemuser_org"], &org) != nil || org == nil {
		return rarEntry{}, errRARValues().why("systemuser_org missing")
	}
	id, ok := exactString(org, "ID")
	if !ok {
		id, ok = exactString(org, "id")
	}
	if !ok {
		return rarEntry{}, errRARValues().why("systemuser_org.ID missing")
	}
	if a, present := org["authority"]; present {
		var auth string
		if json.Unmarshal(a, &auth) != nil || auth != authorityISO6523 {
			return rarEntry{}, errRARValues().why("systemuser_org.authority")
		}
	}
	num, hasPrefix := strings.CutPrefix(id, icdPrefix)
	if !hasPrefix || ident.ValidateOrgNr(num) != nil {
		return rarEntry{}, errRARValues().why("systemuser_org.ID is not 0192:<orgnr>")
	}
	r := rarEntry{customer: num, externalRef: num}
	if raw, present := o["externalRef"]; present && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if json.Unmarshal(raw, &r.externalRef) != nil || r.externalRef == "" || len(r.externalRef) > 256 {
			return rarEntry{}, errRARValues().why("externalRef")
		}
	}
	return r, nil
}

func exactString(m map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := m[key]
	if !ok {
		return "", false
	}
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

// systemUser applies §6.2: the client's system must have an accepted,
// live system user for the customer and external reference.
func (s *Service) systemUser(ctx context.Context, a *authenticated, d *decision) *tokenError {
	r, e := parseRAR(a.authDetails)
	if e != nil {
		return e
	}
	sys, err := s.store.MPSystemByClient(ctx, a.client.ClientID)
	if errors.Is(err, store.ErrNotFound) {
		return errNoSystemUser().why("client belongs to no system")
	}
	if err != nil {
		return errInternal("system: " + err.Error())
	}
	u, err := s.store.MPFindSystemUser(ctx, sys.ID, r.customer, r.externalRef)
	if errors.Is(err, store.ErrNotFound) {
		return errNoSystemUser().why("no system user for customer " + r.customer)
	}
	if err != nil {
		return errInternal("system user: " + err.Error())
	}
	if !u.Usable() {
		return errNoSystemUser().why("system user for customer " + r.customer + " is " + u.Status)
	}
	d.system, d.systemUser = sys, &u
	return nil
}
