package network

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"sbcc/app"
	"sbcc/app/graph"
	"sbcc/app/match"
	"sbcc/app/model"
	"sbcc/app/report"
	"sbcc/app/tabular"
)

// This file holds the façade methods of the network screens: graph, map,
// events and check-in, links, offers and needs, matchmaking and the
// indicator report. They call the Directory's network services
// (go, checkin.go) and add what the screens show around them:
// names of the actors a record points to, capped lists, CSV.

// NetworkLists are the closed lists of the network screens with their
// labels in every language.
type NetworkLists struct {
	LinkTypes  []model.Choice `json:"linkTypes"`
	EventKinds []model.Choice `json:"eventKinds"`
	Statuses   []model.Choice `json:"statuses"`
	PostTypes  []model.Choice `json:"postTypes"`
}

// NetworkMeta returns the link types, event kinds, participation statuses
// and post types.
func NetworkMeta(ctx context.Context, d *app.Directory) (NetworkLists, error) {
	return NetworkLists{LinkTypes: model.LinkTypes, EventKinds: model.EventKinds,
		Statuses: model.ParticipationStatuses, PostTypes: model.PostTypes}, nil
}

// ActorRef names an actor a record points to.
type ActorRef struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
}

// actorRefs resolves ids to names from the network cache; unknown (deleted)
// actors keep their id as name.
func actorRefs(d *app.Directory, ids []string) ([]ActorRef, error) {
	s, err := d.Snapshot("actor")
	if err != nil {
		return nil, err
	}
	out := make([]ActorRef, 0, len(ids))
	for _, id := range ids {
		r := ActorRef{ID: id, Name: id}
		if act, ok := s.Record("actor", id).(*model.Actor); ok {
			r.Name, r.Country = act.Name, act.Country
		}
		out = append(out, r)
	}
	return out, nil
}

// ---- Graph ----

// GraphRequest is a GraphFilter with the most nodes the screen draws.
type GraphRequest struct {
	GraphFilter
	// Limit is the most nodes returned (default 1500, at most 5000): the
	// ones with the highest degree. The summary is of the whole graph.
	Limit int `json:"limit,omitempty"`
}

// GraphView is the network graph as the screen draws it.
type GraphView struct {
	Nodes   []graph.Node  `json:"nodes"`
	Edges   []graph.Edge  `json:"edges"`
	Summary graph.Summary `json:"summary"`
	// Total is the number of actors matching the filter; when it is more
	// than len(Nodes) only the best connected are drawn (Truncated).
	Total     int  `json:"total"`
	Truncated bool `json:"truncated"`
}

// Graph returns the actors and links matching the filter, with degree,
// betweenness and the cross-border figures; at most req.Limit nodes.
func Graph(ctx context.Context, d *app.Directory, req GraphRequest) (GraphView, error) {
	if req.Around != "" {
		if err := app.CheckID(req.Around); err != nil {
			return GraphView{}, err
		}
		if _, err := d.Actor(req.Around); err != nil {
			return GraphView{}, err
		}
	}
	if req.Year != 0 && (req.Year < 1900 || req.Year > 2200) {
		return GraphView{}, model.One("year", model.CodeYear, fmt.Sprintf("%d is not a plausible year", req.Year), "value", fmt.Sprint(req.Year))
	}
	limit := req.Limit
	if limit <= 0 {
		limit = 1500
	}
	limit = min(limit, 5000)
	g, err := MeasureGraph(d, req.GraphFilter)
	if err != nil {
		return GraphView{}, err
	}
	v := GraphView{Nodes: g.Nodes, Edges: g.Edges, Summary: g.Summary, Total: len(g.Nodes)}
	if v.Nodes == nil {
		v.Nodes = []graph.Node{}
	}
	if v.Edges == nil {
		v.Edges = []graph.Edge{}
	}
	if len(v.Nodes) > limit {
		v.Nodes, v.Edges = bestConnected(v.Nodes, v.Edges, limit)
		v.Truncated = true
	}
	return v, nil
}

// ---- Map ----

// MapPoint is one actor on the map.
type MapPoint struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	Country  string  `json:"country,omitempty"`
	Locality string  `json:"locality,omitempty"`
	// Approx is true when the actor has no coordinates of its own and is
	// placed near its locality.
	Approx bool `json:"approx,omitempty"`
}

// MapData are the points of a search.
type MapData struct {
	Points []MapPoint `json:"points"`
	// Total is the number of actors the search found; Unplaced those with
	// neither coordinates nor a known locality; Truncated is true when
	// more than MapLimit were found and only the first MapLimit are shown.
	Total     int  `json:"total"`
	Unplaced  int  `json:"unplaced"`
	Truncated bool `json:"truncated"`
}

// MapLimit is the most actors the map shows for one search.
const MapLimit = 5000

// MapPoints returns the actors the search finds, with coordinates: their
// own, or their locality's (spread a little so they can be told apart).
func MapPoints(ctx context.Context, d *app.Directory, search app.Searcher, req app.SearchRequest) (MapData, error) {
	s, err := d.Snapshot("actor")
	if err != nil {
		return MapData{}, err
	}
	if err := req.Check(); err != nil {
		return MapData{}, err
	}
	out := MapData{Points: []MapPoint{}}
	req.Offset, req.Limit, req.Deleted = 0, 500, false
	for {
		res, err := search.Search(ctx, req)
		if err != nil {
			return MapData{}, err
		}
		out.Total = res.Total
		for _, h := range res.Hits {
			act, ok := s.Record("actor", h.ID).(*model.Actor)
			if !ok {
				continue
			}
			p := MapPoint{ID: act.ID, Name: act.Name, Country: act.Country, Locality: act.Locality}
			if p.Lat, p.Lon, p.Approx, ok = placeOf(act); !ok {
				out.Unplaced++
				continue
			}
			out.Points = append(out.Points, p)
		}
		req.Offset += len(res.Hits)
		if len(res.Hits) == 0 || req.Offset >= res.Total {
			break
		}
		if req.Offset >= MapLimit {
			out.Truncated = true
			break
		}
	}
	return out, nil
}

// placeOf is where the map shows an actor: at its own coordinates, or near
// its locality's (approx), spread a little so that the actors of one town
// can be told apart; ok is false when it has neither.
func placeOf(act *model.Actor) (lat, lon float64, approx, ok bool) {
	if act.Lat != nil && act.Lon != nil {
		return *act.Lat, *act.Lon, false, true
	}
	l, ok := model.LocalityByID(act.Locality)
	if !ok {
		return 0, 0, false, false
	}
	dx, dy := jitter(act.ID)
	return l.Lat + dy*0.04, l.Lon + dx*0.06, true, true
}

// jitter returns a stable offset in [-0.5, 0.5)² from an id.
func jitter(id string) (float64, float64) {
	h := fnv.New64a()
	h.Write([]byte(id))
	v := h.Sum64()
	return float64(v&0xffff)/65536 - 0.5, float64((v>>16)&0xffff)/65536 - 0.5
}

// ---- Links ----

// LinkView is a link seen from one of its actors.
type LinkView struct {
	Link        model.Link `json:"link"`
	Other       ActorRef   `json:"other"`
	CrossBorder bool       `json:"crossBorder"`
}

// Links returns the links of the actor with id, with the actor at the
// other end.
func Links(ctx context.Context, d *app.Directory, actorID string) ([]LinkView, error) {
	if err := app.CheckID(actorID); err != nil {
		return nil, err
	}
	me, err := d.Actor(actorID)
	if err != nil {
		return nil, err
	}
	act, err := ActivityOf(d, actorID)
	if err != nil {
		return nil, err
	}
	out := []LinkView{}
	for _, l := range act.Links {
		other := l.To
		if other == actorID {
			other = l.From
		}
		refs, err := actorRefs(d, []string{other})
		if err != nil {
			return nil, err
		}
		out = append(out, LinkView{Link: *l, Other: refs[0],
			CrossBorder: me.Country != "" && refs[0].Country != "" && me.Country != refs[0].Country})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Other.Name < out[j].Other.Name })
	return out, nil
}

// SaveLink creates the link (empty id) or updates it; both actors must exist.
func SaveLink(ctx context.Context, d *app.Directory, l model.Link) (model.Link, error) {
	l.Meta = model.Meta{}
	l.Note = strings.TrimSpace(l.Note)
	if l.ID != "" {
		if err := app.CheckID(l.ID); err != nil {
			return model.Link{}, err
		}
		if _, err := recordOf(d, l.ID, "link"); err != nil {
			return model.Link{}, err
		}
	}
	if err := l.Validate(); err != nil {
		return model.Link{}, err
	}
	for _, id := range []string{l.From, l.To} {
		if _, err := d.Actor(id); err != nil {
			return model.Link{}, err
		}
	}
	slices.Sort(l.Years)
	l.Years = slices.Compact(l.Years)
	id, err := d.Put(&l)
	if err != nil {
		return model.Link{}, err
	}
	r, err := d.Get(id)
	if err != nil {
		return model.Link{}, err
	}
	return *r.(*model.Link), nil
}

// DeleteLink deletes the link with id (a tombstone that syncs).
func DeleteLink(ctx context.Context, d *app.Directory, id string) error {
	if err := app.CheckID(id); err != nil {
		return err
	}
	if _, err := recordOf(d, id, "link"); err != nil {
		return err
	}
	return d.Delete(id)
}

// recordOf returns the record with id, checking its kind.
func recordOf(d *app.Directory, id, kind string) (model.Record, error) {
	r, err := d.Get(id)
	if err != nil {
		return nil, err
	}
	if k, _ := model.KindOf(r); k.Name != kind {
		return nil, fmt.Errorf("%w: %s is a %s, not a %s", app.ErrInvalid, id, k.Name, kind)
	}
	return r, nil
}

// ActivityView is what an actor's profile shows of its network: links (with
// the other actor), events and posts.
type ActivityView struct {
	Links  []LinkView   `json:"links"`
	Events []EventRow   `json:"events"`
	Posts  []model.Post `json:"posts"`
}

// Activity returns the links, events and posts of the actor with id.
func Activity(ctx context.Context, d *app.Directory, actorID string) (ActivityView, error) {
	links, err := Links(ctx, d, actorID)
	if err != nil {
		return ActivityView{}, err
	}
	act, err := ActivityOf(d, actorID)
	if err != nil {
		return ActivityView{}, err
	}
	out := ActivityView{Links: links, Events: []EventRow{}, Posts: []model.Post{}}
	rows, err := eventRows(d, act.Events)
	if err != nil {
		return ActivityView{}, err
	}
	out.Events = rows
	for _, p := range act.Posts {
		out.Posts = append(out.Posts, *p)
	}
	return out, nil
}

// ---- Matchmaking ----

// Matches suggests actors in other countries whose offers meet the needs
// of the actor with id, or whose needs its offers meet, best first.
func Matches(ctx context.Context, d *app.Directory, actorID string) ([]match.Suggestion, error) {
	if err := app.CheckID(actorID); err != nil {
		return nil, err
	}
	s, err := Suggest(d, actorID, 10)
	if err != nil {
		return nil, err
	}
	if s == nil {
		s = []match.Suggestion{}
	}
	return s, nil
}

// MatchToLink turns a suggested pair into a link of type linkType (this
// year); it returns the link made.
func MatchToLink(ctx context.Context, d *app.Directory, actorA, actorB, linkType string) (model.Link, error) {
	if linkType == "" {
		linkType = "collaborated"
	}
	return SaveLink(ctx, d, model.Link{From: actorA, To: actorB, Type: linkType, Years: []int{time.Now().Year()},
		Note: "matchmaking"})
}

// ---- Events ----

// EventRow is one event of the list.
type EventRow struct {
	Event      model.Event `json:"event"`
	Organisers []ActorRef  `json:"organisers"`
	// Counts of registrations by status.
	Registered int `json:"registered"`
	Attended   int `json:"attended"`
	NoShow     int `json:"noShow"`
	Cancelled  int `json:"cancelled"`
}

func eventRows(d *app.Directory, events []*model.Event) ([]EventRow, error) {
	s, err := d.Snapshot("participation")
	if err != nil {
		return nil, err
	}
	// Counts only for the events asked (a page of them, not all 4,000).
	counts := make(map[string]map[string]int, len(events))
	for _, e := range events {
		counts[e.ID] = nil
	}
	for _, r := range s.List("participation") {
		p := r.(*model.Participation)
		c, want := counts[p.Event]
		if !want {
			continue
		}
		if c == nil {
			c = map[string]int{}
			counts[p.Event] = c
		}
		c[p.Status]++
	}
	out := make([]EventRow, 0, len(events))
	for _, e := range events {
		orgs, err := actorRefs(d, e.Organisers)
		if err != nil {
			return nil, err
		}
		c := counts[e.ID]
		out = append(out, EventRow{Event: *e, Organisers: orgs, Registered: c["registered"], Attended: c["attended"],
			NoShow: c["no-show"], Cancelled: c["cancelled"]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Event.Start != out[j].Event.Start {
			return out[i].Event.Start > out[j].Event.Start
		}
		return out[i].Event.Title < out[j].Event.Title
	})
	return out, nil
}

// ListEvents returns every event, the latest first, with organisers and
// registration counts.
func ListEvents(ctx context.Context, d *app.Directory) ([]EventRow, error) {
	events, err := cached[*model.Event](d, "event")
	if err != nil {
		return nil, err
	}
	return eventRows(d, events)
}

// FindEvents searches events through the search index (kind:event plus
// the query, in the query language of the search screen), best first; at
// most 200.
func FindEvents(ctx context.Context, d *app.Directory, query string) ([]EventRow, error) {
	res, err := d.Search().FindKind(ctx, "event", query, 0, 200)
	if err != nil {
		return nil, err
	}
	s, err := d.Snapshot("event")
	if err != nil {
		return nil, err
	}
	out := []EventRow{}
	for _, h := range res.Hits {
		e, ok := s.Record("event", h.ID).(*model.Event)
		if !ok {
			continue
		}
		rows, err := eventRows(d, []*model.Event{e})
		if err != nil {
			return nil, err
		}
		out = append(out, rows[0])
	}
	return out, nil
}

// EventView is an event with its organisers and check-in list.
type EventView struct {
	EventRow
	Attendees []Attendee `json:"attendees"`
}

// Event returns the event with id, its organisers and registrations.
func Event(ctx context.Context, d *app.Directory, id string) (EventView, error) {
	if err := app.CheckID(id); err != nil {
		return EventView{}, err
	}
	r, err := recordOf(d, id, "event")
	if err != nil {
		return EventView{}, err
	}
	rows, err := eventRows(d, []*model.Event{r.(*model.Event)})
	if err != nil {
		return EventView{}, err
	}
	list, err := CheckInList(d, id)
	if err != nil {
		return EventView{}, err
	}
	if list == nil {
		list = []Attendee{}
	}
	return EventView{EventRow: rows[0], Attendees: list}, nil
}

// SaveEvent creates the event (empty id) or updates it; organisers must be
// actors of the directory.
func SaveEvent(ctx context.Context, d *app.Directory, e model.Event) (EventView, error) {
	e.Meta = model.Meta{}
	e.Title = strings.TrimSpace(e.Title)
	if e.ID != "" {
		if err := app.CheckID(e.ID); err != nil {
			return EventView{}, err
		}
		if _, err := recordOf(d, e.ID, "event"); err != nil {
			return EventView{}, err
		}
	}
	e.Organisers = slices.Compact(slices.Sorted(slices.Values(e.Organisers)))
	id, err := d.Put(&e)
	if err != nil {
		return EventView{}, err
	}
	return Event(ctx, d, id)
}

// Register adds a registration to an event: an actor of the directory
// (actorID) or a person by name, with a role (participant, speaker...).
func Register(ctx context.Context, d *app.Directory, eventID, actorID, person, role string) (model.Participation, error) {
	if err := app.CheckID(eventID); err != nil {
		return model.Participation{}, err
	}
	if _, err := recordOf(d, eventID, "event"); err != nil {
		return model.Participation{}, err
	}
	person, role = strings.TrimSpace(person), strings.TrimSpace(role)
	if role == "" {
		role = "participant"
	}
	p := model.Participation{Event: eventID, Actor: actorID, Person: person, Role: role, Status: "registered"}
	id, err := d.Put(&p)
	if err != nil {
		return model.Participation{}, err
	}
	r, err := d.Get(id)
	if err != nil {
		return model.Participation{}, err
	}
	return *r.(*model.Participation), nil
}

// SetAttendance records the status of a registration: registered,
// attended, no-show or cancelled.
func SetAttendance(ctx context.Context, d *app.Directory, participationID, status string) error {
	if err := app.CheckID(participationID); err != nil {
		return err
	}
	if _, err := recordOf(d, participationID, "participation"); err != nil {
		return err
	}
	return setAttendance(d, participationID, status)
}

// ---- Posts ----

// PostFilter narrows the list of posts; empty fields match everything.
type PostFilter struct {
	Type   string `json:"type,omitempty"`
	Sector string `json:"sector,omitempty"`
	Actor  string `json:"actor,omitempty"`
	// Query keeps posts whose title or text contains it (case-insensitive).
	Query string `json:"query,omitempty"`
}

// PostView is a post with the names of its author and interested actors.
type PostView struct {
	Post       model.Post `json:"post"`
	Author     *ActorRef  `json:"author,omitempty"`
	Interested []ActorRef `json:"interested"`
}

func postView(d *app.Directory, p *model.Post) (PostView, error) {
	v := PostView{Post: *p, Interested: []ActorRef{}}
	if p.Actor != "" {
		refs, err := actorRefs(d, []string{p.Actor})
		if err != nil {
			return v, err
		}
		v.Author = &refs[0]
	}
	refs, err := actorRefs(d, p.Interested)
	if err != nil {
		return v, err
	}
	v.Interested = refs
	return v, nil
}

// ListPosts returns the posts matching f, the newest first.
func ListPosts(ctx context.Context, d *app.Directory, f PostFilter) ([]PostView, error) {
	posts, err := cached[*model.Post](d, "post")
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	out := []PostView{}
	for i := len(posts) - 1; i >= 0; i-- { // ids are ULIDs: newest last
		p := posts[i]
		if (f.Type != "" && p.Type != f.Type) || (f.Sector != "" && p.Sector != f.Sector) || (f.Actor != "" && p.Actor != f.Actor) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(p.Title+" "+p.Text), q) {
			continue
		}
		v, err := postView(d, p)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// SavePost creates the post (empty id) or updates it.
func SavePost(ctx context.Context, d *app.Directory, p model.Post) (PostView, error) {
	p.Meta = model.Meta{}
	p.Title = strings.TrimSpace(p.Title)
	if p.ID != "" {
		if err := app.CheckID(p.ID); err != nil {
			return PostView{}, err
		}
		if _, err := recordOf(d, p.ID, "post"); err != nil {
			return PostView{}, err
		}
	}
	id, err := d.Put(&p)
	if err != nil {
		return PostView{}, err
	}
	r, err := d.Get(id)
	if err != nil {
		return PostView{}, err
	}
	return postView(d, r.(*model.Post))
}

// ExpressInterest records that the actor with actorID is interested in
// the post; recording it twice changes nothing.
func ExpressInterest(ctx context.Context, d *app.Directory, postID, actorID string) (PostView, error) {
	if err := app.CheckID(postID); err != nil {
		return PostView{}, err
	}
	if err := app.CheckID(actorID); err != nil {
		return PostView{}, err
	}
	r, err := recordOf(d, postID, "post")
	if err != nil {
		return PostView{}, err
	}
	p := r.(*model.Post)
	if !slices.Contains(p.Interested, actorID) {
		p.Interested = append(slices.Clone(p.Interested), actorID)
		p.Meta = model.Meta{}
		if _, err := d.Put(p); err != nil {
			return PostView{}, err
		}
	}
	r, err = d.Get(postID)
	if err != nil {
		return PostView{}, err
	}
	return postView(d, r.(*model.Post))
}

// ---- Indicators ----

// RecordRef is a record an indicator counts, as the drill-down lists it.
type RecordRef struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
	// Actor is the actor to open (the record itself for actors, the
	// participant for participations); Event the event to open.
	Actor   string `json:"actor,omitempty"`
	Event   string `json:"event,omitempty"`
	Country string `json:"country,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// ReportView is the indicator report with the counted records named.
type ReportView struct {
	report.Report
	Records map[string]RecordRef `json:"records"`
}

func checkPeriod(from, to string) (report.Period, error) {
	var p model.Problems
	for field, v := range map[string]string{"from": from, "to": to} {
		if v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", v); err != nil {
			p = append(p, model.Problem{Field: field, Message: fmt.Sprintf("%q is not a date (YYYY-MM-DD)", v)})
		}
	}
	if len(p) == 0 && from != "" && to != "" && to < from {
		p = append(p, model.Problem{Field: "to", Message: "the period ends before it starts"})
	}
	if len(p) > 0 {
		sort.Slice(p, func(i, j int) bool { return p[i].Field < p[j].Field })
		return report.Period{}, p
	}
	return report.Period{From: from, To: to}, nil
}

// Indicators computes the programme indicators for the period from–to
// (YYYY-MM-DD, either may be empty) and names every counted record.
func Indicators(ctx context.Context, d *app.Directory, from, to string) (ReportView, error) {
	p, err := checkPeriod(from, to)
	if err != nil {
		return ReportView{}, err
	}
	rep, err := Report(d, p)
	if err != nil {
		return ReportView{}, err
	}
	s, err := d.Snapshot("actor", "event", "participation")
	if err != nil {
		return ReportView{}, err
	}
	v := ReportView{Report: rep, Records: map[string]RecordRef{}}
	for _, f := range rep.Figures {
		for _, id := range f.Records {
			v.Records[id] = describeRecord(s, id)
		}
	}
	return v, nil
}

func describeRecord(s *app.Snapshot, id string) RecordRef {
	if act, ok := s.Record("actor", id).(*model.Actor); ok {
		return RecordRef{ID: id, Kind: "actor", Name: act.Name, Actor: id, Country: act.Country}
	}
	if e, ok := s.Record("event", id).(*model.Event); ok {
		return RecordRef{ID: id, Kind: "event", Name: e.Title, Event: id, Detail: e.Start}
	}
	if p, ok := s.Record("participation", id).(*model.Participation); ok {
		r := RecordRef{ID: id, Kind: "participation", Name: p.Person, Actor: p.Actor, Event: p.Event}
		if act, ok := s.Record("actor", p.Actor).(*model.Actor); ok {
			r.Name, r.Country = act.Name, act.Country
		}
		if e, ok := s.Record("event", p.Event).(*model.Event); ok {
			r.Detail = e.Title
		}
		return r
	}
	return RecordRef{ID: id, Name: id}
}

// IndicatorsCSV returns the report for the period as CSV (see
// WriteIndicatorsCSV), for the UI's download.
func IndicatorsCSV(ctx context.Context, d *app.Directory, from, to string) (string, error) {
	var b bytes.Buffer
	err := WriteIndicatorsCSV(ctx, &b, d, from, to)
	return b.String(), err
}

// WriteIndicatorsCSV writes the report for the period from–to (YYYY-MM-DD,
// either may be empty) to out as CSV, one row per counted record (code,
// indicator, period, value, record kind, id, name, detail), a figure of
// zero as one row without a record; cells a spreadsheet would run as a
// formula are escaped (tabular.NewCSVWriter). `sbcc report --csv` and the
// UI's download both write it.
func WriteIndicatorsCSV(ctx context.Context, out io.Writer, d *app.Directory, from, to string) error {
	v, err := Indicators(ctx, d, from, to)
	if err != nil {
		return err
	}
	w := tabular.NewCSVWriter(out)
	w.Write([]string{"code", "indicator", "from", "to", "value", "record_kind", "record_id", "record_name", "detail"})
	for _, f := range v.Figures {
		head := []string{f.Code, f.Label, from, to, fmt.Sprint(f.Value)}
		if len(f.Records) == 0 {
			w.Write(append(head, "", "", "", ""))
		}
		for _, id := range f.Records {
			r := v.Records[id]
			w.Write(append(slices.Clone(head), r.Kind, id, r.Name, r.Detail))
		}
	}
	w.Flush()
	return w.Error()
}
