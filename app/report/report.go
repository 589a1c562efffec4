// Package report computes the programme indicators of the network for a
// period, with the counting rules of the Interreg South Baltic programme,
// and keeps for each figure the records it counts so that staff can check
// it. It is pure: callers pass the records in.
package report

import (
	"slices"

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
	// Actors are marked by their place in in.Actors, and figures list ids in
	// input order (sorted if the input was not): no sets of strings to hash
	// and sort at 100,000 actors.
	at := make(map[string]int, len(in.Actors))
	for i, a := range in.Actors {
		at[a.ID] = i
	}
	actor := func(id string) *model.Actor {
		if i, ok := at[id]; ok {
			return in.Actors[i]
		}
		return nil
	}
	cooperating, continuing := make([]bool, len(in.Actors)), make([]bool, len(in.Actors))
	markOrgs := func(marks []bool, is ...int) { // organisations only, not individuals
		for _, i := range is {
			if in.Actors[i].Kind != "individual" {
				marks[i] = true
			}
		}
	}
	for _, l := range in.Links {
		ia, okA := at[l.From]
		ib, okB := at[l.To]
		if !okA || !okB {
			continue
		}
		if a, b := in.Actors[ia], in.Actors[ib]; a.Country == "" || b.Country == "" || a.Country == b.Country {
			continue
		}
		if len(l.Years) == 0 || p.containsYears(l.Years) {
			markOrgs(cooperating, ia, ib)
		}
		if l.Continuing {
			markOrgs(continuing, ia, ib)
		}
	}
	joint := map[string]*model.Event{}
	var publicJoint []string
	for _, e := range in.Events {
		if !p.containsDate(e.Start) || e.Internal || !fromCountries(e, actor) {
			continue
		}
		joint[e.ID] = e
		for _, o := range e.Organisers {
			if i, ok := at[o]; ok {
				markOrgs(cooperating, i)
			}
		}
		if e.Public {
			publicJoint = append(publicJoint, e.ID)
		}
	}
	var participations []string
	for _, x := range in.Participations {
		if e := joint[x.Event]; e != nil && !e.Public && x.Status == "attended" {
			participations = append(participations, x.ID)
		}
	}
	marked := func(marks []bool) []string {
		var ids []string
		for i, m := range marks {
			if m {
				ids = append(ids, in.Actors[i].ID)
			}
		}
		return ids
	}
	return Report{Period: p, Figures: []Figure{
		figure("RCO87", "Organisations cooperating across borders", marked(cooperating)),
		figure("RCO81", "Participations in joint actions across borders", participations),
		figure("RCO115", "Public events across borders jointly organised", publicJoint),
		figure("RCR84", "Organisations continuing cooperation after project completion", marked(continuing)),
	}}
}

// fromCountries reports whether e's organisers come from at least two
// countries.
func fromCountries(e *model.Event, actor func(string) *model.Actor) bool {
	first := ""
	for _, o := range e.Organisers {
		if a := actor(o); a != nil && a.Country != "" {
			if first == "" {
				first = a.Country
			} else if a.Country != first {
				return true
			}
		}
	}
	return false
}

// figure is an indicator counting the distinct ids, listed in order.
func figure(code, label string, ids []string) Figure {
	if !slices.IsSorted(ids) {
		slices.Sort(ids)
	}
	ids = slices.Compact(ids)
	if ids == nil {
		ids = []string{}
	}
	return Figure{Code: code, Label: label, Value: len(ids), Records: ids}
}
