package world

import (
	"strconv"
	"strings"
	"sync"
)

// Ages of generated persons on GenReferenceDate.
const (
	minAge = 18
	maxAge = 90
)

// ageWeight is the relative number of Norwegian residents of a given age
// (thousands, rounded from the 2025 population pyramid).
func ageWeight(a int) float64 {
	switch {
	case a < 20:
		return 64
	case a < 30:
		return 70
	case a < 40:
		return 76
	case a < 50:
		return 72
	case a < 60:
		return 71
	case a < 65:
		return 66
	case a < 70:
		return 60
	case a < 75:
		return 54
	case a < 80:
		return 44
	case a < 85:
		return 27
	}
	return 15 - float64(a-85)*1.8 // 15 at 85, 6 at 90
}

// maleShare is the share of men at a given age (women live longer).
func maleShare(a int) float64 {
	switch {
	case a < 60:
		return 0.505
	case a < 75:
		return 0.49
	case a < 85:
		return 0.44
	}
	return 0.37
}

// namePool is a weighted list of names with its sampler.
type namePool struct {
	names []string
	pick  aliasTable
}

func newNamePool(ws []wname) namePool {
	p := namePool{names: make([]string, len(ws))}
	weights := make([]float64, len(ws))
	for i, w := range ws {
		p.names[i], weights[i] = w.name, w.w
	}
	p.pick = newAliasTable(weights)
	return p
}

// tables are the read-only samplers shared by every generation.
type tables struct {
	givenFemale [3]namePool // by cohort: old, mid, young
	givenMale   [3]namePool
	family      namePool
	foreignF    namePool
	foreignM    namePool
	foreignFam  namePool
	places      aliasTable
	streets     namePool
	// streetNo[s][n-1] is "<street s> <n>" for n in 1..streetNoCached.
	streetNo    [][]string
	ages        aliasTable // index + minAge
	familyUpper []string   // family names in upper case, for organisation names
	givenUpper  []string   // mid-cohort given names in upper case
	debtCount   aliasTable // index + 1 = number of debts of a debtor
}

// streetNoCached is how many house numbers have a pre-built street string.
const streetNoCached = 120

var nameTables = sync.OnceValue(func() *tables {
	t := &tables{
		givenFemale: [3]namePool{newNamePool(givenFemaleOld), newNamePool(givenFemaleMid), newNamePool(givenFemaleYoung)},
		givenMale:   [3]namePool{newNamePool(givenMaleOld), newNamePool(givenMaleMid), newNamePool(givenMaleYoung)},
		family:      newNamePool(familyNames),
		foreignF:    newNamePool(foreignGivenFemale),
		foreignM:    newNamePool(foreignGivenMale),
		foreignFam:  newNamePool(foreignFamilyNames),
		streets:     newNamePool(streetNames),
	}
	pw := make([]float64, len(places))
	for i, p := range places {
		pw[i] = p.w
	}
	t.places = newAliasTable(pw)
	t.streetNo = make([][]string, len(streetNames))
	for s, st := range streetNames {
		t.streetNo[s] = make([]string, streetNoCached)
		for n := 1; n <= streetNoCached; n++ {
			t.streetNo[s][n-1] = st.name + " " + strconv.Itoa(n)
		}
	}
	aw := make([]float64, maxAge-minAge+1)
	for a := minAge; a <= maxAge; a++ {
		aw[a-minAge] = ageWeight(a)
	}
	t.ages = newAliasTable(aw)
	for _, n := range familyNames {
		t.familyUpper = append(t.familyUpper, strings.ToUpper(n.name))
	}
	for _, pool := range [][]wname{givenFemaleMid, givenMaleMid} {
		for _, n := range pool {
			t.givenUpper = append(t.givenUpper, strings.ToUpper(n.name))
		}
	}
	// Debtors: about half have one loan, a few up to twelve.
	t.debtCount = newAliasTable([]float64{48, 25, 13, 6, 3, 2, 1, 0.7, 0.5, 0.35, 0.25, 0.2})
	return t
})

// cohort returns the given-name cohort of a birth year.
func cohort(year int) int {
	switch {
	case year < cohortMidFrom:
		return 0
	case year < cohortYoungFrom:
		return 1
	}
	return 2
}
