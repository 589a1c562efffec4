package ui

import (
	"context"
	"path/filepath"
	"time"

	"sbcc/app/forum"
	"sbcc/app/model"
	"sbcc/app/network"
)

// This file holds the façade methods of the speed-dating desk and of the
// published catalogue. The planning itself is sbcc/app/forum (pure), the
// records live in forum.go, the site is sbcc/app/publish.

// ForumMeta returns the meeting statuses and outcomes.
func (a *ForumAPI) ForumMeta(ctx context.Context) (network.ForumLists, error) {
	return network.ForumMeta(ctx, a.dir)
}

// SpeedDating returns the speed-dating session of event eventID with its
// participants, wishes and meetings. When the event has none yet, the
// session in the view has no id and proposed settings (12 rounds of 10
// minutes at 20 tables) for SaveSession.
func (a *ForumAPI) SpeedDating(ctx context.Context, eventID string) (network.SessionView, error) {
	return network.SpeedDating(ctx, a.dir, eventID)
}

// SaveSession makes or changes a speed-dating session and returns its view.
func (a *ForumAPI) SaveSession(ctx context.Context, s model.Session) (network.SessionView, error) {
	return network.SaveSession(ctx, a.dir, s)
}

// SaveWish records whom an actor wants to meet (or, with Avoid, not):
// one wish per actor and other, so a second call changes the first.
func (a *ForumAPI) SaveWish(ctx context.Context, w model.Wish) (network.SessionView, error) {
	return network.SaveWish(ctx, a.dir, w)
}

// DeleteWish removes a wish and returns the session's view.
func (a *ForumAPI) DeleteWish(ctx context.Context, id string) (network.SessionView, error) {
	return network.DeleteWish(ctx, a.dir, id)
}

// SessionSuggestions proposes pairs among the session's participants from
// offers/needs matchmaking, across borders.
func (a *ForumAPI) SessionSuggestions(ctx context.Context, sessionID string) ([]forum.Pair, error) {
	return network.SessionSuggestions(ctx, a.dir, sessionID)
}

// PlanSession plans the session from round from (1 plans it all); see
// network.PlanSession.
func (a *ForumAPI) PlanSession(ctx context.Context, sessionID string, from int) (network.PlanResult, error) {
	return network.PlanSession(a.dir, sessionID, from)
}

// RecordMeeting records a meeting's status (held, missed) and outcome; see
// network.RecordMeeting.
func (a *ForumAPI) RecordMeeting(ctx context.Context, id, status, outcome, note string) (model.Meeting, error) {
	return network.RecordMeeting(a.dir, id, status, outcome, note)
}

// SessionSheets returns the printable sheets of a session as an HTML page.
func (a *ForumAPI) SessionSheets(ctx context.Context, sessionID, lang string) (string, error) {
	doc, err := network.SessionSheets(a.dir, sessionID, lang)
	return string(doc), err
}

// PublishCatalogue writes the public catalogue into the folder
// "catalogue" of the data folder (replacing an earlier one) and says where.
// It takes no folder: over `sbcc web` the caller is a browser, which must
// not choose where the server writes; `sbcc publish -o DIR` writes
// anywhere.
func (a *ForumAPI) PublishCatalogue(ctx context.Context) (network.PublishResult, error) {
	return network.Publish(a.dir, filepath.Join(a.dir.Dir(), "catalogue"), time.Now())
}
