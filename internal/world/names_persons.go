package world

// Person name data. Weights are rough relative frequencies (thousands of
// bearers in Norway, by the era the name was popular); they only need to
// make common names common and rare names rare. Given names are split by
// birth cohort, so a person born in 1945 is more likely an Inger than an Emma.

// wname is a name with a relative frequency.
type wname struct {
	name string
	w    float64
}

// Cohort boundaries for given names (birth year).
const (
	cohortMidFrom   = 1960
	cohortYoungFrom = 1990
)

var givenFemaleOld = []wname{
	{"Inger", 30}, {"Kari", 25}, {"Anne", 25}, {"Randi", 22}, {"Marit", 22}, {"Liv", 20},
	{"Berit", 20}, {"Bjørg", 18}, {"Solveig", 18}, {"Astrid", 16}, {"Gerd", 16}, {"Ingrid", 15},
	{"Karin", 12}, {"Aud", 12}, {"Turid", 12}, {"Eva", 12}, {"Else", 12}, {"Anna", 12},
	{"Ragnhild", 10}, {"Grete", 10}, {"Unni", 10}, {"Elisabeth", 10}, {"Tove", 10}, {"Åse", 9},
	{"Reidun", 8}, {"Gunn", 8}, {"Sissel", 8}, {"Wenche", 8}, {"Ellen", 8}, {"Torill", 7},
	{"Jorunn", 7}, {"Kirsten", 7}, {"Signe", 6}, {"Gunvor", 6}, {"Margit", 6}, {"Ruth", 6},
	{"Vigdis", 6}, {"Ingeborg", 6}, {"Bente", 6}, {"Borghild", 5}, {"Solfrid", 5}, {"Bodil", 5},
	{"Synnøve", 5}, {"Elin", 5}, {"Målfrid", 4}, {"Oddny", 4}, {"Edel", 4}, {"Magnhild", 4},
	{"Hjørdis", 4}, {"Dagny", 4}, {"Åshild", 3}, {"Øydis", 2},
}

var givenFemaleMid = []wname{
	{"Anne", 40}, {"Hilde", 25}, {"Marianne", 22}, {"Kristin", 22}, {"Heidi", 22}, {"Linda", 18},
	{"Nina", 17}, {"Hanne", 17}, {"Tone", 15}, {"Trine", 15}, {"Anita", 15}, {"Camilla", 14},
	{"Hege", 14}, {"Elisabeth", 12}, {"Monica", 12}, {"Lene", 12}, {"Bente", 12}, {"Mette", 12},
	{"Elin", 11}, {"Silje", 10}, {"Mona", 10}, {"Kari", 10}, {"Cecilie", 10}, {"Line", 10},
	{"Therese", 10}, {"Merete", 9}, {"Janne", 9}, {"Kjersti", 9}, {"Siri", 9}, {"Ellen", 8},
	{"Ingrid", 8}, {"Laila", 8}, {"Marit", 8}, {"Maria", 8}, {"Kristine", 8}, {"Ann", 8},
	{"Tonje", 7}, {"Stine", 7}, {"Gro", 7}, {"Grete", 6}, {"Marte", 6}, {"Tove", 6},
	{"Berit", 6}, {"Karin", 6}, {"Liv", 6}, {"Ida", 6}, {"Gunn", 5}, {"Randi", 5},
	{"Guro", 5}, {"Ragnhild", 5}, {"Sissel", 5}, {"Astrid", 4}, {"Åse", 3}, {"Sølvi", 3},
}

var givenFemaleYoung = []wname{
	{"Ida", 15}, {"Emma", 14}, {"Sara", 13}, {"Nora", 12}, {"Thea", 12}, {"Julie", 12},
	{"Emilie", 12}, {"Hanna", 11}, {"Ingrid", 10}, {"Maria", 10}, {"Sofie", 9}, {"Silje", 9},
	{"Martine", 9}, {"Kristine", 8}, {"Marte", 8}, {"Vilde", 8}, {"Andrea", 8}, {"Karoline", 8},
	{"Maja", 7}, {"Mathilde", 7}, {"Amalie", 7}, {"Mari", 7}, {"Helene", 7}, {"Camilla", 6},
	{"Ingeborg", 6}, {"Ane", 6}, {"Malin", 6}, {"Marie", 6}, {"Frida", 6}, {"Ella", 5},
	{"Tiril", 5}, {"Ina", 5}, {"Hedda", 5}, {"Synne", 5}, {"Stine", 5}, {"Tonje", 5},
	{"Kaja", 5}, {"Linnea", 5}, {"Victoria", 5}, {"Tuva", 5}, {"Aurora", 4}, {"Live", 4},
	{"Sigrid", 4}, {"Guro", 4}, {"Selma", 3}, {"Åsne", 3}, {"Solveig", 3}, {"Oda", 4},
}

var givenMaleOld = []wname{
	{"Jan", 35}, {"Per", 30}, {"Bjørn", 25}, {"Ole", 22}, {"Arne", 22}, {"Kjell", 20},
	{"Knut", 20}, {"Svein", 20}, {"Hans", 18}, {"Odd", 16}, {"Tor", 15}, {"Leif", 14},
	{"Nils", 13}, {"Rolf", 12}, {"Harald", 12}, {"Olav", 12}, {"Gunnar", 12}, {"Einar", 10},
	{"Terje", 10}, {"Karl", 10}, {"Johan", 10}, {"Egil", 8}, {"Kåre", 8}, {"Ivar", 8},
	{"Helge", 8}, {"Lars", 8}, {"Jon", 8}, {"John", 8}, {"Sverre", 6}, {"Asbjørn", 6},
	{"Finn", 6}, {"Reidar", 6}, {"Arvid", 6}, {"Oddvar", 6}, {"Torbjørn", 6}, {"Dag", 6},
	{"Steinar", 6}, {"Alf", 6}, {"Martin", 6}, {"Erling", 5}, {"Ragnar", 5}, {"Sigurd", 5},
	{"Magne", 5}, {"Thor", 5}, {"Willy", 5}, {"Kristian", 5}, {"Roald", 4}, {"Geir", 4},
	{"Paul", 4}, {"Øystein", 4}, {"Åge", 4}, {"Ørnulf", 2},
}

var givenMaleMid = []wname{
	{"Geir", 22}, {"Thomas", 22}, {"Morten", 22}, {"Trond", 20}, {"Lars", 18}, {"Rune", 18},
	{"Espen", 16}, {"Terje", 15}, {"Jan", 15}, {"Frode", 14}, {"Øyvind", 14}, {"Erik", 14},
	{"Anders", 14}, {"Kjetil", 12}, {"Tor", 12}, {"Tore", 12}, {"Christian", 11}, {"Stein", 10},
	{"Per", 10}, {"Roger", 10}, {"Stian", 10}, {"Kristian", 10}, {"Andreas", 10}, {"Eirik", 9},
	{"Tommy", 9}, {"Kenneth", 9}, {"Martin", 9}, {"Øystein", 9}, {"Knut", 8}, {"Svein", 8},
	{"Vidar", 8}, {"Ole", 8}, {"Arild", 8}, {"Bjørn", 8}, {"Jon", 8}, {"Tom", 8},
	{"Helge", 7}, {"Vegard", 7}, {"Pål", 7}, {"Hans", 6}, {"Jørgen", 6}, {"Steinar", 6},
	{"Fredrik", 6}, {"Petter", 6}, {"Håkon", 6}, {"Dag", 5}, {"Marius", 5}, {"Kim", 5},
	{"Magnus", 4}, {"Ronny", 4}, {"Roy", 4}, {"Ørjan", 4}, {"Glenn", 3}, {"Sindre", 3},
}

var givenMaleYoung = []wname{
	{"Martin", 12}, {"Andreas", 12}, {"Jonas", 11}, {"Markus", 11}, {"Mathias", 11}, {"Sander", 11},
	{"Magnus", 10}, {"Tobias", 10}, {"Daniel", 10}, {"Emil", 10}, {"Kristian", 9}, {"Henrik", 9},
	{"Alexander", 9}, {"Kristoffer", 8}, {"Sindre", 8}, {"Marius", 8}, {"Elias", 7}, {"Jakob", 7},
	{"Fredrik", 7}, {"Eirik", 7}, {"Sebastian", 7}, {"Adrian", 7}, {"Even", 6}, {"Ole", 6},
	{"Håkon", 6}, {"Jørgen", 6}, {"Simen", 6}, {"Oskar", 5}, {"William", 5}, {"Aleksander", 5},
	{"Filip", 5}, {"Vegard", 5}, {"Thomas", 5}, {"Erik", 5}, {"Johannes", 5}, {"Mats", 5},
	{"Joakim", 5}, {"Lucas", 4}, {"Petter", 4}, {"Isak", 4}, {"Torstein", 4}, {"Vetle", 4},
	{"Sigurd", 4}, {"Ola", 4}, {"Herman", 4}, {"Aksel", 3}, {"Eskil", 3}, {"Benjamin", 3},
	{"Noah", 2}, {"Theodor", 2}, {"Ludvig", 2}, {"Øyvind", 2},
}

var familyNames = []wname{
	{"Hansen", 50}, {"Johansen", 48}, {"Olsen", 47}, {"Larsen", 37}, {"Andersen", 37},
	{"Pedersen", 35}, {"Nilsen", 34}, {"Kristiansen", 22}, {"Jensen", 21}, {"Karlsen", 19},
	{"Johnsen", 18}, {"Pettersen", 18}, {"Eriksen", 17}, {"Berg", 16}, {"Haugen", 13},
	{"Hagen", 13}, {"Johannessen", 12}, {"Andreassen", 11}, {"Jacobsen", 11}, {"Dahl", 11},
	{"Jørgensen", 10}, {"Halvorsen", 10}, {"Henriksen", 10}, {"Lund", 10}, {"Sørensen", 10},
	{"Jakobsen", 9.5}, {"Moen", 9.5}, {"Gundersen", 9}, {"Iversen", 9}, {"Strand", 9},
	{"Solberg", 9}, {"Svendsen", 8.5}, {"Eide", 8.5}, {"Knutsen", 8.5}, {"Martinsen", 8.5},
	{"Paulsen", 8}, {"Bakken", 8}, {"Kristoffersen", 8}, {"Mathisen", 8}, {"Lie", 7.8},
	{"Amundsen", 7.6}, {"Nguyen", 7.5}, {"Rasmussen", 7.4}, {"Ali", 7.3}, {"Lunde", 7.2},
	{"Solheim", 7}, {"Berge", 7}, {"Moe", 7}, {"Nygård", 6.8}, {"Bakke", 6.8},
	{"Kristensen", 6.7}, {"Fredriksen", 6.6}, {"Holm", 6.5}, {"Lien", 6.5}, {"Hauge", 6.4},
	{"Christensen", 6.3}, {"Andresen", 6.2}, {"Nielsen", 6.1}, {"Knudsen", 6}, {"Evensen", 6},
	{"Sæther", 5.9}, {"Aas", 5.8}, {"Myhre", 5.7}, {"Hanssen", 5.6}, {"Ahmed", 5.6},
	{"Haugland", 5.5}, {"Thomassen", 5.4}, {"Sivertsen", 5.4}, {"Simonsen", 5.3}, {"Danielsen", 5.3},
	{"Berntsen", 5.2}, {"Sandvik", 5.1}, {"Rønning", 5.1}, {"Arnesen", 5}, {"Antonsen", 5},
	{"Næss", 4.9}, {"Vik", 4.9}, {"Haug", 4.8}, {"Ellingsen", 4.8}, {"Thorsen", 4.7},
	{"Edvardsen", 4.7}, {"Birkeland", 4.6}, {"Isaksen", 4.6}, {"Gulbrandsen", 4.5}, {"Ruud", 4.5},
	{"Aasen", 4.5}, {"Strøm", 4.4}, {"Myklebust", 4.4}, {"Tangen", 4.3}, {"Ødegård", 4.3},
	{"Eliassen", 4.2}, {"Helland", 4.2}, {"Bøe", 4.1}, {"Jenssen", 4.1}, {"Aune", 4},
	{"Mikkelsen", 4}, {"Tveit", 4}, {"Brekke", 3.9}, {"Abrahamsen", 3.9}, {"Madsen", 3.8},
	{"Khan", 3.8}, {"Hussain", 3.7}, {"Engen", 3.6}, {"Nordby", 3.6}, {"Bjerke", 3.5},
	{"Dalen", 3.4}, {"Vold", 3.4}, {"Hovland", 3.3}, {"Fjeld", 3.2}, {"Løken", 3.1},
	{"Rustad", 3}, {"Holmen", 3}, {"Nyberg", 3}, {"Mohamed", 3}, {"Østby", 2.9},
	{"Grønli", 2.8}, {"Wold", 2.8}, {"Foss", 2.8}, {"Bråten", 2.7}, {"Sunde", 2.7},
	{"Sandberg", 2.7}, {"Gjerde", 2.6}, {"Øien", 2.5}, {"Hamre", 2.5}, {"Wang", 2.5},
	{"Hassan", 2.5}, {"Kvalheim", 2.4}, {"Nes", 2.4}, {"Ås", 2.3}, {"Holen", 2.3},
	{"Skogen", 2.2}, {"Vestby", 2.1}, {"Tønnessen", 2.1}, {"Ødegaard", 2.1}, {"Torgersen", 2},
	{"Våge", 2}, {"Løvås", 2}, {"Kvam", 2}, {"Tran", 2}, {"Abdi", 2},
	{"Heggelund", 1.8}, {"Øverland", 1.8}, {"Sæbø", 1.8}, {"Lindberg", 1.8}, {"Kaur", 1.5},
	{"Singh", 1.5}, {"Le", 1.5}, {"Hætta", 1.2}, {"Sara", 1.2}, {"Bjørnstad", 1.5},
}

// Names for d-nummer holders, who are mostly foreign workers and students
// (Poland, Lithuania, Sweden, Germany, ...). Family names are ones that do
// not inflect by gender.
var foreignGivenFemale = []wname{
	{"Anna", 10}, {"Katarzyna", 6}, {"Magdalena", 5}, {"Agnieszka", 5}, {"Joanna", 5},
	{"Monika", 4}, {"Ewa", 4}, {"Justyna", 3}, {"Rasa", 2}, {"Aušra", 2}, {"Karin", 3},
	{"Sofia", 3}, {"Emma", 3}, {"Laura", 4}, {"Elena", 3}, {"Julia", 4}, {"Maria", 4},
}

var foreignGivenMale = []wname{
	{"Piotr", 8}, {"Tomasz", 7}, {"Krzysztof", 6}, {"Paweł", 5}, {"Michał", 5}, {"Marcin", 5},
	{"Łukasz", 4}, {"Jakub", 4}, {"Mantas", 3}, {"Tomas", 3}, {"Andrius", 3}, {"Erik", 3},
	{"Johan", 3}, {"Lukas", 3}, {"Mikael", 2}, {"Juan", 2}, {"Marco", 2}, {"Jānis", 2},
}

var foreignFamilyNames = []wname{
	{"Nowak", 8}, {"Wójcik", 5}, {"Kowalczyk", 5}, {"Woźniak", 4}, {"Mazur", 4}, {"Krawczyk", 4},
	{"Kaczmarek", 3}, {"Zając", 3}, {"Król", 3}, {"Wieczorek", 3}, {"Andersson", 4},
	{"Johansson", 4}, {"Karlsson", 4}, {"Nilsson", 3}, {"Eriksson", 3}, {"Larsson", 3},
	{"Persson", 3}, {"Svensson", 3}, {"Gustafsson", 2}, {"Müller", 3}, {"Schmidt", 2},
	{"Fischer", 2}, {"Weber", 2}, {"Virtanen", 2}, {"Korhonen", 2}, {"García", 2},
	{"Silva", 2}, {"Rossi", 2}, {"Smith", 2}, {"Ozols", 1},
}
