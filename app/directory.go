package app

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	stdsync "sync"
	"time"

	gojson "github.com/goccy/go-json"

	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// ErrNotFound is returned when no record has the id asked for.
var ErrNotFound = store.ErrNotFound

// Options configure Open.
type Options struct {
	// Logger receives the directory's log; discarded when nil.
	Logger *slog.Logger
	// Now is the wall clock; time.Now when nil.
	Now func() time.Time
	// NoSync skips fsync on commit: for tests and benchmarks only.
	NoSync bool
	// Sign signs local changes; when nil and the data folder belongs to a
	// network (sbcc/sync/trust's network file), this node's key signs them.
	Sign func(*sbsync.Change) error
	// Upgrade, when set, is told how the upgrade of a store file written by
	// an older sbcc goes (backup first, then each migration).
	Upgrade func(store.UpgradeStep)
}

// Directory is one office's replica of the network's directory.
type Directory struct {
	dir    string
	store  *store.Store
	log    *slog.Logger
	live   *liveCache
	search searchIndex
}

// Open opens the directory kept in the data folder dir, creating it if needed.
func Open(dir string, opts Options) (*Directory, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	st, err := store.Open(dir, store.Options{Schema: model.Schema{}, Now: opts.Now, Logger: opts.Logger, NoSync: opts.NoSync, Sign: opts.Sign, Progress: opts.Upgrade})
	if err != nil {
		return nil, err
	}
	if opts.Sign == nil {
		sign, err := networkSigner(dir, st, opts.Logger)
		if err != nil {
			st.Close()
			return nil, err
		}
		st.SetSigner(sign)
	}
	d := &Directory{dir: dir, store: st, log: opts.Logger, live: newLiveCache(st)}
	d.forgetOnErase()
	return d, nil
}

// LegacyNetworkFile is where Open moves a network file written before node
// ids were derived from keys: its certificates cannot be proved any more,
// so the office founds or joins its network again.
const LegacyNetworkFile = trust.FileName + ".v1.bak"

// networkSigner returns the signing hook of the data folder's network
// file, nil when it belongs to no network. A network file whose identity is
// not this store's (written by an sbcc before ids came from keys) is moved
// aside with a warning.
func networkSigner(dir string, st *store.Store, log *slog.Logger) (func(*sbsync.Change) error, error) {
	f, err := trust.Load(dir)
	if errors.Is(err, trust.ErrNoNetwork) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if f.Self.Valid() && f.Self.Node == st.Node() {
		return f.Self.Sign, nil
	}
	if err := os.Rename(filepath.Join(dir, trust.FileName), filepath.Join(dir, LegacyNetworkFile)); err != nil {
		return nil, fmt.Errorf("set aside the old network file: %w", err)
	}
	log.Warn("the network file was made by an older sbcc and cannot prove this node's identity: it was set aside; found or join the network again (sbcc network init / join)",
		"old", LegacyNetworkFile, "network", f.Network)
	return nil, nil
}

// Close closes the directory's files.
func (d *Directory) Close() error {
	return errors.Join(d.closeIndex(), d.store.Close())
}

// Dir returns the data folder.
func (d *Directory) Dir() string { return d.dir }

// Store returns the underlying replica, for the sync node and the index.
func (d *Directory) Store() *store.Store { return d.store }

// Log returns the directory's logger, for the services over it.
func (d *Directory) Log() *slog.Logger { return d.log }

// Office returns the name of this node's office, "" until one is set.
func (d *Directory) Office() string {
	offices, err := d.store.Offices()
	if err != nil {
		return ""
	}
	return offices[d.store.Node()]
}

// SetOffice names this node's office.
func (d *Directory) SetOffice(name string) error {
	if name == "" {
		return errors.New("the office name is empty")
	}
	return d.store.SetOffice(d.store.Node(), name)
}

// Put validates r and saves it: a new record when its id is empty (the new
// id is set on r and returned), else an update of the fields that changed.
func (d *Directory) Put(r model.Record) (string, error) {
	ids, err := d.PutMany([]model.Record{r})
	if err != nil {
		return "", err
	}
	return ids[0], nil
}

// PutMany validates and saves records in one transaction: all or none.
func (d *Directory) PutMany(rs []model.Record) ([]string, error) {
	edits := make([]store.Edit, 0, len(rs))
	ids := make([]string, len(rs))
	for i, r := range rs {
		k, err := model.KindOf(r)
		if err != nil {
			return nil, err
		}
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("%s is not valid: %w", k.Name, err)
		}
		id := model.IDOf(r)
		if id == "" {
			id = model.NewID()
			model.SetID(r, id)
		}
		fields, err := model.ToFields(r)
		if err != nil {
			return nil, err
		}
		edits = append(edits, store.Edit{Kind: k.Name, ID: id, Op: sbsync.OpSet, Fields: fields})
		ids[i] = id
	}
	batch := make(map[string]string, len(edits))
	for _, e := range edits {
		batch[e.ID] = e.Kind
	}
	for i, r := range rs {
		if err := d.references(r, batch); err != nil {
			return nil, fmt.Errorf("%s is not valid: %w", edits[i].Kind, err)
		}
	}
	if _, err := d.store.Commit(edits...); err != nil {
		return nil, err
	}
	return ids, nil
}

// PutJSON decodes one record of kind from JSON and saves it.
func (d *Directory) PutJSON(kind string, raw []byte) (string, error) {
	k, err := model.LookupKind(kind)
	if err != nil {
		return "", err
	}
	r := k.New()
	if err := json.Unmarshal(raw, r); err != nil {
		return "", fmt.Errorf("the %s is not valid JSON for its kind: %w", kind, err)
	}
	return d.Put(r)
}

// CheckID refuses what cannot be a record id: an empty one (a problem at
// the id field) or one too long or with a slash or NUL in it.
func CheckID(id string) error {
	if id == "" {
		return model.One("id", model.CodeRequired, "an id is required")
	}
	if len(id) > 64 || strings.ContainsAny(id, "/\x00") {
		return fmt.Errorf("%w: %q is not a record id", ErrInvalid, id)
	}
	return nil
}

// Get returns the record with id, of whatever kind, deleted ones included.
func (d *Directory) Get(id string) (model.Record, error) {
	rec, err := d.store.Find(id)
	if errors.Is(err, store.ErrNotFound) {
		if l, ok := model.LocalityByID(id); ok {
			return &l, nil
		}
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	return d.decode(rec, d.Offices())
}

// Actor returns the actor with id.
func (d *Directory) Actor(id string) (*model.Actor, error) {
	r, err := d.Get(id)
	if err != nil {
		return nil, err
	}
	a, ok := r.(*model.Actor)
	if !ok {
		return nil, fmt.Errorf("%s is not an actor", id)
	}
	return a, nil
}

// Offices returns the office name of every known node: those recorded in
// the store and the network's members; decode takes it so that listing many
// records reads it once.
func (d *Directory) Offices() map[sbsync.NodeID]string {
	o, err := d.store.Offices()
	if err != nil {
		d.log.Warn("cannot read office names", "err", err)
	}
	if f, err := trust.Load(d.dir); err == nil {
		for _, m := range f.Notices.Members {
			if o[m.Node] == "" {
				o[m.Node] = m.Office
			}
		}
	}
	return o
}

// decode turns a replicated record into its domain value with Meta filled.
func (d *Directory) decode(rec *sbsync.Record, offices map[sbsync.NodeID]string) (model.Record, error) {
	k, err := model.LookupKind(rec.Kind)
	if err != nil {
		return nil, err
	}
	r := k.New()
	if err := model.FromFields(r, rec.ID, rec.Values()); err != nil {
		var bad *model.BadFieldsError
		if !errors.As(err, &bad) {
			return nil, err
		}
		d.log.Warn("record read without values that do not fit", "err", err)
	}
	if m := model.MetaOf(r); m != nil {
		*m = model.Meta{
			Created:   rec.Created.HLC.Time().Format(time.RFC3339),
			Updated:   rec.Updated.HLC.Time().Format(time.RFC3339),
			Origin:    string(rec.Created.Origin),
			Office:    officeOf(offices, rec.Created.Origin),
			Deleted:   rec.Deleted(),
			Erased:    rec.Erased != nil,
			Conflicts: rec.ConflictCount(),
		}
	}
	return r, nil
}

func officeOf(offices map[sbsync.NodeID]string, node sbsync.NodeID) string {
	if o := offices[node]; o != "" {
		return o
	}
	return string(node)
}

// ListOptions narrow List.
type ListOptions struct {
	// Deleted includes deleted and erased records.
	Deleted bool
}

// List returns the records of kind, in id (creation) order. Localities
// include the built-in ones first.
func (d *Directory) List(kind string, opts ListOptions) ([]model.Record, error) {
	k, err := model.LookupKind(kind)
	if err != nil {
		return nil, err
	}
	return d.listWith(kind, opts, decoderOf(k))
}

// decoderOf decodes stored views of kind k, with the faster JSON decoder.
func decoderOf(k model.Kind) func(raw []byte) (model.Record, error) {
	return func(raw []byte) (model.Record, error) {
		r := k.New()
		return r, gojson.Unmarshal(raw, r)
	}
}

// listWith is List with the records decoded by decode.
func (d *Directory) listWith(kind string, opts ListOptions, decode func(raw []byte) (model.Record, error)) ([]model.Record, error) {
	var out []model.Record
	offices := d.Offices()
	if kind == "locality" {
		for _, l := range model.Localities {
			out = append(out, &l)
		}
	}
	// Decoding is most of the cost of listing thousands of records: decode
	// on every core, with a faster decoder than encoding/json's.
	var decoded []model.Record
	var mu stdsync.Mutex
	n, err := d.store.DecodeViews(kind, runtime.GOMAXPROCS(0), func(i int, id string, raw []byte) error {
		r, err := decode(raw)
		if err != nil {
			// A record stored with values of the wrong type: read it value
			// by value, without those, or skip it; never fail the list.
			if r, err = d.Get(id); err != nil {
				d.log.Warn("record skipped: it cannot be read", "kind", kind, "id", id, "err", err)
				r = nil
			}
		}
		mu.Lock()
		if len(decoded) <= i {
			decoded = append(decoded, make([]model.Record, i+1-len(decoded)+1024)...)
		}
		decoded[i] = r
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range decoded[:n] {
		if r == nil {
			continue
		}
		m := model.MetaOf(r)
		if m.Deleted && !opts.Deleted {
			continue
		}
		m.Office = officeOf(offices, sbsync.NodeID(m.Origin))
		out = append(out, r)
	}
	return out, nil
}

func (d *Directory) lifecycle(id string, op sbsync.Op) error {
	rec, err := d.store.Find(id)
	if err != nil {
		return fmt.Errorf("%w: %s", err, id)
	}
	_, err = d.store.Commit(store.Edit{Kind: rec.Kind, ID: id, Op: op})
	return err
}

// Delete deletes the record with id. It can be restored.
func (d *Directory) Delete(id string) error { return d.lifecycle(id, sbsync.OpDelete) }

// Restore undoes the deletes of the record with id.
func (d *Directory) Restore(id string) error { return d.lifecycle(id, sbsync.OpRestore) }

// Erase erases the record with id for good (GDPR): its personal data is
// removed here and on every office that receives the erase.
func (d *Directory) Erase(id string) error { return d.lifecycle(id, sbsync.OpErase) }

// Hash returns the hex digest of the replicated state.
func (d *Directory) Hash() (string, error) {
	h, err := d.store.Hash()
	return hex.EncodeToString(h), err
}

// Conflict is an open conflict as shown to staff.
type Conflict struct {
	Kind   string          `json:"kind"`
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	Field  string          `json:"field"`
	Type   string          `json:"type"`
	Winner ConflictValue   `json:"winner"`
	Losers []ConflictValue `json:"losers"`
}

// ConflictValue is one of the values in a conflict, with who wrote it when.
type ConflictValue struct {
	Value  json.RawMessage `json:"value"`
	Office string          `json:"office"`
	Node   string          `json:"node"`
	Time   string          `json:"time"`
}

func conflictValue(offices map[sbsync.NodeID]string, v sbsync.Value) ConflictValue {
	return ConflictValue{Value: v.Value, Office: officeOf(offices, v.Stamp.Origin), Node: string(v.Stamp.Origin),
		Time: v.Stamp.HLC.Time().Format(time.RFC3339)}
}

// Conflicts returns the open conflicts.
func (d *Directory) Conflicts() ([]Conflict, error) {
	cs, err := d.store.Conflicts()
	if err != nil {
		return nil, err
	}
	out := make([]Conflict, 0, len(cs))
	offices := d.Offices()
	for _, c := range cs {
		x := Conflict{Kind: c.Kind, ID: c.ID, Field: c.Field, Type: string(c.Type), Winner: conflictValue(offices, c.Winner)}
		for _, l := range c.Losers {
			x.Losers = append(x.Losers, conflictValue(offices, l))
		}
		if rec, err := d.store.Get(c.Kind, c.ID); err == nil {
			x.Name = displayName(rec)
		}
		out = append(out, x)
	}
	return out, nil
}

// Resolve settles a conflict on field of the record with id by writing
// value, which supersedes every value seen. For an edited-after-delete
// conflict, restore the record first, then resolve.
func (d *Directory) Resolve(id, field string, value json.RawMessage) error {
	rec, err := d.store.Find(id)
	if err != nil {
		return fmt.Errorf("%w: %s", err, id)
	}
	k, err := model.LookupKind(rec.Kind)
	if err != nil {
		return err
	}
	known := false
	for _, f := range k.Fields() {
		known = known || f == field
	}
	if !known {
		return fmt.Errorf("a %s has no field %q", rec.Kind, field)
	}
	if !json.Valid(value) {
		return fmt.Errorf("the value for %s is not valid JSON", field)
	}
	// Forced, so that it also supersedes the losing values when it equals
	// the winner.
	_, err = d.store.Commit(store.Edit{Kind: rec.Kind, ID: id, Op: sbsync.OpSet,
		Fields: map[string]json.RawMessage{field: value}, Force: true})
	return err
}

// HistoryEntry is one change of a record as shown to staff.
type HistoryEntry struct {
	Time   string          `json:"time"`
	Office string          `json:"office"`
	Node   string          `json:"node"`
	Op     string          `json:"op"`
	Fields json.RawMessage `json:"fields,omitempty"`
	// Before holds, for each field the change set, the value it had before
	// (null when it had none), so the history can show old → new.
	Before   json.RawMessage `json:"before,omitempty"`
	Redacted bool            `json:"redacted,omitempty"`
}

// History returns the changes of the record with id, oldest first.
func (d *Directory) History(id string) ([]HistoryEntry, error) {
	rec, err := d.store.Find(id)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, id)
	}
	cs, err := d.store.History(rec.Kind, id)
	if err != nil {
		return nil, err
	}
	out := make([]HistoryEntry, len(cs))
	offices := d.Offices()
	values := map[string]json.RawMessage{}
	for i, c := range cs {
		fields, _ := json.Marshal(c.Fields)
		var before []byte
		if len(c.Fields) == 0 {
			fields = nil
		} else {
			before, _ = json.Marshal(beforeOf(values, c.Fields))
		}
		out[i] = HistoryEntry{Time: c.HLC.Time().Format(time.RFC3339), Office: officeOf(offices, c.Origin), Node: string(c.Origin),
			Op: c.Op.String(), Fields: fields, Before: before, Redacted: c.Redacted}
	}
	return out, nil
}

// displayName returns the name or title of a replicated record.
func displayName(rec *sbsync.Record) string {
	vals := rec.Values()
	for _, f := range []string{"name", "title"} {
		var s string
		if json.Unmarshal(vals[f], &s) == nil && s != "" {
			return s
		}
	}
	return rec.ID
}

// Counts returns the number of live records per kind.
func (d *Directory) Counts() (map[string]int, error) {
	live, err := d.store.LiveCounts()
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(model.KindNames))
	for _, kind := range model.KindNames {
		out[kind] = live[kind]
	}
	return out, nil
}
