package trekkpaalegg

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

// ExampleFixtures are the 19 published example versions of 10 orders for
// trekkpliktig 123456789 (spec: trekkpaalegg.md §13, §18:
// data/trekkpaalegg/alle-versjoner.json).
//
//go:embed fixtures/alle-versjoner.json
var ExampleFixtures []byte

// MaxFixtureVersions bounds one fixture load.
const MaxFixtureVersions = 100_000

// ParseFixtures reads a JSON array of Trekkpaalegg, refusing unknown
// fields, and checks every version's shape (spec: §6).
func ParseFixtures(data []byte) ([]Trekkpaalegg, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ts []Trekkpaalegg
	if err := dec.Decode(&ts); err != nil {
		return nil, invalid("", "fixtures must be a JSON array of trekkpålegg: %v", err)
	}
	if dec.More() {
		return nil, invalid("", "fixtures must be exactly one JSON array")
	}
	if len(ts) > MaxFixtureVersions {
		return nil, invalid("", "at most %d versions per load", MaxFixtureVersions)
	}
	for i, t := range ts {
		if err := checkVersion(t); err != nil {
			ve := err.(*ValidationError)
			return nil, invalid(fmt.Sprintf("[%d].%s", i, ve.Field), "%s", ve.Message)
		}
	}
	return ts, nil
}

// LoadFixtures stores versions verbatim — sekvensnummer, trekkversjon,
// opprettet and KID as given — and moves the global sequence counter to
// their maximum (spec: §12 fixture loading). Loading the same versions
// again changes nothing; a version that contradicts a stored one, or a
// new version whose sekvensnummer is not above the last published one
// (a polling client would miss it), is store.ErrConflict. It returns the
// number of versions stored.
func (s *Service) LoadFixtures(ctx context.Context, data []byte) (int, error) {
	ts, err := ParseFixtures(data)
	if err != nil {
		return 0, err
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Sekvensnummer < ts[j].Sekvensnummer })
	vs := make([]trekkstore.Version, len(ts))
	for i, t := range ts {
		if i > 0 && t.Sekvensnummer == ts[i-1].Sekvensnummer {
			return 0, fmt.Errorf("%w: sekvensnummer %d appears twice", store.ErrConflict, t.Sekvensnummer)
		}
		if vs[i], err = toVersion(t); err != nil {
			return 0, err
		}
	}
	return s.cfg.Store.TrekkLoad(ctx, vs)
}

// LoadExampleFixtures loads ExampleFixtures; see LoadFixtures.
func (s *Service) LoadExampleFixtures(ctx context.Context) (int, error) {
	return s.LoadFixtures(ctx, ExampleFixtures)
}
