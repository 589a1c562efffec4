// Package demo generates the demo network: actors in every sector around
// the four partner localities, links across borders, events with
// participations, posts and consents, the same for the same seed. The
// first start offers it (LoadDemo), `sbcc demo` writes it, and the tests
// and benchmarks fill their directories with it. It writes through the
// directory's own Put and PutMany, so demo records pass every rule real
// ones do; it imports no storage.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"sbcc/app/model"
	"sbcc/internal/demonames"
)

// ErrNotEmpty is returned by Fill when the directory already has actors.
var ErrNotEmpty = errors.New("the directory already has actors; demo data goes only into an empty one")

// Directory is what Fill needs of the directory (app.Directory has it).
type Directory interface {
	// Counts returns the number of live records per kind.
	Counts() (map[string]int, error)
	// Put saves one record and returns its id.
	Put(r model.Record) (string, error)
	// PutMany saves records in one transaction.
	PutMany(rs []model.Record) ([]string, error)
}

// Options configure Fill.
type Options struct {
	// Actors is how many actors to make (default 300).
	Actors int
	// Seed makes the network reproducible.
	Seed uint64
	// Progress, when set, is called after each batch with done and total.
	Progress func(done, total int)
}

// Result counts what Fill made.
type Result struct {
	Actors, Links, Events, Participations, Posts, Consents int
}

// IsDemoActor reports whether a was made by Fill: its e-mail is at
// example.org, a domain reserved for examples (RFC 2606) that no real
// actor has.
func IsDemoActor(a *model.Actor) bool {
	return strings.HasSuffix(strings.ToLower(a.Email), ".example.org") || strings.HasSuffix(strings.ToLower(a.Email), "@example.org")
}

// Fill fills an empty directory with a generated network. The same seed
// makes the same network. It stops between batches when ctx ends.
func Fill(ctx context.Context, d Directory, opts Options) (Result, error) {
	if opts.Actors <= 0 {
		opts.Actors = 300
	}
	counts, err := d.Counts()
	if err != nil {
		return Result{}, err
	}
	if counts["actor"] > 0 {
		return Result{}, ErrNotEmpty
	}
	g := &gen{ctx: ctx, d: d, opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5bcc)), batch: make([]model.Record, 0, batchSize),
		people: map[string]int{}, orgs: map[string]int{}}
	for _, step := range []func() error{g.makeActors, g.links, g.events, g.postsAndConsents, g.flush} {
		if err := step(); err != nil {
			return g.res, err
		}
	}
	return g.res, nil
}

// batchSize is how many records go into one transaction.
const batchSize = 1000

// gen is one run of Fill.
type gen struct {
	ctx    context.Context
	d      Directory
	opts   Options
	rng    *rand.Rand
	actors []*model.Actor
	batch  []model.Record
	res    Result
	// people and orgs count the names used per country.
	people, orgs map[string]int
}

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// add queues r, committing the batch when it is full.
func (g *gen) add(r model.Record) error {
	g.batch = append(g.batch, r)
	if len(g.batch) < batchSize {
		return nil
	}
	return g.flush()
}

// flush commits the queued records, unless ctx has ended.
func (g *gen) flush() error {
	if len(g.batch) == 0 {
		return nil
	}
	if err := g.ctx.Err(); err != nil {
		return err
	}
	if _, err := g.d.PutMany(g.batch); err != nil {
		return err
	}
	g.batch = g.batch[:0]
	return nil
}

// makeActors makes the actors, spread over the four countries.
func (g *gen) makeActors() error {
	byCountry := map[string][]model.Locality{}
	for _, l := range model.Localities {
		byCountry[l.Country] = append(byCountry[l.Country], l)
	}
	g.actors = make([]*model.Actor, 0, g.opts.Actors)
	for i := range g.opts.Actors {
		country := countries[i%len(countries)]
		a := g.actor(i, country, byCountry[country])
		g.actors = append(g.actors, a)
		g.batch = append(g.batch, a)
		if len(g.batch) == batchSize {
			if err := g.flush(); err != nil {
				return err
			}
			if g.opts.Progress != nil {
				g.opts.Progress(i+1, g.opts.Actors)
			}
		}
	}
	if err := g.flush(); err != nil {
		return err
	}
	g.res.Actors = len(g.actors)
	if g.opts.Progress != nil {
		g.opts.Progress(g.opts.Actors, g.opts.Actors)
	}
	return nil
}

var countries = []string{"LT", "PL", "DE", "SE"}

var phonePrefix = map[string]string{"LT": "370", "PL": "48", "DE": "49", "SE": "46"}

// actor makes the i-th actor, in country near one of locs.
func (g *gen) actor(i int, country string, locs []model.Locality) *model.Actor {
	rng, lang := g.rng, langs[country]
	loc := locs[0]
	if rng.IntN(3) > 0 { // two in three near the partner office
		loc = locs[rng.IntN(len(locs))]
	}
	sector := model.Sectors[rng.IntN(len(model.Sectors))].Code
	a := &model.Actor{Kind: "organisation", Sectors: []string{sector}, Locality: loc.ID, Country: country,
		Languages: []string{lang, "en"}, Visibility: "partners"}
	switch rng.IntN(6) {
	case 0:
		a.Kind, a.Name = "individual", demonames.Person(lang, g.people[country])
		g.people[country]++
	default:
		a.Kind = [...]string{"collective", "hub", "organisation", "organisation", "organisation"}[rng.IntN(5)]
		a.Name = demonames.Org(lang, g.orgs[country])
		g.orgs[country]++
	}
	if second := model.Sectors[rng.IntN(len(model.Sectors))].Code; second != sector && rng.IntN(3) == 0 {
		a.Sectors = append(a.Sectors, second)
	}
	desc := descriptions[sector]
	a.Description = model.Text{"en": desc["en"], lang: desc[lang]}
	lat, lon := loc.Lat+(rng.Float64()-0.5)*0.1, loc.Lon+(rng.Float64()-0.5)*0.1
	a.Lat, a.Lon = &lat, &lon
	s := demonames.Slug(a.Name)
	a.Email = fmt.Sprintf("info@%s.example.org", s)
	a.Website = fmt.Sprintf("https://%s.example.org", s)
	a.Phone = fmt.Sprintf("+%s %d %03d %03d", phonePrefix[country], 10+rng.IntN(89), rng.IntN(1000), rng.IntN(1000))
	if i%3 == 0 { // a third chose the published catalogue
		a.Visibility = "public"
	}
	a.Offers = []string{g.pick(offers)}
	a.Needs = []string{g.pick(needs)}
	a.Tags = []string{sector, strings.ToLower(country)}
	return a
}

// links makes about one link per actor, half of them across borders.
func (g *gen) links() error {
	for i := range len(g.actors) {
		from := g.actors[i]
		to := g.actors[g.rng.IntN(len(g.actors))]
		if to == from {
			continue
		}
		types := model.LinkTypes
		g.res.Links++
		if err := g.add(&model.Link{From: from.ID, To: to.ID, Type: types[g.rng.IntN(len(types))].Code,
			Years: []int{2025 + g.rng.IntN(2)}, Continuing: g.rng.IntN(4) == 0}); err != nil {
			return err
		}
	}
	return nil
}

// events makes an annual forum per partner town and some workshops, with
// their participations.
func (g *gen) events() error {
	rng := g.rng
	partners := []model.Locality{}
	for _, l := range model.Localities {
		if l.Partner {
			partners = append(partners, l)
		}
	}
	for i := range max(4, len(g.actors)/25) {
		loc := partners[i%len(partners)]
		kind := model.EventKinds[rng.IntN(len(model.EventKinds))].Code
		title := fmt.Sprintf("%s %s %d", model.EventKinds[indexOfChoice(model.EventKinds, kind)].Label.In("en"), loc.Name.In("en"), 2025+i%2)
		if i < len(partners) {
			kind, title = "annual-forum", fmt.Sprintf("South Baltic Creative Forum %s %d", loc.Name.In("en"), 2025+i%2)
		}
		org1, org2 := g.actors[rng.IntN(len(g.actors))], g.actors[rng.IntN(len(g.actors))]
		day := 1 + rng.IntN(27)
		ev := &model.Event{Title: title, Kind: kind, Public: kind == "annual-forum" || rng.IntN(2) == 0, Internal: rng.IntN(8) == 0,
			Start: fmt.Sprintf("%d-%02d-%02d", 2025+i%2, 3+rng.IntN(8), day), Locality: loc.ID,
			Organisers: []string{org1.ID, org2.ID}, Description: model.Text{"en": "Meet creative actors from Lithuania, Poland, Germany and Sweden."}}
		if _, err := g.d.Put(ev); err != nil {
			return err
		}
		g.res.Events++
		statuses := []string{"registered", "attended", "attended", "attended", "no-show", "cancelled"}
		for range 5 + rng.IntN(15) {
			a := g.actors[rng.IntN(len(g.actors))]
			g.batch = append(g.batch, &model.Participation{Event: ev.ID, Actor: a.ID, Role: "participant", Status: statuses[rng.IntN(len(statuses))]})
			g.res.Participations++
		}
		if err := g.flush(); err != nil {
			return err
		}
	}
	return nil
}

// postsAndConsents makes an offer or need for every fifth actor and the
// consents of people and of the actors in the published catalogue.
func (g *gen) postsAndConsents() error {
	for i, a := range g.actors {
		if i%5 == 0 {
			typ, text := "offer", a.Offers[0]
			if i%10 == 0 {
				typ, text = "need", a.Needs[0]
			}
			g.batch = append(g.batch, &model.Post{Actor: a.ID, Type: typ, Sector: a.Sectors[0], Title: strings.ToUpper(text[:1]) + text[1:],
				Text: fmt.Sprintf("%s: %s", a.Name, text), ValidUntil: "2027-12-31"})
			g.res.Posts++
		}
		if a.Kind == "individual" {
			g.batch = append(g.batch, &model.Consent{Subject: a.ID, Purpose: "directory listing and newsletters", Basis: "consent",
				Given: "2026-01-15", Expires: fmt.Sprintf("2027-%02d-15", 1+i%12)})
			g.res.Consents++
		}
		if a.Visibility == "public" { // consented to it; half also to show e-mail and phone
			purposes := []string{model.PurposePublication}
			if i%6 == 0 {
				purposes = append(purposes, model.PurposePublicationContact)
			}
			for _, p := range purposes {
				g.batch = append(g.batch, &model.Consent{Subject: a.ID, Purpose: p, Basis: "consent", Given: "2026-01-15"})
				g.res.Consents++
			}
		}
		if len(g.batch) >= batchSize {
			if err := g.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// langs is the language of each country's demo actors; their names come
// from internal/demonames.
var langs = map[string]string{"LT": "lt", "PL": "pl", "DE": "de", "SE": "sv"}

// descriptions per sector, in the five languages.
var descriptions = map[string]model.Text{
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

var offers = []string{"studio space", "sound recording", "translation", "3D printing", "exhibition venue", "mentoring", "video editing", "printing press", "web design", "event hosting"}
var needs = []string{"co-producer", "funding partner", "rehearsal space", "illustrator", "distribution", "volunteers", "photographer", "programmer", "venue abroad", "marketing"}

func indexOfChoice(list []model.Choice, code string) int {
	for i, c := range list {
		if c.Code == code {
			return i
		}
	}
	return 0
}
