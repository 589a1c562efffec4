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
	// Around, when set, keeps only this actor and the actors up to Depth
	// links away (1 when 0, at most MaxDepth).
	Around string `json:"around,omitempty"`
	Depth  int    `json:"depth,omitempty"`
}

// MaxDepth is how far from an actor the graph of its network reaches.
const MaxDepth = 4

// Graph returns the actors and links matching f with degree, betweenness
// and the network's cross-border figures. The result is shared: read it,
// do not change it. It is kept until the actors or links change, so that
// coming back to the graph screen does not measure the network again.
func (d *Directory) Graph(f GraphFilter) (graph.Graph, error) {
	s, err := d.snapshot("actor", "link")
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
	keep := around(edges, f.Around, f.Depth)
	// The actors the filter asks for, then their partners outside it: a
	// filter by country keeps the links across the border.
	inside := map[string]bool{}
	var nodes []graph.Node
	byID := map[string]*model.Actor{}
	for _, r := range actors {
		a := r.(*model.Actor)
		if keep != nil && !keep[a.ID] {
			continue
		}
		byID[a.ID] = a
		if (f.Sector != "" && !slices.Contains(a.Sectors, f.Sector)) ||
			(f.Country != "" && a.Country != f.Country) || (f.Locality != "" && a.Locality != f.Locality) {
			continue
		}
		inside[a.ID] = true
		nodes = append(nodes, graphNode(a))
	}
	if f.Sector != "" || f.Country != "" || f.Locality != "" {
		outside := map[string]bool{}
		for _, e := range edges {
			for _, pair := range [2][2]string{{e.From, e.To}, {e.To, e.From}} {
				if a := byID[pair[1]]; inside[pair[0]] && !inside[pair[1]] && !outside[pair[1]] && a != nil {
					outside[pair[1]] = true
					n := graphNode(a)
					n.Outside = true
					nodes = append(nodes, n)
				}
			}
		}
	}
	return graph.Build(nodes, edges)
}

// graphNode is the actor as a node of the graph.
func graphNode(a *model.Actor) graph.Node {
	n := graph.Node{ID: a.ID, Name: a.Name, Country: a.Country, Locality: a.Locality}
	if len(a.Sectors) > 0 {
		n.Sector = a.Sectors[0]
	}
	return n
}

// around is the set of actors at most depth links from id (nil when id is
// empty: every actor).
func around(edges []graph.Edge, id string, depth int) map[string]bool {
	if id == "" {
		return nil
	}
	depth = min(max(depth, 1), MaxDepth)
	adj := map[string][]string{}
	for _, e := range edges {
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	keep := map[string]bool{id: true}
	front := []string{id}
	for range depth {
		var next []string
		for _, x := range front {
			for _, y := range adj[x] {
				if !keep[y] {
					keep[y] = true
					next = append(next, y)
				}
			}
		}
		front = next
	}
	return keep
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
	s, err := d.snapshot("actor")
	if err != nil {
		return nil, err
	}
	return s.matchCorpus().Suggest(profileOf(target), limit), nil
}
