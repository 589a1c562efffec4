package model

// Sector is one creative-industry domain: the ten ESSnet-Culture domains
// plus design, games/software and fashion as creative extensions.
type Sector struct {
	Code  string `json:"code"`
	Label Text   `json:"label"`
}

// Sectors is the taxonomy, in display order.
var Sectors = []Sector{
	{"heritage", Text{"en": "Heritage", "lt": "Paveldas", "pl": "Dziedzictwo", "de": "Kulturerbe", "sv": "Kulturarv"}},
	{"archives", Text{"en": "Archives", "lt": "Archyvai", "pl": "Archiwa", "de": "Archive", "sv": "Arkiv"}},
	{"libraries", Text{"en": "Libraries", "lt": "Bibliotekos", "pl": "Biblioteki", "de": "Bibliotheken", "sv": "Bibliotek"}},
	{"book-press", Text{"en": "Book & press", "lt": "Knygos ir spauda", "pl": "Książka i prasa", "de": "Buch & Presse", "sv": "Böcker & press"}},
	{"visual-arts", Text{"en": "Visual arts", "lt": "Vizualieji menai", "pl": "Sztuki wizualne", "de": "Bildende Kunst", "sv": "Bildkonst"}},
	{"performing-arts", Text{"en": "Performing arts", "lt": "Scenos menai", "pl": "Sztuki performatywne", "de": "Darstellende Kunst", "sv": "Scenkonst"}},
	{"audiovisual", Text{"en": "Audiovisual & multimedia", "lt": "Audiovizualinis menas ir multimedija", "pl": "Audiowizualne i multimedia", "de": "Audiovisuelles & Multimedia", "sv": "Audiovisuellt & multimedia"}},
	{"architecture", Text{"en": "Architecture", "lt": "Architektūra", "pl": "Architektura", "de": "Architektur", "sv": "Arkitektur"}},
	{"advertising", Text{"en": "Advertising", "lt": "Reklama", "pl": "Reklama", "de": "Werbung", "sv": "Reklam"}},
	{"art-crafts", Text{"en": "Art crafts", "lt": "Dailieji amatai", "pl": "Rzemiosło artystyczne", "de": "Kunsthandwerk", "sv": "Konsthantverk"}},
	{"design", Text{"en": "Design", "lt": "Dizainas", "pl": "Projektowanie", "de": "Design", "sv": "Design"}},
	{"games-software", Text{"en": "Games & software", "lt": "Žaidimai ir programinė įranga", "pl": "Gry i oprogramowanie", "de": "Spiele & Software", "sv": "Spel & mjukvara"}},
	{"fashion", Text{"en": "Fashion", "lt": "Mada", "pl": "Moda", "de": "Mode", "sv": "Mode"}},
}

// SectorByCode returns the sector with code, if any.
func SectorByCode(code string) (Sector, bool) {
	for _, s := range Sectors {
		if s.Code == code {
			return s, true
		}
	}
	return Sector{}, false
}

// Country is a country of the network (ISO 3166-1 alpha-2 code).
type Country struct {
	Code  string `json:"code"`
	Label Text   `json:"label"`
}

// Countries are the network's countries.
var Countries = []Country{
	{"LT", Text{"en": "Lithuania", "lt": "Lietuva", "pl": "Litwa", "de": "Litauen", "sv": "Litauen"}},
	{"PL", Text{"en": "Poland", "lt": "Lenkija", "pl": "Polska", "de": "Polen", "sv": "Polen"}},
	{"DE", Text{"en": "Germany", "lt": "Vokietija", "pl": "Niemcy", "de": "Deutschland", "sv": "Tyskland"}},
	{"SE", Text{"en": "Sweden", "lt": "Švedija", "pl": "Szwecja", "de": "Schweden", "sv": "Sverige"}},
	// The other countries on the sea, for actors and places beyond the partners'.
	{"DK", Text{"en": "Denmark", "lt": "Danija", "pl": "Dania", "de": "Dänemark", "sv": "Danmark"}},
	{"LV", Text{"en": "Latvia", "lt": "Latvija", "pl": "Łotwa", "de": "Lettland", "sv": "Lettland"}},
	{"EE", Text{"en": "Estonia", "lt": "Estija", "pl": "Estonia", "de": "Estland", "sv": "Estland"}},
	{"FI", Text{"en": "Finland", "lt": "Suomija", "pl": "Finlandia", "de": "Finnland", "sv": "Finland"}},
	{"RU", Text{"en": "Russia", "lt": "Rusija", "pl": "Rosja", "de": "Russland", "sv": "Ryssland"}},
}

// Choice is one value of a closed list (actor kinds, link types...) with
// its labels.
type Choice struct {
	Code  string `json:"code"`
	Label Text   `json:"label"`
}

// ActorKinds are the kinds of actor.
var ActorKinds = []Choice{
	{"organisation", Text{"en": "Organisation", "lt": "Organizacija", "pl": "Organizacja", "de": "Organisation", "sv": "Organisation"}},
	{"individual", Text{"en": "Individual", "lt": "Asmuo", "pl": "Osoba", "de": "Einzelperson", "sv": "Enskild person"}},
	{"collective", Text{"en": "Collective", "lt": "Kolektyvas", "pl": "Kolektyw", "de": "Kollektiv", "sv": "Kollektiv"}},
	{"hub", Text{"en": "Hub", "lt": "Centras", "pl": "Hub", "de": "Hub", "sv": "Nav"}},
}

// LinkTypes are the kinds of link between actors.
var LinkTypes = []Choice{
	{"collaborated", Text{"en": "Collaborated", "lt": "Bendradarbiavo", "pl": "Współpracowali", "de": "Zusammengearbeitet", "sv": "Samarbetat"}},
	{"member-of", Text{"en": "Member of", "lt": "Narys", "pl": "Członek", "de": "Mitglied von", "sv": "Medlem i"}},
	{"co-organised", Text{"en": "Co-organised", "lt": "Kartu organizavo", "pl": "Współorganizowali", "de": "Gemeinsam organisiert", "sv": "Samarrangerat"}},
	{"mentored", Text{"en": "Mentored", "lt": "Mentorystė", "pl": "Mentoring", "de": "Mentoring", "sv": "Mentorskap"}},
	{"supplier", Text{"en": "Supplier", "lt": "Tiekėjas", "pl": "Dostawca", "de": "Lieferant", "sv": "Leverantör"}},
}

// EventKinds are the kinds of event.
var EventKinds = []Choice{
	{"annual-forum", Text{"en": "Annual forum", "lt": "Metinis forumas", "pl": "Forum roczne", "de": "Jahresforum", "sv": "Årligt forum"}},
	{"workshop", Text{"en": "Workshop", "lt": "Dirbtuvės", "pl": "Warsztaty", "de": "Workshop", "sv": "Workshop"}},
	{"matchmaking", Text{"en": "Matchmaking", "lt": "Partnerių paieška", "pl": "Kojarzenie partnerów", "de": "Matchmaking", "sv": "Matchmaking"}},
	{"study-visit", Text{"en": "Study visit", "lt": "Studijų vizitas", "pl": "Wizyta studyjna", "de": "Studienbesuch", "sv": "Studiebesök"}},
	{"training", Text{"en": "Training", "lt": "Mokymai", "pl": "Szkolenie", "de": "Schulung", "sv": "Utbildning"}},
}

// ParticipationStatuses are the states of a registration.
var ParticipationStatuses = []Choice{
	{"registered", Text{"en": "Registered", "lt": "Užsiregistravo", "pl": "Zarejestrowany", "de": "Angemeldet", "sv": "Anmäld"}},
	{"attended", Text{"en": "Attended", "lt": "Dalyvavo", "pl": "Obecny", "de": "Teilgenommen", "sv": "Deltog"}},
	{"no-show", Text{"en": "No-show", "lt": "Neatvyko", "pl": "Nieobecny", "de": "Nicht erschienen", "sv": "Uteblev"}},
	{"cancelled", Text{"en": "Cancelled", "lt": "Atšaukė", "pl": "Odwołany", "de": "Storniert", "sv": "Avbokad"}},
}

// PostTypes are the kinds of post.
var PostTypes = []Choice{
	{"offer", Text{"en": "Offer", "lt": "Pasiūlymas", "pl": "Oferta", "de": "Angebot", "sv": "Erbjudande"}},
	{"need", Text{"en": "Need", "lt": "Poreikis", "pl": "Potrzeba", "de": "Bedarf", "sv": "Behov"}},
	{"announcement", Text{"en": "Announcement", "lt": "Skelbimas", "pl": "Ogłoszenie", "de": "Ankündigung", "sv": "Meddelande"}},
}

func hasCode(list []Choice, code string) bool {
	for _, c := range list {
		if c.Code == code {
			return true
		}
	}
	return false
}
