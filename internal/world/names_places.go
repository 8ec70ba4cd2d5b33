package world

// Address data: postal code and post town pairs (as Posten writes them,
// post town in upper case) weighted roughly by how many people live
// there, and common street names.

// place is a postal code and its post town. short is the place name as it
// appears in organisation names ("KRISTIANSAND", not "KRISTIANSAND S").
type place struct {
	code, city, short string
	w                 float64
}

var places = []place{
	// Oslo
	{"0150", "OSLO", "OSLO", 40}, {"0250", "OSLO", "OSLO", 45}, {"0354", "OSLO", "OSLO", 60},
	{"0455", "OSLO", "OSLO", 60}, {"0557", "OSLO", "OSLO", 65}, {"0661", "OSLO", "OSLO", 60},
	{"0753", "OSLO", "OSLO", 55}, {"0851", "OSLO", "OSLO", 50}, {"0952", "OSLO", "OSLO", 65},
	{"1052", "OSLO", "OSLO", 55}, {"1153", "OSLO", "OSLO", 60}, {"1254", "OSLO", "OSLO", 55},
	// Bergen
	{"5003", "BERGEN", "BERGEN", 35}, {"5006", "BERGEN", "BERGEN", 30}, {"5011", "BERGEN", "BERGEN", 30},
	{"5031", "BERGEN", "BERGEN", 30}, {"5052", "BERGEN", "BERGEN", 30}, {"5089", "BERGEN", "BERGEN", 35},
	{"5132", "NYBORG", "BERGEN", 25}, {"5221", "NESTTUN", "BERGEN", 35}, {"5145", "FYLLINGSDALEN", "BERGEN", 30},
	// Trondheim
	{"7010", "TRONDHEIM", "TRONDHEIM", 35}, {"7018", "TRONDHEIM", "TRONDHEIM", 35},
	{"7030", "TRONDHEIM", "TRONDHEIM", 35}, {"7043", "TRONDHEIM", "TRONDHEIM", 35},
	{"7049", "TRONDHEIM", "TRONDHEIM", 35}, {"7067", "TRONDHEIM", "TRONDHEIM", 30},
	// Stavanger and Sandnes
	{"4005", "STAVANGER", "STAVANGER", 35}, {"4009", "STAVANGER", "STAVANGER", 35},
	{"4014", "STAVANGER", "STAVANGER", 35}, {"4021", "STAVANGER", "STAVANGER", 40},
	{"4306", "SANDNES", "SANDNES", 40}, {"4312", "SANDNES", "SANDNES", 42},
	// Kristiansand, Drammen, Fredrikstad, Tromsø
	{"4608", "KRISTIANSAND S", "KRISTIANSAND", 60}, {"4631", "KRISTIANSAND S", "KRISTIANSAND", 55},
	{"3015", "DRAMMEN", "DRAMMEN", 50}, {"3024", "DRAMMEN", "DRAMMEN", 55},
	{"1606", "FREDRIKSTAD", "FREDRIKSTAD", 45}, {"1613", "FREDRIKSTAD", "FREDRIKSTAD", 40},
	{"9008", "TROMSØ", "TROMSØ", 40}, {"9019", "TROMSØ", "TROMSØ", 38},
	// Akershus
	{"1337", "SANDVIKA", "BÆRUM", 50}, {"1366", "LYSAKER", "BÆRUM", 30}, {"1357", "BEKKESTUA", "BÆRUM", 40},
	{"1383", "ASKER", "ASKER", 60}, {"1400", "SKI", "SKI", 35}, {"1410", "KOLBOTN", "KOLBOTN", 30},
	{"1430", "ÅS", "ÅS", 21}, {"1440", "DRØBAK", "DRØBAK", 16}, {"1450", "NESODDTANGEN", "NESODDEN", 20},
	{"1470", "LØRENSKOG", "LØRENSKOG", 47}, {"2000", "LILLESTRØM", "LILLESTRØM", 50},
	{"2010", "STRØMMEN", "STRØMMEN", 30}, {"2050", "JESSHEIM", "JESSHEIM", 40},
	{"2070", "RÅHOLT", "RÅHOLT", 20}, {"2080", "EIDSVOLL", "EIDSVOLL", 15},
	// Østfold, Innlandet
	{"1530", "MOSS", "MOSS", 50}, {"1706", "SARPSBORG", "SARPSBORG", 58}, {"1767", "HALDEN", "HALDEN", 31},
	{"1800", "ASKIM", "ASKIM", 16}, {"1850", "MYSEN", "MYSEN", 14}, {"2211", "KONGSVINGER", "KONGSVINGER", 18},
	{"2317", "HAMAR", "HAMAR", 32}, {"2380", "BRUMUNDDAL", "BRUMUNDDAL", 12}, {"2406", "ELVERUM", "ELVERUM", 21},
	{"2500", "TYNSET", "TYNSET", 6}, {"2609", "LILLEHAMMER", "LILLEHAMMER", 28}, {"2670", "OTTA", "OTTA", 5},
	{"2815", "GJØVIK", "GJØVIK", 30}, {"2830", "RAUFOSS", "RAUFOSS", 8}, {"2900", "FAGERNES", "FAGERNES", 6},
	// Buskerud, Vestfold, Telemark
	{"3080", "HOLMESTRAND", "HOLMESTRAND", 11}, {"3110", "TØNSBERG", "TØNSBERG", 58},
	{"3183", "HORTEN", "HORTEN", 27}, {"3210", "SANDEFJORD", "SANDEFJORD", 65}, {"3256", "LARVIK", "LARVIK", 48},
	{"3510", "HØNEFOSS", "HØNEFOSS", 31}, {"3550", "GOL", "GOL", 5}, {"3580", "GEILO", "GEILO", 3},
	{"3611", "KONGSBERG", "KONGSBERG", 28}, {"3674", "NOTODDEN", "NOTODDEN", 13}, {"3724", "SKIEN", "SKIEN", 56},
	{"3770", "KRAGERØ", "KRAGERØ", 10}, {"3800", "BØ I TELEMARK", "BØ", 6}, {"3915", "PORSGRUNN", "PORSGRUNN", 37},
	// Agder, Rogaland
	{"4340", "BRYNE", "BRYNE", 19}, {"4370", "EGERSUND", "EGERSUND", 15}, {"4400", "FLEKKEFJORD", "FLEKKEFJORD", 9},
	{"4515", "MANDAL", "MANDAL", 16}, {"4580", "LYNGDAL", "LYNGDAL", 10}, {"4836", "ARENDAL", "ARENDAL", 45},
	{"4876", "GRIMSTAD", "GRIMSTAD", 24}, {"5525", "HAUGESUND", "HAUGESUND", 38},
	// Vestland
	{"5300", "KLEPPESTØ", "ASKØY", 30}, {"5411", "STORD", "STORD", 19}, {"5700", "VOSS", "VOSS", 16},
	{"5750", "ODDA", "ODDA", 7}, {"6800", "FØRDE", "FØRDE", 13}, {"6851", "SOGNDAL", "SOGNDAL", 8},
	{"6900", "FLORØ", "FLORØ", 12},
	// Møre og Romsdal
	{"6002", "ÅLESUND", "ÅLESUND", 67}, {"6065", "ULSTEINVIK", "ULSTEINVIK", 9}, {"6100", "VOLDA", "VOLDA", 10},
	{"6150", "ØRSTA", "ØRSTA", 11}, {"6413", "MOLDE", "MOLDE", 32}, {"6509", "KRISTIANSUND N", "KRISTIANSUND", 24},
	{"6783", "STRYN", "STRYN", 7},
	// Trøndelag
	{"7300", "ORKANGER", "ORKANGER", 19}, {"7340", "OPPDAL", "OPPDAL", 7}, {"7374", "RØROS", "RØROS", 6},
	{"7500", "STJØRDAL", "STJØRDAL", 24}, {"7600", "LEVANGER", "LEVANGER", 20}, {"7650", "VERDAL", "VERDAL", 15},
	{"7713", "STEINKJER", "STEINKJER", 24}, {"7800", "NAMSOS", "NAMSOS", 15},
	// Nord-Norge
	{"8006", "BODØ", "BODØ", 53}, {"8300", "SVOLVÆR", "SVOLVÆR", 10}, {"8370", "LEKNES", "LEKNES", 11},
	{"8400", "SORTLAND", "SORTLAND", 10}, {"8514", "NARVIK", "NARVIK", 21}, {"8622", "MO I RANA", "RANA", 26},
	{"8657", "MOSJØEN", "MOSJØEN", 13}, {"9300", "FINNSNES", "FINNSNES", 12}, {"9405", "HARSTAD", "HARSTAD", 25},
	{"9510", "ALTA", "ALTA", 21}, {"9600", "HAMMERFEST", "HAMMERFEST", 11}, {"9800", "VADSØ", "VADSØ", 6},
	{"9900", "KIRKENES", "KIRKENES", 10},
}

var streetNames = []wname{
	{"Storgata", 20}, {"Kirkegata", 14}, {"Skolegata", 10}, {"Parkveien", 10}, {"Bjørkeveien", 12},
	{"Granveien", 10}, {"Furuveien", 10}, {"Eikeveien", 8}, {"Lindeveien", 8}, {"Rognveien", 7},
	{"Solveien", 9}, {"Fjellveien", 10}, {"Sjøgata", 8}, {"Strandveien", 10}, {"Havnegata", 7},
	{"Jernbanegata", 7}, {"Nygata", 8}, {"Torggata", 6}, {"Kongens gate", 6}, {"Dronningens gate", 5},
	{"Prinsens gate", 5}, {"Olav Tryggvasons gate", 3}, {"Haraldsgata", 4}, {"Bakkeveien", 9},
	{"Åsveien", 9}, {"Ringveien", 7}, {"Gamle Kongevei", 5}, {"Hagaveien", 5}, {"Markveien", 5},
	{"Solbakken", 6}, {"Bekkeveien", 6}, {"Elvegata", 6}, {"Liaveien", 6}, {"Nordre gate", 4},
	{"Søndre gate", 4}, {"Vestre gate", 3}, {"Østre gate", 3}, {"Stasjonsveien", 8}, {"Industriveien", 6},
	{"Teglverksveien", 4}, {"Møllegata", 4}, {"Nedre Storgate", 3}, {"Øvre Storgate", 3}, {"Fossveien", 4},
	{"Holmenveien", 3}, {"Sandviksveien", 4}, {"Fjordveien", 7}, {"Utsikten", 4}, {"Rosenborggata", 2},
	{"Thorvald Meyers gate", 2}, {"Grünerløkka", 1}, {"Bergveien", 6}, {"Skogveien", 9}, {"Engveien", 6},
	{"Kløverveien", 5}, {"Blåbærstien", 4}, {"Tyttebærveien", 4}, {"Lyngveien", 5}, {"Lerkeveien", 5},
	{"Måkeveien", 3}, {"Ørneveien", 4}, {"Svaleveien", 3}, {"Heiveien", 4}, {"Myrveien", 4},
	{"Tunveien", 4}, {"Gårdsveien", 4}, {"Kirkeveien", 7}, {"Prestegårdsveien", 4}, {"Skoleveien", 8},
	{"Idrettsveien", 4}, {"Sentrumsveien", 3}, {"Torget", 3}, {"Brugata", 3}, {"Sjøveien", 5},
	{"Naustveien", 3}, {"Kaiveien", 3}, {"Vardeveien", 3}, {"Solhaugveien", 3}, {"Åkerveien", 4},
	{"Hovedgata", 4}, {"Fagerliveien", 3}, {"Nordlysveien", 3}, {"Midnattsolveien", 2}, {"Reinveien", 2},
}
