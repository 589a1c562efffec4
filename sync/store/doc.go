// Package store keeps a replica of the directory in one bbolt file: the
// change log, the current records, the version vector, a feed of applied
// changes for the search index to follow, and the index of open conflicts.
//
// # Basics
//
// Every local edit and every batch of remote changes is applied in one bbolt
// transaction: the change is logged, merged into its record (sbcc/sync's
// merge rules), the version vector moved and a feed entry written, or none
// of it is. The store knows record kinds only as names; which fields hold
// personal data is told by the caller's [Schema].
//
// Remote batches are prepared before their transaction
// ([Store.PrepareRemote]): checked, encoded for the log and merged into
// their records against a snapshot of the store, on all cores, while the
// batch before them is written. The transaction takes a record merged
// ahead only when the record is still byte for byte what the snapshot
// held and the same changes are planned; otherwise it merges again.
//
// New files use 16 KiB pages (an actor's record is ~2.3 KB; bbolt keeps
// at least two entries to a leaf); a file keeps the page size it was made
// with.
//
// # Erase and damage
//
// A commit that erases a record wipes, before it returns, every page bbolt
// holds as free ([Store.Scrub]): old values stay in freed pages until they
// are reused, and an erase must leave nothing. Open checks the file before
// bbolt maps it (headers, size against the page count) and names a damaged
// file with [ErrDamaged] and the latest backup in the folder; it refuses to
// make a new store beside a network file or an index ([ErrStoreMissing]).
// [Store.Verify] and [Repair] are `sbcc check` and `sbcc check --repair`.
//
// # Caveats
//
// One process at a time may open a data folder: a second Open fails at once
// with [ErrLocked] instead of waiting on the file lock. The store imports
// sbcc/sync but nothing of sbcc/app; only app and main import it.
package store
