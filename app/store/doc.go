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
// # Caveats
//
// One process at a time may open a data folder: a second Open fails at once
// with [ErrLocked] instead of waiting on the file lock. The store imports
// sbcc/sync but nothing of sbcc/app; only app and main import it.
package store
