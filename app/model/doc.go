// Package model is the directory's domain: localities, actors, links,
// events, participations, posts and consents, their validation, the sector
// taxonomy with labels in the five languages of the network, and which
// fields hold personal data.
//
// # Basics
//
// Every record type has an ID (a ULID, made offline without collisions) and
// converts to and from the field map that the replication layer merges
// ([ToFields], [FromFields]). Struct tags mark personal fields
// (`personal:"true"`); [Schema] reads them for erasure and data exports.
//
// # Caveats
//
// The package does no I/O and imports no storage, search, network or UI
// package: it is tested exhaustively on its own.
package model
