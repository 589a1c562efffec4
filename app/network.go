package app

import (
	"slices"

	"sbcc/app/graph"
	"sbcc/app/match"
	"sbcc/app/model"
	"sbcc/app/report"
)

// GraphFilter narrows the network graph. Empty fields match everything.
type GraphFilter struct {
	Sector   string `json:"sector,omitempty"`
	Country  string `json:"country,omitempty"`
	Locality string `json:"locality,omitempty"`
	LinkType string `json:"linkType,omitempty"`
	Year     int    `json:"year,omitempty"`
	// Around, when set, keeps only this actor and its direct neighbours.
	Around string `json:"around,omitempty"`
}

// Graph returns the actors and links matching f with degree, betweenness
// and the network's cross-border figures. The result is shared: read it,
// do not change it. It is kept until the actors or links change, so that
// coming back to the graph screen does not measure the network again.
func (d *Directory) Graph(f GraphFilter) (graph.Graph, error) {
	s, err := d.network("actor", "link")
	if err != nil {
		return graph.Graph{}, err
	}
	return s.graph(f), nil
}

// maxGraphs is how many filtered graphs a network snapshot keeps.
const maxGraphs = 16

// graph returns the graph of the snapshot's records matching f.
func (s *netSnap) graph(f GraphFilter) graph.Graph {
	s.graphMu.Lock()
	g, ok := s.graphs[f]
	s.graphMu.Unlock()
	if ok {
		return g
	}
	g = buildGraph(s.lists["actor"], s.lists["link"], f)
	s.graphMu.Lock()
	defer s.graphMu.Unlock()
	if s.graphs == nil || len(s.graphs) >= maxGraphs {
		s.graphs = map[GraphFilter]graph.Graph{}
	}
	s.graphs[f] = g
	return g
}

// buildGraph measures the graph of the actors and links matching f.
func buildGraph(actors, links []model.Record, f GraphFilter) graph.Graph {
	var edges []graph.Edge
	for _, r := range links {
		l := r.(*model.Link)
		if (f.LinkType != "" && l.Type != f.LinkType) || (f.Year != 0 && len(l.Years) > 0 && !slices.Contains(l.Years, f.Year)) {
			continue
		}
		edges = append(edges, graph.Edge{ID: l.ID, From: l.From, To: l.To, Type: l.Type})
	}
	var keep map[string]bool
	if f.Around != "" {
		keep = map[string]bool{f.Around: true}
		for _, e := range edges {
			if e.From == f.Around {
				keep[e.To] = true
			}
			if e.To == f.Around {
				keep[e.From] = true
			}
		}
	}
	var nodes []graph.Node
	for _, r := range actors {
		a := r.(*model.Actor)
		if (keep != nil && !keep[a.ID]) || (f.Sector != "" && !slices.Contains(a.Sectors, f.Sector)) ||
			(f.Country != "" && a.Country != f.Country) || (f.Locality != "" && a.Locality != f.Locality) {
			continue
		}
		n := graph.Node{ID: a.ID, Name: a.Name, Country: a.Country, Locality: a.Locality}
		if len(a.Sectors) > 0 {
			n.Sector = a.Sectors[0]
		}
		nodes = append(nodes, n)
	}
	return graph.Build(nodes, edges)
}

// Indicators computes the programme indicators for the period.
func (d *Directory) Indicators(p report.Period) (report.Report, error) {
	var in report.Input
	var err error
	if in.Actors, err = cached[*model.Actor](d, "actor"); err != nil {
		return report.Report{}, err
	}
	if in.Links, err = cached[*model.Link](d, "link"); err != nil {
		return report.Report{}, err
	}
	if in.Events, err = cached[*model.Event](d, "event"); err != nil {
		return report.Report{}, err
	}
	if in.Participations, err = cached[*model.Participation](d, "participation"); err != nil {
		return report.Report{}, err
	}
	return report.Compute(in, p), nil
}

func profileOf(a *model.Actor) match.Profile {
	return match.Profile{ID: a.ID, Name: a.Name, Country: a.Country, Sectors: a.Sectors, Offers: a.Offers, Needs: a.Needs}
}

// Matches suggests actors in other countries whose offers meet the needs of
// the actor with id, or whose needs its offers meet, best first.
func (d *Directory) Matches(id string, limit int) ([]match.Suggestion, error) {
	target, err := d.Actor(id)
	if err != nil {
		return nil, err
	}
	s, err := d.network("actor")
	if err != nil {
		return nil, err
	}
	return s.matchCorpus().Suggest(profileOf(target), limit), nil
}
