package trust

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	stdsync "sync"

	sbsync "sbcc/sync"
)

// Errors of verification.
var (
	// ErrUnknownOrigin is returned for a change whose origin has no valid
	// certificate (yet): it is refused and asked for again later.
	ErrUnknownOrigin = errors.New("change from a node that is not a known member")
	// ErrRevoked is returned for a change made by a revoked node after its
	// revocation.
	ErrRevoked = errors.New("change from a revoked node")
	// ErrDisputed is returned for a change whose origin id is claimed by two
	// different keys.
	ErrDisputed = errors.New("change from a node id claimed by two keys")
	// ErrBadSignature is returned for a change whose signature does not
	// verify under its origin's key: forged or damaged.
	ErrBadSignature = errors.New("change signature does not verify")
	// ErrBadNotice is wrapped by every invalid certificate or notice.
	ErrBadNotice = errors.New("invalid network notice")
)

// maxPending bounds the certificates kept while their inviter is unknown.
const maxPending = 1000

// KeySize is the length of a memberlist encryption key (AES-256).
const KeySize = 32

// NetworkID returns the id of the network founded by the holder of pub.
func NetworkID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return "sbcc-" + hex.EncodeToString(sum[:8])
}

// NewKey returns a fresh random memberlist encryption key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		panic(fmt.Sprintf("trust: no randomness: %v", err))
	}
	return k
}

// Identity is this node's signing key.
type Identity struct {
	Node   sbsync.NodeID      `json:"node"`
	Office string             `json:"office"`
	Key    ed25519.PrivateKey `json:"key"`
}

// NewIdentity makes a fresh ed25519 key for node.
func NewIdentity(node sbsync.NodeID, office string) Identity {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("trust: no randomness: %v", err))
	}
	return Identity{Node: node, Office: office, Key: priv}
}

// Public returns the identity's public key.
func (id Identity) Public() ed25519.PublicKey { return id.Key.Public().(ed25519.PublicKey) }

// Sign salts every field of c and signs it; it is the store's Sign hook.
// It refuses a change of another origin.
func (id Identity) Sign(c *sbsync.Change) error {
	if c.Origin != id.Node {
		return fmt.Errorf("sign a change of %s with the key of %s", c.Origin, id.Node)
	}
	if len(c.Fields) > 0 {
		salt := make([]byte, sbsync.SaltBytes*len(c.Fields))
		if _, err := rand.Read(salt); err != nil {
			return err
		}
		c.Salt = make(map[string][]byte, len(c.Fields))
		i := 0
		for name := range c.Fields {
			c.Salt[name] = salt[i : i+sbsync.SaltBytes : i+sbsync.SaltBytes]
			i += sbsync.SaltBytes
		}
	}
	b, err := c.SigningBytes()
	if err != nil {
		return err
	}
	c.Sig = ed25519.Sign(id.Key, b)
	return nil
}

// Member is a node's certificate: its id, office and public key, vouched
// for by an invite ticket that a member signed. The founder's certificate
// is its own inviter.
type Member struct {
	Network string            `json:"net"`
	Node    sbsync.NodeID     `json:"node"`
	Office  string            `json:"office"`
	Key     ed25519.PublicKey `json:"key"`
	Inviter sbsync.NodeID     `json:"inviter"`
	Ticket  ed25519.PublicKey `json:"ticket"`
	// TicketSig is the inviter's signature over the ticket key.
	TicketSig []byte `json:"ticketSig"`
	// Sig is the ticket key's signature over the member (the founder's own
	// key for the founder).
	Sig []byte `json:"sig"`
}

func digest(parts ...[]byte) []byte {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	return h.Sum(nil)
}

func ticketBytes(network string, ticket ed25519.PublicKey) []byte {
	return digest([]byte("sbcc ticket v1"), []byte(network), ticket)
}

func (m *Member) bytes() []byte {
	return digest([]byte("sbcc member v1"), []byte(m.Network), []byte(m.Node), []byte(m.Office), m.Key, []byte(m.Inviter), m.Ticket)
}

func (m *Member) root() bool { return m.Inviter == m.Node }

// Revocation withdraws a node's trust: its changes after UpTo are refused.
type Revocation struct {
	Network string        `json:"net"`
	Node    sbsync.NodeID `json:"node"`
	// UpTo is the revoker's vector entry for the node when it revoked: the
	// changes made before that stay valid.
	UpTo uint64        `json:"upTo"`
	By   sbsync.NodeID `json:"by"`
	Sig  []byte        `json:"sig"`
}

func (r *Revocation) bytes() []byte {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], r.UpTo)
	return digest([]byte("sbcc revoke v1"), []byte(r.Network), []byte(r.Node), n[:], []byte(r.By))
}

// Rotation installs a new network encryption key: every node adds it at
// once, makes it primary at UseAt and drops the older keys at DropAt (Unix
// seconds). Between the two, both keys work.
type Rotation struct {
	Network string        `json:"net"`
	Key     []byte        `json:"key"`
	UseAt   int64         `json:"useAt"`
	DropAt  int64         `json:"dropAt"`
	By      sbsync.NodeID `json:"by"`
	Sig     []byte        `json:"sig"`
}

func (r *Rotation) bytes() []byte {
	var a, b [8]byte
	binary.BigEndian.PutUint64(a[:], uint64(r.UseAt))
	binary.BigEndian.PutUint64(b[:], uint64(r.DropAt))
	return digest([]byte("sbcc rotate v1"), []byte(r.Network), r.Key, a[:], b[:], []byte(r.By))
}

// Notices is a set of signed network notices. It grows with the number of
// nodes and key rotations, never with the number of records.
type Notices struct {
	Members   []Member     `json:"members,omitempty"`
	Revoked   []Revocation `json:"revoked,omitempty"`
	Rotations []Rotation   `json:"rotations,omitempty"`
}

// Registry is the set of notices a node knows, with the trust they imply.
// It is safe for concurrent use.
type Registry struct {
	network string

	mu       stdsync.RWMutex
	members  map[string]Member // by Node+key: every valid certificate
	keys     map[sbsync.NodeID][]ed25519.PublicKey
	pending  []Member // certificates whose inviter is not known yet
	revoked  map[sbsync.NodeID]Revocation
	rotation map[string]Rotation // by key
}

// NewRegistry returns an empty registry for network.
func NewRegistry(network string) *Registry {
	return &Registry{network: network, members: map[string]Member{}, keys: map[sbsync.NodeID][]ed25519.PublicKey{},
		revoked: map[sbsync.NodeID]Revocation{}, rotation: map[string]Rotation{}}
}

// Network returns the network id.
func (r *Registry) Network() string { return r.network }

// Merge adds the valid notices of n and reports how many were new. Invalid
// notices are reported in the error but do not stop the others.
func (r *Registry) Merge(n Notices) (added int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	r.pending = append(r.pending, n.Members...)
	for progress := true; progress; {
		progress = false
		rest := r.pending[:0]
		for _, m := range r.pending {
			switch ok, e := r.checkMember(&m); {
			case e != nil:
				errs = append(errs, e)
			case ok:
				k := string(m.Node) + "\x00" + string(m.Key)
				if _, dup := r.members[k]; !dup {
					r.members[k] = m
					r.keys[m.Node] = append(r.keys[m.Node], m.Key)
					added++
					progress = true
				}
			default:
				rest = append(rest, m)
			}
		}
		r.pending = rest
	}
	if len(r.pending) > maxPending {
		r.pending = r.pending[len(r.pending)-maxPending:]
	}
	for _, v := range n.Revoked {
		if e := r.checkSigned(v.Network, v.By, v.bytes(), v.Sig); e != nil {
			errs = append(errs, fmt.Errorf("revocation of %s: %w", v.Node, e))
			continue
		}
		old, ok := r.revoked[v.Node]
		if !ok || v.UpTo < old.UpTo || v.UpTo == old.UpTo && bytes.Compare(v.Sig, old.Sig) < 0 {
			r.revoked[v.Node] = v
			added++
		}
	}
	for _, v := range n.Rotations {
		if len(v.Key) != KeySize || v.DropAt < v.UseAt {
			errs = append(errs, fmt.Errorf("%w: rotation with a bad key or times", ErrBadNotice))
			continue
		}
		if e := r.checkSigned(v.Network, v.By, v.bytes(), v.Sig); e != nil {
			errs = append(errs, fmt.Errorf("rotation: %w", e))
			continue
		}
		if _, ok := r.rotation[string(v.Key)]; !ok {
			r.rotation[string(v.Key)] = v
			added++
		}
	}
	return added, errors.Join(errs...)
}

// checkMember reports whether m is valid now, not yet decidable (its
// inviter unknown: ok false, err nil), or invalid.
func (r *Registry) checkMember(m *Member) (bool, error) {
	bad := func(why string) error { return fmt.Errorf("%w: certificate of %s: %s", ErrBadNotice, m.Node, why) }
	if m.Network != r.network || !m.Node.Valid() || len(m.Key) != ed25519.PublicKeySize || len(m.Ticket) != ed25519.PublicKeySize {
		return false, bad("wrong network or malformed")
	}
	if !ed25519.Verify(m.Ticket, m.bytes(), m.Sig) {
		return false, bad("ticket signature does not verify")
	}
	if m.root() {
		if NetworkID(m.Key) != r.network || !bytes.Equal(m.Ticket, m.Key) {
			return false, bad("not the founder")
		}
		return true, nil
	}
	keys := r.keys[m.Inviter]
	if len(keys) == 0 {
		return false, nil
	}
	for _, k := range keys {
		if ed25519.Verify(k, ticketBytes(m.Network, m.Ticket), m.TicketSig) {
			return true, nil
		}
	}
	return false, bad("inviter signature does not verify")
}

func (r *Registry) checkSigned(network string, by sbsync.NodeID, msg, sig []byte) error {
	if network != r.network {
		return fmt.Errorf("%w: wrong network", ErrBadNotice)
	}
	keys := r.keys[by]
	if len(keys) != 1 {
		return fmt.Errorf("%w: signer %s unknown or disputed", ErrBadNotice, by)
	}
	if !ed25519.Verify(keys[0], msg, sig) {
		return fmt.Errorf("%w: signature by %s does not verify", ErrBadNotice, by)
	}
	return nil
}

// Notices returns every valid notice known, in a stable order.
func (r *Registry) Notices() Notices {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var n Notices
	for _, m := range r.members {
		n.Members = append(n.Members, m)
	}
	// Certificates still waiting for their inviter travel on: receivers
	// check them themselves.
	seen := map[string]bool{}
	for _, m := range r.pending {
		k := string(m.Node) + "\x00" + string(m.Key)
		if _, ok := r.members[k]; !ok && !seen[k] && len(seen) < maxPending {
			seen[k] = true
			n.Members = append(n.Members, m)
		}
	}
	sort.Slice(n.Members, func(i, j int) bool {
		a, b := n.Members[i], n.Members[j]
		return a.Node < b.Node || a.Node == b.Node && bytes.Compare(a.Key, b.Key) < 0
	})
	for _, v := range r.revoked {
		n.Revoked = append(n.Revoked, v)
	}
	sort.Slice(n.Revoked, func(i, j int) bool { return n.Revoked[i].Node < n.Revoked[j].Node })
	for _, v := range r.rotation {
		n.Rotations = append(n.Rotations, v)
	}
	sort.Slice(n.Rotations, func(i, j int) bool { return n.Rotations[i].UseAt < n.Rotations[j].UseAt })
	return n
}

// Verify checks that c was signed by its origin's key and that the origin
// is a trusted member for it.
func (r *Registry) Verify(c *sbsync.Change) error {
	r.mu.RLock()
	keys := r.keys[c.Origin]
	rv, revoked := r.revoked[c.Origin]
	r.mu.RUnlock()
	switch {
	case len(keys) == 0:
		return fmt.Errorf("%w: %s/%d", ErrUnknownOrigin, c.Origin, c.Seq)
	case len(keys) > 1:
		return fmt.Errorf("%w: %s/%d", ErrDisputed, c.Origin, c.Seq)
	case revoked && c.Seq > rv.UpTo:
		return fmt.Errorf("%w: %s/%d (revoked after %d by %s)", ErrRevoked, c.Origin, c.Seq, rv.UpTo, rv.By)
	}
	b, err := c.SigningBytes()
	if err != nil || !ed25519.Verify(keys[0], b, c.Sig) {
		return fmt.Errorf("%w: %s/%d", ErrBadSignature, c.Origin, c.Seq)
	}
	return nil
}

// Member returns the certificate of node, if exactly one valid one is known.
func (r *Registry) Member(node sbsync.NodeID) (Member, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.keys[node]) != 1 {
		return Member{}, false
	}
	return r.members[string(node)+"\x00"+string(r.keys[node][0])], true
}

// Revoked reports whether node is revoked.
func (r *Registry) Revoked(node sbsync.NodeID) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.revoked[node]
	return ok
}

// Rotations returns the key rotations known, oldest first.
func (r *Registry) Rotations() []Rotation { return r.Notices().Rotations }

// Founder makes the founding identity's certificate of a new network and
// returns it with the network id.
func Founder(id Identity) (Member, string) {
	pub := id.Public()
	net := NetworkID(pub)
	m := Member{Network: net, Node: id.Node, Office: id.Office, Key: pub, Inviter: id.Node, Ticket: pub}
	m.Sig = ed25519.Sign(id.Key, m.bytes())
	return m, net
}

// Revoke returns a revocation of node signed by id.
func Revoke(id Identity, network string, node sbsync.NodeID, upTo uint64) Revocation {
	v := Revocation{Network: network, Node: node, UpTo: upTo, By: id.Node}
	v.Sig = ed25519.Sign(id.Key, v.bytes())
	return v
}

// Rotate returns a rotation to key signed by id.
func Rotate(id Identity, network string, key []byte, useAt, dropAt int64) Rotation {
	v := Rotation{Network: network, Key: key, UseAt: useAt, DropAt: dropAt, By: id.Node}
	v.Sig = ed25519.Sign(id.Key, v.bytes())
	return v
}

// ErrNotMember is returned by [Registry.Authorized] for a peer that cannot
// prove a current membership with the key it presented.
var ErrNotMember = errors.New("peer is not a current member of this network")

// Authorized reports whether node is a current member of the network whose
// certificate names pub: known, not revoked, and not disputed. Sessions,
// catch-up and files are served only to such peers; the caller must also
// check that the peer proved it holds the private half of pub (a signature
// over a fresh challenge).
func (r *Registry) Authorized(node sbsync.NodeID, pub ed25519.PublicKey) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	keys := r.keys[node]
	_, revoked := r.revoked[node]
	if len(keys) != 1 || revoked || !bytes.Equal(keys[0], pub) {
		return fmt.Errorf("%w: %s", ErrNotMember, node)
	}
	return nil
}
