package network

import (
	"context"
	"errors"
	"sbcc/app"
	"sbcc/app/forum"
	"sbcc/app/model"
)

// ForumLists are the closed lists of the speed-dating desk with their
// labels in every language.
type ForumLists struct {
	Statuses []model.Choice `json:"statuses"`
	Outcomes []model.Choice `json:"outcomes"`
}

// ForumMeta returns the meeting statuses and outcomes.
func ForumMeta(ctx context.Context, d *app.Directory) (ForumLists, error) {
	return ForumLists{Statuses: model.MeetingStatuses, Outcomes: model.MeetingOutcomes}, nil
}

// SpeedDating returns the speed-dating session of event eventID with its
// participants, wishes and meetings. When the event has none yet, the
// session in the view has no id and proposed settings (12 rounds of 10
// minutes at 20 tables) for SaveSession.
func SpeedDating(ctx context.Context, d *app.Directory, eventID string) (SessionView, error) {
	if err := app.CheckID(eventID); err != nil {
		return SessionView{}, err
	}
	s, err := SessionOfEvent(d, eventID)
	if errors.Is(err, ErrNoSession) {
		ev, err := event(d, eventID)
		if err != nil {
			return SessionView{}, err
		}
		v := SessionView{Session: model.Session{Event: eventID, Rounds: 12, RoundMinutes: 10, Tables: 20, BreakMinutes: 15},
			Event: *ev, Participants: []SessionParticipant{}, Wishes: []model.Wish{}, Meetings: []model.Meeting{}, Links: map[string]string{}}
		parts, err := SessionParticipants(d, eventID)
		v.Participants = parts
		return v, err
	}
	if err != nil {
		return SessionView{}, err
	}
	return ViewSession(d, s.ID)
}

// SaveSession makes or changes a speed-dating session and returns its view.
func SaveSession(ctx context.Context, d *app.Directory, s model.Session) (SessionView, error) {
	s.Meta = model.Meta{}
	if _, err := event(d, s.Event); err != nil {
		return SessionView{}, err
	}
	if s.ID == "" {
		if old, err := SessionOfEvent(d, s.Event); err == nil {
			s.ID = old.ID
		}
	}
	id, err := d.Put(&s)
	if err != nil {
		return SessionView{}, err
	}
	return ViewSession(d, id)
}

// SaveWish records whom an actor wants to meet (or, with Avoid, not):
// one wish per actor and other, so a second call changes the first.
func SaveWish(ctx context.Context, d *app.Directory, w model.Wish) (SessionView, error) {
	w.Meta = model.Meta{}
	v, err := ViewSession(d, w.Session)
	if err != nil {
		return SessionView{}, err
	}
	for _, old := range v.Wishes {
		if old.From == w.From && old.To == w.To {
			w.ID = old.ID
		}
	}
	if _, err := d.Put(&w); err != nil {
		return SessionView{}, err
	}
	return ViewSession(d, w.Session)
}

// DeleteWish removes a wish and returns the session's view.
func DeleteWish(ctx context.Context, d *app.Directory, id string) (SessionView, error) {
	r, err := recordOf(d, id, "wish")
	if err != nil {
		return SessionView{}, err
	}
	if err := d.Delete(id); err != nil {
		return SessionView{}, err
	}
	return ViewSession(d, r.(*model.Wish).Session)
}

// SessionSuggestions proposes pairs among the session's participants from
// offers/needs matchmaking, across borders.
func SessionSuggestions(ctx context.Context, d *app.Directory, sessionID string) ([]forum.Pair, error) {
	v, err := ViewSession(d, sessionID)
	if err != nil {
		return nil, err
	}
	actors := map[string]*model.Actor{}
	for _, p := range v.Participants {
		if actors[p.Actor], err = d.Actor(p.Actor); err != nil {
			return nil, err
		}
	}
	out := suggestions(v.Participants, actors)
	if out == nil {
		out = []forum.Pair{}
	}
	return out, nil
}
