// Package trust holds the security of an sbcc network: the network's
// memberlist encryption keys, this node's ed25519 identity, the signed
// certificates of members, revocations and key rotations, invite codes, and
// the verification of every change against its origin's key.
//
// # Basics
//
// A network is founded by `sbcc network init`: the founder's public key
// names the network (the network id is a hash of it) and its certificate
// signs itself. `network invite` makes a one-time ticket key, signs it with
// the inviter's key and puts ticket, network keys and addresses into a code;
// `network join CODE` makes the new node's key and a certificate signed by
// the ticket. Any node can check a certificate chain back to the founder.
//
// Notices (certificates, revocations, rotations) are sets: merging them is
// commutative and idempotent, so every node that has seen the same notices
// trusts the same keys. A node id claimed by two valid certificates with
// different keys is disputed and none of its later changes is accepted.
//
// Changes are signed over [sbsync.Change.SigningBytes], which covers salted
// per-field hashes, so a change whose personal fields an erase removed still
// verifies and no personal value survives in it.
//
// # Caveats
//
// Anyone with the network key is a memberlist member and can read gossip;
// revoking a node refuses its future changes but it keeps the key it has
// until `network rotate` replaces it. An invite code is a secret until it
// is used: whoever holds it can join. The package does no I/O except
// [Load] and [Save] of the network file, and never imports sbcc/app.
package trust
