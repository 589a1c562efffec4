// Package bundle is sbcc's sync file: the signed changes one office holds
// and another lacks, written to one file that travels by USB stick or
// e-mail attachment to an office with no connection at all, and read back
// there with the same checks as the network path.
//
// # Format (version 1)
//
// A file starts with the 10 bytes "sbcc-sync\n", then holds frames. Every
// frame is one kind byte, a 4-byte big-endian length and that many bytes:
//
//	'H'  the header, zstd-compressed JSON ([Header]): format name and
//	     version, network id, the writer's node id and office, the vector
//	     the file starts from (From), the writer's vector (Vector), the
//	     number of changes, and the network notices the writer knows
//	     (signed certificates and revocations, so that the reader can
//	     verify offices it has not heard of yet; never key rotations,
//	     which carry the network key)
//	'S'  the writer's ed25519 signature over the header as stored, so
//	     that its node id, office and vectors can be trusted
//	'C'  one chunk: a zstd-compressed JSON array of signed changes,
//	     applied by the reader in one store transaction
//	'E'  the end, plain JSON: number of chunks and changes and the SHA-256
//	     of every byte before this frame
//
// The changes are exactly Vector.Lacks(From), in origin and sequence
// order. A file that ends early, or whose bytes were changed, fails the
// end check and [Import] applies nothing from it.
//
// # Bounds
//
// Reading never allocates without limit: a frame is at most [MaxFrame]
// bytes, a decompressed header at most [MaxHeader] and a decompressed
// chunk at most [MaxChunk] (the zstd decoder refuses to go further, so a
// zstd bomb is refused, not inflated).
//
// # Import
//
// [Import] checks the whole file first, then verifies every change like
// the network path (sbcc/sync/gossip) does: signature and membership by
// [trust.Registry.Verify], the clock guard (a change stamped more than
// MaxSkew ahead of now is not applied and is reported), and applies the
// rest with the replica's ApplyRemote, which skips what is already there
// and holds back what would leave a gap. Importing a file twice, or files
// in any order, is therefore safe.
package bundle
