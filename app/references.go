package app

import (
	"errors"
	"fmt"

	"sbcc/app/model"
)

// MaxListItems bounds the tags, sectors, languages, offers, needs and
// other lists of one record, whatever path it comes in by.
const MaxListItems = 200

// references checks what a record says about other records: that they
// exist, are of the right kind, and make sense together (the author of a
// post is not among those interested in it; an actor registers once for an
// event). It is the one place for these rules, so the CLI, the UI and the
// importers refuse the same things with the same messages. batch holds the
// kinds of the records saved in the same transaction, which may refer to
// each other.
func (d *Directory) references(r model.Record, batch map[string]string) error {
	c := &refCheck{d: d, batch: batch}
	switch v := r.(type) {
	case *model.Actor:
		c.long("tags", len(v.Tags))
		c.long("sectors", len(v.Sectors))
		c.long("languages", len(v.Languages))
		c.long("offers", len(v.Offers))
		c.long("needs", len(v.Needs))
		c.long("social", len(v.Social))
		c.long("nace", len(v.NACE))
	case *model.Link:
		c.exists("from", v.From, "actor")
		c.exists("to", v.To, "actor")
	case *model.Event:
		if v.Locality != "" {
			c.exists("locality", v.Locality, "locality")
		}
		c.long("organisers", len(v.Organisers))
		for _, o := range v.Organisers {
			c.exists("organisers", o, "actor")
		}
	case *model.Participation:
		if err := c.participation(v); err != nil {
			return err
		}
	case *model.Post:
		c.exists("actor", v.Actor, "actor")
		c.long("interested", len(v.Interested))
		for _, a := range v.Interested {
			if a == v.Actor {
				c.p = append(c.p, model.NewProblem("actor", model.CodeOwnPost, "the author of a post cannot be interested in it"))
			}
			c.exists("interested", a, "actor")
		}
	case *model.Consent:
		c.exists("subject", v.Subject, "actor")
	}
	return c.p.Err()
}

// refCheck gathers the problems of one record's references.
type refCheck struct {
	d     *Directory
	batch map[string]string // id → kind of the records saved with it
	p     model.Problems
}

// exists checks that id, in field, is a record of kind: saved with it, or
// stored already.
func (c *refCheck) exists(field, id, kind string) {
	if id == "" {
		return
	}
	wrong := func(is string) {
		c.p = append(c.p, model.NewProblem(field, model.CodeWrongKind, fmt.Sprintf("%s is a %s, not a %s", id, is, kind), "value", id, "is", is, "kind", kind))
	}
	if k, ok := c.batch[id]; ok {
		if k != kind {
			wrong(k)
		}
		return
	}
	got, err := c.d.Get(id)
	switch {
	case errors.Is(err, ErrNotFound) && kind == "actor":
		c.p = append(c.p, model.NewProblem(field, model.CodeUnknownActor, fmt.Sprintf("there is no actor %s", id), "value", id))
	case errors.Is(err, ErrNotFound) && kind == "locality":
		c.p = append(c.p, model.NewProblem(field, model.CodeLocality, fmt.Sprintf("%q is not a known locality", id), "value", id))
	case errors.Is(err, ErrNotFound):
		c.p = append(c.p, model.NewProblem(field, model.CodeNoSuchRecord, fmt.Sprintf("there is no %s %s", kind, id), "value", id, "kind", kind))
	case err != nil:
		c.p = append(c.p, model.NewProblem(field, model.CodeNoSuchRecord, err.Error(), "value", id, "kind", kind))
	default:
		if k, _ := model.KindOf(got); k.Name != kind {
			wrong(k.Name)
		}
	}
}

// long checks that a list in field has at most MaxListItems entries.
func (c *refCheck) long(field string, n int) {
	if n > MaxListItems {
		c.p = append(c.p, model.NewProblem(field, model.CodeTooMany, fmt.Sprintf("has %d entries; at most %d are kept per record", n, MaxListItems),
			"n", fmt.Sprint(n), "max", fmt.Sprint(MaxListItems)))
	}
}

// participation checks a registration's event and actor, and that a new
// one is the actor's only active registration for the event.
func (c *refCheck) participation(v *model.Participation) error {
	c.exists("event", v.Event, "event")
	c.exists("actor", v.Actor, "actor")
	if v.Actor == "" || v.Status == "cancelled" || c.d.stored(v.ID) {
		return nil
	}
	dup, err := c.d.registered(v)
	if err != nil {
		return err
	}
	if dup {
		c.p = append(c.p, model.NewProblem("actor", model.CodeRegistered, "is already registered for this event"))
	}
	return nil
}

// stored reports whether a record with id is saved already (an update,
// not a new record).
func (d *Directory) stored(id string) bool {
	if id == "" {
		return false
	}
	_, err := d.store.Find(id)
	return err == nil
}

// registered reports whether another active registration of p's actor for
// p's event exists. Only new registrations are checked: records that came
// in duplicated from elsewhere stay editable.
func (d *Directory) registered(p *model.Participation) (bool, error) {
	s, err := d.Snapshot("participation")
	if err != nil {
		return false, err
	}
	for _, q := range ListOf[*model.Participation](s, "participation") {
		if q.ID != p.ID && q.Event == p.Event && q.Actor == p.Actor && q.Status != "cancelled" {
			return true, nil
		}
	}
	return false, nil
}
