package app

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"sbcc/app/forum"
	"sbcc/app/model"
)

// This file holds the façade methods of the speed-dating desk and of the
// published catalogue. The planning itself is sbcc/app/forum (pure), the
// records live in forum.go, the site is sbcc/app/publish.

// ForumLists are the closed lists of the speed-dating desk with their
// labels in every language.
type ForumLists struct {
	Statuses []model.Choice `json:"statuses"`
	Outcomes []model.Choice `json:"outcomes"`
}

// ForumMeta returns the meeting statuses and outcomes.
func (a *ForumAPI) ForumMeta(ctx context.Context) (ForumLists, error) {
	return ForumLists{Statuses: model.MeetingStatuses, Outcomes: model.MeetingOutcomes}, nil
}

// SpeedDating returns the speed-dating session of event eventID with its
// participants, wishes and meetings. When the event has none yet, the
// session in the view has no id and proposed settings (12 rounds of 10
// minutes at 20 tables) for SaveSession.
func (a *ForumAPI) SpeedDating(ctx context.Context, eventID string) (SessionView, error) {
	if err := checkID(eventID); err != nil {
		return SessionView{}, err
	}
	s, err := a.dir.SessionOfEvent(eventID)
	if errors.Is(err, ErrNoSession) {
		ev, err := a.dir.event(eventID)
		if err != nil {
			return SessionView{}, err
		}
		v := SessionView{Session: model.Session{Event: eventID, Rounds: 12, RoundMinutes: 10, Tables: 20, BreakMinutes: 15},
			Event: *ev, Participants: []SessionParticipant{}, Wishes: []model.Wish{}, Meetings: []model.Meeting{}, Links: map[string]string{}}
		parts, err := a.dir.SessionParticipants(eventID)
		v.Participants = parts
		return v, err
	}
	if err != nil {
		return SessionView{}, err
	}
	return a.dir.SessionView(s.ID)
}

// SaveSession makes or changes a speed-dating session and returns its view.
func (a *ForumAPI) SaveSession(ctx context.Context, s model.Session) (SessionView, error) {
	s.Meta = model.Meta{}
	if _, err := a.dir.event(s.Event); err != nil {
		return SessionView{}, err
	}
	if s.ID == "" {
		if old, err := a.dir.SessionOfEvent(s.Event); err == nil {
			s.ID = old.ID
		}
	}
	id, err := a.dir.Put(&s)
	if err != nil {
		return SessionView{}, err
	}
	return a.dir.SessionView(id)
}

// SaveWish records whom an actor wants to meet (or, with Avoid, not):
// one wish per actor and other, so a second call changes the first.
func (a *ForumAPI) SaveWish(ctx context.Context, w model.Wish) (SessionView, error) {
	w.Meta = model.Meta{}
	v, err := a.dir.SessionView(w.Session)
	if err != nil {
		return SessionView{}, err
	}
	for _, old := range v.Wishes {
		if old.From == w.From && old.To == w.To {
			w.ID = old.ID
		}
	}
	if _, err := a.dir.Put(&w); err != nil {
		return SessionView{}, err
	}
	return a.dir.SessionView(w.Session)
}

// DeleteWish removes a wish and returns the session's view.
func (a *ForumAPI) DeleteWish(ctx context.Context, id string) (SessionView, error) {
	r, err := a.recordOf(id, "wish")
	if err != nil {
		return SessionView{}, err
	}
	if err := a.dir.Delete(id); err != nil {
		return SessionView{}, err
	}
	return a.dir.SessionView(r.(*model.Wish).Session)
}

// SessionSuggestions proposes pairs among the session's participants from
// offers/needs matchmaking, across borders.
func (a *ForumAPI) SessionSuggestions(ctx context.Context, sessionID string) ([]forum.Pair, error) {
	v, err := a.dir.SessionView(sessionID)
	if err != nil {
		return nil, err
	}
	actors := map[string]*model.Actor{}
	for _, p := range v.Participants {
		if actors[p.Actor], err = a.dir.Actor(p.Actor); err != nil {
			return nil, err
		}
	}
	out := suggestions(v.Participants, actors)
	if out == nil {
		out = []forum.Pair{}
	}
	return out, nil
}

// PlanSession plans the session from round from (1 plans it all); see
// Directory.PlanSession.
func (a *ForumAPI) PlanSession(ctx context.Context, sessionID string, from int) (PlanResult, error) {
	return a.dir.PlanSession(sessionID, from)
}

// RecordMeeting records a meeting's status (held, missed) and outcome; see
// Directory.RecordMeeting.
func (a *ForumAPI) RecordMeeting(ctx context.Context, id, status, outcome, note string) (model.Meeting, error) {
	return a.dir.RecordMeeting(id, status, outcome, note)
}

// SessionSheets returns the printable sheets of a session as an HTML page.
func (a *ForumAPI) SessionSheets(ctx context.Context, sessionID, lang string) (string, error) {
	doc, err := a.dir.SessionSheets(sessionID, lang)
	return string(doc), err
}

// PublishCatalogue writes the public catalogue into the folder
// "catalogue" of the data folder (replacing an earlier one) and says where.
// It takes no folder: over `sbcc web` the caller is a browser, which must
// not choose where the server writes; `sbcc publish -o DIR` writes
// anywhere.
func (a *ForumAPI) PublishCatalogue(ctx context.Context) (PublishResult, error) {
	return a.dir.Publish(filepath.Join(a.dir.Dir(), "catalogue"), time.Now())
}
