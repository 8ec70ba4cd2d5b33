package server

import (
	"context"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/dsop"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// Seed replaces the world with the one generated from seed and persons,
// plus the reference parties the conformance checks rely on (spec:
// dsop-kontroll.md §11.1), so every seeded world passes the conformance
// kit.
func Seed(ctx context.Context, st store.Store, seed uint64, persons int) error {
	info := store.WorldInfo{Seed: seed, Persons: persons, LoadedAt: time.Now().UTC().Truncate(time.Second)}
	return st.LoadWorld(ctx, info, func(sink world.Sink) error {
		f := newReservedFilter(sink, dsop.ReferenceParties(), dsop.ReferenceAccountPrefix)
		if err := world.GenerateParallel(world.GenConfig{Seed: seed, Persons: persons}, 2, f); err != nil {
			return err
		}
		return dsop.ReferenceWorld(sink)
	})
}

// reservedFilter drops generated records that would collide with the
// reference parties: a generated person with a reserved number is left
// out together with everything that follows it (its accounts,
// employments, debts), and generated accounts never use the reference
// account prefix.
type reservedFilter struct {
	world.Sink
	reserved map[string]bool
	prefix   string
	skipping bool
	dropped  map[string]bool
}

func newReservedFilter(s world.Sink, parties []string, accountPrefix string) *reservedFilter {
	f := &reservedFilter{Sink: s, reserved: map[string]bool{}, prefix: accountPrefix, dropped: map[string]bool{}}
	for _, p := range parties {
		f.reserved[p] = true
	}
	return f
}

func (f *reservedFilter) Organisation(o world.Organisation) error {
	if f.reserved[o.OrgNr] {
		return nil
	}
	return f.Sink.Organisation(o)
}

func (f *reservedFilter) Person(p world.Person) error {
	f.skipping = f.reserved[p.NIN]
	if f.skipping {
		return nil
	}
	return f.Sink.Person(p)
}

func (f *reservedFilter) Account(a world.Account) error {
	if f.skipping || f.reserved[a.OwnerID] || f.reserved[a.BankOrgNr] || strings.HasPrefix(a.AccountNumber, f.prefix) {
		f.dropped[a.AccountNumber] = true
		return nil
	}
	return f.Sink.Account(a)
}

func (f *reservedFilter) AccountParty(p world.AccountParty) error {
	if f.skipping || f.reserved[p.PartyID] || f.dropped[p.AccountNumber] {
		return nil
	}
	return f.Sink.AccountParty(p)
}

func (f *reservedFilter) Employment(e world.Employment) error {
	if f.skipping || f.reserved[e.EmployerOrgNr] {
		return nil
	}
	return f.Sink.Employment(e)
}

func (f *reservedFilter) Debt(d world.Debt) error {
	if f.skipping || f.reserved[d.CreditorOrgNr] {
		return nil
	}
	return f.Sink.Debt(d)
}
