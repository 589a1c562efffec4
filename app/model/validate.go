package model

import "fmt"

// Validate checks a and returns Problems listing every field that is wrong.
func (a *Actor) Validate() error {
	var v Problems
	v.require("name", a.Name != "", "a name is required")
	v.length("name", a.Name, 300)
	v.require("kind", a.Kind != "", "choose organisation, individual, collective or hub")
	v.choice("kind", a.Kind, ActorKinds)
	for lang, s := range a.Description {
		if !IsLanguage(lang) {
			v.add("description", CodeLanguage, fmt.Sprintf("language %q is not one of en, lt, pl, de, sv", lang), "value", lang)
		}
		v.length("description."+lang, s, MaxText)
	}
	for _, s := range a.Sectors {
		if _, ok := SectorByCode(s); !ok {
			v.add("sectors", CodeSector, fmt.Sprintf("%q is not a sector of the taxonomy", s), "value", s)
		}
	}
	for _, l := range a.Languages {
		if len(l) != 2 {
			v.add("languages", CodeLanguageCode, fmt.Sprintf("%q is not a two-letter language code", l), "value", l)
		}
	}
	v.check("country", a.Country, isCountry(a.Country), CodeCountry, "must be a two-letter country code such as LT, PL, DE or SE")
	v.email("email", a.Email)
	v.phone("phone", a.Phone)
	v.website("website", a.Website)
	v.length("address", a.Address, 500)
	if (a.Lat == nil) != (a.Lon == nil) {
		v.add("lat", CodeLatLonPair, "give both latitude and longitude, or neither")
	} else if a.Lat != nil {
		v.coordinates(*a.Lat, *a.Lon)
	}
	for _, s := range append(append([]string{}, a.Offers...), a.Needs...) {
		v.length("offers", s, 1000)
	}
	if a.Visibility != "" && a.Visibility != "partners" && a.Visibility != "internal" && a.Visibility != "public" {
		v.add("visibility", CodeVisibility, fmt.Sprintf("%q is not public, partners or internal", a.Visibility), "value", a.Visibility)
	}
	return v.Err()
}

// Validate checks l.
func (l *Link) Validate() error {
	var v Problems
	v.require("from", l.From != "", "choose the first actor")
	v.require("to", l.To != "", "choose the second actor")
	if l.From != "" && l.From == l.To {
		v.add("to", CodeSelfLink, "an actor cannot be linked to itself")
	}
	v.require("type", l.Type != "", "choose the type of link")
	v.choice("type", l.Type, LinkTypes)
	for _, y := range l.Years {
		if y < 1900 || y > 2200 {
			v.add("years", CodeYear, fmt.Sprintf("%d is not a plausible year", y), "value", fmt.Sprint(y))
		}
	}
	v.length("note", l.Note, MaxText)
	return v.Err()
}

// Validate checks e.
func (e *Event) Validate() error {
	var v Problems
	v.require("title", e.Title != "", "a title is required")
	v.length("title", e.Title, 300)
	v.require("kind", e.Kind != "", "choose the kind of event")
	v.choice("kind", e.Kind, EventKinds)
	v.require("start", e.Start != "", "a start date is required")
	v.date("start", e.Start)
	v.date("end", e.End)
	if e.End != "" && e.Start != "" && e.End < e.Start {
		v.add("end", CodeEndBeforeStart, fmt.Sprintf("ends (%s) before it starts (%s)", e.End, e.Start), "end", e.End, "start", e.Start)
	}
	return v.Err()
}

// Validate checks p.
func (p *Participation) Validate() error {
	var v Problems
	v.require("event", p.Event != "", "choose the event")
	v.require("actor", p.Actor != "" || p.Person != "", "name the actor or the person taking part")
	v.require("status", p.Status != "", "choose registered, attended, no-show or cancelled")
	v.choice("status", p.Status, ParticipationStatuses)
	return v.Err()
}

// Validate checks p.
func (p *Post) Validate() error {
	var v Problems
	v.require("type", p.Type != "", "choose offer, need or announcement")
	v.choice("type", p.Type, PostTypes)
	v.require("title", p.Title != "", "a title is required")
	v.length("title", p.Title, 300)
	v.length("text", p.Text, MaxText)
	if _, ok := SectorByCode(p.Sector); p.Sector != "" && !ok {
		v.add("sector", CodeSector, fmt.Sprintf("%q is not a sector of the taxonomy", p.Sector), "value", p.Sector)
	}
	v.date("validUntil", p.ValidUntil)
	return v.Err()
}

// Validate checks c.
func (c *Consent) Validate() error {
	var v Problems
	v.require("subject", c.Subject != "", "choose whose consent this is")
	v.require("purpose", c.Purpose != "", "say what the data is used for")
	v.require("basis", c.Basis != "", "give the legal basis")
	v.choice("basis", c.Basis, LegalBases)
	v.require("given", c.Given != "", "give the date consent was given")
	v.date("given", c.Given)
	v.date("expires", c.Expires)
	return v.Err()
}

// LegalBases are the GDPR article 6 bases recorded with consents.
var LegalBases = []Choice{
	{"consent", Text{"en": "Consent", "lt": "Sutikimas", "pl": "Zgoda", "de": "Einwilligung", "sv": "Samtycke"}},
	{"contract", Text{"en": "Contract", "lt": "Sutartis", "pl": "Umowa", "de": "Vertrag", "sv": "Avtal"}},
	{"legitimate-interest", Text{"en": "Legitimate interest", "lt": "Teisėtas interesas", "pl": "Prawnie uzasadniony interes", "de": "Berechtigtes Interesse", "sv": "Berättigat intresse"}},
	{"public-task", Text{"en": "Public task", "lt": "Viešoji užduotis", "pl": "Zadanie publiczne", "de": "Öffentliche Aufgabe", "sv": "Allmänt intresse"}},
}
