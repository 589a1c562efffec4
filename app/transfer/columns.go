package transfer

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"sbcc/app/model"
)

// A column of a flat export or import: one replicated field, or one
// language of a multilingual text field ("description.lt").
type column struct {
	Name  string // "name", "description.lt", "id"
	field string // struct field's JSON name
	lang  string // for model.Text fields
	index int    // struct field index
}

// Columns returns the flat columns of kind, in struct order: id, then every
// replicated field, with a text in several languages spread over one column
// per language (description.en, description.lt...). CSV and XLSX exports use
// them as headers, and the importer recognises them as they are.
func Columns(kind string) []string {
	cols := kindColumns(kind)
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

var textType = reflect.TypeOf(model.Text{})

func kindColumns(kind string) []column {
	k, ok := model.Kinds[kind]
	if !ok {
		return nil
	}
	t := reflect.TypeOf(k.New()).Elem()
	var out []column
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "meta" || name == "-" {
			continue
		}
		if f.Type == textType {
			for _, l := range model.Languages {
				out = append(out, column{Name: name + "." + l, field: name, lang: l, index: i})
			}
			continue
		}
		out = append(out, column{Name: name, field: name, index: i})
	}
	return out
}

// flatten renders a record's columns as text cells: lists joined with
// "; ", numbers in full precision, booleans as true/false.
func flatten(r model.Record, cols []column) []string {
	v := reflect.ValueOf(r).Elem()
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = cellText(v.Field(c.index), c.lang)
	}
	return out
}

func cellText(f reflect.Value, lang string) string {
	switch f.Kind() {
	case reflect.String:
		return f.String()
	case reflect.Bool:
		if f.Bool() {
			return "true"
		}
		return ""
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(f.Int(), 10)
	case reflect.Float64:
		return strconv.FormatFloat(f.Float(), 'f', -1, 64)
	case reflect.Pointer:
		if f.IsNil() {
			return ""
		}
		return cellText(f.Elem(), lang)
	case reflect.Map:
		if t, ok := f.Interface().(model.Text); ok {
			return t[lang]
		}
	case reflect.Slice:
		parts := make([]string, f.Len())
		for i := range parts {
			parts[i] = cellText(f.Index(i), lang)
		}
		return strings.Join(parts, "; ")
	}
	raw, _ := json.Marshal(f.Interface())
	return string(raw)
}

// headerKey folds a column header and keeps only its letters and digits:
// "El. paštas" and "el.pastas" both become "elpastas".
func headerKey(s string) string {
	var b strings.Builder
	for _, r := range model.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// headerWords are column headers recognised for actor fields, in en, lt,
// pl, de and sv; they are compared after [headerKey]. A plain description
// header goes to the description in its own language.
var headerWords = map[string][]string{
	"id":   {"id", "identifier", "sbcc id", "identifikatorius", "identyfikator", "kennung"},
	"kind": {"kind", "type", "actor type", "rūšis", "tipas", "typ", "rodzaj", "art", "sort", "aktörstyp"},
	"name": {"name", "organisation", "organization", "organisation name", "full name", "first name", "last name", "surname",
		"pavadinimas", "vardas", "pavardė", "vardas pavardė", "organizacija",
		"nazwa", "imię", "nazwisko", "imię i nazwisko", "organizacja", "nazwa organizacji",
		"firma", "vorname", "nachname", "organisation", "einrichtung",
		"namn", "förnamn", "efternamn", "organisation", "företag"},
	"description.en": {"description", "about", "notes"},
	"description.lt": {"aprašymas", "apibūdinimas", "pastabos"},
	"description.pl": {"opis", "uwagi"},
	"description.de": {"beschreibung", "anmerkungen", "bemerkungen"},
	"description.sv": {"beskrivning", "anteckningar"},
	"sectors": {"sector", "sectors", "domain", "field", "sektorius", "sektoriai", "sritis", "veiklos sritis",
		"sektor", "sektory", "branża", "dziedzina", "branche", "bereich", "sparte", "bransch", "område"},
	"nace":      {"nace", "nace code", "nace codes", "evrk", "evrk kodas", "pkd", "kod pkd", "wz", "wz code", "sni", "sni kod"},
	"tags":      {"tags", "keywords", "žymos", "raktažodžiai", "tagi", "słowa kluczowe", "schlagworte", "stichwörter", "schlagwörter", "taggar", "nyckelord", "etiketter"},
	"languages": {"languages", "language", "kalbos", "kalba", "języki", "język", "sprachen", "sprache", "språk"},
	"locality": {"locality", "town", "city", "place", "municipality", "miestas", "vietovė", "gyvenvietė", "savivaldybė",
		"miasto", "miejscowość", "gmina", "ort", "stadt", "gemeinde", "stad", "kommun", "ort"},
	"country": {"country", "šalis", "valstybė", "kraj", "państwo", "land", "staat"},
	"address": {"address", "street", "street address", "adresas", "gatvė", "adres", "ulica", "adresse", "anschrift", "straße",
		"adress", "gatuadress", "postadress", "besöksadress"},
	"lat": {"lat", "latitude", "platuma", "szerokość", "szerokość geograficzna", "breite", "breitengrad", "latitud"},
	"lon": {"lon", "lng", "long", "longitude", "ilguma", "długość", "długość geograficzna", "länge", "längengrad", "longitud"},
	"email": {"email", "e-mail", "mail", "e-mail address", "email address", "el. paštas", "el paštas", "e. paštas", "e-paštas",
		"elektroninis paštas", "adres e-mail", "adres email", "e-mail-adresse", "e-post", "epost", "mejl", "e-postadress"},
	"phone": {"phone", "telephone", "tel", "tel.", "mobile", "phone number", "telefonas", "tel. nr.", "mobilusis", "telefono numeris",
		"telefon", "numer telefonu", "komórka", "telefonnummer", "handy", "mobil", "mobiltelefon", "mobilnummer"},
	"website": {"website", "web", "www", "url", "homepage", "web page", "svetainė", "interneto svetainė", "tinklalapis", "tinklapis",
		"strona", "strona www", "strona internetowa", "witryna", "webseite", "internetseite", "internetadresse",
		"webbplats", "hemsida", "webbadress"},
	"social": {"social", "social media", "social links", "facebook", "instagram", "linkedin", "socialiniai tinklai",
		"media społecznościowe", "soziale medien", "sociala medier"},
	"offers":     {"offers", "offer", "we offer", "siūlo", "pasiūlymai", "siūlome", "oferuje", "oferta", "oferujemy", "angebote", "angebot", "bietet", "erbjuder", "erbjudanden"},
	"needs":      {"needs", "need", "looking for", "reikia", "poreikiai", "ieško", "potrzeby", "szuka", "szukamy", "bedarf", "sucht", "gesucht", "behov", "söker"},
	"visibility": {"visibility", "matomumas", "widoczność", "sichtbarkeit", "synlighet"},
}

// recognised maps a header key to its actor column.
var recognised = func() map[string]string {
	out := map[string]string{}
	for _, c := range Columns("actor") {
		out[headerKey(c)] = c
	}
	for field, words := range headerWords {
		for _, w := range words {
			if _, taken := out[headerKey(w)]; !taken {
				out[headerKey(w)] = field
			}
		}
	}
	return out
}()

// RecogniseHeader returns the actor column a header names, in any of the
// five languages, or "" when it names none.
func RecogniseHeader(header string) string { return recognised[headerKey(header)] }
