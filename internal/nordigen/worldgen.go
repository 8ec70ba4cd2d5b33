package nordigen

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

// The world holds accounts and balances but no transactions. An export
// (admin route, export.go) generates a person's transactions from the
// world's own data: salary from each employer, NAV or pension when there
// is none, rent or mortgage, utilities, groceries at real Norwegian
// chains in the person's city, transport, subscriptions, card payments,
// Vipps, savings transfers and the payments on the person's debts.
//
// Invariant: the result depends only on the person, accounts,
// employments, debts and the window — every month draws from its own
// generator seeded by (NIN, month), so an overlapping window yields the
// same transactions for the months both cover.

// genTx is one generated transaction. Want is the category a credit
// officer would give it; it is never exported, only used by tests.
type genTx struct {
	ID             string
	Date           string
	Amount         int64 // øre, negative = money out
	Info           string
	Partner        string
	CounterAccount string
	Want           int
}

// genAccount is one exported account with its transactions.
type genAccount struct {
	Account  world.Account
	Bank     string
	Holder   string
	Txs      []genTx
	Opening  int64
	Closing  int64
	From, To string
}

// genEmployment and genDebt are the world facts the generator uses.
type genEmployment struct {
	Employer      string
	Start, End    string
	AnnualSalary  int64
	PositionPct   int
	EmployerOrgNr string
}

type genDebt struct {
	Creditor string
	Type     string
	Balance  int64 // øre
}

func seedOf(parts ...string) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

var monthNames = []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"}

var (
	groceryChains = []string{"REMA 1000", "KIWI", "COOP EXTRA", "MENY", "COOP PRIX", "BUNNPRIS", "JOKER", "SPAR", "COOP MEGA", "OBS"}
	cardFormats   = []string{"VISA VARE %04d %s %s", "Varekjøp %s %s Dato %s", "%s %s", "Kortkjøp %s %s"}
	cafes         = []string{"ESPRESSO HOUSE", "PEPPES PIZZA", "EGON", "BAKER HANSEN", "KAFFEBRENNERIET", "STARBUCKS"}
	fastFood      = []string{"MCDONALDS", "BURGER KING", "NARVESEN", "7-ELEVEN", "DELI DE LUCA", "MAX BURGERS"}
	shops         = []struct {
		name string
		cat  int
	}{{"ELKJOP", 502}, {"POWER", 502}, {"XXL", 503}, {"CLAS OHLSON", 505}, {"EUROPRIS", 505}, {"H&M", 501}, {"CUBUS", 501}, {"NORLI", 506}, {"IKEA", 205}, {"JERNIA", 204}}
	electricity = []string{"Fjordkraft AS", "Tibber Norge AS", "Fortum Strøm AS", "Hafslund Strøm AS"}
	gridCos     = []string{"Elvia AS", "BKK Nett AS", "Tensio TN AS", "Lede AS"}
	mobileCos   = []string{"Telenor Norge AS", "Telia Norge AS", "Talkmore AS", "Ice Communication Norge AS"}
	netCos      = []string{"Altibox AS", "NextGenTel AS", "Telenor Norge AS bredbånd"}
	insurers    = []string{"Gjensidige Forsikring ASA", "If Skadeforsikring NUF", "Tryg Forsikring", "Fremtind Forsikring AS"}
	landlords   = []string{"Heimstaden AS", "Fredensborg Bolig AS", "Boligbygg Oslo KF", "Utleiemegleren AS"}
	streaming   = []struct {
		info string
		cat  int
	}{{"NETFLIX.COM", 701}, {"Spotify P2A9C1", 702}, {"VIAPLAY", 701}, {"HBO MAX", 701}, {"STORYTEL", 702}, {"APPLE.COM/BILL", 703}}
	friends = []string{"Ola Hansen", "Kari Johansen", "Per Olsen", "Ingrid Larsen", "Lars Andersen", "Marte Berg", "Jonas Pedersen", "Sofie Nilsen"}
)

// transitFor names the public transport company of a city.
func transitFor(city string) string {
	switch strings.ToUpper(city) {
	case "OSLO":
		return "RUTER"
	case "BERGEN":
		return "SKYSS"
	case "TRONDHEIM":
		return "ATB"
	case "STAVANGER", "SANDNES":
		return "KOLUMBUS"
	}
	return "VY"
}

// generate builds the transactions of a person's everyday and savings
// accounts for every month from `from` to `to` (inclusive dates).
func generate(p world.Person, everyday *genAccount, savings *genAccount, loan *world.Account, emps []genEmployment, debts []genDebt, from, to time.Time) {
	city := strings.ToUpper(p.City)
	if city == "" {
		city = "OSLO"
	}
	person := rand.New(rand.NewPCG(seedOf(p.NIN, "person"), 1))
	grocery := []string{groceryChains[person.IntN(len(groceryChains))], groceryChains[person.IntN(len(groceryChains))], groceryChains[person.IntN(len(groceryChains))]}
	elec, grid := electricity[person.IntN(len(electricity))], gridCos[person.IntN(len(gridCos))]
	mobile, net := mobileCos[person.IntN(len(mobileCos))], netCos[person.IntN(len(netCos))]
	insurer := insurers[person.IntN(len(insurers))]
	landlord := landlords[person.IntN(len(landlords))]
	borettslag := person.IntN(3) == 0
	subs := slices.Clone(streaming)
	person.Shuffle(len(subs), func(i, j int) { subs[i], subs[j] = subs[j], subs[i] })
	subs = subs[:1+person.IntN(3)]
	rent := int64(8000+person.IntN(9000)) * 100
	age := 40
	if b, ok := p.BirthDate.Time(); ok {
		age = to.Year() - b.Year()
	}
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		ym := m.Format("2006-01")
		r := rand.New(rand.NewPCG(seedOf(p.NIN, ym), 2))
		last := m.AddDate(0, 1, -1).Day()
		var out []genTx
		add := func(day int, amount int64, info, partner, counter string, want int) {
			d := time.Date(m.Year(), m.Month(), min(max(day, 1), last), 0, 0, 0, 0, time.UTC)
			if d.Before(from) || d.After(to) {
				return
			}
			out = append(out, genTx{Date: d.Format("2006-01-02"), Amount: amount, Info: info, Partner: partner, CounterAccount: counter, Want: want})
		}
		kr := func(lo, hi int) int64 { return int64(lo*100 + r.IntN((hi-lo)*100+1)) }
		payday := 25
		for wd := time.Date(m.Year(), m.Month(), 25, 0, 0, 0, 0, time.UTC).Weekday(); wd == time.Saturday || wd == time.Sunday; wd = (wd + 6) % 7 {
			payday--
		}
		mon := monthNames[m.Month()-1]
		paid := false
		for _, e := range emps {
			date := time.Date(m.Year(), m.Month(), payday, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			if (e.Start != "" && e.Start > date) || (e.End != "" && e.End < date) {
				continue
			}
			net := e.AnnualSalary * int64(max(e.PositionPct, 1)) / 100 / 12 * 66 / 100 // øre: ~66 % after tax
			add(payday, net, "Lønn "+mon, e.Employer, "", 1501)
			if m.Month() == time.June {
				add(payday-10, e.AnnualSalary*int64(max(e.PositionPct, 1))/100*102/10*66/100/100, "Feriepenger", e.Employer, "", 1502)
			}
			paid = true
		}
		if !paid {
			if age >= 67 {
				add(20, kr(19000, 24000), "Alderspensjon "+mon, "NAV", "", 1505)
			} else {
				add(payday, kr(14000, 21000), "Dagpenger", "NAV", "", 1601)
			}
		}
		switch {
		case loan != nil:
			add(15, -kr(6000, 18000), "Terminbeløp boliglån "+loan.AccountNumber, everyday.Bank, "", 1001)
		case borettslag:
			add(1, -kr(3500, 7000), "Felleskostnader "+mon, strings.Fields(p.Street + " X")[0]+" Borettslag", "", 202)
		default:
			add(1, -rent, "Husleie "+mon, landlord, "", 201)
		}
		add(20, -kr(400, 2200), "Efaktura "+elec+" strøm", elec, "", 301)
		add(20, -kr(300, 900), "Efaktura "+grid+" nettleie", grid, "", 302)
		add(12, -kr(299, 599), "Efaktura "+mobile+" mobil", mobile, "", 303)
		add(12, -kr(499, 899), net+" fiber", net, "", 304)
		add(1, -kr(350, 900), insurer, insurer, "", 904)
		for i, s := range subs {
			add(3+i*4, -kr(99, 229), s.info, "", "", s.cat)
		}
		add(2, -kr(750, 890), transitFor(city)+" billett 30 dager", "", "", 401)
		if r.IntN(2) == 0 {
			add(1+r.IntN(last), -kr(500, 1100), "CIRCLE K "+city, "", "", 402)
		}
		for range 10 + r.IntN(9) {
			chain := grocery[r.IntN(len(grocery))]
			day := 1 + r.IntN(last)
			var info string
			switch f := cardFormats[r.IntN(len(cardFormats))]; {
			case strings.HasPrefix(f, "VISA"):
				info = fmt.Sprintf(f, 1000+r.IntN(9000), chain, city)
			case strings.Contains(f, "Dato"):
				info = fmt.Sprintf(f, chain, city, fmt.Sprintf("%02d.%02d", day, m.Month()))
			default:
				info = fmt.Sprintf(f, chain, city)
			}
			add(day, -kr(60, 1400), info, "", "", 101)
		}
		for range r.IntN(4) {
			add(1+r.IntN(last), -kr(80, 650), cafes[r.IntN(len(cafes))]+" "+city, "", "", 102)
		}
		for range r.IntN(3) {
			add(1+r.IntN(last), -kr(39, 189), fastFood[r.IntN(len(fastFood))]+" "+city, "", "", 103)
		}
		if r.IntN(3) == 0 {
			add(1+r.IntN(last), -kr(150, 900), "VINMONOPOLET "+city, "", "", 105)
		}
		if r.IntN(3) == 0 {
			add(1+r.IntN(last), -kr(60, 500), []string{"APOTEK 1 ", "VITUSAPOTEK "}[r.IntN(2)]+city, "", "", 601)
		}
		if r.IntN(2) == 0 {
			s := shops[r.IntN(len(shops))]
			add(1+r.IntN(last), -kr(150, 3500), s.name+" "+city, "", "", s.cat)
		}
		for range r.IntN(3) {
			f := friends[r.IntN(len(friends))]
			if r.IntN(2) == 0 {
				add(1+r.IntN(last), -kr(50, 600), "Vipps *"+f, f, "", 1403)
			} else {
				add(1+r.IntN(last), kr(50, 600), "Vipps fra "+f, f, "", 1403)
			}
		}
		if r.IntN(4) == 0 {
			add(1+r.IntN(last), -[]int64{20000, 50000, 100000}[r.IntN(3)], "Minibank "+city, "", "", 1405)
		}
		for _, d := range debts {
			pay := max(d.Balance*3/100, 50000)
			switch d.Type {
			case world.DebtChargeCard:
				add(18, -pay, "Faktura kredittkort", d.Creditor, "", 1003)
			case world.DebtCreditFacility:
				add(18, -pay, "Nedbetaling kreditt", d.Creditor, "", 1002)
			default:
				add(18, -pay, "Avdrag lån", d.Creditor, "", 1002)
			}
		}
		if m.Month()%3 == 0 {
			add(last, -kr(15, 45), "Gebyr nettbank", "", "", 1301)
		}
		if savings != nil {
			amt := kr(1000, 5000)
			add(payday+1, -amt, "Overføring til sparekonto", "", savings.Account.AccountNumber, 1402)
			n := len(savings.Txs)
			d := time.Date(m.Year(), m.Month(), min(payday+1, last), 0, 0, 0, 0, time.UTC)
			if !d.Before(from) && !d.After(to) {
				savings.Txs = append(savings.Txs, genTx{Date: d.Format("2006-01-02"), Amount: amt, Info: "Overføring fra brukskonto til sparekonto", CounterAccount: everyday.Account.AccountNumber, Want: 1402})
			}
			if m.Month() == time.December && len(savings.Txs) > n {
				savings.Txs = append(savings.Txs, genTx{Date: m.AddDate(0, 1, -1).Format("2006-01-02"), Amount: kr(50, 900), Info: "Renter", Want: 1607})
			}
		}
		slices.SortStableFunc(out, func(a, b genTx) int { return strings.Compare(a.Date, b.Date) })
		everyday.Txs = append(everyday.Txs, out...)
	}
	for _, a := range []*genAccount{everyday, savings} {
		if a == nil {
			continue
		}
		slices.SortStableFunc(a.Txs, func(x, y genTx) int { return strings.Compare(x.Date, y.Date) })
		var sum int64
		seq, day := 0, ""
		for i := range a.Txs {
			if a.Txs[i].Date != day {
				seq, day = 0, a.Txs[i].Date
			}
			seq++
			a.Txs[i].ID = fmt.Sprintf("%s%s%03d", a.Account.AccountNumber[max(len(a.Account.AccountNumber)-4, 0):], strings.ReplaceAll(day, "-", ""), seq)
			sum += a.Txs[i].Amount
		}
		a.Closing = a.Account.BookedBalance
		a.Opening = a.Closing - sum
		a.From, a.To = from.Format("2006-01-02"), to.Format("2006-01-02")
	}
}
