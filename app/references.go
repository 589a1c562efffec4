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
	var p model.Problems
	exists := func(field, id, kind string) {
		if id == "" {
			return
		}
		wrong := func(is string) {
			p = append(p, model.NewProblem(field, model.CodeWrongKind, fmt.Sprintf("%s is a %s, not a %s", id, is, kind), "value", id, "is", is, "kind", kind))
		}
		if k, ok := batch[id]; ok {
			if k != kind {
				wrong(k)
			}
			return
		}
		got, err := d.Get(id)
		switch {
		case errors.Is(err, ErrNotFound) && kind == "actor":
			p = append(p, model.NewProblem(field, model.CodeUnknownActor, fmt.Sprintf("there is no actor %s", id), "value", id))
		case errors.Is(err, ErrNotFound) && kind == "locality":
			p = append(p, model.NewProblem(field, model.CodeLocality, fmt.Sprintf("%q is not a known locality", id), "value", id))
		case errors.Is(err, ErrNotFound):
			p = append(p, model.NewProblem(field, model.CodeNoSuchRecord, fmt.Sprintf("there is no %s %s", kind, id), "value", id, "kind", kind))
		case err != nil:
			p = append(p, model.NewProblem(field, model.CodeNoSuchRecord, err.Error(), "value", id, "kind", kind))
		default:
			if k, _ := model.KindOf(got); k.Name != kind {
				wrong(k.Name)
			}
		}
	}
	long := func(field string, n int) {
		if n > MaxListItems {
			p = append(p, model.NewProblem(field, model.CodeTooMany, fmt.Sprintf("has %d entries; at most %d are kept per record", n, MaxListItems),
				"n", fmt.Sprint(n), "max", fmt.Sprint(MaxListItems)))
		}
	}
	switch v := r.(type) {
	case *model.Actor:
		long("tags", len(v.Tags))
		long("sectors", len(v.Sectors))
		long("languages", len(v.Languages))
		long("offers", len(v.Offers))
		long("needs", len(v.Needs))
		long("social", len(v.Social))
		long("nace", len(v.NACE))
	case *model.Link:
		exists("from", v.From, "actor")
		exists("to", v.To, "actor")
	case *model.Event:
		if v.Locality != "" {
			exists("locality", v.Locality, "locality")
		}
		long("organisers", len(v.Organisers))
		for _, o := range v.Organisers {
			exists("organisers", o, "actor")
		}
	case *model.Participation:
		exists("event", v.Event, "event")
		exists("actor", v.Actor, "actor")
		if v.Actor != "" && v.Status != "cancelled" && !d.stored(v.ID) {
			if dup, err := d.registered(v); err != nil {
				return err
			} else if dup {
				p = append(p, model.NewProblem("actor", model.CodeRegistered, "is already registered for this event"))
			}
		}
	case *model.Post:
		exists("actor", v.Actor, "actor")
		long("interested", len(v.Interested))
		for _, a := range v.Interested {
			if a == v.Actor {
				p = append(p, model.NewProblem("actor", model.CodeOwnPost, "the author of a post cannot be interested in it"))
			}
			exists("interested", a, "actor")
		}
	case *model.Consent:
		exists("subject", v.Subject, "actor")
	}
	return p.Err()
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
