package sync

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"testing"
)

// goldenChanges are changes whose signing digests are fixed forever:
// every signature on every office's disk was made over these bytes.
func goldenChanges() []Change {
	salt := func(b byte) []byte { return bytes.Repeat([]byte{b}, SaltBytes) }
	return []Change{
		{Origin: "0858a1747747024e6a49119a7636589f", Seq: 1, HLC: 0x18d2a0b7c0000001, Kind: "actor", ID: "01HZGOLDEN0000000000000001",
			Op: OpSet, Fields: map[string]json.RawMessage{"name": json.RawMessage(`"Łódź Studio"`), "tags": json.RawMessage(`[ "film", "design" ]`), "size": json.RawMessage(`12`)},
			Salt: map[string][]byte{"name": salt(1), "tags": salt(2), "size": salt(3)}},
		{Origin: "6a35b0955f067a51045507cef8c11d3f", Seq: 42, HLC: 0x18d2a0b7c0000002, Kind: "actor", ID: "01HZGOLDEN0000000000000001",
			Op: OpSet, Fields: map[string]json.RawMessage{"city": json.RawMessage(`"Malmö"`)}, Salt: map[string][]byte{"city": salt(4)},
			Hashes: map[string][]byte{"email": bytes.Repeat([]byte{9}, 32)},
			Seen:   Vector{"0858a1747747024e6a49119a7636589f": 1, "1111a1747747024e6a49119a7636589f": 7},
			Prev:   bytes.Repeat([]byte{5}, 32)},
		{Origin: "6a35b0955f067a51045507cef8c11d3f", Seq: 43, HLC: 0x18d2a0b7c0000003, Kind: "forum", ID: "01HZGOLDEN0000000000000002", Op: OpErase},
	}
}

// TestSigningDigestsAreStable: the digest a change is signed over does not
// move when its code is made faster.
func TestSigningDigestsAreStable(t *testing.T) {
	want := []string{
		"5502a691103bd35f04d613410c1054f93ec73ea344496e2be559e1d7261f18ee",
		"82f84f78ebe7264a5de76e732e4df96e8fcc1af03b234c4bd64194c9540a740b",
		"68115cce3cf3537332a4f1aacaa79e9f7c3d3c7c986f2559a6b05743a14ce4ce",
	}
	for i, c := range goldenChanges() {
		d, err := c.SigningBytes()
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(d); got != want[i] {
			t.Errorf("change %d: digest %s, signed over %s", i, got, want[i])
		}
	}
}

func BenchmarkSigningBytes(b *testing.B) {
	cs := goldenChanges()
	b.ReportAllocs()
	for b.Loop() {
		for i := range cs {
			if _, err := cs[i].SigningBytes(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
