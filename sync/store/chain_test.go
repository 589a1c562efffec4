package store

import (
	"bytes"
	"fmt"
	"testing"

	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// ownChanges returns this node's changes in the log, in sequence.
func ownChanges(t *testing.T, s *Store) []sbsync.Change {
	t.Helper()
	var out []sbsync.Change
	if err := s.ChangesSince(sbsync.Vector{}, func(c sbsync.Change) error {
		if c.Origin == s.Node() {
			out = append(out, c)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLocalChangesChain: every signed change of this node links to the
// digest of the one before it — within a commit, across commits, across a
// reopen, and for changes made before the network and signed later by
// SignLocal — so a receiver checks one signature per run.
func TestLocalChangesChain(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	edit := func(s *Store, i int) {
		t.Helper()
		if _, err := s.Commit(Edit{Kind: "actor", ID: fmt.Sprintf("01HZCHAIN%016d", i), Op: sbsync.OpSet, Fields: fields("name", fmt.Sprint("A", i))}); err != nil {
			t.Fatal(err)
		}
	}
	edit(s, 1)
	edit(s, 2) // unsigned: no network yet
	id := trust.NewIdentity(s.Key(), "LT")
	if n, err := s.SignLocal(id.Sign); err != nil || n != 2 {
		t.Fatalf("SignLocal: %d, %v", n, err)
	}
	s.SetSigner(id.Sign)
	if _, err := s.Commit(
		Edit{Kind: "actor", ID: "01HZCHAIN0000000000000000A", Op: sbsync.OpSet, Fields: fields("name", "x")},
		Edit{Kind: "actor", ID: "01HZCHAIN0000000000000000B", Op: sbsync.OpSet, Fields: fields("name", "y")},
	); err != nil {
		t.Fatal(err)
	}
	edit(s, 3)
	s.Close()
	s2, err := Open(dir, Options{Schema: model.Schema{}, NoSync: true, Sign: id.Sign})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	edit(s2, 4)

	cs := ownChanges(t, s2)
	if len(cs) != 6 {
		t.Fatalf("%d own changes, want 6", len(cs))
	}
	for i, c := range cs {
		if len(c.Sig) == 0 {
			t.Fatalf("change %d unsigned", c.Seq)
		}
		if i == 0 {
			if len(c.Prev) != 0 {
				t.Errorf("first change links to %x", c.Prev)
			}
			continue
		}
		d, err := cs[i-1].SigningBytes()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.Prev, d) {
			t.Errorf("change %d does not link to change %d", c.Seq, cs[i-1].Seq)
		}
	}
}
