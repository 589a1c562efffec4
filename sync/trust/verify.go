package trust

import (
	"bytes"
	"cmp"
	"crypto/ed25519"
	"fmt"
	"slices"

	"sbcc/internal/parallel"
	sbsync "sbcc/sync"
)

// Verify checks that c was signed by its origin's key and that the origin
// is a trusted member for it.
func (r *Registry) Verify(c *sbsync.Change) error {
	key, err := r.signer(c)
	if err != nil {
		return err
	}
	b, err := c.SigningBytes()
	if err != nil || !ed25519.Verify(key, b, c.Sig) {
		return fmt.Errorf("%w: %s/%d", ErrBadSignature, c.Origin, c.Seq)
	}
	return nil
}

// signer returns the key that must have signed c: its origin's, if the
// origin is a member that may still make c.
func (r *Registry) signer(c *sbsync.Change) (ed25519.PublicKey, error) {
	r.mu.RLock()
	mv, err := r.memberAt(c.Origin)
	rv, revoked := r.view.revoked[c.Origin]
	r.mu.RUnlock()
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %s/%d", err, c.Origin, c.Seq)
	case revoked && c.Seq > rv.UpTo:
		return nil, fmt.Errorf("%w: %s/%d (revoked after %d by %s)", ErrRevoked, c.Origin, c.Seq, rv.UpTo, rv.By)
	}
	return mv.cert.Key, nil
}

// VerifyBatch verifies every change of cs as Verify does and returns one
// error per change (nil for an authentic one). It checks one signature per
// run of an origin's consecutive changes: a change is authentic when the
// authentic change after it in the batch links to its digest
// (sbsync.Change.Prev), because that link is covered by the later change's
// signature. A broken link falls back to the change's own signature. The
// work runs on all cores.
func (r *Registry) VerifyBatch(cs []sbsync.Change) []error {
	errs := make([]error, len(cs))
	keys := make([]ed25519.PublicKey, len(cs))
	digests := make([][]byte, len(cs))
	parallel.For(len(cs), func(i int) error {
		keys[i], errs[i] = r.signer(&cs[i])
		if errs[i] == nil {
			if d, err := cs[i].SigningBytes(); err == nil {
				digests[i] = d
			} else {
				errs[i] = fmt.Errorf("%w: %s/%d", ErrBadSignature, cs[i].Origin, cs[i].Seq)
			}
		}
		return nil
	})
	// next[i] is the index of the same origin's change Seq+1 in the batch
	// when that change names change i's digest as its Prev, else -1.
	at := make(map[sbsync.NodeID]map[uint64]int)
	for i := range cs {
		m := at[cs[i].Origin]
		if m == nil {
			m = map[uint64]int{}
			at[cs[i].Origin] = m
		}
		m[cs[i].Seq] = i
	}
	next := make([]int, len(cs))
	var heads, linked []int
	for i := range cs {
		next[i] = -1
		if j, ok := at[cs[i].Origin][cs[i].Seq+1]; ok && j != i && digests[i] != nil && bytes.Equal(cs[j].Prev, digests[i]) {
			next[i] = j
		}
		switch {
		case errs[i] != nil:
		case next[i] < 0:
			heads = append(heads, i) // nothing links to it: its own signature counts
		default:
			linked = append(linked, i)
		}
	}
	checkSig := func(i int) {
		if !ed25519.Verify(keys[i], digests[i], cs[i].Sig) {
			errs[i] = fmt.Errorf("%w: %s/%d", ErrBadSignature, cs[i].Origin, cs[i].Seq)
		}
	}
	parallel.For(len(heads), func(k int) error { checkSig(heads[k]); return nil })
	// Then each origin's linked changes from the newest down: authentic
	// when their successor is, else checked on their own.
	slices.SortFunc(linked, func(a, b int) int {
		if c := cmp.Compare(cs[a].Origin, cs[b].Origin); c != 0 {
			return c
		}
		return cmp.Compare(cs[b].Seq, cs[a].Seq)
	})
	for _, i := range linked {
		if errs[next[i]] != nil {
			checkSig(i)
		}
	}
	return errs
}
