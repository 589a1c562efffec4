package ui

import (
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/graph"
	"sbcc/app/model"
	"sbcc/app/network"
)

// netFixture makes three organisations in three countries and one actor
// placed only by its locality.
func netFixture(t *testing.T) (*API, []string) {
	t.Helper()
	api, _ := newTestAPI(t)
	lat, lon := 54.1, 12.1
	var ids []string
	for _, a := range []model.Actor{
		{Kind: "organisation", Name: "Ateljé Våg", Country: "SE", Locality: "karlshamn", Sectors: []string{"design"}, Offers: []string{"3D printing"}, Needs: []string{"sound recording"}},
		{Kind: "organisation", Name: "Atelier Möwe", Country: "DE", Locality: "rostock", Lat: &lat, Lon: &lon, Sectors: []string{"design"}, Offers: []string{"sound recording"}, Needs: []string{"3D printing"}},
		{Kind: "organisation", Name: "Pracownia Łódź", Country: "PL", Locality: "lodz", Sectors: []string{"fashion"}},
		{Kind: "individual", Name: "Nowhere Person", Country: "PL"},
	} {
		v, err := api.Records.SaveActor(t.Context(), a)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.Actor.ID)
	}
	return api, ids
}

func TestAPILinksAndGraph(t *testing.T) {
	api, ids := netFixture(t)
	if _, err := api.Network.SaveLink(t.Context(), model.Link{From: ids[0], To: ids[0], Type: "collaborated"}); err == nil {
		t.Fatal("self link accepted")
	}
	if _, err := api.Network.SaveLink(t.Context(), model.Link{From: ids[0], To: "01nothere", Type: "collaborated"}); err == nil {
		t.Fatal("link to a missing actor accepted")
	}
	l, err := api.Network.SaveLink(t.Context(), model.Link{From: ids[0], To: ids[1], Type: "collaborated", Years: []int{2026, 2025, 2026}, Note: " shared studio "})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Years) != 2 || l.Note != "shared studio" {
		t.Fatalf("saved link %+v", l)
	}
	if _, err := api.Network.SaveLink(t.Context(), model.Link{From: ids[1], To: ids[2], Type: "supplier"}); err != nil {
		t.Fatal(err)
	}
	links, err := api.Network.Links(t.Context(), ids[1])
	if err != nil || len(links) != 2 || links[0].Other.Name != "Ateljé Våg" || !links[0].CrossBorder {
		t.Fatalf("links %v %+v", err, links)
	}
	g, err := api.Network.Graph(t.Context(), network.GraphRequest{})
	if err != nil || g.Summary.Actors != 4 || g.Summary.Links != 2 || g.Summary.CrossBorderActors != 3 || len(g.Nodes) != 4 || g.Truncated {
		t.Fatalf("graph %v %+v", err, g)
	}
	g, _ = api.Network.Graph(t.Context(), network.GraphRequest{Limit: 1})
	if len(g.Nodes) != 1 || g.Nodes[0].ID != ids[1] || len(g.Edges) != 0 || !g.Truncated || g.Total != 4 {
		t.Fatalf("top-1 graph %+v", g)
	}
	g, _ = api.Network.Graph(t.Context(), network.GraphRequest{GraphFilter: network.GraphFilter{Around: ids[0]}})
	if len(g.Nodes) != 2 {
		t.Fatalf("neighbourhood %+v", g.Nodes)
	}
	g, _ = api.Network.Graph(t.Context(), network.GraphRequest{GraphFilter: network.GraphFilter{LinkType: "supplier"}})
	if g.Summary.Links != 1 {
		t.Fatalf("by type %+v", g.Summary)
	}
	if _, err := api.Network.Graph(t.Context(), network.GraphRequest{GraphFilter: network.GraphFilter{Year: 99}}); err == nil {
		t.Fatal("year 99 accepted")
	}
	l.Type = "mentored"
	if l, err = api.Network.SaveLink(t.Context(), l); err != nil || l.Type != "mentored" {
		t.Fatalf("edit %v %+v", err, l)
	}
	if err := api.Network.DeleteLink(t.Context(), ids[0]); err == nil {
		t.Fatal("DeleteLink deleted an actor")
	}
	if err := api.Network.DeleteLink(t.Context(), l.ID); err != nil {
		t.Fatal(err)
	}
	if links, _ = api.Network.Links(t.Context(), ids[0]); len(links) != 0 {
		t.Fatalf("links after delete %+v", links)
	}
	// Graphs are kept until actors or links change: these are measured anew.
	if g, _ = api.Network.Graph(t.Context(), network.GraphRequest{}); g.Summary.Links != 1 || len(g.Edges) != 1 {
		t.Fatalf("graph after a link was deleted %+v", g.Summary)
	}
	v, err := api.Records.Actor(t.Context(), ids[2])
	if err != nil {
		t.Fatal(err)
	}
	v.Actor.Name = "Renamed Studio"
	if _, err := api.Records.SaveActor(t.Context(), v.Actor); err != nil {
		t.Fatal(err)
	}
	g, _ = api.Network.Graph(t.Context(), network.GraphRequest{})
	if i := slices.IndexFunc(g.Nodes, func(n graph.Node) bool { return n.ID == ids[2] }); i < 0 || g.Nodes[i].Name != "Renamed Studio" {
		t.Fatalf("graph after a rename %+v", g.Nodes)
	}
}

func TestAPIEventsCheckInAndIndicators(t *testing.T) {
	api, ids := netFixture(t)
	if _, err := api.Network.SaveEvent(t.Context(), model.Event{Title: "x", Kind: "workshop", Start: "2026-05-01", Organisers: []string{"01nothere"}}); err == nil {
		t.Fatal("missing organiser accepted")
	}
	ev, err := api.Network.SaveEvent(t.Context(), model.Event{Title: " Speed dating Rostock ", Kind: "matchmaking", Start: "2026-05-01", Locality: "rostock",
		Organisers: []string{ids[1], ids[0], ids[1]}})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Event.Title != "Speed dating Rostock" || len(ev.Organisers) != 2 || len(ev.Attendees) != 0 {
		t.Fatalf("event %+v", ev)
	}
	p, err := api.Network.Register(t.Context(), ev.Event.ID, ids[2], "", "")
	if err != nil || p.Status != "registered" || p.Role != "participant" {
		t.Fatalf("register %v %+v", err, p)
	}
	if _, err := api.Network.Register(t.Context(), ev.Event.ID, ids[2], "", "speaker"); err == nil {
		t.Fatal("registered twice")
	}
	if _, err := api.Network.Register(t.Context(), ev.Event.ID, "", "Jonas Petraitis", "speaker"); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Network.Register(t.Context(), ids[0], ids[2], "", ""); err == nil {
		t.Fatal("registered for an actor")
	}
	rep, err := api.Network.Indicators(t.Context(), "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	fig := func(r network.ReportView, code string) int {
		for _, f := range r.Figures {
			if f.Code == code {
				return f.Value
			}
		}
		t.Fatalf("no %s", code)
		return 0
	}
	if fig(rep, "RCO81") != 0 || fig(rep, "RCO87") != 2 {
		t.Fatalf("before check-in %+v", rep.Figures)
	}
	if err := api.Network.SetAttendance(t.Context(), p.ID, "attended"); err != nil {
		t.Fatal(err)
	}
	if err := api.Network.SetAttendance(t.Context(), p.ID, "maybe"); err == nil {
		t.Fatal("bad status accepted")
	}
	if err := api.Network.SetAttendance(t.Context(), ev.Event.ID, "attended"); err == nil {
		t.Fatal("attendance set on an event")
	}
	rep, _ = api.Network.Indicators(t.Context(), "2026-01-01", "2026-12-31")
	if fig(rep, "RCO81") != 1 || rep.Records[p.ID].Name != "Pracownia Łódź" || rep.Records[p.ID].Detail != "Speed dating Rostock" {
		t.Fatalf("after check-in %+v %+v", rep.Figures, rep.Records)
	}
	if rep.Records[ids[0]].Kind != "actor" {
		t.Fatalf("records %+v", rep.Records)
	}
	if r, _ := api.Network.Indicators(t.Context(), "2027-01-01", ""); fig(r, "RCO81") != 0 {
		t.Fatal("a later period counts the event")
	}
	var p2 model.Problems
	if _, err := api.Network.Indicators(t.Context(), "2026-13-01", ""); !errors.As(err, &p2) {
		t.Fatalf("bad date: %v", err)
	}
	if _, err := api.Network.Indicators(t.Context(), "2026-02-01", "2026-01-01"); err == nil {
		t.Fatal("reversed period accepted")
	}
	text, err := api.Network.IndicatorsCSV(t.Context(), "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || (r[0] == "RCO81" && r[6] == p.ID && r[7] == "Pracownia Łódź")
	}
	if !found || rows[0][0] != "code" {
		t.Fatalf("csv:\n%s", text)
	}

	evs, err := api.Network.FindEvents(t.Context(), "speed")
	if err != nil || len(evs) != 1 || evs[0].Event.ID != ev.Event.ID {
		t.Fatalf("find events %v %+v", err, evs)
	}
	if evs, _ = api.Network.FindEvents(t.Context(), "Ateljé"); len(evs) != 0 {
		t.Fatalf("an actor name found an event: %+v", evs)
	}
	list, err := api.Network.ListEvents(t.Context())
	if err != nil || len(list) != 1 || list[0].Attended != 1 || list[0].Registered != 1 {
		t.Fatalf("list %v %+v", err, list)
	}
	view, err := api.Network.Event(t.Context(), ev.Event.ID)
	if err != nil || len(view.Attendees) != 2 {
		t.Fatalf("event view %v %+v", err, view)
	}
	act, err := api.Network.Activity(t.Context(), ids[2])
	if err != nil || len(act.Events) != 1 || act.Events[0].Event.ID != ev.Event.ID {
		t.Fatalf("activity %v %+v", err, act)
	}
	if _, err := api.Network.Event(t.Context(), ids[0]); err == nil {
		t.Fatal("Event of an actor")
	}
}

func TestAPIPostsAndMatches(t *testing.T) {
	api, ids := netFixture(t)
	if _, err := api.Network.SavePost(t.Context(), model.Post{Type: "offer"}); err == nil {
		t.Fatal("post without title accepted")
	}
	pv, err := api.Network.SavePost(t.Context(), model.Post{Actor: ids[0], Type: "offer", Sector: "design", Title: "3D printing for prototypes"})
	if err != nil || pv.Author == nil || pv.Author.Name != "Ateljé Våg" {
		t.Fatalf("post %v %+v", err, pv)
	}
	if _, err := api.Network.SavePost(t.Context(), model.Post{Type: "need", Title: "Venue in Klaipėda"}); err != nil {
		t.Fatal(err)
	}
	if pv, err = api.Network.ExpressInterest(t.Context(), pv.Post.ID, ids[1]); err != nil || len(pv.Interested) != 1 || pv.Interested[0].Name != "Atelier Möwe" {
		t.Fatalf("interest %v %+v", err, pv)
	}
	if pv, _ = api.Network.ExpressInterest(t.Context(), pv.Post.ID, ids[1]); len(pv.Post.Interested) != 1 {
		t.Fatal("interest recorded twice")
	}
	if _, err := api.Network.ExpressInterest(t.Context(), pv.Post.ID, ids[0]); err == nil {
		t.Fatal("author interested in own post")
	}
	all, _ := api.Network.ListPosts(t.Context(), network.PostFilter{})
	offers, _ := api.Network.ListPosts(t.Context(), network.PostFilter{Type: "offer"})
	q, _ := api.Network.ListPosts(t.Context(), network.PostFilter{Query: "klaipėda"})
	if len(all) != 2 || len(offers) != 1 || len(q) != 1 || all[0].Post.Title != "Venue in Klaipėda" {
		t.Fatalf("posts all=%d offers=%d q=%d", len(all), len(offers), len(q))
	}
	sug, err := api.Network.Matches(t.Context(), ids[0])
	if err != nil || len(sug) == 0 || sug[0].ID != ids[1] || len(sug[0].Reasons) == 0 {
		t.Fatalf("matches %v %+v", err, sug)
	}
	l, err := api.Network.MatchToLink(t.Context(), ids[0], sug[0].ID, "")
	if err != nil || l.Type != "collaborated" || len(l.Years) != 1 {
		t.Fatalf("match to link %v %+v", err, l)
	}
	if links, _ := api.Network.Links(t.Context(), ids[0]); len(links) != 1 {
		t.Fatal("the match did not become a link")
	}
}

func TestAPIMapPoints(t *testing.T) {
	api, ids := netFixture(t)
	m, err := api.Network.MapPoints(t.Context(), app.SearchRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Total != 4 || len(m.Points) != 3 || m.Unplaced != 1 || m.Truncated {
		t.Fatalf("map %+v", m)
	}
	byID := map[string]network.MapPoint{}
	for _, p := range m.Points {
		byID[p.ID] = p
	}
	if p := byID[ids[1]]; p.Lat != 54.1 || p.Approx {
		t.Fatalf("own coordinates %+v", p)
	}
	if p := byID[ids[0]]; !p.Approx || p.Lat < 56.1 || p.Lat > 56.2 {
		t.Fatalf("locality coordinates %+v", p)
	}
	m, _ = api.Network.MapPoints(t.Context(), app.SearchRequest{Filters: map[string][]string{"country": {"DE"}}})
	if m.Total != 1 || len(m.Points) != 1 {
		t.Fatalf("filtered map %+v", m)
	}
	if _, err := api.Network.MapPoints(t.Context(), app.SearchRequest{Filters: map[string][]string{"colour": {"x"}}}); err == nil {
		t.Fatal("unknown filter accepted")
	}
	lists, _ := api.Network.NetworkMeta(t.Context())
	if len(lists.LinkTypes) != 5 || len(lists.Statuses) != 4 {
		t.Fatalf("lists %+v", lists)
	}
}
