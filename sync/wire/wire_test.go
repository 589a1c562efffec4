package wire_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	sbsync "sbcc/sync"
	"sbcc/sync/wire"
)

func sample() []wire.Message {
	c := sbsync.Change{Origin: "a1b2", Seq: 3, HLC: 99, Kind: "actor", ID: "01HZ", Op: sbsync.OpSet,
		Fields: map[string]json.RawMessage{"name": json.RawMessage(`"Žemaitija"`)}}
	return []wire.Message{
		&wire.Hint{From: "a1b2", Changes: []sbsync.Change{c}, Heads: sbsync.Vector{"a1b2": 3}},
		&wire.State{Node: "a1b2", Office: "LT", Vector: sbsync.Vector{"a1b2": 3}},
		&wire.Chunk{From: "a1b2", Index: 1, Last: true, Total: 1, Changes: []sbsync.Change{c}},
		&wire.Notice{From: "a1b2"},
		&wire.Hello{Version: 1, Network: "sbcc-00", Node: "a1b2", Key: make([]byte, 32), Nonce: []byte{1, 2}, Ephemeral: []byte{3}},
		&wire.Auth{Sig: []byte{1, 2, 3}},
		&wire.Status{Office: "LT", Vector: sbsync.Vector{"a1b2": 3}, Exclude: []sbsync.NodeID{"c3d4"},
			Peers: []wire.PeerInfo{{Node: "c3d4", Vector: sbsync.Vector{"c3d4": 1}}}},
		&wire.Ack{Index: 7, Vector: sbsync.Vector{"a1b2": 3}},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, m := range sample() {
		t.Run(m.Type().String(), func(t *testing.T) {
			raw, err := wire.Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			if wire.Type(raw[0]) != m.Type() {
				t.Fatalf("type byte %d", raw[0])
			}
			got, err := wire.Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(m)
			b, _ := json.Marshal(got)
			if string(a) != string(b) {
				t.Fatalf("round trip: %s != %s", b, a)
			}
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	for name, b := range map[string][]byte{"empty": nil, "short": {1}, "unknown type": {99, 0, 0}, "not zstd": {1, 'x', 'y'}} {
		if _, err := wire.Decode(b); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

func TestFrames(t *testing.T) {
	var buf bytes.Buffer
	for _, p := range [][]byte{[]byte("one"), {}, bytes.Repeat([]byte{7}, 70000)} {
		if err := wire.WriteFrame(&buf, p); err != nil {
			t.Fatal(err)
		}
	}
	r := bufio.NewReader(&buf)
	for _, want := range []int{3, 0, 70000} {
		got, err := wire.ReadFrame(r)
		if err != nil || len(got) != want {
			t.Fatalf("frame of %d bytes: got %d, %v", want, len(got), err)
		}
	}
	huge := []byte{0xff, 0xff, 0xff, 0xff}
	if _, err := wire.ReadFrame(bufio.NewReader(bytes.NewReader(huge))); err == nil {
		t.Fatal("a frame above MaxFrame was accepted")
	}
}

// FuzzDecode: no input may panic the decoder.
func FuzzDecode(f *testing.F) {
	for _, m := range sample() {
		raw, _ := wire.Encode(m)
		f.Add(raw)
	}
	f.Add([]byte{2, 0x28, 0xb5, 0x2f, 0xfd})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := wire.Decode(b)
		if err == nil && m == nil {
			t.Fatal("nil message without error")
		}
	})
}

// TestRawChunk: a chunk made of logged JSON decodes to the same chunk as
// one made of decoded changes.
func TestRawChunk(t *testing.T) {
	a := sbsync.Change{Origin: "a1b2", Seq: 3, HLC: 99, Kind: "actor", ID: "01HZ", Op: sbsync.OpSet,
		Fields: map[string]json.RawMessage{"name": json.RawMessage(`"Žemaitija"`)}, Sig: []byte{1, 2}}
	b := a
	b.Seq, b.Prev = 4, bytes.Repeat([]byte{7}, 32)
	var raws []json.RawMessage
	for _, c := range []sbsync.Change{a, b} {
		r, _ := json.Marshal(c)
		raws = append(raws, r)
	}
	for _, tc := range []struct {
		name string
		raws []json.RawMessage
		want []sbsync.Change
	}{{"two", raws, []sbsync.Change{a, b}}, {"empty", []json.RawMessage{}, nil}} {
		t.Run(tc.name, func(t *testing.T) {
			m := wire.NewRawChunk("a1b2", 5, true, 2, tc.raws)
			if m.Count() != len(tc.want) {
				t.Fatalf("count %d", m.Count())
			}
			enc, err := wire.Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			got, err := wire.Decode(enc)
			if err != nil {
				t.Fatal(err)
			}
			ch := got.(*wire.Chunk)
			if ch.From != "a1b2" || ch.Index != 5 || !ch.Last || ch.Total != 2 || len(ch.Changes) != len(tc.want) {
				t.Fatalf("decoded %+v", ch)
			}
			for i := range tc.want {
				x, _ := json.Marshal(ch.Changes[i])
				y, _ := json.Marshal(tc.want[i])
				if !bytes.Equal(x, y) {
					t.Errorf("change %d: %s, want %s", i, x, y)
				}
			}
		})
	}
}
