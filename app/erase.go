package app

import (
	"fmt"
	"os"
	"path/filepath"

	sbsync "sbcc/sync"
	"sbcc/sync/store"
)

// forgetOnErase makes every erase applied to the store, made here or
// received from a peer, remove the search index folder before the erase
// returns: Bleve keeps a deleted document in its segment files until they
// are merged, and the facet side file keeps its name, so the index is
// dropped whole and rebuilt from the store (which the erase has already
// wiped; see store.Scrub) at the next search or by FollowIndex.
func (d *Directory) forgetOnErase() {
	d.store.Subscribe(func(c store.Commit) {
		for _, ch := range c.Changes {
			if ch.Op == sbsync.OpErase {
				if err := d.dropIndex(); err != nil {
					d.log.Error("erase: removing the search index", "err", err)
				}
				return
			}
		}
	})
}

// dropIndex closes the search index if it is open and removes its folder.
func (d *Directory) dropIndex() error {
	s := &d.search
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.idx != nil {
		if err := s.idx.Close(); err != nil {
			d.log.Warn("erase: closing the search index", "err", err)
		}
		s.idx = nil
	}
	if err := os.RemoveAll(filepath.Join(d.dir, IndexDirName)); err != nil {
		return fmt.Errorf("remove the search index: %w", err)
	}
	return nil
}
