package records

import (
	"slices"
	"strings"

	"sbcc/app"
	"sbcc/app/model"
)

// DeletedRecord is a record that was deleted (not erased) and can be
// restored, as the Deleted list of the Data screen shows it.
type DeletedRecord struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Name is the actor's name, the event's or post's title, or for a link
	// the names of its two actors.
	Name string `json:"name"`
	// Updated is when it was deleted (its last change), RFC 3339.
	Updated string `json:"updated"`
	// Office is the office the record came from, when known.
	Office string `json:"office,omitempty"`
}

// maxDeleted bounds DeletedRecords: the newest first.
const maxDeleted = 500

// DeletedRecords lists the deleted actors, links, events and posts, newest
// first (at most 500), for restoring them. Erased records are gone for
// good and are not listed.
func DeletedRecords(d *app.Directory) ([]DeletedRecord, error) {
	out := []DeletedRecord{}
	names := map[string]string{}
	for _, kind := range []string{"actor", "event", "post", "link"} {
		rs, err := d.List(kind, app.ListOptions{Deleted: true})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			var m model.Meta
			var id, name string
			switch v := r.(type) {
			case *model.Actor:
				names[v.ID] = v.Name
				m, id, name = v.Meta, v.ID, v.Name
			case *model.Event:
				m, id, name = v.Meta, v.ID, v.Title
			case *model.Post:
				m, id, name = v.Meta, v.ID, v.Title
			case *model.Link:
				m, id, name = v.Meta, v.ID, nameOr(names, v.From)+" – "+nameOr(names, v.To)
			}
			if !m.Deleted || m.Erased {
				continue
			}
			office := m.Office
			if office == m.Origin {
				office = "" // a node without an office name: its id says nothing
			}
			out = append(out, DeletedRecord{ID: id, Kind: kind, Name: name, Updated: m.Updated, Office: office})
		}
	}
	slices.SortFunc(out, func(x, y DeletedRecord) int { return strings.Compare(y.Updated, x.Updated) })
	return out[:min(len(out), maxDeleted)], nil
}

func nameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}
