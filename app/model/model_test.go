package model

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestActorValidate(t *testing.T) {
	lat, lon := 55.7, 21.9
	bad := 200.0
	for _, tc := range []struct {
		name  string
		actor Actor
		want  []string // fields with problems
	}{
		{"valid", Actor{Kind: "organisation", Name: "Studija Rūta", Email: "info@ruta.lt", Website: "https://ruta.lt", Phone: "+370 612 34567", Lat: &lat, Lon: &lon, Sectors: []string{"design"}}, nil},
		{"no name, no kind", Actor{}, []string{"name", "kind"}},
		{"bad kind", Actor{Kind: "company", Name: "x"}, []string{"kind"}},
		{"bad email", Actor{Kind: "hub", Name: "x", Email: "info at ruta"}, []string{"email"}},
		{"bad website", Actor{Kind: "hub", Name: "x", Website: "ruta.lt"}, []string{"website"}},
		{"bad phone", Actor{Kind: "hub", Name: "x", Phone: "call me"}, []string{"phone"}},
		{"unknown sector", Actor{Kind: "hub", Name: "x", Sectors: []string{"mining"}}, []string{"sectors"}},
		{"half coordinates", Actor{Kind: "hub", Name: "x", Lat: &lat}, []string{"lat"}},
		{"latitude out of range", Actor{Kind: "hub", Name: "x", Lat: &bad, Lon: &lon}, []string{"lat"}},
		{"description language", Actor{Kind: "hub", Name: "x", Description: Text{"fr": "bonjour"}}, []string{"description"}},
		{"oversize name", Actor{Kind: "hub", Name: strings.Repeat("ą", 301)}, []string{"name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.actor.Validate()
			var probs Problems
			if tc.want == nil {
				if err != nil {
					t.Fatalf("unexpected problems: %v", err)
				}
				return
			}
			if !errors.As(err, &probs) {
				t.Fatalf("error %v is not Problems", err)
			}
			var fields []string
			for _, p := range probs {
				fields = append(fields, p.Field)
				if p.Message == "" {
					t.Errorf("%s: empty message", p.Field)
				}
			}
			if !reflect.DeepEqual(fields, tc.want) {
				t.Fatalf("problems on %v, want %v (%v)", fields, tc.want, err)
			}
		})
	}
}

func TestOtherKindsValidate(t *testing.T) {
	for name, r := range map[string]Record{
		"link to itself":       &Link{From: "a", To: "a", Type: "collaborated"},
		"link bad type":        &Link{From: "a", To: "b", Type: "friends"},
		"event ends early":     &Event{Title: "Forum", Kind: "annual-forum", Start: "2026-05-02", End: "2026-05-01"},
		"event bad date":       &Event{Title: "Forum", Kind: "annual-forum", Start: "2026-13-01"},
		"participation status": &Participation{Event: "e", Actor: "a", Status: "maybe"},
		"post no title":        &Post{Type: "offer"},
		"consent basis":        &Consent{Subject: "a", Purpose: "p", Basis: "because", Given: "2026-01-01"},
		"locality country":     &Locality{Name: Text{"en": "X"}, Country: "Lithuania"},
	} {
		if err := r.Validate(); err == nil {
			t.Errorf("%s: no problem found", name)
		}
	}
	for _, l := range Localities {
		if err := l.Validate(); err != nil {
			t.Errorf("built-in locality %s: %v", l.ID, err)
		}
	}
}

func TestTaxonomyHasAllLanguages(t *testing.T) {
	lists := map[string][]Choice{"kinds": ActorKinds, "links": LinkTypes, "events": EventKinds, "statuses": ParticipationStatuses, "posts": PostTypes, "bases": LegalBases}
	for _, s := range Sectors {
		lists["sectors"] = append(lists["sectors"], Choice(s))
	}
	for _, c := range Countries {
		lists["countries"] = append(lists["countries"], Choice(c))
	}
	for name, list := range lists {
		for _, c := range list {
			for _, lang := range Languages {
				if c.Label[lang] == "" {
					t.Errorf("%s %s has no %s label", name, c.Code, lang)
				}
			}
		}
	}
	partners := 0
	for _, l := range Localities {
		if l.Partner {
			partners++
		}
	}
	if partners != 4 {
		t.Fatalf("%d partner localities, want 4", partners)
	}
}

func TestPersonalFields(t *testing.T) {
	s := Schema{}
	for _, f := range []string{"name", "email", "phone", "address", "lat", "social"} {
		if !s.Personal("actor", f) {
			t.Errorf("actor.%s should be personal", f)
		}
	}
	for _, f := range []string{"kind", "sectors", "country", "offers"} {
		if s.Personal("actor", f) {
			t.Errorf("actor.%s should not be personal", f)
		}
	}
	if !s.Personal("participation", "person") || !s.Personal("mystery", "x") {
		t.Error("participation.person and unknown kinds must count as personal")
	}
}

func TestFieldsRoundTrip(t *testing.T) {
	lat, lon := 53.4, 14.5
	a := &Actor{ID: "x1", Kind: "organisation", Name: "Fundacja Źródło", Description: Text{"pl": "Opis"}, Sectors: []string{"heritage"}, Lat: &lat, Lon: &lon}
	f, err := ToFields(a)
	if err != nil {
		t.Fatal(err)
	}
	if string(f["email"]) != "null" || f["id"] != nil || f["meta"] != nil {
		t.Fatalf("fields: %v", f)
	}
	var b Actor
	if err := FromFields(&b, "x1", f); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*a, b) {
		t.Fatalf("round trip:\n%+v\n%+v", *a, b)
	}
	if NewID() == NewID() || len(NewID()) != 26 {
		t.Fatal("ids are not unique ULIDs")
	}
}

// The gazetteer reads, has every built-in locality in the same country, and
// its places sit around the South Baltic.
func TestGazetteer(t *testing.T) {
	if len(Places) < 200 {
		t.Fatalf("%d places", len(Places))
	}
	seen := map[string]bool{}
	for _, p := range Places {
		if seen[p.ID] {
			t.Errorf("%s twice", p.ID)
		}
		seen[p.ID] = true
		if p.Lat < 50 || p.Lat > 60 || p.Lon < 8 || p.Lon > 27 || !isCountry(p.Country) || p.Name["en"] == "" {
			t.Errorf("%+v", p)
		}
	}
	for _, l := range Localities {
		if p, ok := PlaceByID(l.ID); !ok || p.Country != l.Country {
			t.Errorf("built-in %s: %+v", l.ID, p)
		}
	}
	if p, _ := PlaceByID("kaliningrad"); !slices.Contains(p.Names(), "Königsberg") {
		t.Errorf("kaliningrad: %v", p.Names())
	}
	if l, ok := LocalityByID("kolobrzeg"); !ok || l.Country != "PL" {
		t.Errorf("kolobrzeg: %+v", l)
	}
}

// BenchmarkFits: the schema check of every value of a demo actor, which a
// receiving office runs on every change of a first sync.
func BenchmarkFits(b *testing.B) {
	fields := map[string]json.RawMessage{"country": json.RawMessage(`"LT"`), "email": json.RawMessage(`"info@studija.example.org"`),
		"description": json.RawMessage(`{"en":"Publishes illustrated books.","lt":"Leidžia iliustruotas knygas."}`),
		"kind":        json.RawMessage(`"organisation"`), "languages": json.RawMessage(`["lt","en"]`), "lat": json.RawMessage(`55.754082692593386`),
		"lon": json.RawMessage(`21.89784044425504`), "locality": json.RawMessage(`"rietavas"`), "name": json.RawMessage(`"Studija Žemaitijos"`),
		"needs": json.RawMessage(`["volunteers"]`), "offers": json.RawMessage(`["printing press"]`), "phone": json.RawMessage(`"+370 32 164 791"`),
		"sectors": json.RawMessage(`["book-press","architecture"]`), "tags": json.RawMessage(`["book-press","lt"]`),
		"visibility": json.RawMessage(`"public"`), "website": json.RawMessage(`"https://studija.example.org"`)}
	b.ReportAllocs()
	for b.Loop() {
		for name, v := range fields {
			if !(Schema{}).Fits("actor", name, v) {
				b.Fatalf("%s does not fit", name)
			}
		}
	}
}
