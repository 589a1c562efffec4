// Package jsonenc writes the JSON of the replica store's changes and
// records exactly as encoding/json.Marshal writes it, faster.
//
// On a first sync the store writes the JSON of every change, record and
// view it applies: the receiver's largest single cost. The appenders here
// size the buffer once, sort map keys on the stack and copy the strings and
// raw values that need no escaping — nearly all — as they are. Anything
// that needs escaping or compacting is handed to encoding/json itself, so
// the rare cases are right by construction; the store's
// TestCodecMatchesEncodingJSON holds the output to encoding/json's byte for
// byte. Raw values (field values) must be valid JSON, as every applied
// change's are (Change.Validate); only values that need compacting are
// checked.
package jsonenc

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"

	sbsync "sbcc/sync"
)

// AppendChange appends the JSON of c.
func AppendChange(b []byte, c *sbsync.Change) ([]byte, error) {
	var err error
	b = append(b, `{"origin":`...)
	b = AppendString(b, string(c.Origin))
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, c.Seq, 10)
	b = append(b, `,"hlc":`...)
	b = strconv.AppendUint(b, uint64(c.HLC), 10)
	b = append(b, `,"kind":`...)
	b = AppendString(b, c.Kind)
	b = append(b, `,"id":`...)
	b = AppendString(b, c.ID)
	b = append(b, `,"op":`...)
	b = strconv.AppendUint(b, uint64(c.Op), 10)
	var buf [32]string
	names := sortedKeys(buf[:0], c.Fields)
	if len(c.Fields) > 0 {
		b = append(b, `,"fields":{`...)
		for i, k := range names {
			b = appendKey(b, i, k)
			if b, err = appendRaw(b, c.Fields[k]); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	if len(c.Seen) > 0 {
		b = append(b, `,"seen":`...)
		b = appendVector(b, c.Seen)
	}
	if c.Redacted {
		b = append(b, `,"redacted":true`...)
	}
	if len(c.Salt) > 0 {
		b = append(b, `,"salt":`...)
		if !sameKeys(c.Salt, names) { // a salt per field, as signers write them
			names = sortedKeys(buf[:0], c.Salt)
		}
		b = appendBytesMap(b, c.Salt, names)
	}
	if len(c.Hashes) > 0 {
		b = append(b, `,"hashes":`...)
		b = appendBytesMap(b, c.Hashes, sortedKeys(buf[:0], c.Hashes))
	}
	if len(c.Prev) > 0 {
		b = append(b, `,"prev":`...)
		b = appendBase64(b, c.Prev)
	}
	if len(c.Sig) > 0 {
		b = append(b, `,"sig":`...)
		b = appendBase64(b, c.Sig)
	}
	return append(b, '}'), nil
}

// ChangeSize estimates the JSON size of c, for sizing its buffer.
func ChangeSize(c *sbsync.Change) int {
	n := 256 + len(c.Kind) + len(c.ID) + 48*len(c.Seen) + 48*(len(c.Salt)+len(c.Hashes))
	for name, v := range c.Fields {
		n += len(name) + len(v) + 4
	}
	return n
}

// AppendRecordAndView appends the JSON of rec and then the JSON of the
// store's view of rec (see appendView), and returns where the view begins.
// appendMeta appends the JSON of the view's meta.
func AppendRecordAndView(b []byte, rec *sbsync.Record, appendMeta func([]byte) []byte) (out []byte, view int, err error) {
	var buf [32]string
	names := sortedKeys(buf[:0], rec.Fields)
	if b, err = appendRecord(b, rec, names); err != nil {
		return nil, 0, err
	}
	view = len(b)
	b, err = appendView(b, rec, names, appendMeta)
	return b, view, err
}

// appendRecord appends the JSON of rec, whose fields' names are names,
// sorted.
func appendRecord(b []byte, rec *sbsync.Record, names []string) ([]byte, error) {
	var err error
	b = append(b, `{"kind":`...)
	b = AppendString(b, rec.Kind)
	b = append(b, `,"id":`...)
	b = AppendString(b, rec.ID)
	b = append(b, `,"fields":`...)
	if rec.Fields == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '{')
		for i, name := range names {
			b = appendKey(b, i, name)
			if b, err = appendField(b, rec.Fields[name]); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	if rec.Life != nil {
		b = append(b, `,"life":`...)
		if b, err = appendField(b, rec.Life); err != nil {
			return nil, err
		}
	}
	if rec.Erased != nil {
		b = append(b, `,"erased":`...)
		b = appendStamp(b, *rec.Erased)
	}
	b = append(b, `,"applied":`...)
	b = appendVector(b, rec.Applied)
	b = append(b, `,"created":`...)
	b = appendStamp(b, rec.Created)
	b = append(b, `,"updated":`...)
	b = appendStamp(b, rec.Updated)
	return append(b, '}'), nil
}

// RecordSize estimates the JSON size of rec and of its view, for sizing
// their buffer.
func RecordSize(rec *sbsync.Record) int {
	n := 256 + len(rec.Kind) + len(rec.ID) + 48*len(rec.Applied)
	for name, f := range rec.Fields {
		n += 2*len(name) + 16
		for _, h := range f.Heads {
			n += 2*len(h.Value) + 64 + len(h.Stamp.Origin) + 48*len(h.Seen)
		}
		n += 48 * len(f.Covered)
	}
	return n
}

// appendField appends the JSON of f (nil writes null).
func appendField(b []byte, f *sbsync.Field) ([]byte, error) {
	if f == nil {
		return append(b, "null"...), nil
	}
	var err error
	b = append(b, `{"heads":`...)
	if f.Heads == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range f.Heads {
			if i > 0 {
				b = append(b, ',')
			}
			h := &f.Heads[i]
			b = append(b, `{"v":`...)
			if b, err = appendRaw(b, h.Value); err != nil {
				return nil, err
			}
			b = append(b, `,"s":`...)
			b = appendStamp(b, h.Stamp)
			b = append(b, `,"q":`...)
			b = strconv.AppendUint(b, h.Seq, 10)
			if len(h.Seen) > 0 {
				b = append(b, `,"seen":`...)
				b = appendVector(b, h.Seen)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(f.Covered) > 0 {
		b = append(b, `,"cov":`...)
		b = appendVector(b, f.Covered)
	}
	return append(b, '}'), nil
}

// appendView appends the JSON of the store's view of rec (its MakeView,
// without making the map): the winning values that are not null, "id" and
// "meta", by name. names are rec's fields', sorted; appendMeta appends the
// JSON of the meta.
func appendView(b []byte, rec *sbsync.Record, names []string, appendMeta func([]byte) []byte) ([]byte, error) {
	var err error
	var buf [32]string
	shown := buf[:0]
	for _, name := range names {
		if f := rec.Fields[name]; len(f.Heads) > 0 && string(f.Winner().Value) != "null" {
			shown = append(shown, name)
		}
	}
	for _, own := range []string{"id", "meta"} {
		i, _ := slices.BinarySearch(shown, own)
		shown = slices.Insert(shown, i, own)
	}
	names = shown
	b = append(b, '{')
	for i, name := range names {
		if i > 0 && name == names[i-1] {
			continue // a field called id or meta: the view's own wins, as in MakeView
		}
		b = appendKey(b, i, name)
		switch name {
		case "id":
			b = AppendString(b, rec.ID)
		case "meta":
			b = appendMeta(b)
		default:
			if b, err = appendRaw(b, rec.Fields[name].Winner().Value); err != nil {
				return nil, err
			}
		}
	}
	return append(b, '}'), nil
}

// appendKey appends the key of the i-th member of a JSON object: a comma
// before all but the first, the quoted key and a colon.
func appendKey(b []byte, i int, key string) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	b = AppendString(b, key)
	return append(b, ':')
}

// appendStamp appends the JSON of s.
func appendStamp(b []byte, s sbsync.Stamp) []byte {
	b = append(b, `{"h":`...)
	b = strconv.AppendUint(b, uint64(s.HLC), 10)
	b = append(b, `,"o":`...)
	b = AppendString(b, string(s.Origin))
	return append(b, '}')
}

// appendVector appends the JSON of v (nil writes null).
func appendVector(b []byte, v sbsync.Vector) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	var buf [32]sbsync.NodeID
	b = append(b, '{')
	for i, o := range sortedKeys(buf[:0], v) {
		b = appendKey(b, i, string(o))
		b = strconv.AppendUint(b, v[o], 10)
	}
	return append(b, '}')
}

// appendBytesMap appends the JSON of a map of byte strings (base64) whose
// keys, sorted, are keys.
func appendBytesMap(b []byte, m map[string][]byte, keys []string) []byte {
	b = append(b, '{')
	for i, k := range keys {
		b = appendKey(b, i, k)
		b = appendBase64(b, m[k])
	}
	return append(b, '}')
}

// sameKeys reports whether keys are exactly the keys of m.
func sameKeys[V any](m map[string]V, keys []string) bool {
	if len(m) != len(keys) {
		return false
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

// sortedKeys appends the keys of m to keys, sorted; with keys of spare
// capacity on the stack it allocates nothing.
func sortedKeys[K ~string, V any](keys []K, m map[K]V) []K {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendBase64 appends p as a JSON string in standard base64; nil is null.
func appendBase64(b []byte, p []byte) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, p)
	return append(b, '"')
}

// AppendString appends s as encoding/json quotes it.
func AppendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !stringPlain[s[i]] {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendRaw appends the raw JSON value v as encoding/json writes a
// json.RawMessage: compacted, with <, >, &, U+2028 and U+2029 escaped.
// A nil value is null.
func appendRaw(b []byte, v json.RawMessage) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	if len(v) == 0 || !plainRaw(v) {
		q, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return append(b, q...), nil
	}
	return append(b, v...), nil
}

// plainRaw reports whether valid JSON v is compact (no white space outside
// its strings) and holds nothing encoding/json escapes.
func plainRaw(v []byte) bool {
	inString := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if rawPlain[c] {
			continue
		}
		switch c {
		case '<', '>', '&':
			return false
		case 0xe2: // U+2028 and U+2029 are e2 80 a8 and e2 80 a9
			if i+2 < len(v) && v[i+1] == 0x80 && (v[i+2] == 0xa8 || v[i+2] == 0xa9) {
				return false
			}
		case '"':
			inString = !inString
		case '\\':
			i++ // only inside a string: the escaped byte is not a quote
		default: // white space
			if !inString {
				return false
			}
		}
	}
	return true
}

// stringPlain marks the bytes encoding/json writes into a string as they
// are: printable ASCII but for the quote, the backslash and <, >, &.
var stringPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	for _, c := range []byte("<>&\"\\") {
		t[c] = false
	}
	return t
}()

// rawPlain marks the bytes plainRaw passes over without a look.
var rawPlain = func() (t [256]bool) {
	for c := range t {
		t[c] = true
	}
	for _, c := range []byte("<>&\xe2\"\\ \t\r\n") {
		t[c] = false
	}
	return t
}()
