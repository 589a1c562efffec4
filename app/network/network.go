package network

import (
	"slices"

	"sbcc/app"
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

// MeasureGraph returns the actors and links matching f with degree, betweenness
// and the network's cross-border figures. The result is shared: read it,
// do not change it. It is kept until the actors or links change, so that
// coming back to the graph screen does not measure the network again.
func MeasureGraph(d *app.Directory, f GraphFilter) (graph.Graph, error) {
	s, err := d.Snapshot("actor", "link")
	if err != nil {
		return graph.Graph{}, err
	}
	return memoOf[GraphFilter, graph.Graph](s, graphsMemo, maxGraphs).get(f, func() (graph.Graph, error) {
		return buildGraph(s.List("actor"), s.List("link"), f), nil
	})
}

// maxGraphs is how many filtered graphs a network snapshot keeps.
const maxGraphs = 16

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

// Report computes the programme indicators for the period.
func Report(d *app.Directory, p report.Period) (report.Report, error) {
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

// Suggest suggests actors in other countries whose offers meet the needs of
// the actor with id, or whose needs its offers meet, best first.
func Suggest(d *app.Directory, id string, limit int) ([]match.Suggestion, error) {
	target, err := d.Actor(id)
	if err != nil {
		return nil, err
	}
	s, err := d.Snapshot("actor")
	if err != nil {
		return nil, err
	}
	return matchCorpus(s).Suggest(profileOf(target), limit), nil
}

// matchCorpus returns the matchmaking corpus of the snapshot's actors.
func matchCorpus(s *app.Snapshot) *match.Corpus {
	c, _ := memoOf[struct{}, *match.Corpus](s, corpusMemo, 1).get(struct{}{}, func() (*match.Corpus, error) {
		actors := s.List("actor")
		profiles := make([]match.Profile, len(actors))
		for i, r := range actors {
			profiles[i] = profileOf(r.(*model.Actor))
		}
		return match.NewCorpus(profiles), nil
	})
	return c
}
