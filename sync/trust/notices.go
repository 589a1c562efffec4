package trust

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"

	sbsync "sbcc/sync"
)

// Member is a node's certificate: its id, office, signing key and box key,
// vouched for by an invite ticket that an admin signed. The founder's
// certificate is its own inviter and never expires.
//
// A ticket makes one member: of the certificates naming one ticket only
// one counts (see [Registry]). A certificate is valid without its
// inviter's admission only until the ticket expires; the inviter admits
// the first certificate of each of its tickets it sees (AdmitSig), after
// which neither a later claimant of the ticket nor its expiry matters.
type Member struct {
	Network string            `json:"net"`
	Node    sbsync.NodeID     `json:"node"`
	Office  string            `json:"office"`
	Key     ed25519.PublicKey `json:"key"`
	// Box is the member's X25519 key: new network keys are sealed to it.
	Box     []byte            `json:"box"`
	Inviter sbsync.NodeID     `json:"inviter"`
	Ticket  ed25519.PublicKey `json:"ticket"`
	// NotBefore and Expires (Unix seconds) bound the ticket's use; the
	// inviter signed them with the ticket (TicketSig).
	NotBefore int64  `json:"notBefore,omitempty"`
	Expires   int64  `json:"expires,omitempty"`
	TicketSig []byte `json:"ticketSig"`
	// Issued is when the joiner made the certificate (Unix seconds): it
	// must lie within the ticket's validity.
	Issued int64 `json:"issued,omitempty"`
	// Sig is the ticket key's signature over the member (the founder's own
	// key for the founder).
	Sig []byte `json:"sig"`
	// AdmitSig is the inviter's signature over the member: its admission.
	AdmitSig []byte `json:"admit,omitempty"`
}

func ticketBytes(network string, ticket ed25519.PublicKey, notBefore, expires int64) []byte {
	return digest([]byte("sbcc ticket v2"), []byte(network), ticket, i64(notBefore), i64(expires))
}

func (m *Member) bytes() []byte {
	return digest([]byte("sbcc member v2"), []byte(m.Network), []byte(m.Node), []byte(m.Office), m.Key, m.Box,
		[]byte(m.Inviter), m.Ticket, i64(m.NotBefore), i64(m.Expires), i64(m.Issued))
}

func (m *Member) admitBytes() []byte {
	return digest([]byte("sbcc admit v1"), m.bytes())
}

func (m *Member) root() bool { return m.Inviter == m.Node }

// Root reports whether m is the founder's own certificate.
func (m *Member) Root() bool { return m.root() }

// slot is what makes two copies of a certificate the same notice (one may
// carry the admission, the other not).
func (m *Member) slot() string { return string(m.Node) + "\x00" + string(m.Ticket) }

// Admitted reports whether the certificate carries its inviter's admission
// (verified by the registry, not here).
func (m *Member) Admitted() bool { return len(m.AdmitSig) > 0 }

// Admit returns m admitted by id, its inviter.
func Admit(id Identity, m Member) Member {
	m.AdmitSig = ed25519.Sign(id.Key, m.admitBytes())
	return m
}

// Revocation withdraws a node's trust: its changes after UpTo are refused
// and its notices ignored. Only an admin of a higher rank than the node
// may revoke it (see [Registry]).
type Revocation struct {
	Network string        `json:"net"`
	Node    sbsync.NodeID `json:"node"`
	// UpTo is the revoker's vector entry for the node when it revoked: the
	// changes made before that stay valid. Of several revocations of one
	// node the highest UpTo counts: a later notice can never void changes
	// an earlier revocation kept.
	UpTo uint64        `json:"upTo"`
	By   sbsync.NodeID `json:"by"`
	Sig  []byte        `json:"sig"`
}

func (r *Revocation) bytes() []byte {
	return digest([]byte("sbcc revoke v1"), []byte(r.Network), []byte(r.Node), i64(int64(r.UpTo)), []byte(r.By))
}

// Grant makes a member an admin: it may then invite, revoke members of a
// lower rank, grant, and rotate the network key.
type Grant struct {
	Network string        `json:"net"`
	Node    sbsync.NodeID `json:"node"`
	By      sbsync.NodeID `json:"by"`
	Sig     []byte        `json:"sig"`
}

func (g *Grant) bytes() []byte {
	return digest([]byte("sbcc grant v1"), []byte(g.Network), []byte(g.Node), []byte(g.By))
}

// Sealed is a network key sealed to one member's box key.
type Sealed struct {
	Node sbsync.NodeID `json:"node"`
	Box  []byte        `json:"box"`
}

// Rotation installs a new network encryption key: every node adds it at
// once, makes it primary at UseAt and drops the older keys at DropAt (Unix
// seconds). Between the two, both keys work. The key itself never travels
// in clear: it is sealed to each member that was current when the admin
// rotated (Sealed), so a revoked node cannot read it whoever it asks.
type Rotation struct {
	Network string        `json:"net"`
	UseAt   int64         `json:"useAt"`
	DropAt  int64         `json:"dropAt"`
	Sealed  []Sealed      `json:"sealed"`
	By      sbsync.NodeID `json:"by"`
	Sig     []byte        `json:"sig"`
	// Key is the unsealed key, filled by a registry that holds an identity
	// the rotation was sealed to; never written.
	Key []byte `json:"-"`
}

func (r *Rotation) bytes() []byte {
	parts := [][]byte{[]byte("sbcc rotate v2"), []byte(r.Network), i64(r.UseAt), i64(r.DropAt), []byte(r.By)}
	for _, s := range r.Sealed {
		parts = append(parts, []byte(s.Node), s.Box)
	}
	return digest(parts...)
}

// id tells rotations apart without their key.
func (r *Rotation) id() string { return string(r.Sig) }

// Notices is a set of signed network notices. It grows with the number of
// nodes and key rotations, never with the number of records.
type Notices struct {
	Members   []Member     `json:"members,omitempty"`
	Grants    []Grant      `json:"grants,omitempty"`
	Revoked   []Revocation `json:"revoked,omitempty"`
	Rotations []Rotation   `json:"rotations,omitempty"`
}

// Founder makes the founding identity's certificate of a new network and
// returns it with the network id.
func Founder(id Identity) (Member, string) {
	pub := id.Public()
	net := NetworkID(pub)
	m := Member{Network: net, Node: id.Node, Office: id.Office, Key: pub, Box: id.BoxPublic(), Inviter: id.Node, Ticket: pub}
	m.Sig = ed25519.Sign(id.Key, m.bytes())
	return m, net
}

// Revoke returns a revocation of node signed by id.
func Revoke(id Identity, network string, node sbsync.NodeID, upTo uint64) Revocation {
	v := Revocation{Network: network, Node: node, UpTo: upTo, By: id.Node}
	v.Sig = ed25519.Sign(id.Key, v.bytes())
	return v
}

// MakeAdmin returns a grant of the admin role to node, signed by id.
func MakeAdmin(id Identity, network string, node sbsync.NodeID) Grant {
	g := Grant{Network: network, Node: node, By: id.Node}
	g.Sig = ed25519.Sign(id.Key, g.bytes())
	return g
}

// Rotate returns a rotation to key, sealed to each of members and signed
// by id.
func Rotate(id Identity, network string, key []byte, useAt, dropAt int64, members []Member) (Rotation, error) {
	v := Rotation{Network: network, UseAt: useAt, DropAt: dropAt, By: id.Node}
	for _, m := range members {
		box, err := seal(key, m.Box)
		if err != nil {
			return Rotation{}, fmt.Errorf("seal the new key to %s: %w", m.Node, err)
		}
		v.Sealed = append(v.Sealed, Sealed{Node: m.Node, Box: box})
	}
	sort.Slice(v.Sealed, func(i, j int) bool { return v.Sealed[i].Node < v.Sealed[j].Node })
	v.Sig = ed25519.Sign(id.Key, v.bytes())
	v.Key = key
	return v, nil
}

// errSeal is returned when a sealed key cannot be opened.
var errSeal = errors.New("sealed key does not open")

const sealLabel = "sbcc rekey v1"

// seal encrypts key to the X25519 public key to: an ephemeral key agreement,
// HKDF-SHA256, then AES-256-GCM (the derived key is used once, so a zero
// nonce is safe). The output is the ephemeral public key and the sealed key.
func seal(key, to []byte) ([]byte, error) {
	pub, err := ecdh.X25519().NewPublicKey(to)
	if err != nil {
		return nil, err
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	aead, err := sealAEAD(eph, pub, eph.PublicKey().Bytes(), to)
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(eph.PublicKey().Bytes())
	return aead.Seal(out, make([]byte, aead.NonceSize()), key, nil), nil
}

// open reverses seal with the recipient's private box key.
func open(box []byte, priv *ecdh.PrivateKey) ([]byte, error) {
	if len(box) < 32 {
		return nil, errSeal
	}
	eph, err := ecdh.X25519().NewPublicKey(box[:32])
	if err != nil {
		return nil, errSeal
	}
	aead, err := sealAEAD(priv, eph, box[:32], priv.PublicKey().Bytes())
	if err != nil {
		return nil, errSeal
	}
	key, err := aead.Open(nil, make([]byte, aead.NonceSize()), box[32:], nil)
	if err != nil || len(key) != KeySize {
		return nil, errSeal
	}
	return key, nil
}

func sealAEAD(priv *ecdh.PrivateKey, pub *ecdh.PublicKey, ephPub, toPub []byte) (cipher.AEAD, error) {
	shared, err := priv.ECDH(pub)
	if err != nil {
		return nil, err
	}
	return AEAD(shared, append(bytes.Clone(ephPub), toPub...), sealLabel)
}

// AEAD derives an AES-256-GCM cipher from a key agreement's shared secret
// with HKDF-SHA256 under salt and label: the one key schedule of sealed
// network keys and of sessions.
func AEAD(shared, salt []byte, label string) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, shared, salt, label, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
