package trust

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	sbsync "sbcc/sync"
)

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

// NewSigningKey returns a fresh ed25519 key for a new install.
func NewSigningKey() ed25519.PrivateKey {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(fmt.Sprintf("trust: no randomness: %v", err))
	}
	return priv
}

// Identity is this node's signing key and office. Its node id is derived
// from the key ([sbsync.NodeIDFor]).
type Identity struct {
	Node   sbsync.NodeID      `json:"node"`
	Office string             `json:"office"`
	Key    ed25519.PrivateKey `json:"key"`
}

// NewIdentity returns the identity of the holder of key, named office.
func NewIdentity(key ed25519.PrivateKey, office string) Identity {
	return Identity{Node: sbsync.NodeIDFor(key.Public().(ed25519.PublicKey)), Office: office, Key: key}
}

// Public returns the identity's public key.
func (id Identity) Public() ed25519.PublicKey { return id.Key.Public().(ed25519.PublicKey) }

// Valid reports whether the identity's node id is the one its key gives.
func (id Identity) Valid() bool {
	return len(id.Key) == ed25519.PrivateKeySize && id.Node == sbsync.NodeIDFor(id.Public())
}

// boxKey is the X25519 key that rotations seal the network key to. It is
// derived from the signing key's seed under its own label, so the one
// secret a node keeps serves both.
func (id Identity) boxKey() *ecdh.PrivateKey {
	sum := sha256.Sum256(append([]byte("sbcc box key v1\x00"), id.Key.Seed()...))
	k, err := ecdh.X25519().NewPrivateKey(sum[:])
	if err != nil {
		panic(fmt.Sprintf("trust: box key: %v", err))
	}
	return k
}

// BoxPublic returns the public half of the identity's box key, which its
// certificate carries.
func (id Identity) BoxPublic() []byte { return id.boxKey().PublicKey().Bytes() }

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

// digest hashes parts with their lengths, so that no two lists of parts
// give the same bytes.
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

func i64(v int64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	return b[:]
}
