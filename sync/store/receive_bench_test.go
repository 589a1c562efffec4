package store

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"testing"

	sbsync "sbcc/sync"
)

// demoChanges returns n signed-looking changes that each create one demo
// actor (sixteen fields, a salt per field, a chain link and a signature),
// as one origin's log holds them.
func demoChanges(n int) []sbsync.Change {
	base := demoChange()
	out := make([]sbsync.Change, n)
	for i := range out {
		c := base
		c.Seq, c.HLC = uint64(i+1), base.HLC+sbsync.HLC(i)<<16
		c.ID = fmt.Sprintf("01m8s8q2jqa7vdv2%010d", i)
		c.Fields = make(map[string]json.RawMessage, len(base.Fields))
		c.Salt = make(map[string][]byte, len(base.Fields))
		for name, v := range base.Fields {
			c.Fields[name] = v
			c.Salt[name] = randomBytes(16)
		}
		c.Prev, c.Sig = randomBytes(32), randomBytes(64)
		out[i] = c
	}
	return out
}

// BenchmarkReceive: what a receiving office's store does with a first
// sync's changes, in chunks as a session brings them (with the JSON they
// came in; check, merge ahead, one transaction each), one after the other on a new store: the CPU per
// change, without the wire and signatures (BenchmarkDecodeChunk in
// sync/wire, BenchmarkVerifyBatch in sync/trust).
func BenchmarkReceive(b *testing.B) {
	const perChunk = 1240 // as many demo changes as a session's chunk holds
	changes := demoChanges(10 * perChunk)
	logged := make([]json.RawMessage, len(changes)) // as the chunks carry them
	for i := range changes {
		logged[i], _ = json.Marshal(changes[i])
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := open(b, b.TempDir())
		b.StartTimer()
		for at := 0; at < len(changes); at += perChunk {
			if _, err := s.PrepareRemote(changes[at:at+perChunk], logged[at:at+perChunk])(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(changes)), "ns/change")
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}
