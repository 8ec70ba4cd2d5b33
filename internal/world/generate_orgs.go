package world

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/namsfogd/namsfogd/internal/ident"
)

// Employer size distribution: employer k gets employees with probability
// ∝ 1/(k + employerZipfQ), a Zipf–Mandelbrot law. With 300 000 employers
// the largest has about 0.5 % of all employments, the median a couple of
// employees, and about a third none.
const employerZipfQ = 20.0

// orgSet hands out organisation numbers that are unique within a world.
type orgSet map[string]struct{}

// draw returns a fresh valid organisasjonsnummer from r.
func (s orgSet) draw(r *rand.Rand) string {
	for {
		n := ident.GenerateOrgNr(r)
		if _, dup := s[n]; !dup {
			s[n] = struct{}{}
			return n
		}
	}
}

// bankCountFor returns how many banks a world of the given size has: the
// base banks, plus enough added savings banks that the largest bank is
// expected to use at most ~60 % of its registration number's account
// numbers. (One registration number per bank is all Organisation holds.)
func bankCountFor(persons int) int {
	expected := 2.7 * float64(persons) // person accounts plus employer accounts
	sum, top := 0.0, 0.0
	for _, b := range baseBanks {
		sum += b.w
		top = max(top, b.w)
	}
	need := top * expected / 545_000
	n := len(baseBanks)
	if need > sum {
		n += int(math.Ceil((need - sum) / extraBankWeight))
	}
	return min(n, len(baseBanks)+len(extraBankNames()))
}

// extraBankNames lists the names of the banks added for size, in order.
func extraBankNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, b := range baseBanks {
		seen[b.name] = true
	}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	for _, p := range places {
		add(p.short + " SPAREBANK")
	}
	for _, p := range places {
		add("SPAREBANKEN " + p.short)
	}
	return names
}

// organisations builds and emits every organisation, then the
// organisations' accounts. It fills in the generator's bank, creditor and
// employer lists, which are read-only afterwards.
func (e *emitter) organisations() error {
	g, t := e.g, e.g.t
	orgs := orgSet{}
	for _, a := range authorities {
		orgs[a.orgnr] = struct{}{}
	}
	for _, a := range authorities {
		if err := e.sink.Organisation(Organisation{
			OrgNr: a.orgnr, Name: a.name, Roles: []string{RoleAuthority},
			Street: a.street, PostalCode: a.code, City: a.city,
		}); err != nil {
			return err
		}
	}

	// The fixed set: lender, base banks, creditors, collectors, vendors.
	// Their numbers depend on the seed only, not on the world's size.
	r := rand.New(rand.NewPCG(g.seed^saltFixedOrgs, 0))
	org := func(r *rand.Rand, name, regNo string, roles ...string) (string, error) {
		nr := orgs.draw(r)
		pl := t.places.pick(r)
		return nr, e.sink.Organisation(Organisation{
			OrgNr: nr, Name: name, Roles: roles,
			Street: streetAddress(r, t), PostalCode: places[pl].code, City: places[pl].city,
			BankRegNo: regNo,
		})
	}
	var err error
	var creditorW, bankW []float64
	var lenders, collectors []string // non-bank creditors and collectors, for their accounts
	if g.exampleLender, err = org(r, exampleLenderName, "", RoleCreditor); err != nil {
		return err
	}
	g.creditors, creditorW = append(g.creditors, g.exampleLender), append(creditorW, 2)
	lenders = append(lenders, g.exampleLender)

	nBanks := bankCountFor(g.persons)
	addBank := func(r *rand.Rand, name, regNo string, w float64) error {
		nr, err := org(r, name, regNo, RoleBank, RoleCreditor)
		if err != nil {
			return err
		}
		bin := "4"
		if len(g.banks)%2 == 0 {
			bin = "5"
		}
		g.banks = append(g.banks, bankInfo{orgnr: nr, regNo: regNo, bin: bin + regNo + "0"})
		bankW = append(bankW, w)
		g.creditors, creditorW = append(g.creditors, nr), append(creditorW, 0.8*w)
		return nil
	}
	usedReg := map[string]bool{}
	for _, b := range baseBanks {
		usedReg[b.regNo] = true
		if err := addBank(r, b.name, b.regNo, b.w); err != nil {
			return err
		}
	}
	for _, name := range creditorNames {
		nr, err := org(r, name, "", RoleCreditor)
		if err != nil {
			return err
		}
		g.creditors, creditorW = append(g.creditors, nr), append(creditorW, 3)
		lenders = append(lenders, nr)
	}
	for _, name := range collectorNames {
		nr, err := org(r, name, "", RoleCollector)
		if err != nil {
			return err
		}
		collectors = append(collectors, nr)
	}
	for _, name := range vendorNames {
		if _, err := org(r, name, "", RoleVendor); err != nil {
			return err
		}
	}

	// Savings banks added for size, from their own stream.
	rx := rand.New(rand.NewPCG(g.seed^saltExtraBanks, 0))
	extra := extraBankNames()
	for k, seq := 0, 0; len(g.banks) < nBanks; k++ {
		regNo := ""
		for regNo == "" || usedReg[regNo] {
			regNo = strconv.Itoa(1000 + (seq*2741+311)%9000)
			seq++
		}
		usedReg[regNo] = true
		if err := addBank(rx, extra[k], regNo, extraBankWeight); err != nil {
			return err
		}
	}
	g.bankPick = newAliasTable(bankW)
	g.creditorPick = newAliasTable(creditorW)
	e.accts = make([]bitset, len(g.banks))
	e.fill = make([]int, len(g.banks))

	if err := e.employers(orgs); err != nil {
		return err
	}
	return e.organisationAccounts(lenders, collectors)
}

// employers builds and emits the employers: the largest municipalities
// first (they are the largest employers), then companies.
func (e *emitter) employers(orgs orgSet) error {
	g, t := e.g, e.g.t
	n := max(20, g.persons/18)
	nPublic := clamp(n/5000, 1, len(kommuneNames))
	r := rand.New(rand.NewPCG(g.seed^saltEmployers, 0))
	names := make(map[string]struct{}, n)
	g.employers = make([]string, 0, n)
	for k := 0; k < n; k++ {
		var name string
		var pl int
		if k < nPublic {
			name, pl = kommuneNames[k]+" KOMMUNE", placeOf(kommuneNames[k])
		} else {
			name, pl = employerName(r, t, names)
		}
		names[name] = struct{}{}
		nr := orgs.draw(r)
		if err := e.sink.Organisation(Organisation{
			OrgNr: nr, Name: name, Roles: []string{RoleEmployer},
			Street: streetAddress(r, t), PostalCode: places[pl].code, City: places[pl].city,
		}); err != nil {
			return err
		}
		g.employers = append(g.employers, nr)
	}
	g.zipfQ = employerZipfQ
	g.zipfL = math.Log((float64(n) + employerZipfQ) / employerZipfQ)
	return nil
}

// placeOf returns the index of the first place with the given short name.
func placeOf(short string) int {
	for i, p := range places {
		if p.short == short {
			return i
		}
	}
	return 0
}

// employerName draws a company name not in taken, and the place whose
// postal address the company gets.
func employerName(r *rand.Rand, t *tables, taken map[string]struct{}) (string, int) {
	pl := t.places.pick(r)
	for try := 0; ; try++ {
		core, form := employerNameParts(r, t, places[pl].short)
		name := core + form
		if try >= 8 { // a crowded name: number it, as Brønnøysund would require
			name = core + " " + strconv.Itoa(try-6) + form
		}
		if _, dup := taken[name]; !dup {
			return name, pl
		}
	}
}

// employerNameParts returns a name's core and its company form suffix
// (" AS", or "" for a sole proprietorship, whose name is the owner's).
func employerNameParts(r *rand.Rand, t *tables, short string) (string, string) {
	fam := t.familyUpper[t.family.pick.pick(r)]
	trade := employerTrades[r.IntN(len(employerTrades))]
	word := employerWords[r.IntN(len(employerWords))]
	switch p := r.Float64(); {
	case p < 0.22:
		return fam + " " + trade, " AS"
	case p < 0.40:
		return short + " " + trade, " AS"
	case p < 0.52:
		return word + " " + trade, " AS"
	case p < 0.77:
		return fam + " " + trade + " " + short, " AS"
	case p < 0.85:
		return word + " " + trade + " " + short, " AS"
	case p < 0.91:
		return t.givenUpper[r.IntN(len(t.givenUpper))] + " " + fam + " " + trade, ""
	case p < 0.96:
		return fam + " & " + t.familyUpper[t.family.pick.pick(r)], " AS"
	}
	return employerProfessions[r.IntN(len(employerProfessions))] + " " + fam, " AS"
}

// organisationAccounts emits the organisations' own accounts: a business
// account for every lender and employer (some employers two), a
// tax-deduction account (skattetrekkskonto) for nearly every employer, and
// a client account plus a business account for every collector.
func (e *emitter) organisationAccounts(lenders, collectors []string) error {
	g := e.g
	r := rand.New(rand.NewPCG(g.seed^saltOrgAccounts, 0))
	for _, nr := range lenders {
		if err := e.orgAccount(r, nr, AccountBusiness, productBusiness[1], 5_000_000); err != nil {
			return err
		}
	}
	for _, nr := range collectors {
		if err := e.orgAccount(r, nr, AccountClient, productClient, 2_000_000); err != nil {
			return err
		}
		if err := e.orgAccount(r, nr, AccountBusiness, productBusiness[0], 400_000); err != nil {
			return err
		}
	}
	for _, nr := range g.employers {
		if err := e.orgAccount(r, nr, AccountBusiness, productBusiness[0], 300_000); err != nil {
			return err
		}
		if r.Float64() < 0.15 {
			if err := e.orgAccount(r, nr, AccountBusiness, productBusiness[2], 800_000); err != nil {
				return err
			}
		}
		if r.Float64() < 0.92 {
			if err := e.orgAccount(r, nr, AccountTaxDeduction, productTaxDeduct, 80_000); err != nil {
				return err
			}
		}
	}
	return nil
}

// orgAccount emits one NOK account owned by organisation owner, with a
// balance around medianNOK.
func (e *emitter) orgAccount(r *rand.Rand, owner, typ, name string, medianNOK float64) error {
	g := e.g
	b := g.bankPick.pick(r)
	var num string
	for {
		if e.fill[b] >= bankFullAt {
			nb, err := e.nextBank(b)
			if err != nil {
				return err
			}
			b = nb
		}
		num = ident.GenerateKontonummer(r, g.banks[b].regNo)
		if e.claimAccount(b, num) {
			break
		}
	}
	start := g.idx1990 + r.IntN(g.refIdx-g.idx1990)
	status := AccountEnabled
	if r.Float64() < 0.01 {
		status = AccountDisabled
	}
	booked := nokToOre(r, clamp(logNormal(r, medianNOK, 1.3), 0, 500*medianNOK))
	avail := booked
	if r.Float64() < 0.1 {
		avail -= booked / 20 // reserved payments
	}
	return e.sink.Account(Account{
		AccountNumber: num, BankOrgNr: g.banks[b].orgnr, OwnerID: owner, Type: typ,
		Currency: "NOK", Status: status, Name: name,
		StartDate: g.dt.dates[start], OwnerSince: g.dt.dates[start],
		BookedBalance: booked, AvailableBalance: avail, OnlineAvailable: true,
	})
}
