package categorise

import (
	"strings"
	"testing"
)

// placeNames are towns, districts and shopping centres that card texts
// append to a merchant name ("KIWI TRYSIL", "MENY ULLEVAAL STADION").
var placeNames = strings.Fields(`
Oslo Bergen Trondheim Stavanger Tromsø Drammen Fredrikstad Kristiansand Sandnes Sarpsborg Skien Ålesund Sandefjord Haugesund
Tønsberg Moss Porsgrunn Bodø Arendal Hamar Larvik Halden Lillehammer Harstad Molde Kongsberg Gjøvik Horten Mo Alta Narvik
Elverum Kongsvinger Askøy Jessheim Lillestrøm Ski Kolbotn Drøbak Vestby Son Asker Bærum Sandvika Lysaker Fornebu Stabekk Bekkestua
Nesodden Ås Lier Hokksund Hønefoss Jevnaker Gol Geilo Ål Fagernes Otta Dombås Vinstra Ringebu Lom Stryn Loen Nordfjordeid Måløy
Bryne Sola Klepp Nærbø Egersund Jørpeland Kopervik Odda Norheimsund Os Knarvik Straume Voss Førde Florø Sogndal Ulsteinvik
Kristiansund Steinkjer Namsos Mosjøen Mosjoen Finnsnes Hammerfest Kirkenes Vadsø Svolvær Leknes Sortland Stokmarknes Andenes
Orkanger Stjørdal Levanger Verdal Oppdal Røros Tynset Trysil Hemsedal Beitostølen Hafjell Kvitfjell Norefjell Hovden Sirdal
Storo Majorstuen Grünerløkka Bislett Tøyen Grønland Torshov Sagene Lambertseter Holmlia Furuset Alnabru Økern Nydalen
Bjørvika Skøyen Stovner Vinderen Ullevål Ullevaal Bryn Helsfyr Manglerud Ryen Bogstadveien Karl Johan Aker Brygge Tjuvholmen
Frogner Majorstua Carl Berner Sinsen Grefsen Kjelsås Røa Hovseter Bøler Haugerud Trosterud Romsås Grorud Vålerenga Kampen
Lagunen Åsane Arken Kokstad Loddefjord Fyllingsdalen Nesttun Laksevåg Sandviken Bryggen Torgallmenningen Sletten Danmarksplass
Solsiden Moholt Lade Tiller Heimdal Byåsen Saupstad Ranheim Strinda Bakklandet Midtbyen Leangen Sluppen
Madla Hillevåg Tasta Hundvåg Forus Kvadrat Jekta Nerstranda Sjøgata Stakkevollan Kvaløysletta
Sørlandsparken Sørlandssenteret Kvadraturen Lund Vågsbygd
Oslo City Byporten Sandvika Storsenter Strømmen Storsenter Lillestrøm Torv Jessheim Storsenter Vinterbro Ski Storsenter
Kolbotn Torg Triaden Sartor Amfi Arena Alti Jernbanetorget Stortorget Gardermoen Flesland Værnes Sola Torp Rygge Vigra Langnes
Svinesund Strømstad Charlottenberg Töcksfors Nordby Holmenkollen Tryvann Bjerke Øvrevoll Ekeberg Sognsvann Frognerseteren
`)

// Place names never decide a category: every dictionary hit they produce
// is weaker than a merchant name (spec: statement-analysis.md §6.4 rule 9:
// only the merchant decides).
func TestPlaceNamesAreWeak(t *testing.T) {
	c := MustDefault()
	for _, place := range placeNames {
		text := normalise(nil, place)
		ids, _, _ := c.dict.ac.match(text, nil, len(text)-1)
		for _, id := range ids {
			p := c.dict.patterns[id]
			e := c.dict.entries[p.entry]
			if (e.out != 0 && e.outPrio >= 50) || (e.in != 0 && e.inPrio >= 50 && e.in != 1606) {
				t.Errorf("place %q matches rules line %d (out %d/%d, in %d/%d)", place, e.line, e.out, e.outPrio, e.in, e.inPrio)
			}
		}
	}
}
