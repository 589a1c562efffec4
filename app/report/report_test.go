package report

import (
	"reflect"
	"testing"

	"sbcc/app/model"
)

// TestCompute counts a small fixture whose expected figures were worked
// out by hand from the rules, exclusions included.
func TestCompute(t *testing.T) {
	actors := []*model.Actor{
		{ID: "lt1", Kind: "organisation", Country: "LT"},
		{ID: "lt2", Kind: "individual", Country: "LT"},
		{ID: "pl1", Kind: "organisation", Country: "PL"},
		{ID: "de1", Kind: "hub", Country: "DE"},
		{ID: "se1", Kind: "collective", Country: "SE"},
		{ID: "se2", Kind: "organisation", Country: "SE"},
	}
	links := []*model.Link{
		{ID: "l1", From: "lt1", To: "pl1", Type: "collaborated", Years: []int{2026}},                   // cross, in period
		{ID: "l2", From: "lt2", To: "de1", Type: "mentored", Years: []int{2026}, Continuing: true},     // cross; lt2 is a person
		{ID: "l3", From: "se1", To: "se2", Type: "collaborated", Years: []int{2026}, Continuing: true}, // same country
		{ID: "l4", From: "pl1", To: "se2", Type: "supplier", Years: []int{2024}, Continuing: true},     // cross, outside period
	}
	events := []*model.Event{
		{ID: "e1", Kind: "workshop", Start: "2026-03-01", Organisers: []string{"lt1", "de1"}},                   // closed, joint
		{ID: "e2", Kind: "annual-forum", Public: true, Start: "2026-06-01", Organisers: []string{"pl1", "se1"}}, // public, joint
		{ID: "e3", Kind: "workshop", Internal: true, Start: "2026-04-01", Organisers: []string{"lt1", "pl1"}},   // internal meeting
		{ID: "e4", Kind: "training", Start: "2026-05-01", Organisers: []string{"se1", "se2"}},                   // one country
		{ID: "e5", Kind: "workshop", Start: "2025-05-01", Organisers: []string{"lt1", "se2"}},                   // outside period
	}
	parts := []*model.Participation{
		{ID: "p1", Event: "e1", Actor: "se2", Status: "attended"},
		{ID: "p2", Event: "e1", Actor: "pl1", Status: "no-show"},
		{ID: "p3", Event: "e1", Actor: "lt2", Status: "cancelled"},
		{ID: "p4", Event: "e1", Person: "Åsa", Status: "attended"},
		{ID: "p5", Event: "e2", Actor: "lt1", Status: "attended"}, // public event: RCO81 counts closed events only
		{ID: "p6", Event: "e3", Actor: "de1", Status: "attended"}, // internal
		{ID: "p7", Event: "e4", Actor: "lt1", Status: "attended"}, // single-country
		{ID: "p8", Event: "e5", Actor: "lt1", Status: "attended"}, // outside period
	}
	r := Compute(Input{Actors: actors, Links: links, Events: events, Participations: parts}, Period{From: "2026-01-01", To: "2026-12-31"})
	want := map[string][]string{
		"RCO87":  {"de1", "lt1", "pl1", "se1"}, // l1: lt1, pl1; l2: de1 (lt2 is a person); e1: lt1, de1; e2: pl1, se1
		"RCO81":  {"p1", "p4"},
		"RCO115": {"e2"},
		"RCR84":  {"de1", "pl1", "se2"}, // l2: de1; l4: pl1, se2 (continuing counts whatever the years); l3 is not cross-border
	}
	// Every figure is compared, and a figure missing or extra fails: a loop
	// over r.Figures alone would pass on an empty report.
	got := map[string][]string{}
	for _, f := range r.Figures {
		if f.Value != len(f.Records) {
			t.Errorf("%s = %d with %d records", f.Code, f.Value, len(f.Records))
		}
		got[f.Code] = f.Records
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("figures\n%v\nwant\n%v", got, want)
	}
}
