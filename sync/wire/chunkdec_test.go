package wire

import (
	"encoding/json"
	"reflect"
	"testing"

	fastjson "github.com/goccy/go-json"
	"pgregory.net/rapid"

	sbsync "sbcc/sync"
)

// chunkValues are field values as honest and other clients write them.
var chunkValues = []string{`"Vilnius"`, `"Łódź — Gdańsk"`, `"Malmö & Lund <studio>"`, `"a\"b\\c\/d\u00e9\n"`, `""`,
	`null`, `true`, `false`, `0`, `-12.5e3`, `1E+2`, `12345678901234567890`, `[ "a" , "b" ]`, `{"x":{"y":[1,2,{"z":null}]}}`,
	`[]`, `{}`, "\"bad \xff utf8\"", `["a",["b",["c"]]]`, `{"en":"x","lt":"y"}`}

// drawChunkBody returns the body of a chunk as an honest sender writes it,
// changes encoded by encoding/json as a store logs them.
func drawChunkBody(t *rapid.T) []byte {
	names := []string{"name", "email", "tags", "description", "lat", "naïve", "q\"uote", "a<b"}
	origins := []sbsync.NodeID{"6a35b0955f067a51045507cef8c11d3f", "0858a1747747024e6a49119a7636589f", "a1b2"}
	var raws []json.RawMessage
	for i := range rapid.IntRange(0, 6).Draw(t, "changes") {
		c := sbsync.Change{Origin: rapid.SampledFrom(origins).Draw(t, "origin"), Seq: uint64(i + 1),
			HLC: sbsync.HLC(rapid.Uint64().Draw(t, "hlc")), Kind: "actor", ID: rapid.StringMatching(`[0-9a-z]{1,26}`).Draw(t, "id"),
			Op: sbsync.Op(rapid.IntRange(1, 4).Draw(t, "op"))}
		if c.Op == sbsync.OpSet {
			c.Fields, c.Salt = map[string]json.RawMessage{}, map[string][]byte{}
			for _, f := range rapid.SliceOfNDistinct(rapid.SampledFrom(names), 0, 5, rapid.ID[string]).Draw(t, "fields") {
				c.Fields[f] = json.RawMessage(rapid.SampledFrom(chunkValues).Draw(t, "value"))
				c.Salt[f] = rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "salt")
			}
		}
		if rapid.Bool().Draw(t, "seen") {
			c.Seen = sbsync.Vector{rapid.SampledFrom(origins).Draw(t, "seen origin"): rapid.Uint64().Draw(t, "seen seq")}
		}
		if rapid.Bool().Draw(t, "redacted") {
			c.Redacted, c.Hashes = true, map[string][]byte{"email": rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "hash")}
		}
		if rapid.Bool().Draw(t, "signed") {
			c.Prev = rapid.SliceOfN(rapid.Byte(), 0, 32).Draw(t, "prev")
			c.Sig = rapid.SliceOfN(rapid.Byte(), 64, 64).Draw(t, "sig")
		}
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	body, err := NewRawChunk("6a35b0955f067a51045507cef8c11d3f", rapid.Uint64().Draw(t, "index"), rapid.Bool().Draw(t, "last"),
		rapid.Uint64().Draw(t, "total"), raws).appendRaw()
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// sameAsGeneral fails t unless the general decoder reads body without error
// as want.
func sameAsGeneral(t interface{ Fatalf(string, ...any) }, body []byte, want *Chunk) {
	var general Chunk
	if err := fastjson.Unmarshal(body, &general); err != nil {
		t.Fatalf("the fast path read a chunk the general decoder refuses (%v):\n%s", err, body)
	}
	fast := *want
	fast.logged = nil
	if !reflect.DeepEqual(&general, &fast) {
		t.Fatalf("the fast path and the general decoder differ on\n%s\nfast:    %+v\ngeneral: %+v", body, want, &general)
	}
	if len(want.logged) != len(want.Changes) {
		t.Fatalf("%d logged for %d changes", len(want.logged), len(want.Changes))
	}
	for i, logged := range want.logged {
		if logged == nil {
			continue
		}
		if std, _ := json.Marshal(want.Changes[i]); string(std) != string(logged) {
			t.Fatalf("change %d is handed on as logged JSON but encoding/json writes it otherwise:\n%s\n%s", i, logged, std)
		}
	}
}

// TestChunkFastPath: chunks as honest senders write them take the fast path
// unless a string needs escapes, and it reads them as the general decoder
// does.
func TestChunkFastPath(t *testing.T) {
	fast := 0
	rapid.Check(t, func(t *rapid.T) {
		body := drawChunkBody(t)
		c, ok := decodeChunk(body)
		if ok {
			fast++
			sameAsGeneral(t, body, c)
			for i, logged := range c.Logged() {
				if logged == nil { // encoding/json wrote every one of them
					t.Fatalf("change %d of an honest chunk is not handed on as logged:\n%s", i, body)
				}
			}
		}
	})
	if fast < 20 {
		t.Errorf("only %d of 100 chunks took the fast path", fast)
	}
	// A demo change always does.
	raw, _ := json.Marshal(sbsync.Change{Origin: "6a35b0955f067a51045507cef8c11d3f", Seq: 7, HLC: 117712115170672640,
		Kind: "actor", ID: "01m8s8q2jqa7vdv20185df6v3a", Op: sbsync.OpSet, Fields: map[string]json.RawMessage{
			"name": json.RawMessage(`"Studija Žemaitijos"`), "lat": json.RawMessage(`55.754082692593386`),
			"description": json.RawMessage(`{"en":"Books \u0026 magazines.","lt":"Knygos."}`)},
		Salt: map[string][]byte{"name": make([]byte, 16)}, Prev: make([]byte, 32), Sig: make([]byte, 64)})
	body, _ := NewRawChunk("6a35b0955f067a51045507cef8c11d3f", 1, false, 9, []json.RawMessage{raw, raw}).appendRaw()
	c, ok := decodeChunk(body)
	if !ok {
		t.Fatalf("a demo chunk did not take the fast path:\n%s", body)
	}
	sameAsGeneral(t, body, c)
}

// FuzzChunkFastPath: whatever the bytes, the fast path reads nothing the
// general decoder would read otherwise (go test -fuzz FuzzChunkFastPath).
func FuzzChunkFastPath(f *testing.F) {
	f.Add([]byte(`{"from":"a","index":1,"last":true,"total":0,"changes":[]}`))
	f.Add([]byte(`{"from":"a","index":1,"last":false,"total":0,"changes":null}`))
	f.Add([]byte(`{"from":"a","index":1,"last":true,"total":1,"changes":[{"origin":"a","seq":1,"hlc":2,"kind":"actor","id":"x","op":1,"fields":{"n":[1,{"a":"\u00e9"}],"m":-0.5e-3},"seen":{"b":3},"salt":{"n":"AAEC"},"prev":"","sig":"AQ=="}]}`))
	// Field values that are not JSON: the fast path must leave them to the
	// general decoder, which refuses them.
	for _, v := range []string{`"\x"`, `"\u12"`, `"\u12g4"`, "\"a\x01\"", `01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `[1,]`, `[,1]`,
		`{"a"}`, `{"a":}`, `{a:1}`, `{"a":1,}`, `tru`, `nul`, `[`, `"a`, `[1 2]`, `{"a":1"b":2}`, `]`, `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`} {
		f.Add([]byte(`{"from":"a","index":1,"last":true,"total":1,"changes":[{"origin":"a","seq":1,"hlc":2,"kind":"actor","id":"x","op":1,"fields":{"n":` + v + `}}]}`))
	}
	// Strings of ids and names with bytes the general decoder changes
	// (invalid UTF-8 becomes U+FFFD) or that need it (non-ASCII).
	for _, id := range []string{"x\xff", "\xc3\xa9t\xc3\xa9", "\xed\xa0\x80"} {
		f.Add([]byte(`{"from":"a","index":1,"last":true,"total":1,"changes":[{"origin":"a","seq":1,"hlc":2,"kind":"actor","id":"` + id + `","op":2}]}`))
	}
	// Changes the fast path reads but that encoding/json writes otherwise.
	for _, ch := range []string{`"fields":{"b":1,"a":2}`, `"fields":{"a":1,"a":2}`, `"fields":{}`, `"fields":{"a":"<"}`,
		`"fields":{"a":"\u2028"}`, `"fields":{"a":"\u003c"}`, `"seen":{"b":1,"a":2}`, `"salt":{"a":"AB=="}`, `"prev":""`, `"sig":""`, "\"fields\":{\"a\":\"line\u2028sep\u2029\"}"} {
		f.Add([]byte(`{"from":"a","index":1,"last":true,"total":1,"changes":[{"origin":"a&b","seq":1,"hlc":2,"kind":"actor","id":"x","op":1,` + ch + `}]}`))
		f.Add([]byte(`{"from":"a","index":1,"last":true,"total":1,"changes":[{"origin":"a","seq":1,"hlc":2,"kind":"actor","id":"x","op":1,` + ch + `}]}`))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if c, ok := decodeChunk(body); ok {
			sameAsGeneral(t, body, c)
		}
	})
}

// BenchmarkDecodeChunk: one session chunk of 1,240 changes that each create
// a demo actor (sixteen fields, salts, chain link, signature), read by the
// fast path and by the general decoder (goccy/go-json).
func BenchmarkDecodeChunk(b *testing.B) {
	c := sbsync.Change{Origin: "6a35b0955f067a51045507cef8c11d3f", HLC: 117712115170672640, Kind: "actor", Op: sbsync.OpSet,
		Fields: map[string]json.RawMessage{}, Salt: map[string][]byte{}, Prev: make([]byte, 32), Sig: make([]byte, 64)}
	for name, v := range map[string]string{"country": `"LT"`, "email": `"info@studija-zemaitijos.example.org"`,
		"description": `{"en":"Publishes illustrated books and a regional magazine.","lt":"Leidžia iliustruotas knygas ir regioninį žurnalą."}`,
		"kind":        `"organisation"`, "languages": `["lt","en"]`, "lat": `55.754082692593386`, "lon": `21.89784044425504`,
		"locality": `"rietavas"`, "name": `"Studija Žemaitijos"`, "needs": `["volunteers"]`, "offers": `["printing press"]`,
		"phone": `"+370 32 164 791"`, "sectors": `["book-press","architecture"]`, "tags": `["book-press","lt"]`,
		"visibility": `"public"`, "website": `"https://studija-zemaitijos.example.org"`} {
		c.Fields[name], c.Salt[name] = json.RawMessage(v), []byte("0123456789abcdef")
	}
	var raws []json.RawMessage
	for i := range 1240 {
		c.Seq, c.ID = uint64(i+1), "01m8s8q2jqa7vdv2"+string(rune('a'+i%26))+"000000000"
		raw, _ := json.Marshal(c)
		raws = append(raws, raw)
	}
	body, _ := NewRawChunk(c.Origin, 1, false, 1240, raws).appendRaw()
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := decodeChunk(body); !ok {
				b.Fatal("not read")
			}
		}
	})
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var c Chunk
			if err := fastjson.Unmarshal(body, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
