package gossip

import (
	"bufio"
	"bytes"
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

	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

// Session protocol constants (see the package doc).
const (
	// sessionMagic opens every session stream, so the transport can tell it
	// from memberlist's streams on the same port.
	sessionMagic   = "SBCS"
	sessionVersion = 1
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
		sc.w.WriteString(sessionMagic)
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, 0, err
	}
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
		return nil, nil, 0, err
	}
	if _, err := sc.writeRaw(mine); err != nil {
		return nil, nil, 0, fmt.Errorf("send hello: %w", err)
	}
	theirs, err := sc.readRaw()
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read hello: %w", err)
	}
	m, err := wire.Decode(theirs)
	if err != nil {
		return nil, nil, 0, err
	}
	hello, ok := m.(*wire.Hello)
	switch {
	case !ok:
		return nil, nil, 0, fmt.Errorf("%w: the session did not start with a hello", wire.ErrMalformed)
	case hello.Version != sessionVersion:
		return nil, nil, 0, fmt.Errorf("the other side speaks session version %d, this node %d: update sbcc", hello.Version, sessionVersion)
	case hello.Network != n.network():
		return nil, nil, 0, fmt.Errorf("%w: it belongs to another network (%s)", ErrNotAuthorized, hello.Network)
	case !hello.Node.Valid() || hello.Node == n.id:
		return nil, nil, 0, fmt.Errorf("%w: bad node id %q", ErrNotAuthorized, hello.Node)
	case len(hello.Key) != ed25519.PublicKeySize || len(hello.Nonce) != 32:
		return nil, nil, 0, fmt.Errorf("%w: bad key or nonce", wire.ErrMalformed)
	}
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
	transcript := h.Sum(nil)
	signed := func(asDialer bool) []byte {
		role := "acceptor"
		if asDialer {
			role = "dialer"
		}
		return append([]byte(sessionLabel+" auth "+role+" "), transcript...)
	}
	auth, err := wire.Encode(&wire.Auth{Sig: ed25519.Sign(n.signer, signed(dialer))})
	if err != nil {
		return nil, nil, 0, err
	}
	if _, err := sc.writeRaw(auth); err != nil {
		return nil, nil, 0, fmt.Errorf("send auth: %w", err)
	}
	raw, err := sc.readRaw()
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%w: no signature came (%v)", ErrNotAuthorized, err)
	}
	m, err = wire.Decode(raw)
	if err != nil {
		return nil, nil, 0, err
	}
	theirAuth, ok := m.(*wire.Auth)
	if !ok || !ed25519.Verify(hello.Key, signed(!dialer), theirAuth.Sig) {
		return nil, nil, 0, fmt.Errorf("%w: %s did not prove it holds its key", ErrNotAuthorized, hello.Node)
	}
	if r := n.cfg.Trust; r != nil {
		if c := hello.Cert; c != nil && c.Node == hello.Node {
			n.mergeNotices(trust.Notices{Members: []trust.Member{*c}})
		}
		if err := r.Authorized(hello.Node, hello.Key); err != nil {
			return nil, nil, 0, fmt.Errorf("%w: %w", ErrNotAuthorized, err)
		}
	}
	peerEph, err := ecdh.X25519().NewPublicKey(hello.Ephemeral)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%w: bad session key", wire.ErrMalformed)
	}
	shared, err := eph.ECDH(peerEph)
	if err != nil {
		return nil, nil, 0, err
	}
	d2a, err := aead(shared, transcript, "dialer to acceptor")
	if err != nil {
		return nil, nil, 0, err
	}
	a2d, err := aead(shared, transcript, "acceptor to dialer")
	if err != nil {
		return nil, nil, 0, err
	}
	sc.seal, sc.open = d2a, a2d
	if !dialer {
		sc.seal, sc.open = a2d, d2a
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

func aead(shared, salt []byte, info string) (cipher.AEAD, error) {
	return trust.AEAD(shared, salt, "sbcc session "+info)
}

// isSession reports whether the first bytes of a stream open a session.
func isSession(first []byte) bool { return bytes.Equal(first, []byte(sessionMagic)) }
