package ui

import (
	"context"
	"sbcc/app"
	"sbcc/app/match"
	"sbcc/app/model"
	"sbcc/app/network"
)

// NetworkMeta returns the link types, event kinds, participation statuses
// and post types.
func (a *NetworkAPI) NetworkMeta(ctx context.Context) (network.NetworkLists, error) {
	return network.NetworkMeta(ctx, a.dir)
}

// Graph returns the actors and links matching the filter, with degree,
// betweenness and the cross-border figures; at most req.Limit nodes.
func (a *NetworkAPI) Graph(ctx context.Context, req network.GraphRequest) (network.GraphView, error) {
	return network.Graph(ctx, a.dir, req)
}

// MapPoints returns the actors the search finds, with coordinates: their
// own, or their locality's (spread a little so they can be told apart).
func (a *NetworkAPI) MapPoints(ctx context.Context, req app.SearchRequest) (network.MapData, error) {
	return network.MapPoints(ctx, a.dir, a.search, req)
}

// Links returns the links of the actor with id, with the actor at the
// other end.
func (a *NetworkAPI) Links(ctx context.Context, actorID string) ([]network.LinkView, error) {
	return network.Links(ctx, a.dir, actorID)
}

// SaveLink creates the link (empty id) or updates it; both actors must exist.
func (a *NetworkAPI) SaveLink(ctx context.Context, l model.Link) (model.Link, error) {
	return network.SaveLink(ctx, a.dir, l)
}

// DeleteLink deletes the link with id (a tombstone that syncs).
func (a *NetworkAPI) DeleteLink(ctx context.Context, id string) error {
	return network.DeleteLink(ctx, a.dir, id)
}

// Activity returns the links, events and posts of the actor with id.
func (a *NetworkAPI) Activity(ctx context.Context, actorID string) (network.ActivityView, error) {
	return network.Activity(ctx, a.dir, actorID)
}

// Matches suggests actors in other countries whose offers meet the needs
// of the actor with id, or whose needs its offers meet, best first.
func (a *NetworkAPI) Matches(ctx context.Context, actorID string) ([]match.Suggestion, error) {
	return network.Matches(ctx, a.dir, actorID)
}

// MatchToLink turns a suggested pair into a link of type linkType (this
// year); it returns the link made.
func (a *NetworkAPI) MatchToLink(ctx context.Context, actorA, actorB, linkType string) (model.Link, error) {
	return network.MatchToLink(ctx, a.dir, actorA, actorB, linkType)
}

// ListEvents returns every event, the latest first, with organisers and
// registration counts.
func (a *NetworkAPI) ListEvents(ctx context.Context) ([]network.EventRow, error) {
	return network.ListEvents(ctx, a.dir)
}

// FindEvents searches events through the search index (kind:event plus
// the query, in the query language of the search screen), best first; at
// most 200.
func (a *NetworkAPI) FindEvents(ctx context.Context, query string) ([]network.EventRow, error) {
	return network.FindEvents(ctx, a.dir, query)
}

// Event returns the event with id, its organisers and registrations.
func (a *NetworkAPI) Event(ctx context.Context, id string) (network.EventView, error) {
	return network.Event(ctx, a.dir, id)
}

// SaveEvent creates the event (empty id) or updates it; organisers must be
// actors of the directory.
func (a *NetworkAPI) SaveEvent(ctx context.Context, e model.Event) (network.EventView, error) {
	return network.SaveEvent(ctx, a.dir, e)
}

// Register adds a registration to an event: an actor of the directory
// (actorID) or a person by name, with a role (participant, speaker...).
func (a *NetworkAPI) Register(ctx context.Context, eventID, actorID, person, role string) (model.Participation, error) {
	return network.Register(ctx, a.dir, eventID, actorID, person, role)
}

// SetAttendance records the status of a registration: registered,
// attended, no-show or cancelled.
func (a *NetworkAPI) SetAttendance(ctx context.Context, participationID, status string) error {
	return network.SetAttendance(ctx, a.dir, participationID, status)
}

// ListPosts returns the posts matching f, the newest first.
func (a *NetworkAPI) ListPosts(ctx context.Context, f network.PostFilter) ([]network.PostView, error) {
	return network.ListPosts(ctx, a.dir, f)
}

// SavePost creates the post (empty id) or updates it.
func (a *NetworkAPI) SavePost(ctx context.Context, p model.Post) (network.PostView, error) {
	return network.SavePost(ctx, a.dir, p)
}

// ExpressInterest records that the actor with actorID is interested in
// the post; recording it twice changes nothing.
func (a *NetworkAPI) ExpressInterest(ctx context.Context, postID, actorID string) (network.PostView, error) {
	return network.ExpressInterest(ctx, a.dir, postID, actorID)
}

// Indicators computes the programme indicators for the period from–to
// (YYYY-MM-DD, either may be empty) and names every counted record.
func (a *NetworkAPI) Indicators(ctx context.Context, from, to string) (network.ReportView, error) {
	return network.Indicators(ctx, a.dir, from, to)
}

// IndicatorsCSV returns the report for the period as CSV: one row per
// counted record (code, indicator, period, value, record kind, id, name,
// detail); a figure of zero has one row without a record.
func (a *NetworkAPI) IndicatorsCSV(ctx context.Context, from, to string) (string, error) {
	return network.IndicatorsCSV(ctx, a.dir, from, to)
}

// PostsPage returns one page of the posts matching the filter, the newest
// first, and their number. Only the page's authors are named.
func (a *NetworkAPI) PostsPage(ctx context.Context, req network.PostPageRequest) (network.PostPage, error) {
	return network.PostsPage(ctx, a.dir, req)
}

// EventsPage returns one page of events with organisers and registration
// counts, and the number of events that match.
func (a *NetworkAPI) EventsPage(ctx context.Context, req network.EventPageRequest) (network.EventPage, error) {
	return network.EventsPage(ctx, a.dir, req)
}

// IndicatorFigures computes the programme indicators for the period from–to
// (YYYY-MM-DD, either may be empty) and returns the figures with how many
// records each counts.
func (a *NetworkAPI) IndicatorFigures(ctx context.Context, from, to string) (network.IndicatorSummary, error) {
	return network.IndicatorFigures(ctx, a.dir, from, to)
}

// IndicatorRecords returns one page of the records the indicator code counts
// in the period from–to, named.
func (a *NetworkAPI) IndicatorRecords(ctx context.Context, from, to, code string, offset, limit int) (network.RecordPage, error) {
	return network.IndicatorRecords(ctx, a.dir, from, to, code, offset, limit)
}

// MapClusters clusters every actor the search finds for the view asked.
func (a *NetworkAPI) MapClusters(ctx context.Context, req network.MapRequest) (network.MapView, error) {
	return network.MapClusters(ctx, a.dir, req)
}
