package categorise

import "testing"

// How the categoriser copes with what it has not seen (spec:
// statement-analysis.md §6.4, §6.5 step 1, §6.7 "different merchants,
// cities and phrasing"). Each case is a general behaviour, not a row of
// a labelled set.
func TestGeneralisation(t *testing.T) {
	cases := []struct {
		name          string
		amount        int64
		info, partner string
		want          int
	}{
		// §6.5 step 1: exports cut descriptions off inside a word.
		{"truncated chain", -52900, "VINMONOP", "", 105},
		{"truncated two-word name", -23400, "VISA VARE 4415 NORSK RIKSTO", "", 1101},
		{"truncated body, incoming", 980000, "STATENS LÅNEKA", "", 1604},
		{"truncated body, outgoing", -198000, "STATENS LÅNEKA", "", 1005},
		{"truncated partner", -350000, "Efaktura", "Statens innkrevingssentr", 1008},
		{"a plain word is not a cut-off name", -144797, "Betaling", "", 1304},
		{"a name is not a cut-off name", -30000, "Vipps Mari Berg", "", 1403},

		// Definite forms of kinds of places.
		{"-en", -5400, "TORGKIOSKEN BRYNE", "", 103},
		{"-et", -9800, "SENTRUMSBAKERIET", "", 102},
		{"-et on a suffix", -189000, "BYVERKSTEDET AS", "", 406},

		// Rule 4: a word that is also a name yields to the person.
		{"Finn the person", 40000, "Vipps fra Finn Aasland", "Finn Aasland", 1403},
		{"Lan the person", -18000, "Vipps Lan Tran", "Lan Tran", 1403},
		{"a card text naming a street is a shop", -34900, "VISA VARE 5521 HENRIK IBSENS GATE 4", "", 1304},
		{"a person as partner without a transfer word", -120000, "Konsert billetter", "Kari Nilsen", 705},

		// Generic words yield to what the money is for.
		{"membership fee is not a tax", -42000, "Medlemsavgift 2026", "Norges Hundeklubbers Forbund", 706},
		{"paid parking is not a tax", -6500, "Parkeringsavgift Nordnes", "Bergen kommune", 403},
		{"passport fee is not a bank fee", -62000, "Passgebyr", "Politiet", 1302},
		{"visa fee is a public fee", -90000, "Visumgebyr ambassade", "", 1302},
		{"renting a car is not rent", -250000, "Leie bil uke 28", "", 804},
		{"renting a safe-deposit box is a bank fee", -45000, "Leie bankboks 2026", "", 1301},
		{"a fee at a cash machine is a fee (rule 8)", -3500, "Gebyr minibank utland", "", 1301},
		{"a professional union", -118000, "Avtalegiro Norsk Psykologforening", "", 706},
		{"a cruise line named like a furniture chain", -2234000, "PRINCESS CRUISES", "", 803},
		{"the wash at a fuel station (rule 13)", -19900, "SHELL VASK SKØYEN", "", 406},
		{"tyre storage is not a hotel", -90000, "Dekkhotell vinter", "", 406},

		// Places never decide (rule 9: only the merchant does).
		{"ski resort as address", -15620, "Kontaktløs KIWI 4 TRYSIL", "", 101},
		{"shopping centre as address", -20110, "KIWI ARKEN ÅSANE", "", 101},
		{"airport as address", -7900, "POINT BERGEN LUFTHAVN", "", 103},
		{"border town as address", -31000, "RUSTA SVINESUND", "", 505},
		{"fund name that is a town", -35000, "SKAGEN BORDERSHOP", "", 105},

		// Rule 5 and direction words.
		{"insurance benefit is money back", 340000, "Forsikringsytelse", "Storebrand Livsforsikring AS", 1606},
		{"reimbursed outlay is not a refund", 86000, "Refusjon av utlegg", "Equinor ASA", 1503},
		{"economic assistance from NAV", 680000, "Økonomisk stønad", "NAV Sandnes", 1605},
		{"payout from a second-hand marketplace", 45000, "VINTED", "", 1609},
		{"buying on a second-hand marketplace", -23000, "TISE", "", 504},

		// Foreign card texts (rule 9).
		{"foreign cash machine", -100000, "*5521 03.07 EUR 80,00 CAJERO AUTOMATICO Kurs: 11.7200", "", 1405},
		{"foreign fuel", -65500, "*5521 22.07 EUR 56,10 GASOLINERA REPSOL Kurs: 11.6800", "", 402},
		{"foreign supermarket", -31855, "*5521 18.07 EUR 27,45 SUPERMERCADO DIA Kurs: 11.6042", "", 101},
	}
	c := MustDefault()
	for _, tc := range cases {
		got := c.Categorise(Input{Amount: tc.amount, Currency: "NOK", Info: tc.info, Partner: tc.partner})
		if got.ID != tc.want {
			t.Errorf("%s: %d %q/%q: got %d (%.2f), want %d", tc.name, tc.amount, tc.info, tc.partner, got.ID, got.Confidence, tc.want)
		}
		if !allowed(TypeOf(got.ID), tc.amount) {
			t.Errorf("%s: %d breaks the sign invariant", tc.name, got.ID)
		}
	}
}
