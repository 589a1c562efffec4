package sync

import (
	"encoding/json"
	"slices"
	"sort"
)

// Value is one value of a field together with the change that wrote it.
type Value struct {
	Value json.RawMessage `json:"v"`
	Stamp Stamp           `json:"s"`
	Seq   uint64          `json:"q"`
	// Seen is kept for lifecycle values only: what a delete had seen, so
	// that edits it had not seen can be shown as conflicts.
	Seen Vector `json:"seen,omitempty"`
}

// Field is the replicated state of one field: the values no change has
// superseded yet (Heads, the winner first) and what the changes that set the
// field had seen (Covered). More than one head is an open conflict.
type Field struct {
	Heads   []Value `json:"heads"`
	Covered Vector  `json:"cov,omitempty"`
}

// Winner returns the winning value of f.
func (f *Field) Winner() Value { return f.Heads[0] }

// add merges value x written by a change that had seen seen.
func (f *Field) add(x Value, seen Vector) {
	if f.Covered == nil && len(seen) > 0 {
		f.Covered = make(Vector, len(seen))
	}
	f.Covered.Merge(seen)
	heads := f.Heads[:0]
	for _, h := range f.Heads {
		if !f.Covered.Covers(h.Stamp.Origin, h.Seq) {
			heads = append(heads, h)
		}
	}
	if !f.Covered.Covers(x.Stamp.Origin, x.Seq) {
		heads = append(heads, x)
	}
	if len(heads) > 1 { // newest first
		slices.SortFunc(heads, func(a, b Value) int { return b.Stamp.compare(a.Stamp) })
	}
	f.Heads = heads
}

// Lifecycle values of a record.
var (
	lifeLive    = json.RawMessage(`"live"`)
	lifeDeleted = json.RawMessage(`"deleted"`)
)

// Record is the replicated state of one record. Every replica that applied
// the same set of changes holds an identical Record, whatever their order.
type Record struct {
	Kind   string            `json:"kind"`
	ID     string            `json:"id"`
	Fields map[string]*Field `json:"fields"`
	// Life holds the deletes and restores; the record is deleted while any
	// head is a delete.
	Life *Field `json:"life,omitempty"`
	// Erased is the stamp of the first erase applied, by stamp order.
	Erased *Stamp `json:"erased,omitempty"`
	// Applied is, per origin, the highest sequence applied to this record.
	Applied Vector `json:"applied"`
	// Created and Updated are the lowest and highest stamps applied.
	Created Stamp `json:"created"`
	Updated Stamp `json:"updated"`
}

// NewRecord returns the empty state of a record.
func NewRecord(kind, id string) *Record {
	return &Record{Kind: kind, ID: id, Fields: map[string]*Field{}, Applied: Vector{}}
}

// Apply merges change c into r and reports whether r changed. personal
// tells which fields of the record's kind hold personal data; it is used
// once the record is erased. Applying a change twice changes nothing.
//
// Changes of one origin must be applied in sequence order, as the store
// does: r remembers only the highest sequence applied per origin.
func (r *Record) Apply(c *Change, personal func(field string) bool) bool {
	if r.Applied.Covers(c.Origin, c.Seq) {
		return false
	}
	r.Applied[c.Origin] = c.Seq
	st := c.Stamp()
	if r.Created == (Stamp{}) || st.Less(r.Created) {
		r.Created = st
	}
	if r.Updated.Less(st) {
		r.Updated = st
	}
	switch c.Op {
	case OpSet:
		if len(r.Fields) == 0 { // a new record: room for every field at once
			r.Fields = make(map[string]*Field, len(c.Fields))
		}
		var fresh []Field // fields new to r, and one head each, in two allocations
		var heads []Value
		for name, v := range c.Fields {
			if r.Erased != nil && personal(name) {
				continue
			}
			f := r.Fields[name]
			if f == nil {
				if fresh == nil {
					fresh, heads = make([]Field, 0, len(c.Fields)), make([]Value, len(c.Fields))
				}
				fresh = append(fresh, Field{Heads: heads[len(fresh) : len(fresh) : len(fresh)+1]})
				f = &fresh[len(fresh)-1]
				r.Fields[name] = f
			}
			f.add(Value{Value: v, Stamp: st, Seq: c.Seq}, c.Seen)
		}
	case OpDelete, OpRestore:
		life := lifeLive
		var seen Vector
		if c.Op == OpDelete {
			life, seen = lifeDeleted, c.Seen.Clone()
		}
		if r.Life == nil {
			r.Life = &Field{}
		}
		r.Life.add(Value{Value: life, Stamp: st, Seq: c.Seq, Seen: seen}, c.Seen)
	case OpErase:
		if r.Erased == nil || st.Less(*r.Erased) {
			r.Erased = &st
		}
		for name := range r.Fields {
			if personal(name) {
				delete(r.Fields, name)
			}
		}
	}
	return true
}

// Deleted reports whether r is deleted (or erased).
func (r *Record) Deleted() bool {
	if r.Erased != nil {
		return true
	}
	if r.Life == nil {
		return false
	}
	for _, h := range r.Life.Heads {
		if string(h.Value) == string(lifeDeleted) {
			return true
		}
	}
	return false
}

// Values returns the winning value of every field that has one, JSON null
// values left out.
func (r *Record) Values() map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(r.Fields))
	r.AddValues(out)
	return out
}

// AddValues puts the values [Record.Values] returns into out.
func (r *Record) AddValues(out map[string]json.RawMessage) {
	for name, f := range r.Fields {
		if len(f.Heads) == 0 {
			continue
		}
		if v := f.Winner().Value; string(v) != "null" {
			out[name] = v
		}
	}
}

// ConflictKind tells the two ways values collide.
type ConflictKind string

// The kinds of conflict.
const (
	// ConcurrentEdits: two offices set a field without seeing each other.
	ConcurrentEdits ConflictKind = "concurrent-edits"
	// EditedAfterDelete: a field was edited elsewhere after the record
	// was deleted here; the delete won, the edit is kept to restore.
	EditedAfterDelete ConflictKind = "edited-after-delete"
)

// Conflict is an open conflict on one field of a record.
type Conflict struct {
	Kind   string       `json:"kind"`
	ID     string       `json:"id"`
	Field  string       `json:"field"`
	Type   ConflictKind `json:"type"`
	Winner Value        `json:"winner"`
	Losers []Value      `json:"losers,omitempty"`
}

// Conflicts returns the open conflicts of r, ordered by field name.
func (r *Record) Conflicts() []Conflict {
	var out []Conflict
	names := make([]string, 0, len(r.Fields))
	for name := range r.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	del := r.deleteHead()
	for _, name := range names {
		f := r.Fields[name]
		if len(f.Heads) > 1 {
			out = append(out, Conflict{Kind: r.Kind, ID: r.ID, Field: name, Type: ConcurrentEdits,
				Winner: f.Heads[0], Losers: append([]Value(nil), f.Heads[1:]...)})
		}
		if h, ok := f.editedAfter(del); ok {
			out = append(out, Conflict{Kind: r.Kind, ID: r.ID, Field: name, Type: EditedAfterDelete,
				Winner: *del, Losers: []Value{h}})
		}
	}
	return out
}

// ConflictCount returns len(r.Conflicts()) without listing them: the store
// counts the conflicts of every record it writes.
func (r *Record) ConflictCount() int {
	n := 0
	del := r.deleteHead()
	for _, f := range r.Fields {
		if len(f.Heads) > 1 {
			n++
		}
		if _, ok := f.editedAfter(del); ok {
			n++
		}
	}
	return n
}

// deleteHead returns the delete that keeps r deleted, nil when r is not
// deleted (or erased: an erased record has no conflicts to settle).
func (r *Record) deleteHead() *Value {
	if r.Erased != nil || !r.Deleted() {
		return nil
	}
	for i := range r.Life.Heads {
		if string(r.Life.Heads[i].Value) == string(lifeDeleted) {
			return &r.Life.Heads[i]
		}
	}
	return nil
}

// editedAfter returns a head of f that the delete del had not seen.
func (f *Field) editedAfter(del *Value) (Value, bool) {
	if del == nil {
		return Value{}, false
	}
	for _, h := range f.Heads {
		if !del.Seen.Covers(h.Stamp.Origin, h.Seq) {
			return h, true
		}
	}
	return Value{}, false
}

// Seen returns what a new local change of r has seen: every change applied
// to r so far. It becomes the change's Seen vector.
func (r *Record) Seen() Vector { return r.Applied.Clone() }
