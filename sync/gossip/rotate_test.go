package gossip_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"sbcc/sync/trust"
)

// TestRevokedNodeLosesTheNetwork: the founder revokes one office and
// rotates the key on real memberlist nodes. The other office installs the
// new key (sealed to it); the revoked office never learns it, and once the
// old key is dropped it receives nothing more.
func TestRevokedNodeLosesTheNetwork(t *testing.T) {
	c := newCluster(t, 3, true, nil)
	founder, kept, gone := c.nodes[0], c.nodes[1], c.nodes[2]
	all := trust.NewRegistry(c.network)
	for _, tn := range c.nodes {
		all.Merge(tn.file.Notices)
	}
	rev := trust.Revoke(founder.id, c.network, gone.id.Node, 0)
	all.Merge(trust.Notices{Revoked: []trust.Revocation{rev}})
	key := trust.NewKey()
	now := time.Now().Unix()
	rot, err := trust.Rotate(founder.id, c.network, key, now-1, now+2, all.Members())
	if err != nil {
		t.Fatal(err)
	}
	if err := founder.node.Publish(trust.Notices{Members: all.Notices().Members, Revoked: []trust.Revocation{rev}, Rotations: []trust.Rotation{rot}}); err != nil {
		t.Fatal(err)
	}
	has := func(tn *testNode) bool {
		for _, k := range tn.node.Keys() {
			if bytes.Equal(k, key) {
				return true
			}
		}
		return false
	}
	eventually(t, 20*time.Second, "the kept office uses the new key alone", func() error {
		if ks := kept.node.Keys(); len(ks) != 1 || !bytes.Equal(ks[0], key) {
			return fmt.Errorf("kept office holds %d keys, new one primary: %v", len(ks), has(kept))
		}
		return nil
	})
	if has(gone) {
		t.Fatal("the revoked office installed the new key")
	}
	// An edit at the founder now reaches the kept office, never the revoked.
	put(t, founder.st, "actor", "after-rotation", map[string]any{"name": "Nach der Rotation", "kind": "organisation"})
	eventually(t, 20*time.Second, "the edit reaches the kept office", func() error {
		if _, err := kept.st.Find("after-rotation"); err != nil {
			return err
		}
		return nil
	})
	time.Sleep(2 * time.Second) // several sync rounds: the bound on "never"
	if _, err := gone.st.Find("after-rotation"); err == nil {
		t.Fatal("the revoked office still receives edits after the rotation")
	}
}
