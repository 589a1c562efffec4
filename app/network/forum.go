package network

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"sbcc/app"
	"sbcc/app/forum"
	"sbcc/app/forum/sheets"
	"sbcc/app/match"
	"sbcc/app/model"
)

// ErrNoSession is returned when an event has no speed-dating session.
var ErrNoSession = fmt.Errorf("%w: this event has no speed-dating session yet", app.ErrNotFound)

// SessionParticipant is an actor registered for a session's event.
type SessionParticipant struct {
	Actor         string   `json:"actor"`
	Name          string   `json:"name"`
	Country       string   `json:"country,omitempty"`
	Languages     []string `json:"languages"`
	Participation string   `json:"participation"`
	// Status is the registration's: registered, attended, no-show or
	// cancelled.
	Status string `json:"status"`
}

// SessionView is everything the speed-dating desk shows of a session.
type SessionView struct {
	Session      model.Session        `json:"session"`
	Event        model.Event          `json:"event"`
	Participants []SessionParticipant `json:"participants"`
	Wishes       []model.Wish         `json:"wishes"`
	// Meetings are the live meetings (dropped ones left out), by round and
	// table.
	Meetings []model.Meeting `json:"meetings"`
	// Links maps a meeting id to its video room's address, for a virtual
	// session with a room base.
	Links map[string]string `json:"links"`
}

// listOf returns the live records of kind.
func listOf[T model.Record](d *app.Directory, kind string) ([]T, error) {
	rs, err := d.List(kind, app.ListOptions{})
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.(T))
	}
	return out, nil
}

// session returns the record with id as a session.
func session(d *app.Directory, id string) (*model.Session, error) {
	r, err := d.Get(id)
	if err != nil {
		return nil, err
	}
	s, ok := r.(*model.Session)
	if !ok || s.Meta.Deleted {
		return nil, fmt.Errorf("%w: %s is not a speed-dating session", app.ErrInvalid, id)
	}
	return s, nil
}

// SessionOfEvent returns the (first made) live session of an event, or
// ErrNoSession.
func SessionOfEvent(d *app.Directory, eventID string) (*model.Session, error) {
	if _, err := event(d, eventID); err != nil {
		return nil, err
	}
	ss, err := listOf[*model.Session](d, "session")
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		if s.Event == eventID {
			return s, nil
		}
	}
	return nil, ErrNoSession
}

// ViewSession gathers session id's event, participants, wishes and
// meetings.
func ViewSession(d *app.Directory, id string) (SessionView, error) {
	s, err := session(d, id)
	if err != nil {
		return SessionView{}, err
	}
	ev, err := event(d, s.Event)
	if err != nil {
		return SessionView{}, err
	}
	v := SessionView{Session: *s, Event: *ev, Participants: []SessionParticipant{}, Wishes: []model.Wish{}, Meetings: []model.Meeting{}, Links: map[string]string{}}
	parts, err := listOf[*model.Participation](d, "participation")
	if err != nil {
		return v, err
	}
	seen := map[string]bool{}
	for _, p := range parts {
		if p.Event != s.Event || p.Actor == "" || seen[p.Actor] {
			continue
		}
		a, err := d.Actor(p.Actor)
		if err != nil || a.Meta.Deleted {
			continue
		}
		seen[p.Actor] = true
		v.Participants = append(v.Participants, SessionParticipant{Actor: a.ID, Name: a.Name, Country: a.Country,
			Languages: append([]string{}, a.Languages...), Participation: p.ID, Status: p.Status})
	}
	slices.SortFunc(v.Participants, func(x, y SessionParticipant) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Actor, y.Actor))
	})
	wishes, err := listOf[*model.Wish](d, "wish")
	if err != nil {
		return v, err
	}
	for _, w := range wishes {
		if w.Session == id {
			v.Wishes = append(v.Wishes, *w)
		}
	}
	meetings, err := listOf[*model.Meeting](d, "meeting")
	if err != nil {
		return v, err
	}
	for _, m := range meetings {
		if m.Session == id && m.Status != "dropped" {
			v.Meetings = append(v.Meetings, *m)
			if s.Virtual {
				if l := forum.RoomLink(s.RoomBase, s.ID, m.A, m.B); l != "" {
					v.Links[m.ID] = l
				}
			}
		}
	}
	slices.SortFunc(v.Meetings, func(x, y model.Meeting) int {
		return cmp.Or(cmp.Compare(x.Round, y.Round), cmp.Compare(x.Table, y.Table))
	})
	return v, nil
}

// SessionParticipants lists the actors registered for event eventID, by
// name.
func SessionParticipants(d *app.Directory, eventID string) ([]SessionParticipant, error) {
	out := []SessionParticipant{}
	parts, err := listOf[*model.Participation](d, "participation")
	if err != nil {
		return out, err
	}
	seen := map[string]bool{}
	for _, p := range parts {
		if p.Event != eventID || p.Actor == "" || seen[p.Actor] {
			continue
		}
		a, err := d.Actor(p.Actor)
		if err != nil || a.Meta.Deleted {
			continue
		}
		seen[p.Actor] = true
		out = append(out, SessionParticipant{Actor: a.ID, Name: a.Name, Country: a.Country,
			Languages: append([]string{}, a.Languages...), Participation: p.ID, Status: p.Status})
	}
	slices.SortFunc(out, func(x, y SessionParticipant) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Actor, y.Actor))
	})
	return out, nil
}

// suggestions proposes pairs among the participants from offers/needs
// matchmaking: each participant's best three across borders.
func suggestions(ps []SessionParticipant, actors map[string]*model.Actor) []forum.Pair {
	profiles := make([]match.Profile, 0, len(ps))
	for _, p := range ps {
		profiles = append(profiles, profileOf(actors[p.Actor]))
	}
	corpus := match.NewCorpus(profiles)
	var out []forum.Pair
	seen := map[[2]string]bool{}
	for _, pr := range profiles {
		for _, s := range corpus.Suggest(pr, 3) {
			k := [2]string{min(pr.ID, s.ID), max(pr.ID, s.ID)}
			if !seen[k] {
				seen[k] = true
				out = append(out, forum.Pair{A: pr.ID, B: s.ID})
			}
		}
	}
	return out
}

// PlanResult is what planning a session gives: the new view, the pairs left
// out and the figures.
type PlanResult struct {
	View     SessionView      `json:"view"`
	Unplaced []forum.Unplaced `json:"unplaced"`
	Stats    forum.Stats      `json:"stats"`
}

// PlanSession plans session id from round from (1-based; 1 plans it all)
// and stores the plan as meeting records. The meetings of earlier rounds
// stay as they are. When re-planning (from > 1), only checked-in
// participants (attended) are placed: late arrivals are checked in first,
// no-shows left out. Each pair's meeting record keeps its id across plans,
// so two offices planning the same input write the same records.
func PlanSession(d *app.Directory, id string, from int) (PlanResult, error) {
	v, err := ViewSession(d, id)
	if err != nil {
		return PlanResult{}, err
	}
	s := v.Session
	if from < 1 || from > s.Rounds+1 {
		return PlanResult{}, fmt.Errorf("%w: round %d is not between 1 and %d", app.ErrInvalid, from, s.Rounds)
	}
	in, err := planInput(d, v, from)
	if err != nil {
		return PlanResult{}, err
	}
	existing, err := sessionMeetings(d, id)
	if err != nil {
		return PlanResult{}, err
	}
	for _, mid := range slices.Sorted(maps.Keys(existing)) { // in id order, as the planner is deterministic
		if m := existing[mid]; m.Status != "dropped" && m.Round >= 1 && m.Round < from {
			in.Held = append(in.Held, forum.Meeting{Round: m.Round - 1, Table: m.Table - 1, A: m.A, B: m.B,
				Priority: priorityOf(m.Priority), Interpreter: m.Interpreter})
		}
	}
	plan, err := forum.Make(in)
	if err != nil {
		return PlanResult{}, fmt.Errorf("%w: %w", app.ErrInvalid, err)
	}
	batch, err := planRecords(d, id, from, plan, existing)
	if err != nil {
		return PlanResult{}, err
	}
	if _, err := d.PutMany(batch); err != nil {
		return PlanResult{}, err
	}
	nv, err := ViewSession(d, id)
	if err != nil {
		return PlanResult{}, err
	}
	return PlanResult{View: nv, Unplaced: plan.Unplaced, Stats: forum.Summarize(in, plan)}, nil
}

// planInput is what the planner needs of session view v, planning from
// round from: the participants (absent when they cancelled, did not come,
// or are not checked in for a plan made during the session), the wishes
// and the matchmaking suggestions.
func planInput(d *app.Directory, v SessionView, from int) (forum.Input, error) {
	s := v.Session
	in := forum.Input{Rounds: s.Rounds, Tables: s.Tables, From: from - 1}
	actors := map[string]*model.Actor{}
	for _, p := range v.Participants {
		a, err := d.Actor(p.Actor)
		if err != nil {
			return in, err
		}
		actors[p.Actor] = a
		fp := forum.Participant{ID: p.Actor, Country: p.Country, Languages: p.Languages}
		switch {
		case p.Status == "no-show" || p.Status == "cancelled":
			fp.Absent = true
		case from > 1 && p.Status != "attended":
			fp.Absent = true // not checked in yet
		}
		in.Participants = append(in.Participants, fp)
	}
	for _, w := range v.Wishes {
		in.Wishes = append(in.Wishes, forum.Wish{From: w.From, To: w.To, Avoid: w.Avoid, Interpreter: w.Interpreter})
	}
	in.Suggestions = suggestions(v.Participants, actors)
	return in, nil
}

// sessionMeetings returns the meetings of session id by id, deleted ones
// included.
func sessionMeetings(d *app.Directory, id string) (map[string]*model.Meeting, error) {
	all, err := listOf[*model.Meeting](d, "meeting")
	if err != nil {
		return nil, err
	}
	existing := map[string]*model.Meeting{}
	for _, m := range all {
		if m.Session == id {
			existing[m.ID] = m
		}
	}
	return existing, nil
}

// planRecords turns the plan's meetings from round from on into records
// (restoring a deleted meeting of the same pair), and drops the planned
// meetings of existing the plan no longer holds; in id order.
func planRecords(d *app.Directory, id string, from int, plan forum.Plan, existing map[string]*model.Meeting) ([]model.Record, error) {
	var batch []model.Record
	placed := map[string]bool{}
	for _, m := range plan.Meetings() {
		if m.Round < from-1 {
			continue
		}
		rec := &model.Meeting{ID: model.MeetingID(id, m.A, m.B), Session: id, A: m.A, B: m.B, Round: m.Round + 1, Table: m.Table + 1,
			Priority: m.Priority.String(), Interpreter: m.Interpreter, Status: "planned"}
		if rec.B < rec.A {
			rec.A, rec.B = rec.B, rec.A
		}
		placed[rec.ID] = true
		if old := existing[rec.ID]; old != nil && old.Meta.Deleted {
			if err := d.Restore(rec.ID); err != nil {
				return nil, err
			}
		}
		batch = append(batch, rec)
	}
	for mid, m := range existing {
		if !placed[mid] && m.Status == "planned" && m.Round >= from {
			old := *m
			old.Status, old.Meta = "dropped", model.Meta{}
			batch = append(batch, &old)
		}
	}
	slices.SortFunc(batch, func(x, y model.Record) int { return cmp.Compare(model.IDOf(x), model.IDOf(y)) })
	return batch, nil
}

func priorityOf(s string) forum.Priority {
	for _, p := range []forum.Priority{forum.Mutual, forum.OneSided, forum.Suggested} {
		if p.String() == s {
			return p
		}
	}
	return forum.Suggested
}

// RecordMeeting records whether meeting id took place and what came of it.
// An outcome of cooperate or continue makes (or updates) a collaborated link
// between the two actors for the event's year, continuing for continue, so
// the network graph and the RCO87/RCR84 indicators count it. Its id comes
// from the meeting's, so two desks recording the same outcome make one link.
func RecordMeeting(d *app.Directory, id, status, outcome, note string) (model.Meeting, error) {
	r, err := d.Get(id)
	if err != nil {
		return model.Meeting{}, err
	}
	m, ok := r.(*model.Meeting)
	if !ok {
		return model.Meeting{}, fmt.Errorf("%w: %s is not a meeting", app.ErrInvalid, id)
	}
	if outcome != "" && status != "held" {
		return model.Meeting{}, fmt.Errorf("%w: only a meeting that was held has an outcome", app.ErrInvalid)
	}
	s, err := session(d, m.Session)
	if err != nil {
		return model.Meeting{}, err
	}
	ev, err := event(d, s.Event)
	if err != nil {
		return model.Meeting{}, err
	}
	m.Status, m.Outcome, m.Note, m.Meta = status, outcome, note, model.Meta{}
	batch := []model.Record{m}
	if outcome == "cooperate" || outcome == "continue" {
		sum := sha256.Sum256([]byte("meeting-link\x00" + m.ID))
		l := &model.Link{ID: "l" + hex.EncodeToString(sum[:15]), From: m.A, To: m.B, Type: "collaborated", Continuing: outcome == "continue",
			Note: "Speed dating: " + ev.Title}
		if y, err := strconv.Atoi(ev.Start[:min(4, len(ev.Start))]); err == nil {
			l.Years = []int{y}
		}
		if old, err := d.Get(l.ID); err == nil && model.MetaOf(old).Deleted {
			if err := d.Restore(l.ID); err != nil {
				return model.Meeting{}, err
			}
		}
		m.Link = l.ID
		batch = append(batch, l)
	} else if m.Link != "" {
		if old, err := d.Get(m.Link); err == nil && !model.MetaOf(old).Deleted {
			if err := d.Delete(m.Link); err != nil {
				return model.Meeting{}, err
			}
		}
		m.Link = ""
	}
	if _, err := d.PutMany(batch); err != nil {
		return model.Meeting{}, err
	}
	saved, err := d.Get(id)
	if err != nil {
		return model.Meeting{}, err
	}
	return *saved.(*model.Meeting), nil
}

// SessionSheets prints session id: the organiser's sheet and table plans
// in lang, and each participant's agenda in the first of their languages
// the sheets speak (English otherwise).
func SessionSheets(d *app.Directory, id, lang string) ([]byte, error) {
	v, err := ViewSession(d, id)
	if err != nil {
		return nil, err
	}
	if !model.IsLanguage(lang) {
		lang = "en"
	}
	s := v.Session
	in := sheets.Input{Event: v.Event.Title, Date: v.Event.Start, Lang: lang, Rounds: s.Rounds, RoundMinutes: s.RoundMinutes,
		Start: s.Start, Breaks: s.Breaks, BreakMinutes: s.BreakMinutes, Virtual: s.Virtual}
	for _, p := range v.Participants {
		pl := "en"
		for _, l := range p.Languages {
			if model.IsLanguage(l) {
				pl = l
				break
			}
		}
		in.People = append(in.People, sheets.Person{ID: p.Actor, Name: p.Name, Country: p.Country, Lang: pl})
	}
	for _, m := range v.Meetings {
		if m.Status == "planned" || m.Status == "held" {
			in.Meetings = append(in.Meetings, sheets.Meeting{Round: m.Round, Table: m.Table, A: m.A, B: m.B, Interpreter: m.Interpreter, Link: v.Links[m.ID]})
		}
	}
	return sheets.Write(in)
}
