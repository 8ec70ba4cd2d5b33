package world

import (
	"math/rand/v2"
	"strconv"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// Shares of the adult population.
const (
	dNummerShare  = 0.03  // d-nummer holders (foreign workers, students)
	shieldedShare = 0.003 // address protection, fortrolig or strengt fortrolig
	strengtShare  = 0.2   // of the shielded, the share strengt fortrolig
	foreignNames  = 0.7   // of d-nummer holders, the share with non-Norwegian names
)

// person generates person i and all its records into c. Everything it
// draws comes from the person's own stream, seeded by (seed, i).
func (w *worker) person(c *chunk, i int) {
	g, t, dt := w.g, w.g.t, w.g.dt
	w.pcg.Seed(g.seed, mix64(uint64(i)))
	r := w.r

	c.persons = append(c.persons, personRec{index: i})
	pr := &c.persons[len(c.persons)-1]
	if i < len(g.fixed) {
		f := g.fixed[i]
		pr.fixed, pr.birthIdx, pr.male, pr.age = true, f.birthIdx, f.male, f.age
		pr.p.NIN = f.nin
	} else {
		pr.dnr = r.Float64() < dNummerShare
		if pr.dnr {
			pr.age = 20 + r.IntN(45)
		} else {
			pr.age = minAge + t.ages.pick(r)
		}
		// Born between (Y)-01-02 and (Y+1)-01-01, Y = ref year - age - 1:
		// exactly pr.age years old on GenReferenceDate.
		y := dt.times[g.refIdx].Year() - pr.age - 1 - dateBaseYear
		lo, hi := int(dt.yearStart[y]), int(dt.yearStart[y+1])
		pr.birthIdx = lo + 1 + r.IntN(hi-lo)
		pr.male = r.Float64() < maleShare(pr.age)
	}
	p := &pr.p
	p.BirthDate = dt.dates[pr.birthIdx]
	p.Gender = "F"
	if pr.male {
		p.Gender = "M"
	}
	w.names(pr)
	pl := &places[t.places.pick(r)]
	p.Street, p.PostalCode, p.City = streetAddress(r, t), pl.code, pl.city
	// The fixed test persons are never shielded: DSOP would hide their accounts.
	if r.Float64() < shieldedShare && !pr.fixed {
		p.Protection = ProtectionFortrolig
		if r.Float64() < strengtShare {
			p.Protection = ProtectionStrengtFortrolig
		}
	}
	if !pr.fixed {
		kind := ident.Fodselsnummer
		if pr.dnr {
			kind = ident.DNummer
		}
		p.NIN = ident.GenerateNIN(r, dt.times[pr.birthIdx], pr.male, kind, true)
	}

	w.accounts(c, pr)
	pr.accEnd, pr.partyEnd = len(c.accounts), len(c.parties)
	w.employments(c, pr)
	pr.empEnd = len(c.emps)
	w.debts(c, pr)
	pr.debtEnd = len(c.debts)
}

// names draws given and family name: by birth cohort for Norwegians,
// mostly foreign names for d-nummer holders.
func (w *worker) names(pr *personRec) {
	t, r := w.g.t, w.r
	if pr.dnr && r.Float64() < foreignNames {
		given := &t.foreignF
		if pr.male {
			given = &t.foreignM
		}
		pr.p.GivenName = given.names[given.pick.pick(r)]
		pr.p.FamilyName = t.foreignFam.names[t.foreignFam.pick.pick(r)]
		return
	}
	co := cohort(w.g.dt.times[pr.birthIdx].Year())
	given := &t.givenFemale[co]
	if pr.male {
		given = &t.givenMale[co]
	}
	pr.p.GivenName = given.names[given.pick.pick(r)]
	if r.Float64() < 0.06 { // double given name: "Anne Marit", "Per Olav"
		second := given.names[given.pick.pick(r)]
		if second != pr.p.GivenName {
			pr.p.GivenName += " " + second
		}
	}
	pr.p.FamilyName = t.family.names[t.family.pick.pick(r)]
}

// streetAddress draws "Street N" (sometimes "Street N B"); house numbers
// are mostly small.
func streetAddress(r *rand.Rand, t *tables) string {
	s := t.streets.pick.pick(r)
	n := 1 + int(clamp(logNormal(r, 12, 0.9), 0, 240))
	if r.Float64() < 0.1 {
		return streetNames[s].name + " " + strconv.Itoa(n) + " " + string(rune('A'+r.IntN(4)))
	}
	if n <= streetNoCached {
		return t.streetNo[s][n-1]
	}
	return streetNames[s].name + " " + strconv.Itoa(n)
}
