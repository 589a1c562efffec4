package store

import (
	"bytes"
	"encoding/json"
	"testing"

	fastjson "github.com/goccy/go-json"
	"pgregory.net/rapid"

	sbsync "sbcc/sync"
)

// rawValues are field values as peers may send them: what an honest
// client writes and what a hand-made or older one might (spaces, escapes,
// HTML characters, line separators, deep nesting, big numbers).
var rawValues = []string{
	`"Vilnius"`, `"Łódź — Gdańsk"`, `"Malmö & Lund <studio>"`, "\"line\u2028sep\u2029\"", `"\u00e9\u0105"`,
	`"tab\there"`, `""`, `null`, `true`, `false`, `0`, `-12.5e3`, `12345678901234567890`,
	`[ "a" , "b" ]`, `{ "x" : { "y" : [1, 2, {"z": null}] } }`, `[]`, `{}`, `"\/slash\\back"`, `"R&D"`, `{"a":"b"}`,
	`"emoji 🎨"`, `"<script>alert(1)</script>"`, "\"bad \xff utf8\"", `"a<b"`, `"c>d"`, `"en – dash"`,
}

func drawChange(rt *rapid.T, origin sbsync.NodeID, seq uint64, hlc sbsync.HLC, rec *sbsync.Record) *sbsync.Change {
	c := &sbsync.Change{Origin: origin, Seq: seq, HLC: hlc, Kind: "actor", ID: "01HZCODEC000000000000000001", Seen: rec.Seen()}
	switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
	case op < 7:
		c.Op, c.Fields, c.Salt = sbsync.OpSet, map[string]json.RawMessage{}, map[string][]byte{}
		names := []string{"name", "email", "city", "tags", "note", "id", "a<b&c>", "naïve", "q\"uote", "meta", "x<y", "y>z", "u&v", "tab\tname", "back\\slash", "del\x7f"}
		for _, f := range rapid.SliceOfNDistinct(rapid.SampledFrom(names), 1, 4, rapid.ID[string]).Draw(rt, "fields") {
			c.Fields[f] = json.RawMessage(rapid.SampledFrom(rawValues).Draw(rt, "value"))
			c.Salt[f] = rapid.SliceOfN(rapid.Byte(), sbsync.SaltBytes, sbsync.SaltBytes).Draw(rt, "salt")
		}
	case op < 8:
		c.Op = sbsync.OpDelete
	case op < 9:
		c.Op = sbsync.OpRestore
	default:
		c.Op = sbsync.OpErase
	}
	if rapid.Bool().Draw(rt, "signed") {
		c.Prev = rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(rt, "prev")
		c.Sig = rapid.SliceOfN(rapid.Byte(), 64, 64).Draw(rt, "sig")
	}
	return c
}

// TestCodecMatchesEncodingJSON: the JSON the store writes of changes,
// records and views (jsonenc.go) is byte for byte what encoding/json
// writes, so that replicas of every version keep the same hashes and logs.
func TestCodecMatchesEncodingJSON(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		rec := sbsync.NewRecord("actor", "01HZCODEC000000000000000001")
		origins := []sbsync.NodeID{"0858a1747747024e6a49119a7636589f", "6a35b0955f067a51045507cef8c11d3f"}
		seq := map[sbsync.NodeID]uint64{}
		hlc := sbsync.MakeHLC(sbsync.HLC(0).Time().AddDate(56, 0, 0), 0)
		for step := range rapid.IntRange(1, 12).Draw(rt, "steps") {
			o := rapid.SampledFrom(origins).Draw(rt, "origin")
			seq[o]++
			c := drawChange(rt, o, seq[o], hlc+sbsync.HLC(step), rec)
			rec.Apply(c, func(f string) bool { return f == "email" })
			same(rt, "change", encodeChange, func(c *sbsync.Change) ([]byte, error) { return json.Marshal(c) }, c)
		}
		raw, view, err := encodeRecord(rec)
		if err != nil {
			rt.Fatal(err)
		}
		same(rt, "record", func(*sbsync.Record) ([]byte, error) { return raw, nil },
			func(r *sbsync.Record) ([]byte, error) { return json.Marshal(r) }, rec)
		same(rt, "view", func(*sbsync.Record) ([]byte, error) { return view, nil },
			func(r *sbsync.Record) ([]byte, error) { return json.Marshal(MakeView(r)) }, rec)
	})
}

func same[T any](rt *rapid.T, what string, fast, std func(T) ([]byte, error), v T) {
	a, errA := fast(v)
	b, errB := std(v)
	if (errA == nil) != (errB == nil) || !bytes.Equal(a, b) {
		rt.Fatalf("%s: the store and encoding/json differ:\n%s (%v)\n%s (%v)", what, a, errA, b, errB)
	}
}

// demoChange is the change that creates a demo actor: sixteen fields.
func demoChange() sbsync.Change {
	c := sbsync.Change{Origin: "6a35b0955f067a51045507cef8c11d3f", Seq: 1, HLC: 117712115170672640, Kind: "actor",
		ID: "01m8s8q2jqa7vdv20185df6v3a", Op: sbsync.OpSet, Fields: map[string]json.RawMessage{}}
	for name, v := range map[string]string{"country": `"LT"`, "email": `"info@studija-zemaitijos.example.org"`,
		"description": `{"en":"Publishes illustrated books and a regional magazine.","lt":"Leidžia iliustruotas knygas ir regioninį žurnalą."}`,
		"kind":        `"organisation"`, "languages": `["lt","en"]`, "lat": `55.754082692593386`, "lon": `21.89784044425504`,
		"locality": `"rietavas"`, "name": `"Studija Žemaitijos"`, "needs": `["volunteers"]`, "offers": `["printing press"]`,
		"phone": `"+370 32 164 791"`, "sectors": `["book-press","architecture"]`, "tags": `["book-press","lt"]`,
		"visibility": `"public"`, "website": `"https://studija-zemaitijos.example.org"`} {
		c.Fields[name] = json.RawMessage(v)
	}
	return c
}

// demoRecord is an actor record as the demo network writes it: sixteen
// fields, each with one value stamped by one change.
func demoRecord() *sbsync.Record {
	c := demoChange()
	rec := sbsync.NewRecord(c.Kind, c.ID)
	rec.Apply(&c, func(string) bool { return false })
	return rec
}

// BenchmarkEncodeRecord: the record and view JSON of one demo actor, as the
// store writes it (jsonenc.go), against goccy/go-json (which the store
// used before) and encoding/json.
func BenchmarkEncodeRecord(b *testing.B) {
	rec := demoRecord()
	b.Run("store", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := encodeRecord(rec); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goccy", func(b *testing.B) {
		for b.Loop() {
			fastjson.Marshal(rec)
			fastjson.Marshal(MakeView(rec))
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(rec)
			json.Marshal(MakeView(rec))
		}
	})
}

// BenchmarkEncodeChange: the log's JSON of the change that creates a demo
// actor, signed, against goccy/go-json.
func BenchmarkEncodeChange(b *testing.B) {
	c := demoChanges(1)[0]
	b.Run("store", func(b *testing.B) {
		for b.Loop() {
			if _, err := encodeChange(&c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goccy", func(b *testing.B) {
		for b.Loop() {
			fastjson.Marshal(&c)
		}
	})
}
