package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// decodedFits is how fits decided before it scanned: the reference every
// office of an earlier version still uses.
func decodedFits(t reflect.Type, v json.RawMessage) bool {
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
	return json.Unmarshal(v, reflect.New(t).Interface()) == nil
}

// fitsCorpus holds values of every shape, well and badly formed.
var fitsCorpus = []string{
	``, ` `, `null`, ` null `, `null `, `nul`, `"a"`, ` "a" `, `"a\"b"`, `"\u00e9"`, `"\x"`, `"a`, `"a"x`,
	`true`, `false`, ` true`, `true `, `1`, `-1`, `1.5`, ` 1.5 `, `1e400`, `-1e400`, `1e-400`, `-0`, `01`, `1.`,
	`2026`, `2026.0`, `99999999999999999999`, `-`, `+1`, `0x10`, `NaN`,
	`[]`, `[ ]`, ` [ "a" , "b" ] `, `["a",null]`, `[null]`, `["a",1]`, `[1,2]`, `["a"`, `["a",]`, `[["a"]]`,
	`["a\"]",1]`, `["\\",2]`, `["a"] x`, `[{}]`, `[true]`,
	`{}`, `{ }`, `{"en":"x","lt":"y"}`, ` { "en" : "x" , "lt" : null } `, `{"en":1}`, `{"en":["x"]}`,
	`{"e\"n":"x"}`, `{"en":"x"`, `{"en":"x",}`, `{"en":{"a":"b"}}`, `{"a":"b","a":"c"}`, `{"x":"\"}"}`,
	`"2025-08-13"`, `"organisation"`, `{"from":"a"}`,
}

func TestFitsAsDecoding(t *testing.T) {
	types := map[reflect.Type]bool{}
	for _, k := range Kinds {
		for _, ty := range k.types {
			types[ty] = true
		}
	}
	for ty := range types {
		for _, v := range fitsCorpus {
			if got, want := fits(ty, json.RawMessage(v)), decodedFits(ty, json.RawMessage(v)); got != want {
				t.Errorf("%v %q: fits %v, decoding says %v", ty, v, got, want)
			}
		}
	}
	// The scan must meet the shapes it takes over.
	for _, ty := range []reflect.Type{reflect.TypeFor[[]string](), reflect.TypeFor[Text](), reflect.TypeFor[*float64]()} {
		if !types[ty] {
			t.Errorf("no field is a %v any more: TestFitsAsDecoding no longer tests its scan", ty)
		}
	}
}

// FuzzFits holds fits to decoding for any bytes (go test -fuzz FuzzFits).
func FuzzFits(f *testing.F) {
	for _, v := range fitsCorpus {
		f.Add(v)
	}
	types := []reflect.Type{reflect.TypeFor[[]string](), reflect.TypeFor[Text](), reflect.TypeFor[*float64](),
		reflect.TypeFor[string](), reflect.TypeFor[[]int](), reflect.TypeFor[bool]()}
	f.Fuzz(func(t *testing.T, v string) {
		for _, ty := range types {
			if got, want := fits(ty, json.RawMessage(v)), decodedFits(ty, json.RawMessage(v)); got != want {
				t.Errorf("%v %q: fits %v, decoding says %v", ty, v, got, want)
			}
		}
	})
}
