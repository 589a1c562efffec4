// Package synth generates a deterministic, multilingual synthetic directory for tests and
// benchmarks of sbcc/index. It imports only the index package's Doc type.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"sbcc/index"
)

// Town is a locality with coordinates.
type Town struct {
	Name, Country string
	Lat, Lon      float64
}

// Towns are real South Baltic localities.
var Towns = []Town{
	{"Rietavas", "LT", 55.7236, 21.9306}, {"Klaipėda", "LT", 55.7033, 21.1443}, {"Plungė", "LT", 55.9111, 21.8447},
	{"Telšiai", "LT", 55.9814, 22.2472}, {"Šilutė", "LT", 55.3489, 21.4834}, {"Palanga", "LT", 55.9175, 21.0686},
	{"Kretinga", "LT", 55.8885, 21.2422}, {"Tauragė", "LT", 55.2522, 22.2897}, {"Šiauliai", "LT", 55.9349, 23.3137},
	{"Szczecin", "PL", 53.4285, 14.5528}, {"Gdańsk", "PL", 54.3520, 18.6466}, {"Gdynia", "PL", 54.5189, 18.5305},
	{"Koszalin", "PL", 54.1944, 16.1722}, {"Słupsk", "PL", 54.4641, 17.0287}, {"Świnoujście", "PL", 53.9105, 14.2476},
	{"Kołobrzeg", "PL", 54.1757, 15.5834}, {"Łeba", "PL", 54.7600, 17.5560}, {"Elbląg", "PL", 54.1561, 19.4045},
	{"Rostock", "DE", 54.0924, 12.0991}, {"Stralsund", "DE", 54.3091, 13.0818}, {"Greifswald", "DE", 54.0865, 13.3923},
	{"Wismar", "DE", 53.8915, 11.4653}, {"Lübeck", "DE", 53.8655, 10.6866}, {"Güstrow", "DE", 53.7942, 12.1765},
	{"Bad Doberan", "DE", 54.1071, 11.9083}, {"Kühlungsborn", "DE", 54.1500, 11.7333}, {"Neubrandenburg", "DE", 53.5570, 13.2609},
	{"Karlshamn", "SE", 56.1703, 14.8619}, {"Karlskrona", "SE", 56.1612, 15.5869}, {"Malmö", "SE", 55.6050, 13.0038},
	{"Ystad", "SE", 55.4295, 13.8200}, {"Kalmar", "SE", 56.6634, 16.3568}, {"Växjö", "SE", 56.8777, 14.8091},
	{"Ronneby", "SE", 56.2094, 15.2760}, {"Sölvesborg", "SE", 56.0505, 14.5858}, {"Kristianstad", "SE", 56.0294, 14.1567},
}

// Sectors are the ten ESSnet-Culture domains and the three creative extensions.
var Sectors = []string{"heritage", "archives", "libraries", "book & press", "visual arts", "performing arts",
	"audiovisual & multimedia", "architecture", "advertising", "art crafts", "design", "games/software", "fashion"}

// Langs are the description languages.
var Langs = []string{"en", "lt", "pl", "de", "sv"}

var words = map[string][]string{
	"en": strings.Fields("studio workshop design creative gallery theatre music film festival craft wood ceramics textile weaving games software heritage museum library archive photography dance architecture fashion publishing children community residency exhibition education tourism sustainable digital"),
	"lt": strings.Fields("studija dirbtuvės dizainas kūrybinė galerija teatras muzika kinas festivalis amatai medis keramika tekstilė audimas žaidimai programinė paveldas muziejus biblioteka archyvas fotografija šokis architektūra mada leidyba vaikai bendruomenė rezidencija paroda švietimas"),
	"pl": strings.Fields("pracownia warsztaty projektowanie kreatywny galeria teatr muzyka film festiwal rzemiosło drewno ceramika tkanina tkactwo gry oprogramowanie dziedzictwo muzeum biblioteka archiwum fotografia taniec architektura moda wydawnictwo dzieci społeczność rezydencja wystawa edukacja"),
	"de": strings.Fields("Atelier Werkstatt Gestaltung kreativ Galerie Theater Musik Film Festival Handwerk Holz Keramik Textil Weberei Spiele Software Kulturerbe Museum Bibliothek Archiv Fotografie Tanz Architektur Mode Verlag Kinder Gemeinschaft Residenz Ausstellung Bildung Straße"),
	"sv": strings.Fields("ateljé verkstad formgivning kreativ galleri teater musik film festival hantverk trä keramik textil vävning spel mjukvara kulturarv museum bibliotek arkiv fotografi dans arkitektur mode förlag barn gemenskap residens utställning utbildning"),
}

var nameParts = [][]string{
	strings.Fields("Baltic Nord Amber Žalias Łąka Kreativ Ström Sjö Jūra Morze Küste Dune Wind Vėjas Fala Ljus Šviesa Źródło Brücke Tiltas Most Bro Garden Sodas Ogród Trädgård Kiemas Hof Gård Pajūris"),
	strings.Fields("Studio Atelier Dirbtuvės Pracownia Werkstatt Verkstad Lab Collective Kolektyw Kollektiv Hub Centras Centrum Zentrum Forum Guild Gildija Cech Teatr Teatras Theater Teater Galeria Galerija Galerie Galleri Press Spiel Games Film Design Dizainas"),
}

var offers = strings.Fields("venue mentoring workshops equipment funding partners volunteers translation marketing residency")
var kinds = []string{"organisation", "individual", "collective", "hub"}

// Generator produces documents deterministically from a seed.
type Generator struct {
	r *rand.Rand
	n int
}

// New returns a generator; the same seed gives the same documents.
func New(seed uint64) *Generator { return &Generator{r: rand.New(rand.NewPCG(seed, 42))} }

func (g *Generator) pick(s []string) string { return s[g.r.IntN(len(s))] }

// Doc returns the next document.
func (g *Generator) Doc() index.Doc {
	g.n++
	r := g.r
	t := Towns[r.IntN(len(Towns))]
	name := g.pick(nameParts[0]) + " " + g.pick(nameParts[1])
	if r.IntN(3) == 0 {
		name += " " + t.Name
	} else if r.IntN(2) == 0 {
		name = g.pick(nameParts[0]) + g.pick([]string{"ska", "as", "owo", "ung", "ia", "ėlis"}) + " " + name
	}
	local := map[string]string{"LT": "lt", "PL": "pl", "DE": "de", "SE": "sv"}[t.Country]
	text := map[string]string{}
	langs := []string{local}
	if r.IntN(3) > 0 {
		langs = append(langs, "en")
	}
	for _, l := range langs {
		var b strings.Builder
		nw := 12 + r.IntN(30)
		for i := 0; i < nw; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(g.pick(words[l]))
		}
		b.WriteString(" " + t.Name + ".")
		text[l] = b.String()
	}
	kind := "actor"
	switch r.IntN(20) {
	case 0:
		kind = "event"
	case 1:
		kind = "post"
	}
	lat := t.Lat + (r.Float64()-0.5)*0.1
	lon := t.Lon + (r.Float64()-0.5)*0.1
	d := index.Doc{
		ID:           fmt.Sprintf("doc%08d", g.n),
		Kind:         kind,
		Name:         name,
		Text:         text,
		Sectors:      []string{g.pick(Sectors)},
		Languages:    langs,
		Country:      t.Country,
		Locality:     "loc-" + t.Name,
		LocalityName: t.Name,
		Lat:          &lat,
		Lon:          &lon,
		Updated:      time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(5*365*24)) * time.Hour),
		Tags:         []string{g.pick(words["en"])},
	}
	if kind == "actor" {
		d.ActorKind = g.pick(kinds)
		// Contact words from the document's number, not the random
		// source, so the other fields stay as they were.
		slug := strings.ReplaceAll(index.Fold(name), " ", "-")
		d.Also = index.ContactWords(fmt.Sprintf("info@%s-%d.example", slug, g.n),
			fmt.Sprintf("+48 91 %03d %02d %02d", g.n%1000, g.n/1000%100, g.n/100000%100), slug+".example")
	}
	if r.IntN(2) == 0 {
		d.Sectors = append(d.Sectors, g.pick(Sectors))
	}
	if r.IntN(2) == 0 {
		d.Offers = []string{g.pick(offers)}
	}
	if r.IntN(2) == 0 {
		d.Needs = []string{g.pick(offers)}
	}
	return d
}

// Docs returns the next n documents.
func (g *Generator) Docs(n int) []index.Doc {
	out := make([]index.Doc, n)
	for i := range out {
		out[i] = g.Doc()
	}
	return out
}

// Locate resolves the Towns by folded name.
func Locate(place string) (float64, float64, bool) {
	p := index.Fold(place)
	for _, t := range Towns {
		if index.Fold(t.Name) == p {
			return t.Lat, t.Lon, true
		}
	}
	return 0, 0, false
}

// Queries returns a fixed mix of n search-as-you-type queries: prefixes of 1–4 letters of
// names and words, whole words, typos, filters, negation and near:.
func Queries(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	var all []string
	for _, p := range nameParts {
		all = append(all, p...)
	}
	for _, l := range Langs {
		all = append(all, words[l]...)
	}
	prefix := func(w string, k int) string {
		rs := []rune(w)
		return string(rs[:min(k, len(rs))])
	}
	typo := func(w string) string {
		rs := []rune(w)
		if len(rs) < 5 {
			return w
		}
		i := 1 + r.IntN(len(rs)-1)
		switch r.IntN(3) {
		case 0: // deletion
			rs = append(rs[:i], rs[i+1:]...)
		case 1: // substitution
			rs[i] = 'x'
		default: // transposition
			if i+1 < len(rs) {
				rs[i], rs[i+1] = rs[i+1], rs[i]
			}
		}
		return string(rs)
	}
	out := make([]string, n)
	for i := range out {
		w := pick(all)
		switch i % 10 {
		case 0, 1:
			out[i] = prefix(index.Fold(w), 1+r.IntN(4))
		case 2:
			out[i] = prefix(w, 3)
		case 3:
			out[i] = typo(index.Fold(w))
		case 4:
			out[i] = index.Fold(pick(all)) + " " + prefix(index.Fold(w), 2+r.IntN(3))
		case 5:
			out[i] = "sector:" + `"` + pick(Sectors) + `" ` + prefix(w, 2+r.IntN(3))
		case 6:
			out[i] = "country:" + pick([]string{"LT", "PL", "DE", "SE"}) + " " + prefix(w, 1+r.IntN(4))
		case 7:
			out[i] = fmt.Sprintf("near:%q:%dkm %s", Towns[r.IntN(len(Towns))].Name, 10+r.IntN(50), prefix(w, 1+r.IntN(3)))
		case 8:
			out[i] = w + " -" + pick(words["en"])
		default:
			out[i] = pick([]string{"", "kind:hub", "lang:de offers:venue", "town:" + Towns[r.IntN(9)].Name})
		}
	}
	return out
}
