package categorise

import "testing"

// Assignment rules of spec: statement-analysis.md §6.4, with invented
// lines in other phrasings than the development set.
func TestAssignmentRules(t *testing.T) {
	cases := []struct {
		amount        int64
		info, partner string
		want          int
	}{
		// rule 3: wrappers are transparent; BNPL is 1006; acquirer without merchant → 1304
		{-9900, "VIPPS*PEPPES PIZZA STOVNER", "", 102},
		{-4500, "PAYPAL *SPOTIFY", "", 702},
		{-12900, "GOOGLE *YouTube Premium", "", 701},
		{-34000, "Apple Pay KIWI 441 TORSHOV", "", 101},
		{-8900, "SUMUP *HANSEN BAKERI", "", 102},
		{-5900, "IZETTLE *BRUN OG BLID", "", 1304},
		{-129900, "KLARNA*POWER.NO", "", 1006},
		{-50000, "PAYPAL *TOPUP", "", 1404},
		// rule 4: person to person, purpose wins
		{-25000, "Vipps Per Hansen", "Per Hansen", 1403},
		{30000, "MobilePay fra Eva Lie", "Eva Lie", 1403},
		{-900000, "Vipps husleie mars", "Ole Jensen", 201},
		{900000, "Vipps husleie mars", "Ole Jensen", 1610},
		{150000, "Vipps salg sofa", "Mari Vik", 1609},
		{50000, "Vipps gave", "Tor Moe", 1611},
		{-150000, "Bidrag juni", "Kari Dahl", 1203},
		{150000, "Bidrag juni", "Kari Dahl", 1602},
		// rule 5: money back
		{45000, "RETUR XXL SPORT", "", 1606},
		{250000, "Norwegian Air Shuttle refusjon", "", 1606},
		{1200000, "Tryg skadeoppgjør", "Tryg Forsikring", 1606},
		{80000, "Airbnb payout", "Airbnb", 1610},
		{120000, "Unibet uttak", "", 1608},
		// rule 6: direction
		{-180000, "Lånekassen", "", 1005},
		{1200000, "Lånekassen", "", 1604},
		{-450000, "Skatteetaten forskuddsskatt", "", 1302},
		{-300000, "Skatteetaten utleggstrekk", "", 1008},
		{520000, "Skatteetaten", "", 1603},
		{300000, "Husbanken bostøtte", "", 1605},
		{5000000, "Utbetaling", "Instabank ASA", 1407},
		// rule 7: own and savings
		{-200000, "Overføring til BSU", "", 1402},
		{200000, "Fra sparekonto", "", 1402},
		{-100000, "Overføring felleskonto", "", 1401},
		{-300000, "Firi AS kjøp", "", 1402},
		// rule 8: cash
		{-50000, "MINIBANK REMA 1000 FYLLINGSDALEN", "", 1405},
		{-40000, "Kontantuttak KIWI", "", 1405},
		// rule 9: foreign currency
		{-31000, "*1234 12.03 EUR 27,00 ZARA BARCELONA Kurs: 11.4800", "", 501},
		// rule 10: penalties
		{-120000, "Ruter kontrollavgift", "", 1303},
		{-80000, "EasyPark kontrollsanksjon", "", 1303},
		{-6000, "EasyPark Trondheim", "", 403},
		// rule 11: housing company vs landlord
		{-520000, "Husleie Sameiet Bjølsen", "", 202},
		{-800000, "Husleie", "Heimstaden AS", 201},
		// rule 12: collection
		{-230000, "Lowell Norge AS sak 8812", "", 1007},
		{-230000, "Statens innkrevingssentral", "", 1008},
		{-230000, "Statens innkrevingssentral bidrag", "", 1203},
		// rule 13: seller, not basket
		{-25000, "CLAS OHLSON BERGEN", "", 505},
		{-19900, "Circle K bilvask", "", 406},
		{-45000, "Travel Retail Norway Gardermoen", "", 105},
		// other merchants and bodies
		{-38000, "COOP PRIX BODØ", "", 101},
		{-42000, "BUNNPRIS TRONDHEIM", "", 101},
		{-60000, "Fjordkraft", "", 301},
		{-90000, "Lyse Elnett nettleie", "", 302},
		{-29900, "Ice Communication Norge", "", 303},
		{-55000, "AtB billett", "", 401},
		{-70000, "Widerøe", "", 801},
		{-65000, "YX Skei", "", 402},
		{-8900, "Kolumbus", "", 401},
		{-11200, "Flytoget", "", 401},
		{4200000, "Lønn mai", "Equinor ASA", 1501},
		{4200000, "Utbetaling", "Statens vegvesen", 1501},
		{2100000, "NAV uføretrygd", "NAV", 1601},
		{2100000, "Pensjon", "Storebrand", 1505},
		{-8000, "Gebyr varsling", "", 1301},
		{-240000, "Bompengeselskapet Nord", "", 404},
		{-9900, "Wolt", "", 104},
		{-45000, "KIWI 123 BRYN", "", 101},
	}
	c := MustDefault()
	for _, tc := range cases {
		got := c.Categorise(Input{Amount: tc.amount, Currency: "NOK", Info: tc.info, Partner: tc.partner})
		if got.ID != tc.want {
			t.Errorf("%d %q/%q: got %d (%.2f), want %d", tc.amount, tc.info, tc.partner, got.ID, got.Confidence, tc.want)
		}
		if !allowed(TypeOf(got.ID), tc.amount) {
			t.Errorf("%q: %d breaks the sign invariant", tc.info, got.ID)
		}
	}
}
