package gossip

import (
	"bufio"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"

	"sbcc/sync/gossip/internal/transport"
	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

// Session protocol constants (see the package doc).
const (
	// sessionVersion 2: changes carry their chain link (sbsync.Change.Prev),
	// which a version-1 node would drop and then refuse the change as
	// forged; the two refuse each other's sessions with "update sbcc".
	sessionVersion = 2
	sessionLabel   = "sbcc session v1"
)

// ErrNotAuthorized is returned by a handshake with a peer that is not a
// current member of the network under the key it presented, or that did
// not prove it holds that key.
var ErrNotAuthorized = errors.New("the other side is not a current member of this network")

// sconn is a session's framed connection, encrypted once the handshake is
// done. After the handshake, only the session's writer calls write and only
// its reader calls read.
type sconn struct {
	c          net.Conn
	r          *bufio.Reader
	w          *bufio.Writer
	seal, open cipher.AEAD
	sn, rn     uint64
}

func nonceOf(n uint64) []byte {
	var b [12]byte
	binary.BigEndian.PutUint64(b[4:], n)
	return b[:]
}

// write encodes, seals and sends m; it returns the bytes written.
func (s *sconn) write(m wire.Message) (int, error) {
	raw, err := wire.Encode(m)
	if err != nil {
		return 0, err
	}
	return s.writeRaw(raw)
}

func (s *sconn) writeRaw(raw []byte) (int, error) {
	if s.seal != nil {
		raw = s.seal.Seal(raw[:0:0], nonceOf(s.sn), raw, nil)
		s.sn++
	}
	if err := wire.WriteFrame(s.w, raw); err != nil {
		return 0, err
	}
	return len(raw) + 4, s.w.Flush()
}

// read receives, opens and decodes one message; it returns the bytes read.
func (s *sconn) read() (wire.Message, int, error) {
	raw, err := s.readRaw()
	if err != nil {
		return nil, 0, err
	}
	m, err := wire.Decode(raw)
	return m, len(raw) + 4 + s.overhead(), err
}

func (s *sconn) overhead() int {
	if s.open == nil {
		return 0
	}
	return s.open.Overhead()
}

func (s *sconn) readRaw() ([]byte, error) {
	raw, err := wire.ReadFrame(s.r)
	if err != nil {
		return nil, err
	}
	if s.open != nil {
		raw, err = s.open.Open(raw[:0], nonceOf(s.rn), raw, nil)
		if err != nil {
			return nil, fmt.Errorf("session frame does not decrypt: %w", err)
		}
		s.rn++
	}
	return raw, nil
}

// handshake runs both sides' hello and auth on c (after the magic, which
// the dialer writes here and the transport already consumed on the
// accepting side). It returns the encrypted connection, the peer's hello
// and the dialler's dial time, or ErrNotAuthorized: then nothing but the
// hello and the auth was sent.
func (n *Node) handshake(c net.Conn, r *bufio.Reader, dialer bool) (*sconn, *wire.Hello, int64, error) {
	if err := c.SetDeadline(time.Now().Add(n.cfg.TCPTimeout)); err != nil {
		return nil, nil, 0, err
	}
	sc := &sconn{c: c, r: r, w: bufio.NewWriterSize(c, 64<<10)}
	if dialer {
		sc.w.WriteString(transport.SessionMagic)
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, 0, err
	}
	me, mine, err := n.sendHello(sc, eph, dialer)
	if err != nil {
		return nil, nil, 0, err
	}
	hello, theirs, err := n.readHello(sc)
	if err != nil {
		return nil, nil, 0, err
	}
	transcript := transcriptOf(mine, theirs, dialer)
	if err := n.proveKeys(sc, hello, transcript, dialer); err != nil {
		return nil, nil, 0, err
	}
	if err := sc.keys(eph, hello.Ephemeral, transcript, dialer); err != nil {
		return nil, nil, 0, err
	}
	if err := c.SetDeadline(time.Time{}); err != nil {
		return nil, nil, 0, err
	}
	dial := hello.Dial
	if dialer {
		dial = me.Dial
	}
	return sc, hello, dial, nil
}

// sendHello sends this node's hello and returns it, encoded too.
func (n *Node) sendHello(sc *sconn, eph *ecdh.PrivateKey, dialer bool) (*wire.Hello, []byte, error) {
	nonce := make([]byte, 32)
	rand.Read(nonce)
	me := &wire.Hello{Version: sessionVersion, Network: n.network(), Node: n.id, Office: n.cfg.Office,
		Key: n.signer.Public().(ed25519.PublicKey), Nonce: nonce, Ephemeral: eph.PublicKey().Bytes()}
	if dialer {
		me.Dial = time.Now().UnixNano()
	}
	if n.cfg.Trust != nil {
		if m, ok := n.cfg.Trust.Member(n.id); ok {
			me.Cert = &m
		}
	}
	mine, err := wire.Encode(me)
	if err != nil {
		return nil, nil, err
	}
	if _, err := sc.writeRaw(mine); err != nil {
		return nil, nil, fmt.Errorf("send hello: %w", err)
	}
	return me, mine, nil
}

// readHello reads the other side's hello and checks its version, network,
// node id, key and nonce.
func (n *Node) readHello(sc *sconn) (*wire.Hello, []byte, error) {
	theirs, err := sc.readRaw()
	if err != nil {
		return nil, nil, fmt.Errorf("read hello: %w", err)
	}
	m, err := wire.Decode(theirs)
	if err != nil {
		return nil, nil, err
	}
	hello, ok := m.(*wire.Hello)
	switch {
	case !ok:
		return nil, nil, fmt.Errorf("%w: the session did not start with a hello", wire.ErrMalformed)
	case hello.Version != sessionVersion:
		return nil, nil, fmt.Errorf("the other side speaks session version %d, this node %d: update sbcc", hello.Version, sessionVersion)
	case hello.Network != n.network():
		return nil, nil, fmt.Errorf("%w: it belongs to another network (%s)", ErrNotAuthorized, hello.Network)
	case !hello.Node.Valid() || hello.Node == n.id:
		return nil, nil, fmt.Errorf("%w: bad node id %q", ErrNotAuthorized, hello.Node)
	case len(hello.Key) != ed25519.PublicKeySize || len(hello.Nonce) != 32:
		return nil, nil, fmt.Errorf("%w: bad key or nonce", wire.ErrMalformed)
	}
	return hello, theirs, nil
}

// transcriptOf hashes the two hellos, the dialer's first, under the
// session label: what both sides sign and derive their keys from.
func transcriptOf(mine, theirs []byte, dialer bool) []byte {
	d, a := mine, theirs
	if !dialer {
		d, a = theirs, mine
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(sessionLabel), d, a} {
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(part)))
		h.Write(l[:])
		h.Write(part)
	}
	return h.Sum(nil)
}

// authBytes is what the dialer or the acceptor signs to prove its key.
func authBytes(transcript []byte, asDialer bool) []byte {
	role := "acceptor"
	if asDialer {
		role = "dialer"
	}
	return append([]byte(sessionLabel+" auth "+role+" "), transcript...)
}

// proveKeys exchanges signatures over the transcript, so each side proves
// it holds the key its hello named, and checks that the other side is an
// authorized member of the network.
func (n *Node) proveKeys(sc *sconn, hello *wire.Hello, transcript []byte, dialer bool) error {
	auth, err := wire.Encode(&wire.Auth{Sig: ed25519.Sign(n.signer, authBytes(transcript, dialer))})
	if err != nil {
		return err
	}
	if _, err := sc.writeRaw(auth); err != nil {
		return fmt.Errorf("send auth: %w", err)
	}
	raw, err := sc.readRaw()
	if err != nil {
		return fmt.Errorf("%w: no signature came (%v)", ErrNotAuthorized, err)
	}
	m, err := wire.Decode(raw)
	if err != nil {
		return err
	}
	theirAuth, ok := m.(*wire.Auth)
	if !ok || !ed25519.Verify(hello.Key, authBytes(transcript, !dialer), theirAuth.Sig) {
		return fmt.Errorf("%w: %s did not prove it holds its key", ErrNotAuthorized, hello.Node)
	}
	if r := n.cfg.Trust; r != nil {
		if c := hello.Cert; c != nil && c.Node == hello.Node {
			n.mergeNotices(trust.Notices{Members: []trust.Member{*c}})
		}
		if err := r.Authorized(hello.Node, hello.Key); err != nil {
			return fmt.Errorf("%w: %w", ErrNotAuthorized, err)
		}
	}
	return nil
}

// keys derives the session's two directions' keys from the X25519 secret
// and the transcript.
func (sc *sconn) keys(eph *ecdh.PrivateKey, peerKey, transcript []byte, dialer bool) error {
	peerEph, err := ecdh.X25519().NewPublicKey(peerKey)
	if err != nil {
		return fmt.Errorf("%w: bad session key", wire.ErrMalformed)
	}
	shared, err := eph.ECDH(peerEph)
	if err != nil {
		return err
	}
	d2a, err := aead(shared, transcript, "dialer to acceptor")
	if err != nil {
		return err
	}
	a2d, err := aead(shared, transcript, "acceptor to dialer")
	if err != nil {
		return err
	}
	sc.seal, sc.open = d2a, a2d
	if !dialer {
		sc.seal, sc.open = a2d, d2a
	}
	return nil
}

func aead(shared, salt []byte, info string) (cipher.AEAD, error) {
	return trust.AEAD(shared, salt, "sbcc session "+info)
}
