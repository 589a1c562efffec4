package publish

// Languages are the catalogue's languages, in the order the switcher shows.
var Languages = []string{"en", "lt", "pl", "de", "sv"}

// languageNames are the languages' own names.
var languageNames = map[string]string{"en": "English", "lt": "Lietuvių", "pl": "Polski", "de": "Deutsch", "sv": "Svenska"}

// label is one text of the site's frame in the five languages.
type label map[string]string

// labels are the texts of the site's frame.
var labels = map[string]label{
	"title":      {"en": "South Baltic Creative Clusters", "lt": "Pietų Baltijos kūrybinės klasteriai", "pl": "Kreatywne klastry Południowego Bałtyku", "de": "Kreativcluster Südliche Ostsee", "sv": "Kreativa kluster i södra Östersjön"},
	"intro":      {"en": "Creative actors of the South Baltic network: find partners by sector, place or name.", "lt": "Pietų Baltijos tinklo kūrybiniai veikėjai: raskite partnerių pagal sektorių, vietovę ar pavadinimą.", "pl": "Twórcy sieci Południowego Bałtyku: znajdź partnerów według sektora, miejsca lub nazwy.", "de": "Kreative Akteure des Südostsee-Netzwerks: Partner nach Branche, Ort oder Name finden.", "sv": "Kreativa aktörer i nätverket i södra Östersjön: hitta partner efter sektor, ort eller namn."},
	"skip":       {"en": "Skip to content", "lt": "Pereiti prie turinio", "pl": "Przejdź do treści", "de": "Zum Inhalt springen", "sv": "Hoppa till innehållet"},
	"home":       {"en": "Home", "lt": "Pradžia", "pl": "Start", "de": "Start", "sv": "Start"},
	"all":        {"en": "All actors", "lt": "Visi veikėjai", "pl": "Wszyscy twórcy", "de": "Alle Akteure", "sv": "Alla aktörer"},
	"map":        {"en": "Map", "lt": "Žemėlapis", "pl": "Mapa", "de": "Karte", "sv": "Karta"},
	"search":     {"en": "Search by name, place or offer", "lt": "Ieškoti pagal pavadinimą, vietovę ar pasiūlymą", "pl": "Szukaj według nazwy, miejsca lub oferty", "de": "Suche nach Name, Ort oder Angebot", "sv": "Sök på namn, ort eller erbjudande"},
	"noscript":   {"en": "Search needs JavaScript; the lists below work without it.", "lt": "Paieškai reikia JavaScript; sąrašai žemiau veikia ir be jo.", "pl": "Wyszukiwanie wymaga JavaScriptu; poniższe listy działają bez niego.", "de": "Die Suche braucht JavaScript; die Listen unten gehen auch ohne.", "sv": "Sökningen kräver JavaScript; listorna nedan fungerar utan."},
	"sectors":    {"en": "Sectors", "lt": "Sektoriai", "pl": "Sektory", "de": "Branchen", "sv": "Sektorer"},
	"places":     {"en": "Places", "lt": "Vietovės", "pl": "Miejsca", "de": "Orte", "sv": "Orter"},
	"languages":  {"en": "Languages", "lt": "Kalbos", "pl": "Języki", "de": "Sprachen", "sv": "Språk"},
	"offers":     {"en": "Offers", "lt": "Siūlo", "pl": "Oferuje", "de": "Bietet", "sv": "Erbjuder"},
	"needs":      {"en": "Looks for", "lt": "Ieško", "pl": "Szuka", "de": "Sucht", "sv": "Söker"},
	"contact":    {"en": "Contact", "lt": "Kontaktai", "pl": "Kontakt", "de": "Kontakt", "sv": "Kontakt"},
	"website":    {"en": "Website", "lt": "Svetainė", "pl": "Strona", "de": "Webseite", "sv": "Webbplats"},
	"email":      {"en": "E-mail", "lt": "El. paštas", "pl": "E-mail", "de": "E-Mail", "sv": "E-post"},
	"phone":      {"en": "Phone", "lt": "Telefonas", "pl": "Telefon", "de": "Telefon", "sv": "Telefon"},
	"country":    {"en": "Country", "lt": "Šalis", "pl": "Kraj", "de": "Land", "sv": "Land"},
	"kind":       {"en": "Kind", "lt": "Tipas", "pl": "Rodzaj", "de": "Art", "sv": "Typ"},
	"count":      {"en": "actors", "lt": "veikėjai", "pl": "twórców", "de": "Akteure", "sv": "aktörer"},
	"results":    {"en": "Results", "lt": "Rezultatai", "pl": "Wyniki", "de": "Ergebnisse", "sv": "Resultat"},
	"noresults":  {"en": "No actor matches.", "lt": "Nerasta.", "pl": "Brak wyników.", "de": "Kein Treffer.", "sv": "Inga träffar."},
	"mapnote":    {"en": "Each circle is a place; its size shows how many actors are there. The list below has the same places.", "lt": "Kiekvienas apskritimas yra vietovė; jo dydis rodo, kiek ten veikėjų. Žemiau – tos pačios vietovės sąraše.", "pl": "Każde koło to miejsce; jego wielkość pokazuje liczbę twórców. Lista poniżej zawiera te same miejsca.", "de": "Jeder Kreis ist ein Ort; seine Größe zeigt die Zahl der Akteure. Die Liste unten enthält dieselben Orte.", "sv": "Varje cirkel är en ort; storleken visar hur många aktörer som finns där. Listan nedan har samma orter."},
	"generated":  {"en": "Published", "lt": "Paskelbta", "pl": "Opublikowano", "de": "Veröffentlicht", "sv": "Publicerad"},
	"chooselang": {"en": "Choose a language", "lt": "Pasirinkite kalbą", "pl": "Wybierz język", "de": "Sprache wählen", "sv": "Välj språk"},
}

// t returns label key in lang (English when missing).
func t(key, lang string) string {
	l := labels[key]
	if s, ok := l[lang]; ok {
		return s
	}
	return l["en"]
}
