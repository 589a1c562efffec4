package model

// Locality is a town or region where actors work.
type Locality struct {
	ID      string  `json:"id"`
	Name    Text    `json:"name"`
	Country string  `json:"country"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	// Office names the partner office responsible for the locality.
	Office string `json:"office,omitempty"`
	// Partner is true for the four localities of the network's partners.
	Partner bool `json:"partner,omitempty"`
	Meta    Meta `json:"meta"`
}

// Validate checks l.
func (l *Locality) Validate() error {
	var v Problems
	v.require("name", l.Name.In("en") != "", "a name is required")
	v.check("country", l.Country, isCountry(l.Country), CodeCountry, "must be a two-letter country code such as LT, PL, DE or SE")
	v.coordinates(l.Lat, l.Lon)
	return v.Err()
}

// Localities are built in: the four partner localities and towns near them.
// Their ids are stable words, not ULIDs, so that every replica shares them.
var Localities = []Locality{
	{ID: "szczecin", Name: Text{"en": "Szczecin", "lt": "Ščecinas", "pl": "Szczecin", "de": "Stettin", "sv": "Szczecin"}, Country: "PL", Lat: 53.4285, Lon: 14.5528, Office: "Szczecin", Partner: true},
	{ID: "rostock", Name: Text{"en": "Rostock", "lt": "Rostokas", "pl": "Rostock", "de": "Rostock", "sv": "Rostock"}, Country: "DE", Lat: 54.0924, Lon: 12.0991, Office: "Rostock", Partner: true},
	{ID: "rietavas", Name: Text{"en": "Rietavas", "lt": "Rietavas", "pl": "Retów", "de": "Rietavas", "sv": "Rietavas"}, Country: "LT", Lat: 55.7246, Lon: 21.9316, Office: "Rietavas", Partner: true},
	{ID: "karlshamn", Name: Text{"en": "Karlshamn", "lt": "Karlshamnas", "pl": "Karlshamn", "de": "Karlshamn", "sv": "Karlshamn"}, Country: "SE", Lat: 56.1706, Lon: 14.8619, Office: "Karlshamn", Partner: true},
	{ID: "swinoujscie", Name: Text{"en": "Świnoujście", "pl": "Świnoujście", "de": "Swinemünde", "lt": "Svinouiscė"}, Country: "PL", Lat: 53.9105, Lon: 14.2471, Office: "Szczecin"},
	{ID: "police", Name: Text{"en": "Police", "pl": "Police", "de": "Pölitz"}, Country: "PL", Lat: 53.5521, Lon: 14.5718, Office: "Szczecin"},
	{ID: "stargard", Name: Text{"en": "Stargard", "pl": "Stargard", "de": "Stargard"}, Country: "PL", Lat: 53.3364, Lon: 15.0500, Office: "Szczecin"},
	{ID: "lodz", Name: Text{"en": "Łódź", "pl": "Łódź", "de": "Lodz", "lt": "Lodzė"}, Country: "PL", Lat: 51.7592, Lon: 19.4560, Office: "Szczecin"},
	{ID: "warnemuende", Name: Text{"en": "Warnemünde", "de": "Warnemünde"}, Country: "DE", Lat: 54.1760, Lon: 12.0837, Office: "Rostock"},
	{ID: "bad-doberan", Name: Text{"en": "Bad Doberan", "de": "Bad Doberan"}, Country: "DE", Lat: 54.1066, Lon: 11.9050, Office: "Rostock"},
	{ID: "guestrow", Name: Text{"en": "Güstrow", "de": "Güstrow"}, Country: "DE", Lat: 53.7942, Lon: 12.1765, Office: "Rostock"},
	{ID: "greifswald", Name: Text{"en": "Greifswald", "de": "Greifswald", "pl": "Gryfia"}, Country: "DE", Lat: 54.0865, Lon: 13.3923, Office: "Rostock"},
	{ID: "plunge", Name: Text{"en": "Plungė", "lt": "Plungė", "pl": "Płungiany"}, Country: "LT", Lat: 55.9114, Lon: 21.8441, Office: "Rietavas"},
	{ID: "telsiai", Name: Text{"en": "Telšiai", "lt": "Telšiai", "pl": "Telsze"}, Country: "LT", Lat: 55.9814, Lon: 22.2472, Office: "Rietavas"},
	{ID: "klaipeda", Name: Text{"en": "Klaipėda", "lt": "Klaipėda", "pl": "Kłajpeda", "de": "Memel"}, Country: "LT", Lat: 55.7033, Lon: 21.1443, Office: "Rietavas"},
	{ID: "kretinga", Name: Text{"en": "Kretinga", "lt": "Kretinga", "pl": "Kretynga"}, Country: "LT", Lat: 55.8888, Lon: 21.2422, Office: "Rietavas"},
	{ID: "ronneby", Name: Text{"en": "Ronneby", "sv": "Ronneby"}, Country: "SE", Lat: 56.2094, Lon: 15.2760, Office: "Karlshamn"},
	{ID: "solvesborg", Name: Text{"en": "Sölvesborg", "sv": "Sölvesborg"}, Country: "SE", Lat: 56.0514, Lon: 14.5753, Office: "Karlshamn"},
	{ID: "karlskrona", Name: Text{"en": "Karlskrona", "sv": "Karlskrona"}, Country: "SE", Lat: 56.1612, Lon: 15.5869, Office: "Karlshamn"},
	{ID: "malmo", Name: Text{"en": "Malmö", "sv": "Malmö", "pl": "Malmö", "de": "Malmö"}, Country: "SE", Lat: 55.6050, Lon: 13.0038, Office: "Karlshamn"},
}

// LocalityByID returns the built-in locality with id, or else the
// gazetteer's place with id as a locality, if any.
func LocalityByID(id string) (Locality, bool) {
	for _, l := range Localities {
		if l.ID == id {
			return l, true
		}
	}
	if p, ok := PlaceByID(id); ok {
		return p.Locality(), true
	}
	return Locality{}, false
}

func isCountry(code string) bool {
	if len(code) != 2 {
		return false
	}
	for _, r := range code {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}
