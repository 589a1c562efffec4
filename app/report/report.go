// Package report computes the programme indicators of the network for a
// period, with the counting rules of the Interreg South Baltic programme,
// and keeps for each figure the records it counts so that staff can check
// it. It is pure: callers pass the records in.
package report

import (
	"sort"

	"sbcc/app/model"
)

// Period is a closed range of dates as YYYY-MM-DD; empty ends are open.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func (p Period) containsDate(d string) bool {
	return d != "" && (p.From == "" || d >= p.From) && (p.To == "" || d <= p.To)
}

// containsYears reports whether any year overlaps the period.
func (p Period) containsYears(years []int) bool {
	for _, y := range years {
		first, last := fmtYear(y)+"-01-01", fmtYear(y)+"-12-31"
		if (p.To == "" || first <= p.To) && (p.From == "" || last >= p.From) {
			return true
		}
	}
	return false
}

func fmtYear(y int) string {
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	return string(b)
}

// Figure is one indicator with the ids of the records it counts.
type Figure struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Value int    `json:"value"`
	// Records are the ids counted: actors for RCO87 and RCR84,
	// participations for RCO81, events for RCO115.
	Records []string `json:"records"`
}

// Report is the indicator report for a period.
type Report struct {
	Period  Period   `json:"period"`
	Figures []Figure `json:"figures"`
}

// Input is the directory's live records.
type Input struct {
	Actors         []*model.Actor
	Links          []*model.Link
	Events         []*model.Event
	Participations []*model.Participation
}

// Compute counts the indicators for period p:
//
//   - RCO87 organisations cooperating across borders: distinct
//     organisations (not individuals) with a cross-border link active in the
//     period, or among the organisers of a jointly organised event in it.
//   - RCO81 participations in joint actions across borders: attended
//     participations at closed, non-internal events in the period organised
//     by actors from at least two countries.
//   - RCO115 public events across borders jointly organised: public,
//     non-internal events in the period organised from at least two countries.
//   - RCR84 organisations continuing cooperation after the project: distinct
//     organisations with a cross-border link marked continuing.
//
// A link without years counts as active in every period.
func Compute(in Input, p Period) Report {
	actors := make(map[string]*model.Actor, len(in.Actors))
	for _, a := range in.Actors {
		actors[a.ID] = a
	}
	isOrg := func(id string) bool { a := actors[id]; return a != nil && a.Kind != "individual" }
	cross := func(l *model.Link) bool {
		a, b := actors[l.From], actors[l.To]
		return a != nil && b != nil && a.Country != "" && b.Country != "" && a.Country != b.Country
	}
	cooperating, continuing := set{}, set{}
	for _, l := range in.Links {
		if !cross(l) {
			continue
		}
		if len(l.Years) == 0 || p.containsYears(l.Years) {
			cooperating.add(l.From, isOrg(l.From))
			cooperating.add(l.To, isOrg(l.To))
		}
		if l.Continuing {
			continuing.add(l.From, isOrg(l.From))
			continuing.add(l.To, isOrg(l.To))
		}
	}
	joint := map[string]*model.Event{}
	publicJoint := set{}
	for _, e := range in.Events {
		if !p.containsDate(e.Start) || e.Internal {
			continue
		}
		countries := set{}
		for _, o := range e.Organisers {
			if a := actors[o]; a != nil {
				countries.add(a.Country, a.Country != "")
			}
		}
		if len(countries) < 2 {
			continue
		}
		joint[e.ID] = e
		for _, o := range e.Organisers {
			cooperating.add(o, isOrg(o))
		}
		publicJoint.add(e.ID, e.Public)
	}
	participations := set{}
	for _, x := range in.Participations {
		e := joint[x.Event]
		participations.add(x.ID, e != nil && !e.Public && x.Status == "attended")
	}
	return Report{Period: p, Figures: []Figure{
		cooperating.figure("RCO87", "Organisations cooperating across borders"),
		participations.figure("RCO81", "Participations in joint actions across borders"),
		publicJoint.figure("RCO115", "Public events across borders jointly organised"),
		continuing.figure("RCR84", "Organisations continuing cooperation after project completion"),
	}}
}

type set map[string]bool

func (s set) add(id string, ok bool) {
	if ok {
		s[id] = true
	}
}

func (s set) figure(code, label string) Figure {
	ids := make([]string, 0, len(s))
	for id := range s {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return Figure{Code: code, Label: label, Value: len(ids), Records: ids}
}
