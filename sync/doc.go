// Package sync is sbcc's replication core: node ids, hybrid logical clocks,
// changes, version vectors and the merge rules that make every replica reach
// the same state whatever order changes arrive in.
//
// # Basics
//
// A replica holds records. A record is identified by a kind and an id and is
// a set of named fields whose values are opaque JSON. Every edit becomes one
// [Change] stamped by its origin node with a per-origin sequence number and a
// hybrid logical clock ([HLC]). [Record.Apply] merges a change into a record:
// per field the value with the highest (HLC, origin) [Stamp] wins, and values
// written without having seen each other are kept as conflicts until an edit
// that has seen them all supersedes them. Conflicts are a function of the set
// of applied changes, never of their order.
//
// Deletes are tombstones that win against concurrent edits; a restore is an
// ordinary change that has seen the delete. An erase is terminal: it removes
// the personal fields (as told by a [Schema]) from the record and every later
// change, and itself carries no personal data.
//
// # Caveats
//
// The package knows nothing of actors, events or any other domain type, and
// reads no files, sockets or wall clocks except through the [Clock]'s injected
// time source. It must not import sbcc/app or sbcc/index.
//
// The package is named sync, like the standard library's; importers alias it
// (sbsync), and inside it the standard package is imported as stdsync. The
// name was kept because it is the project's word for the job (DESIGN.md).
package sync
