package world

// Organisation name data. Apart from the public bodies every name is
// invented; names are in upper case as in Enhetsregisteret.

// fixedOrg is an organisation whose organisasjonsnummer never changes.
type fixedOrg struct {
	orgnr, name, street, code, city string
}

// The public bodies that every world contains, in emission order.
var authorities = []fixedOrg{
	{OrgSkatteetaten, "SKATTEETATEN", "Postboks 9200 Grønland", "0134", "OSLO"},
	{OrgPolitiet, "POLITIET", "Nydalen allé 37 B", "0484", "OSLO"},
	{OrgNorskGjeldsinformasjon, "NORSK GJELDSINFORMASJON AS", "Dronning Eufemias gate 16", "0191", "OSLO"},
}

// exampleLenderName is the creditor of Norsk Gjeldsinformasjon's
// get-started example loan (spec: gjeldsinformasjon.md §9.5).
const exampleLenderName = "EXAMPLE LENDER"

// namedBank is one of the banks every world contains. w is its relative
// market share among the world's banks.
type namedBank struct {
	name, regNo string
	w           float64
}

// baseBanks are always present; their registration numbers are distinct.
// Larger worlds add "<PLACE> SPAREBANK"s (see bankCountFor) because one
// registration number holds fewer than a million account numbers.
var baseBanks = []namedBank{
	{"NORSK FOLKEBANK ASA", "1207", 1.6},
	{"FJORDBANKEN ASA", "1503", 1.4},
	{"SPAREBANK 1 MIDTFJORD", "4201", 1.3},
	{"SPAREBANKEN VESTKYST", "3201", 1.3},
	{"SPAREBANK 1 NORDLYS", "4520", 1.1},
	{"NORDVEST SPAREBANK", "3910", 1.0},
	{"SØRLANDSBANKEN ASA", "2801", 1.0},
	{"TRØNDERBANKEN ASA", "4305", 1.0},
	{"NETTBANKEN NORGE ASA", "9049", 1.0},
	{"OPPLANDSBANKEN", "2050", 0.9},
	{"VIKEN SPAREBANK", "2220", 0.9},
	{"KYSTBANKEN ASA", "9710", 0.9},
	{"ØSTLANDSKE BANK ASA", "1607", 0.9},
	{"VESTLANDSBANKEN ASA", "3630", 0.9},
	{"HÅLOGALAND SPAREBANK", "4730", 0.8},
	{"TELEMARK SPAREBANK", "2610", 0.8},
	{"ROMSDAL SPAREBANK", "3930", 0.8},
	{"MØRE OG FJORDANE BANK", "3625", 0.8},
	{"FOLLO SPAREBANK", "1640", 0.7},
	{"HAVBANKEN ASA", "9802", 0.7},
}

// extraBankWeight is the market share of each bank added for size.
const extraBankWeight = 0.8

// creditorNames are consumer-finance companies (RoleCreditor).
var creditorNames = []string{
	"NORDFINANS AS", "KREDITTKORTSELSKAPET NORGE AS", "FORBRUKSLÅN DIREKTE AS", "RASK KREDITT AS",
	"NORDIC CONSUMER FINANCE ASA", "SMARTLÅN NORGE AS", "FJELLKREDITT AS", "KORTFINANS NORGE AS",
	"FLEKSIKREDITT AS", "POLARKORT AS", "BILFINANS NORGE AS", "DELBETALING AS",
	"HANDELSKREDITT NORDEN AS", "NETTKREDITT AS", "TRYGGKREDITT AS",
}

// collectorNames are inkasso companies (RoleCollector).
var collectorNames = []string{
	"NORDISK INKASSO AS", "FJORD INKASSO AS", "KRAVSERVICE NORGE AS", "INKASSOPARTNER AS",
	"VESTLANDSINKASSO AS", "PROFF INKASSO AS", "AKTIV KRAV INKASSO AS", "NORDLYS INKASSO AS",
}

// vendorNames are system providers (RoleVendor).
var vendorNames = []string{
	"INKASSOSYSTEMER AS", "LØNNSDATA NORGE AS", "FINTECH INTEGRASJON AS",
	"KREDITTDATA SYSTEMER AS", "HR-PORTALEN AS",
}

// Parts of employer names.
var employerTrades = []string{
	"BYGG", "BYGG OG ANLEGG", "RØRLEGGERSERVICE", "ELEKTRO", "TRANSPORT", "REGNSKAP", "EIENDOM",
	"MASKIN", "MASKINENTREPRENØR", "TANNKLINIKK", "FRISØR", "CONSULTING", "IT", "DATA",
	"MALERSERVICE", "SNEKKERI", "TAKSERING", "BILSERVICE", "BILVERKSTED", "AUTO", "RENHOLD",
	"VVS", "VENTILASJON", "BETONG", "GRAVING", "TRELAST", "BAKERI", "KAFÉ", "RESTAURANT",
	"SJØMAT", "HAVBRUK", "SKOGSDRIFT", "LANDBRUK", "HANDEL", "INTERIØR", "BLOMSTER", "OPTIKK",
	"FYSIOTERAPI", "LEGESENTER", "BARNEHAGE", "SIKKERHET", "ELEKTRONIKK", "MEKANISKE VERKSTED",
	"SVEIS", "STÅL", "GLASS", "TAK", "TREPLEIE", "REKLAME", "MEDIA", "ARKITEKTER", "INGENIØRER",
	"ENTREPRENØR", "EIENDOMSMEGLING", "HOTELL", "CAMPING", "REISER", "BUSS", "TAXI", "FLYTTEBYRÅ",
	"LOGISTIKK", "LAGER", "SPORT", "KLÆR", "JERNVARE", "BYGGEVARE", "KJØKKEN", "BAD", "LÅSSERVICE",
	"VAKTHOLD", "REVISJON", "LØNN OG REGNSKAP", "HELSE OG OMSORG", "ASSISTANSE", "FISKERI",
}

// employerProfessions prefix a family name: "ADVOKATFIRMAET HANSEN AS".
var employerProfessions = []string{
	"ADVOKATFIRMAET", "TANNLEGE", "RØRLEGGER", "MALERMESTER", "SNEKKER", "ELEKTRIKER",
	"MURMESTER", "BAKER", "TAKTEKKER", "BLIKKENSLAGER", "SKREDDER", "GULLSMED",
}

// employerWords are brand-like first words: "NORDLYS REGNSKAP AS".
var employerWords = []string{
	"NORDLYS", "FJORD", "POLAR", "VIKING", "NORDIC", "HAVBRIS", "FJELLTOPP", "AURORA",
	"NORDSTJERNA", "BØLGEN", "MIDNATTSOL", "KYSTLINJE", "SKAGERAK", "NORDSJØ", "VARDE",
	"BJØRKELY", "SOLBAKKEN", "STORM", "ISBRE", "FURU", "EIK", "LYNG", "TINDE", "TRIO", "PRIMA",
	"OPTIMA", "PROFF", "TOPP", "EKSPERT", "LOKAL", "SENTRUM", "TOTAL", "ALLIANSE", "PARTNER",
	"NOVA", "ARKTIS", "HAVØRN", "FALK", "ØRN", "ELG", "REV", "GRÅNES", "BRATTLI", "SOLLI",
}

// Account product names by type (Account.Name; DSOP never discloses it).
var (
	productSalary      = []string{"Brukskonto", "Lønnskonto", "Alltid-konto", "Dagligkonto"}
	productSavings     = []string{"Høyrentekonto", "Sparekonto", "Fastrentekonto", "Bufferkonto", "Spar Pluss"}
	productBSU         = "BSU"
	productCreditCard  = []string{"Mastercard Gold", "Visa Classic", "Mastercard Platinum", "Kredittkort", "Visa Gold"}
	productLoan        = []string{"Boliglån", "Billån", "Boliglån", "Fritidsboliglån"}
	productFlexLoan    = "Rammelån"
	productCurrency    = "Valutakonto"
	productPrepaid     = []string{"Prepaid Visa", "Ungdomskort", "Prepaid Mastercard"}
	productOther       = []string{"Depositumskonto", "Aksjesparekonto", "Gavekonto", "Barnesparing"}
	productTaxDeduct   = "Skattetrekkskonto"
	productNoBalance   = "Depotkonto"
	productBusiness    = []string{"Driftskonto", "Bedriftskonto", "Bedriftsplassering"}
	productClient      = "Klientkonto"
	currencies         = []string{"EUR", "EUR", "EUR", "USD", "USD", "SEK"}
	installmentPeriods = []string{"MONTHLY", "MONTHLY", "MONTHLY", "MONTHLY", "MONTHLY", "MONTHLY", "QUARTERLY", "YEARLY"}
)

// kommuneNames are municipalities, the largest employers of a world (in
// this order); each must be the short name of an entry in places.
var kommuneNames = []string{
	"OSLO", "BERGEN", "TRONDHEIM", "STAVANGER", "BÆRUM", "KRISTIANSAND", "DRAMMEN", "ASKER",
	"LILLESTRØM", "FREDRIKSTAD", "SANDNES", "TROMSØ", "SARPSBORG", "SKIEN", "ÅLESUND",
	"SANDEFJORD", "LARVIK", "TØNSBERG", "BODØ", "ARENDAL", "HAMAR", "MOSS", "PORSGRUNN",
	"HAUGESUND", "LILLEHAMMER", "MOLDE", "GJØVIK", "HARSTAD", "KONGSBERG", "ASKØY",
}
