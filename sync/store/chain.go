package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	sbsync "sbcc/sync"
)

// chainer signs this node's new changes in sequence, each linked to the
// signing digest of the one before it (sbsync.Change.Prev), so that a
// receiver checks one signature per run of changes instead of one per
// change.
type chainer struct {
	sign func(*sbsync.Change) error
	log  *bolt.Bucket
	node sbsync.NodeID
	prev []byte
	// loaded is set once prev holds the digest of the change before the
	// next one to sign.
	loaded bool
}

// newChainer returns a chainer for the log of tx, nil when changes are not
// signed (no network yet).
func (s *Store) newChainer(tx *bolt.Tx) *chainer {
	sign := s.signer()
	if sign == nil {
		return nil
	}
	return &chainer{sign: sign, log: tx.Bucket(bLog), node: s.node}
}

// seal links c to this node's change c.Seq-1 and signs it.
func (ch *chainer) seal(c *sbsync.Change) error {
	if !ch.loaded {
		prev, err := logDigest(ch.log, ch.node, c.Seq-1)
		if err != nil {
			return err
		}
		ch.prev, ch.loaded = prev, true
	}
	c.Prev = ch.prev
	if err := ch.sign(c); err != nil {
		return fmt.Errorf("sign change: %w", err)
	}
	d, err := c.SigningBytes()
	if err != nil {
		return fmt.Errorf("sign change: %w", err)
	}
	ch.prev = d
	return nil
}

// logDigest returns the signing digest of origin's change seq in log, nil
// when there is no such change or it is not signed (it cannot be linked
// to).
func logDigest(log *bolt.Bucket, origin sbsync.NodeID, seq uint64) ([]byte, error) {
	if seq == 0 {
		return nil, nil
	}
	raw := log.Get(logKey(origin, seq))
	if raw == nil {
		return nil, nil
	}
	var c sbsync.Change
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("damaged change in log: %w", err)
	}
	if len(c.Sig) == 0 {
		return nil, nil
	}
	d, err := c.SigningBytes()
	if err != nil {
		return nil, nil
	}
	return d, nil
}
