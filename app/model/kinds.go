package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/oklog/ulid/v2"
)

// Record is what every record type of the directory implements.
type Record interface {
	// Validate returns Problems, or nil when the record is valid.
	Validate() error
}

// Kind describes one record type.
type Kind struct {
	// Name is the kind's name in the store and on the CLI ("actor").
	Name string
	// New returns a pointer to a zero record of the kind.
	New func() Record
	// personal is the set of personal-data field names.
	personal map[string]bool
	fields   []string
	types    map[string]reflect.Type
}

// Fields returns the names of the kind's replicated fields.
func (k Kind) Fields() []string { return k.fields }

// Personal reports whether field holds personal data.
func (k Kind) Personal(field string) bool { return k.personal[field] }

// Kinds lists every record kind, keyed by name.
var Kinds = buildKinds()

// KindNames are the kinds in display order.
var KindNames = []string{"actor", "link", "event", "participation", "post", "consent", "locality", "session", "wish", "meeting"}

func buildKinds() map[string]Kind {
	kinds := map[string]Kind{}
	for name, fn := range map[string]func() Record{
		"actor": func() Record { return &Actor{} }, "link": func() Record { return &Link{} },
		"event": func() Record { return &Event{} }, "participation": func() Record { return &Participation{} },
		"post": func() Record { return &Post{} }, "consent": func() Record { return &Consent{} },
		"locality": func() Record { return &Locality{} },
		"session":  func() Record { return &Session{} }, "wish": func() Record { return &Wish{} },
		"meeting": func() Record { return &Meeting{} },
	} {
		k := Kind{Name: name, New: fn, personal: map[string]bool{}, types: map[string]reflect.Type{}}
		t := reflect.TypeOf(fn()).Elem()
		for i := range t.NumField() {
			f := t.Field(i)
			jname, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if jname == "id" || jname == "meta" || jname == "" {
				continue
			}
			k.fields = append(k.fields, jname)
			k.types[jname] = f.Type
			if f.Tag.Get("personal") == "true" {
				k.personal[jname] = true
			}
		}
		kinds[name] = k
	}
	return kinds
}

// KindOf returns the kind of a record value.
func KindOf(r Record) (Kind, error) {
	t := reflect.TypeOf(r)
	for _, k := range Kinds {
		if reflect.TypeOf(k.New()) == t {
			return k, nil
		}
	}
	return Kind{}, fmt.Errorf("%T is not a record type", r)
}

// LookupKind returns the kind called name, with an error listing the kinds
// when there is none.
func LookupKind(name string) (Kind, error) {
	k, ok := Kinds[name]
	if !ok {
		return Kind{}, fmt.Errorf("unknown record kind %q; use one of %s", name, strings.Join(KindNames, ", "))
	}
	return k, nil
}

// Schema tells the store which fields hold personal data and which values
// fit a field.
type Schema struct{}

// Fits reports whether value can be the value of field in a record of kind:
// JSON of the field's type, or null (which clears it). Fields and kinds
// this build does not know fit (a newer office may have added them; they
// are kept and ignored). The store applies only fitting values of a change
// from elsewhere, so one change with wrong types cannot break a record.
func (Schema) Fits(kind, field string, value json.RawMessage) bool {
	k, ok := Kinds[kind]
	if !ok {
		return true
	}
	t, ok := k.types[field]
	if !ok {
		return true
	}
	return fits(t, value)
}

// Personal reports whether field of kind holds personal data. Fields of
// unknown kinds are treated as personal, so that an erase errs on the safe side.
func (Schema) Personal(kind, field string) bool {
	k, ok := Kinds[kind]
	if !ok {
		return true
	}
	return k.personal[field]
}

// NewID returns a new record id: a ULID, sortable by creation time.
func NewID() string { return strings.ToLower(ulid.Make().String()) }

// ToFields splits r into its replicated fields. Fields that are empty are
// returned as JSON null, so that writing them clears a previous value.
func ToFields(r Record) (map[string]json.RawMessage, error) {
	k, err := KindOf(r)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(k.fields))
	for _, name := range k.fields {
		if v, ok := all[name]; ok {
			out[name] = v
		} else {
			out[name] = json.RawMessage("null")
		}
	}
	return out, nil
}

// FromFields fills r (a pointer to a record type) from field values and id.
func FromFields(r Record, id string, fields map[string]json.RawMessage) error {
	obj := make(map[string]json.RawMessage, len(fields)+1)
	for k, v := range fields {
		obj[k] = v
	}
	idJSON, _ := json.Marshal(id)
	obj["id"] = idJSON
	raw, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	err = json.Unmarshal(raw, r)
	if err == nil {
		return nil
	}
	// A value of the wrong type (stored before the store checked them):
	// keep the record, without the values that do not fit.
	k, kerr := KindOf(r)
	if kerr != nil {
		return fmt.Errorf("record %s does not fit its kind: %w", id, err)
	}
	var bad []string
	for name, v := range fields {
		if t, ok := k.types[name]; ok && !fits(t, v) {
			delete(obj, name)
			bad = append(bad, name)
		}
	}
	if len(bad) == 0 {
		return fmt.Errorf("record %s does not fit its kind: %w", id, err)
	}
	reflect.ValueOf(r).Elem().SetZero()
	raw, _ = json.Marshal(obj)
	if err := json.Unmarshal(raw, r); err != nil {
		return fmt.Errorf("record %s does not fit its kind: %w", id, err)
	}
	slices.Sort(bad)
	return &BadFieldsError{ID: id, Fields: bad}
}

// BadFieldsError is returned by FromFields for a record that was decoded
// without some of its stored values, which do not fit their fields. The
// record is usable: callers show it, warn, and let staff repair it by
// editing those fields.
type BadFieldsError struct {
	ID     string
	Fields []string
}

func (e *BadFieldsError) Error() string {
	return fmt.Sprintf("record %s has unreadable values in %s; they are left out until someone edits them", e.ID, strings.Join(e.Fields, ", "))
}

// IDOf returns the id of a record value.
func IDOf(r Record) string {
	return reflect.ValueOf(r).Elem().FieldByName("ID").String()
}

// SetID sets the id of a record value.
func SetID(r Record, id string) {
	reflect.ValueOf(r).Elem().FieldByName("ID").SetString(id)
}

// MetaOf returns a pointer to the Meta of a record value, or nil.
func MetaOf(r Record) *Meta {
	f := reflect.ValueOf(r).Elem().FieldByName("Meta")
	if !f.IsValid() {
		return nil
	}
	return f.Addr().Interface().(*Meta)
}
