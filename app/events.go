package app

import (
	"slices"

	"sbcc/app/bus"
	"sbcc/sync/store"
)

// ForwardCommits publishes a bus.Records notice for every commit of d's store.
func ForwardCommits(d *Directory, b *bus.Bus) (cancel func()) {
	return d.Store().Subscribe(func(c store.Commit) {
		var rc bus.RecordsChanged
		rc.Local = c.Local
		for _, ch := range c.Changes {
			if !slices.Contains(rc.Kinds, ch.Kind) {
				rc.Kinds = append(rc.Kinds, ch.Kind)
			}
			if len(rc.IDs) < 100 && !slices.Contains(rc.IDs, ch.ID) {
				rc.IDs = append(rc.IDs, ch.ID)
			}
		}
		b.Publish(bus.Notice{Name: bus.Records, Data: rc})
	})
}
