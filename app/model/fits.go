package model

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
)

// Whether a value fits a field must be decided the same way by every
// office, of every version, or their records part. Apart from strings and
// booleans (judged by their JSON), a value fits when encoding/json decodes
// it into the field's Go type. Decoding was a tenth of a receiver's work on
// a first sync, so the composite shapes the directory uses most — lists of
// strings, texts per language — and floats are checked by a scan of the
// valid JSON that accepts exactly what decoding would; every other type
// (and any type that decodes itself) is still decoded. TestFitsAsDecoding
// holds the two ways equal.

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// fits reports whether v fits a field of type t: JSON that encoding/json
// decodes into a t without error (strings and booleans are judged by their
// JSON alone, as they always were).
func fits(t reflect.Type, v json.RawMessage) bool {
	v = bytes.TrimLeft(v, " \t\r\n")
	if len(v) == 0 {
		return false
	}
	if string(v) == "null" {
		return true
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return v[0] == '"' && json.Valid(v)
	case reflect.Bool:
		return string(v) == "true" || string(v) == "false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		if v[0] != '-' && (v[0] < '0' || v[0] > '9') {
			return false
		}
	}
	if fast, ok := scanFits(t, v); ok {
		return fast
	}
	return json.Unmarshal(v, reflect.New(t).Interface()) == nil
}

// scanFits decides, for the types it knows, what decoding v into a t would:
// ok is false for the others. v is trimmed on the left, not "null", and
// starts as a number when t is one.
func scanFits(t reflect.Type, v []byte) (fits, ok bool) {
	if decodesItself(t) {
		return false, false
	}
	var shape func([]byte) bool
	switch {
	case t.Kind() == reflect.Float64:
		shape = func(v []byte) bool {
			_, err := strconv.ParseFloat(string(v), 64)
			return err == nil
		}
	case t.Kind() == reflect.Slice && plainString(t.Elem()):
		shape = func(v []byte) bool { return v[0] == '[' && onlyStrings(v) }
	case t.Kind() == reflect.Map && plainString(t.Key()) && plainString(t.Elem()):
		shape = func(v []byte) bool { return v[0] == '{' && onlyStrings(v) }
	default:
		return false, false
	}
	if !json.Valid(v) {
		return false, true
	}
	v = bytes.TrimRight(v, " \t\r\n")
	return string(v) == "null" || shape(v), true
}

// decodesItself reports whether encoding/json hands values of t (or *t) to
// t's own decoding method.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return t.Implements(jsonUnmarshaler) || p.Implements(jsonUnmarshaler) ||
		t.Implements(textUnmarshaler) || p.Implements(textUnmarshaler)
}

// plainString reports whether t is a string type decoded as a plain string.
func plainString(t reflect.Type) bool { return t.Kind() == reflect.String && !decodesItself(t) }

// onlyStrings reports whether every element of the valid JSON array v, or
// every member value of the valid JSON object v, is a string or null: what
// a list or map of strings decodes.
func onlyStrings(v []byte) bool {
	object := v[0] == '{'
	i := 1
	for {
		i = skipSpace(v, i)
		switch v[i] {
		case ']', '}':
			return true
		case ',':
			i++
			continue
		}
		if object { // a member's name, then its colon
			i = skipSpace(v, skipString(v, i)) + 1
			i = skipSpace(v, i)
		}
		switch v[i] {
		case '"':
			i = skipString(v, i)
		case 'n':
			i += len("null")
		default:
			return false
		}
	}
}

// skipString returns the index after the JSON string that starts at v[i].
func skipString(v []byte, i int) int {
	for i++; ; i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
}

// skipSpace returns the index of the first byte from i that is not JSON
// white space.
func skipSpace(v []byte, i int) int {
	for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n') {
		i++
	}
	return i
}
