package network

import (
	"fmt"
	"sort"

	"sbcc/app"
	"sbcc/app/model"
)

// Attendee is one line of an event's check-in list.
type Attendee struct {
	Participation *model.Participation `json:"participation"`
	// Name is the actor's name, or the person's.
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
}

// CheckInList returns the registrations of an event, by name, for the
// check-in desk.
func CheckInList(d *app.Directory, eventID string) ([]Attendee, error) {
	if _, err := event(d, eventID); err != nil {
		return nil, err
	}
	parts, err := cached[*model.Participation](d, "participation")
	if err != nil {
		return nil, err
	}
	var out []Attendee
	for _, p := range parts {
		if p.Event != eventID {
			continue
		}
		a := Attendee{Participation: p, Name: p.Person}
		if p.Actor != "" {
			if actor, err := d.Actor(p.Actor); err == nil {
				a.Name, a.Country = actor.Name, actor.Country
			}
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func event(d *app.Directory, id string) (*model.Event, error) {
	r, err := d.Get(id)
	if err != nil {
		return nil, err
	}
	e, ok := r.(*model.Event)
	if !ok {
		return nil, fmt.Errorf("%s is not an event", id)
	}
	return e, nil
}

// setAttendance records the status of a participation: registered,
// attended, no-show or cancelled.
func setAttendance(d *app.Directory, participationID, status string) error {
	r, err := d.Get(participationID)
	if err != nil {
		return err
	}
	p, ok := r.(*model.Participation)
	if !ok {
		return fmt.Errorf("%s is not a participation", participationID)
	}
	p.Status = status
	_, err = d.Put(p)
	return err
}

// ActorActivity is what an actor's profile shows of its network.
type ActorActivity struct {
	Links  []*model.Link  `json:"links"`
	Events []*model.Event `json:"events"`
	Posts  []*model.Post  `json:"posts"`
}

// ActivityOf returns the links, events (organised or taken part in) and posts
// of the actor with id.
func ActivityOf(d *app.Directory, id string) (ActorActivity, error) {
	var out ActorActivity
	if _, err := d.Actor(id); err != nil {
		return out, err
	}
	links, err := cached[*model.Link](d, "link")
	if err != nil {
		return out, err
	}
	for _, l := range links {
		if l.From == id || l.To == id {
			out.Links = append(out.Links, l)
		}
	}
	parts, err := cached[*model.Participation](d, "participation")
	if err != nil {
		return out, err
	}
	mine := map[string]bool{}
	for _, p := range parts {
		if p.Actor == id {
			mine[p.Event] = true
		}
	}
	events, err := cached[*model.Event](d, "event")
	if err != nil {
		return out, err
	}
	for _, e := range events {
		organiser := false
		for _, o := range e.Organisers {
			organiser = organiser || o == id
		}
		if organiser || mine[e.ID] {
			out.Events = append(out.Events, e)
		}
	}
	posts, err := cached[*model.Post](d, "post")
	if err != nil {
		return out, err
	}
	for _, p := range posts {
		if p.Actor == id {
			out.Posts = append(out.Posts, p)
		}
	}
	return out, nil
}
