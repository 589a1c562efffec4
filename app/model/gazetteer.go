package model

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// Place is a town of the South Baltic gazetteer: where it is, its country,
// its names in the UI languages and its other names (historic names,
// exonyms, names in other languages of the sea) under which it is found.
type Place struct {
	ID      string   `json:"id"`
	Name    Text     `json:"name"`
	Country string   `json:"country"`
	Lat     float64  `json:"lat"`
	Lon     float64  `json:"lon"`
	Other   []string `json:"other,omitempty"`
}

//go:embed places.txt
var placesText string

// Places is the gazetteer: a few hundred towns of the coastal regions of
// Poland, Germany, Lithuania, Sweden and Denmark, and of Kaliningrad and
// Latvia, read from places.txt. The built-in Localities are among them.
var Places = mustParsePlaces(placesText)

var placeByID = func() map[string]int {
	m := make(map[string]int, len(Places))
	for i, p := range Places {
		m[p.ID] = i
	}
	return m
}()

// PlaceByID returns the gazetteer's place with id, if any.
func PlaceByID(id string) (Place, bool) {
	i, ok := placeByID[id]
	if !ok {
		return Place{}, false
	}
	return Places[i], true
}

// Locality returns p as a locality.
func (p Place) Locality() Locality {
	return Locality{ID: p.ID, Name: p.Name, Country: p.Country, Lat: p.Lat, Lon: p.Lon}
}

// Names returns every name of p: in each language, then the other names.
func (p Place) Names() []string {
	out := make([]string, 0, len(p.Name)+len(p.Other))
	for _, lang := range []string{"en", "lt", "pl", "de", "sv"} {
		if n := p.Name[lang]; n != "" {
			out = append(out, n)
		}
	}
	return append(out, p.Other...)
}

// mustParsePlaces reads the gazetteer's lines: id;country;lat;lon;name;
// lang=name,...;other,... ('#' starts a comment). The name is the place's
// own, used in every language without a lang= entry of its own; names in
// languages other than the UI's go with the other names.
func mustParsePlaces(s string) []Place {
	var out []Place
	for n, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, ";")
		if len(f) != 7 {
			panic(fmt.Sprintf("places.txt:%d: %d fields, want 7", n+1, len(f)))
		}
		lat, err1 := strconv.ParseFloat(f[2], 64)
		lon, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			panic(fmt.Sprintf("places.txt:%d: bad coordinates", n+1))
		}
		p := Place{ID: f[0], Country: f[1], Lat: lat, Lon: lon, Name: Text{"en": f[4]}}
		for _, kv := range strings.Split(f[5], ",") {
			lang, name, ok := strings.Cut(kv, "=")
			switch {
			case !ok:
			case IsLanguage(lang):
				p.Name[lang] = name
			default:
				p.Other = append(p.Other, name)
			}
		}
		for _, o := range strings.Split(f[6], ",") {
			if o != "" {
				p.Other = append(p.Other, o)
			}
		}
		out = append(out, p)
	}
	return out
}
