package app

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"sbcc/app/model"
	"sbcc/internal/demonames"
)

// ErrNotEmpty is returned by Demo when the directory already has actors.
var ErrNotEmpty = errors.New("the directory already has actors; demo data goes only into an empty one")

// DemoOptions configure Demo.
type DemoOptions struct {
	// Actors is how many actors to make (default 300).
	Actors int
	// Seed makes the network reproducible.
	Seed uint64
	// Progress, when set, is called after each batch with done and total.
	Progress func(done, total int)
}

// DemoResult counts what Demo made.
type DemoResult struct {
	Actors, Links, Events, Participations, Posts, Consents int
}

// demoLang is the language of each country's demo actors; their names
// come from internal/demonames.
var demoLang = map[string]string{"LT": "lt", "PL": "pl", "DE": "de", "SE": "sv"}

// demoDescriptions per sector, in the five languages.
var demoDescriptions = map[string]model.Text{
	"heritage":        {"en": "Keeps the maritime heritage of the coast alive with guided walks.", "lt": "Puoselėja pajūrio paveldą ir rengia ekskursijas.", "pl": "Pielęgnuje dziedzictwo morskie wybrzeża i prowadzi spacery.", "de": "Bewahrt das maritime Erbe der Küste mit Führungen.", "sv": "Håller kustens maritima kulturarv levande med guidade turer."},
	"archives":        {"en": "Digitises local photo archives and family letters.", "lt": "Skaitmenina vietinius nuotraukų archyvus ir laiškus.", "pl": "Digitalizuje lokalne archiwa fotografii i listy rodzinne.", "de": "Digitalisiert lokale Fotoarchive und Familienbriefe.", "sv": "Digitaliserar lokala fotoarkiv och familjebrev."},
	"libraries":       {"en": "A library with reading clubs in four languages.", "lt": "Biblioteka su skaitymo klubais keturiomis kalbomis.", "pl": "Biblioteka z klubami czytelniczymi w czterech językach.", "de": "Eine Bibliothek mit Lesekreisen in vier Sprachen.", "sv": "Ett bibliotek med läsecirklar på fyra språk."},
	"book-press":      {"en": "Publishes illustrated books and a regional magazine.", "lt": "Leidžia iliustruotas knygas ir regioninį žurnalą.", "pl": "Wydaje ilustrowane książki i regionalny magazyn.", "de": "Verlegt illustrierte Bücher und ein Regionalmagazin.", "sv": "Ger ut illustrerade böcker och en regional tidskrift."},
	"visual-arts":     {"en": "Painting and printmaking studio with open residencies.", "lt": "Tapybos ir grafikos studija su rezidencijomis.", "pl": "Pracownia malarstwa i grafiki z otwartymi rezydencjami.", "de": "Mal- und Druckwerkstatt mit offenen Residenzen.", "sv": "Ateljé för måleri och grafik med öppna residens."},
	"performing-arts": {"en": "Independent theatre touring the Baltic coast.", "lt": "Nepriklausomas teatras, gastroliuojantis Baltijos pakrantėje.", "pl": "Niezależny teatr objeżdżający wybrzeże Bałtyku.", "de": "Freies Theater auf Tournee an der Ostseeküste.", "sv": "Fri teater som turnerar längs Östersjökusten."},
	"audiovisual":     {"en": "Documentary film production and sound design.", "lt": "Dokumentinių filmų kūrimas ir garso dizainas.", "pl": "Produkcja filmów dokumentalnych i projektowanie dźwięku.", "de": "Dokumentarfilmproduktion und Sounddesign.", "sv": "Produktion av dokumentärfilm och ljuddesign."},
	"architecture":    {"en": "Architects restoring wooden houses with local crafts.", "lt": "Architektai, restauruojantys medinius namus.", "pl": "Architekci odnawiający drewniane domy z lokalnym rzemiosłem.", "de": "Architekten, die Holzhäuser mit lokalem Handwerk restaurieren.", "sv": "Arkitekter som restaurerar trähus med lokalt hantverk."},
	"advertising":     {"en": "Creative agency for campaigns of cultural institutions.", "lt": "Kūrybinė agentūra kultūros įstaigų kampanijoms.", "pl": "Agencja kreatywna kampanii instytucji kultury.", "de": "Kreativagentur für Kampagnen von Kultureinrichtungen.", "sv": "Kreativ byrå för kulturinstitutioners kampanjer."},
	"art-crafts":      {"en": "Amber jewellery, ceramics and weaving workshop.", "lt": "Gintaro papuošalų, keramikos ir audimo dirbtuvės.", "pl": "Warsztat biżuterii z bursztynu, ceramiki i tkactwa.", "de": "Werkstatt für Bernsteinschmuck, Keramik und Weberei.", "sv": "Verkstad för bärnstenssmycken, keramik och vävning."},
	"design":          {"en": "Product and graphic design for small manufacturers.", "lt": "Produktų ir grafinis dizainas mažiems gamintojams.", "pl": "Wzornictwo i grafika dla małych producentów.", "de": "Produkt- und Grafikdesign für kleine Hersteller.", "sv": "Produkt- och grafisk design för små tillverkare."},
	"games-software":  {"en": "Indie game studio making games about Baltic myths.", "lt": "Nepriklausoma žaidimų studija, kurianti žaidimus apie Baltų mitus.", "pl": "Niezależne studio gier o bałtyckich mitach.", "de": "Indie-Spielestudio mit Spielen über baltische Mythen.", "sv": "Indiespelstudio som gör spel om baltiska myter."},
	"fashion":         {"en": "Slow-fashion label working with linen and wool.", "lt": "Lėtosios mados ženklas, dirbantis su linu ir vilna.", "pl": "Marka slow fashion pracująca z lnem i wełną.", "de": "Slow-Fashion-Label mit Leinen und Wolle.", "sv": "Slow fashion-märke som arbetar med linne och ull."},
}

var demoOffers = []string{"studio space", "sound recording", "translation", "3D printing", "exhibition venue", "mentoring", "video editing", "printing press", "web design", "event hosting"}
var demoNeeds = []string{"co-producer", "funding partner", "rehearsal space", "illustrator", "distribution", "volunteers", "photographer", "programmer", "venue abroad", "marketing"}

// Demo fills an empty directory with a generated network: actors in all
// sectors around the four partner localities, links across borders,
// events with participations, posts and consents. The same seed makes the
// same network.
func (d *Directory) Demo(ctx context.Context, opts DemoOptions) (DemoResult, error) {
	var res DemoResult
	if opts.Actors <= 0 {
		opts.Actors = 300
	}
	counts, err := d.Counts()
	if err != nil {
		return res, err
	}
	if counts["actor"] > 0 {
		return res, ErrNotEmpty
	}
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5bcc))
	byCountry := map[string][]model.Locality{}
	for _, l := range model.Localities {
		byCountry[l.Country] = append(byCountry[l.Country], l)
	}
	countries := []string{"LT", "PL", "DE", "SE"}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }

	people, orgs := map[string]int{}, map[string]int{} // names used, by country
	actors := make([]*model.Actor, 0, opts.Actors)
	batch := make([]model.Record, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := d.PutMany(batch); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	for i := range opts.Actors {
		country := countries[i%len(countries)]
		lang := demoLang[country]
		locs := byCountry[country]
		loc := locs[0]
		if rng.IntN(3) > 0 { // two in three near the partner office
			loc = locs[rng.IntN(len(locs))]
		}
		sector := model.Sectors[rng.IntN(len(model.Sectors))].Code
		a := &model.Actor{Kind: "organisation", Sectors: []string{sector}, Locality: loc.ID, Country: country,
			Languages: []string{lang, "en"}, Visibility: "partners"}
		switch rng.IntN(6) {
		case 0:
			a.Kind, a.Name = "individual", demonames.Person(lang, people[country])
			people[country]++
		default:
			a.Kind = [...]string{"collective", "hub", "organisation", "organisation", "organisation"}[rng.IntN(5)]
			a.Name = demonames.Org(lang, orgs[country])
			orgs[country]++
		}
		if second := model.Sectors[rng.IntN(len(model.Sectors))].Code; second != sector && rng.IntN(3) == 0 {
			a.Sectors = append(a.Sectors, second)
		}
		desc := demoDescriptions[sector]
		a.Description = model.Text{"en": desc["en"], lang: desc[lang]}
		lat, lon := loc.Lat+(rng.Float64()-0.5)*0.1, loc.Lon+(rng.Float64()-0.5)*0.1
		a.Lat, a.Lon = &lat, &lon
		slug := demonames.Slug(a.Name)
		a.Email = fmt.Sprintf("info@%s.example.org", slug)
		a.Website = fmt.Sprintf("https://%s.example.org", slug)
		a.Phone = fmt.Sprintf("+%s %d %03d %03d", map[string]string{"LT": "370", "PL": "48", "DE": "49", "SE": "46"}[country], 10+rng.IntN(89), rng.IntN(1000), rng.IntN(1000))
		if i%3 == 0 { // a third chose the published catalogue
			a.Visibility = "public"
		}
		a.Offers = []string{pick(demoOffers)}
		a.Needs = []string{pick(demoNeeds)}
		a.Tags = []string{sector, strings.ToLower(country)}
		actors = append(actors, a)
		batch = append(batch, a)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return res, err
			}
			if opts.Progress != nil {
				opts.Progress(i+1, opts.Actors)
			}
		}
	}
	if err := flush(); err != nil {
		return res, err
	}
	res.Actors = len(actors)
	if opts.Progress != nil {
		opts.Progress(opts.Actors, opts.Actors)
	}
	// Links: about one per actor, half of them across borders.
	for i := range len(actors) {
		from := actors[i]
		to := actors[rng.IntN(len(actors))]
		if to == from {
			continue
		}
		types := model.LinkTypes
		batch = append(batch, &model.Link{From: from.ID, To: to.ID, Type: types[rng.IntN(len(types))].Code,
			Years: []int{2025 + rng.IntN(2)}, Continuing: rng.IntN(4) == 0})
		res.Links++
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	// Events: an annual forum per partner town and some workshops.
	partners := []model.Locality{}
	for _, l := range model.Localities {
		if l.Partner {
			partners = append(partners, l)
		}
	}
	nEvents := max(4, len(actors)/25)
	for i := range nEvents {
		loc := partners[i%len(partners)]
		kind := model.EventKinds[rng.IntN(len(model.EventKinds))].Code
		title := fmt.Sprintf("%s %s %d", model.EventKinds[indexOfChoice(model.EventKinds, kind)].Label.In("en"), loc.Name.In("en"), 2025+i%2)
		if i < len(partners) {
			kind, title = "annual-forum", fmt.Sprintf("South Baltic Creative Forum %s %d", loc.Name.In("en"), 2025+i%2)
		}
		org1, org2 := actors[rng.IntN(len(actors))], actors[rng.IntN(len(actors))]
		day := 1 + rng.IntN(27)
		ev := &model.Event{Title: title, Kind: kind, Public: kind == "annual-forum" || rng.IntN(2) == 0, Internal: rng.IntN(8) == 0,
			Start: fmt.Sprintf("%d-%02d-%02d", 2025+i%2, 3+rng.IntN(8), day), Locality: loc.ID,
			Organisers: []string{org1.ID, org2.ID}, Description: model.Text{"en": "Meet creative actors from Lithuania, Poland, Germany and Sweden."}}
		if _, err := d.Put(ev); err != nil {
			return res, err
		}
		res.Events++
		statuses := []string{"registered", "attended", "attended", "attended", "no-show", "cancelled"}
		for range 5 + rng.IntN(15) {
			a := actors[rng.IntN(len(actors))]
			batch = append(batch, &model.Participation{Event: ev.ID, Actor: a.ID, Role: "participant", Status: statuses[rng.IntN(len(statuses))]})
			res.Participations++
		}
		if err := flush(); err != nil {
			return res, err
		}
	}
	// Posts and consents.
	for i, a := range actors {
		if i%5 == 0 {
			typ, text := "offer", a.Offers[0]
			if i%10 == 0 {
				typ, text = "need", a.Needs[0]
			}
			batch = append(batch, &model.Post{Actor: a.ID, Type: typ, Sector: a.Sectors[0], Title: strings.ToUpper(text[:1]) + text[1:],
				Text: fmt.Sprintf("%s: %s", a.Name, text), ValidUntil: "2027-12-31"})
			res.Posts++
		}
		if a.Kind == "individual" {
			batch = append(batch, &model.Consent{Subject: a.ID, Purpose: "directory listing and newsletters", Basis: "consent",
				Given: "2026-01-15", Expires: fmt.Sprintf("2027-%02d-15", 1+i%12)})
			res.Consents++
		}
		if a.Visibility == "public" { // consented to it; half also to show e-mail and phone
			purposes := []string{model.PurposePublication}
			if i%6 == 0 {
				purposes = append(purposes, model.PurposePublicationContact)
			}
			for _, p := range purposes {
				batch = append(batch, &model.Consent{Subject: a.ID, Purpose: p, Basis: "consent", Given: "2026-01-15"})
				res.Consents++
			}
		}
		if len(batch) >= 1000 {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, flush()
}

func indexOfChoice(list []model.Choice, code string) int {
	for i, c := range list {
		if c.Code == code {
			return i
		}
	}
	return 0
}
