// Package gossip runs an sbcc node on the network: it keeps an
// authenticated session with every peer it can dial, streams over it what
// the peer lacks in both directions, and uses hashicorp/memberlist for
// membership, hints and network notices where nodes reach each other.
//
// # Basics
//
// A [Node] wraps a [Replica] (the store), a memberlist and its sessions.
// Changes move only in sessions; memberlist gossip carries hints (the
// newest sequence numbers of fresh changes, never their contents: anyone
// with the network key reads gossip), push/pull state (vector, status,
// notices) and notices.
//
// # Sessions
//
// Whichever side can dial opens the session: a node dials every address it
// knows ([Config.Join], the peer book, memberlist's live nodes) that no
// session covers yet, with backoff (joining memberlist there beside the
// dial, not before it, where memberlist does not know the address yet),
// so an office behind NAT opens no port
// at all and a hub (any reachable node, such as an always-on `sbcc serve`)
// carries the changes between offices that cannot reach each other. The
// session is one TCP stream on the gossip port: the dialler writes the
// magic "SBCS" and [Transport] hands streams that start with it to the node,
// every other stream to memberlist.
//
// Handshake. Both sides send a [wire.Hello] in the clear: protocol version,
// network id, node id, ed25519 public key, certificate, a fresh 32-byte
// nonce and a fresh X25519 key (the dialler adds its dial time). Each side
// then signs the transcript — the label "sbcc session v1", both hellos as
// sent, and its role (dialler or acceptor) — with its node key
// ([Config.Identity]) and sends the signature ([wire.Auth]). Each checks
// the other's signature and asks [trust.Registry.Authorized] whether the
// node is a current, non-revoked member whose certificate names that key
// (a certificate unknown so far is checked and merged first). A node with
// the network key but no certificate, or a revoked one, gets nothing but
// the other's hello and signature. A revocation learned later closes the
// revoked peer's sessions.
//
// Framing. Every frame is a 4-byte big-endian length and a body of at most
// [wire.MaxFrame] bytes; after the handshake the body is AES-256-GCM sealed
// with keys derived (HKDF-SHA256, the transcript hash as salt) from the
// X25519 shared secret, one key per direction, the frame counter as nonce.
// Inside is one [wire] message: a type byte and zstd-compressed JSON.
//
// Streaming. Each side sends its [wire.Status] (vector, office, conflicts,
// the nodes it has sessions with and their vectors, notices when changed)
// at once, whenever the origins it wants from this peer change, and every
// [Config.KeepAlive] as the keepalive. Each side streams the changes the
// peer lacks as [wire.Chunk]s of at most [Config.ChunkBytes] of JSON
// (1 MiB) read with [Replica.RawChangesSince] and passed on as logged (no
// decoding and encoding again); the receiver applies each chunk in one
// store transaction through the same path as every change (signature,
// member, clock guard) and answers with a [wire.Ack] carrying its vector.
// Signatures are checked per run: an origin's changes form a hash chain
// (each names its predecessor's signing digest), so the receiver checks the
// signature of the newest change of each origin in a chunk and takes the
// ones below it on their links (trust.Registry.VerifyBatch). A sender ends
// every run at a change whose own signature holds, so a relay that
// stripped signatures below a run's tail cannot make the next office
// refuse a chunk. The receiver reads, decodes, verifies and prepares
// ([Replica.PrepareRemote]: values checked, log JSON made, records merged
// ahead against a snapshot) the next chunk while the one before it
// applies; the store's transaction then mostly writes.
// At most [Config.SessionWindow] chunks (8) are unacknowledged. After the
// catch-up the session stays open: a local edit, or a change applied from
// another session, wakes every session's sender, so fresh changes travel
// both ways at once and a hub forwards them. Per origin, a node takes
// changes from one session only — the origin's own when it has one, else
// the peer that holds most of them — and tells the other peers to leave
// that origin out ([wire.Status].Exclude), so no two sessions send the same
// ranges.
//
// Resume. A session silent for 3 × KeepAlive + TCPTimeout, or whose stream
// breaks, is closed and dialled again; the new session starts from the
// vectors exchanged in the statuses, so nothing that was applied is sent
// again; what was on its way at the cut is at most the window. Of two
// sessions with one peer both sides keep the same one: the one dialled by
// the smaller node id, and of two from one dialler the later dialled.
//
// Every change is verified against its origin's key ([trust.Registry])
// before it is applied, and a change stamped further ahead of the local
// clock than [Config.MaxSkew] is held back: neither kind is applied, so the
// peer's vector does not move and its next status makes the sender send
// them again.
//
// # Status
//
// [Node.Peers] reports per node: connected (a session of its own) or
// reached through which session peer, last contact, what each side lacks,
// a running catch-up ([Progress], also given to [Config.OnProgress]),
// conflicts and bytes each way. It does not use memberlist's view: UDP
// probes of a node behind NAT fail and memberlist cycles it suspect, dead
// and alive, which is logged at Debug only; a repeated memberlist warning is
// logged once per source and minute with the count left out.
//
// Known peers are remembered in [Config.PeerFile] and retried with backoff
// (ReconnectMin to ReconnectMax), so a laptop that was away rejoins by
// itself.
//
// One file per job: handshake.go (framing, keys, signatures), session.go
// (a session's reader, sender and writer; routing), peers.go (peer book,
// dialling), worker.go (memberlist messages, apply), delegate.go, events.go,
// alive.go (memberlist delegates). [Node.Stop] ends every goroutine.
//
// # Caveats
//
// The package must not import sbcc/app: the store is used only through
// [Replica]. Anyone with the network key is a memberlist member and reads
// gossip (hints, vectors, notices) but no change; the change signatures are
// what keep one office, or a hub, from forging another's edits.
package gossip
