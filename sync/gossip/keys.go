package gossip

import (
	"bytes"
	"slices"

	"sbcc/sync/trust"
)

// rotateKeys brings the keyring in line with the rotations known: a new key
// is installed at once, becomes primary at its UseAt and the keys before it
// are dropped at its DropAt. Between the two, both keys decrypt.
func (n *Node) rotateKeys() {
	if n.keyring == nil || n.cfg.Trust == nil {
		return
	}
	// Only the rotations sealed to this node carry a key it can use.
	rots := slices.DeleteFunc(n.cfg.Trust.Rotations(), func(r trust.Rotation) bool { return r.Key == nil })
	if len(rots) == 0 {
		return
	}
	now := n.now().Unix()
	var current *trust.Rotation
	for i := range rots {
		if rots[i].UseAt <= now && (current == nil || rots[i].UseAt >= current.UseAt) {
			current = &rots[i]
		}
	}
	dropOld := current != nil && now >= current.DropAt
	installed := n.keyring.GetKeys()
	has := func(k []byte) bool {
		for _, h := range installed {
			if bytes.Equal(h, k) {
				return true
			}
		}
		return false
	}
	changed := false
	for _, r := range rots {
		keep := !dropOld || r.UseAt > now || bytes.Equal(r.Key, current.Key)
		if keep && !has(r.Key) {
			if err := n.keyring.AddKey(r.Key); err == nil {
				changed = true
				n.log.Info("network key installed", "useAt", r.UseAt, "dropOldAt", r.DropAt)
			}
		}
	}
	if current != nil && !bytes.Equal(n.keyring.GetPrimaryKey(), current.Key) {
		if err := n.keyring.UseKey(current.Key); err == nil {
			changed = true
			n.log.Info("network key rotated: the new key is now primary")
		}
	}
	if dropOld {
		future := map[string]bool{string(current.Key): true}
		for _, r := range rots {
			if r.UseAt > now {
				future[string(r.Key)] = true
			}
		}
		for _, k := range n.keyring.GetKeys() {
			if !future[string(k)] {
				if err := n.keyring.RemoveKey(k); err == nil {
					changed = true
					n.log.Info("old network key dropped")
				}
			}
		}
	}
	if changed && n.cfg.OnKeys != nil {
		n.cfg.OnKeys(n.keyring.GetKeys())
	}
}
