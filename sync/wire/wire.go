package wire

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	json "github.com/goccy/go-json" // twice encoding/json's speed on chunks; see the package doc
	"github.com/klauspost/compress/zstd"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// Type is the first byte of every message.
type Type uint8

// The message types.
const (
	// TypeHint is a gossip broadcast of fresh changes, or only of the
	// origin's newest sequence numbers when the changes are too big.
	TypeHint Type = 1
	// TypeState is the push/pull state: vector and node status.
	TypeState Type = 2
	// Type 3 was a catch-up request over memberlist; sessions replaced it.

	// TypeChunk carries one bounded part of a session's stream of changes.
	TypeChunk Type = 4
	// TypeNotice carries signed network notices (members, revocations,
	// key rotations).
	TypeNotice Type = 5
	// TypeHello opens a session: who the sender is and its fresh nonces.
	TypeHello Type = 6
	// TypeAuth is the sender's signature over both hellos.
	TypeAuth Type = 7
	// TypeStatus is a session peer's vector and status; it is also the
	// session's keepalive.
	TypeStatus Type = 8
	// TypeAck acknowledges one applied chunk.
	TypeAck Type = 9
)

var typeNames = [...]string{TypeHint: "hint", TypeState: "state", TypeChunk: "chunk", TypeNotice: "notice",
	TypeHello: "hello", TypeAuth: "auth", TypeStatus: "status", TypeAck: "ack"}

// String returns the name of t.
func (t Type) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// MaxBody bounds the decompressed body of one message.
const MaxBody = 32 << 20

// Errors returned by Decode.
var (
	// ErrMalformed is wrapped by every decoding failure.
	ErrMalformed = errors.New("malformed message")
)

// Message is implemented by every message body.
type Message interface {
	// Type returns the message's type byte.
	Type() Type
}

// Hint announces fresh changes of one origin. Changes is empty when they
// did not fit a gossip packet; Heads still tells receivers what to pull.
type Hint struct {
	From    sbsync.NodeID   `json:"from"`
	Changes []sbsync.Change `json:"changes,omitempty"`
	// Heads is, per origin in the hint, the highest sequence it announces.
	Heads sbsync.Vector `json:"heads"`
}

// State is a node's push/pull state: its vector and status, and the signed
// network notices it knows. Its size grows with the number of nodes, never
// with the number of records.
type State struct {
	Node      sbsync.NodeID `json:"node"`
	Office    string        `json:"office,omitempty"`
	Vector    sbsync.Vector `json:"vector"`
	Conflicts int           `json:"conflicts"`
	// Hello asks the receiver to answer with its own state (sent when a
	// node appears, outside push/pull).
	Hello bool `json:"hello,omitempty"`
	// Trust is what the sender knows of the network's members.
	Trust trust.Notices `json:"trust"`
}

// Chunk is one part of a session's stream of changes, applied by the
// receiver in one transaction and acknowledged with an [Ack].
type Chunk struct {
	From  sbsync.NodeID `json:"from"`
	Index uint64        `json:"index"`
	// Last is true when the sender had nothing more the receiver lacks.
	Last bool `json:"last"`
	// Total is the number of changes the sender knew the receiver to lack
	// when it made this chunk, this chunk's included.
	Total   uint64          `json:"total"`
	Changes []sbsync.Change `json:"changes"`
	// raw holds the changes as JSON when the chunk was made by
	// NewRawChunk; Encode then writes them as they are.
	raw []json.RawMessage
	// logged holds, when the chunk was decoded by decodeChunk, the JSON of
	// each change that came as encoding/json writes it (nil for the others).
	logged []json.RawMessage
}

// Logged returns, per change, its JSON when it came exactly as
// encoding/json writes it, so that a store can log those bytes without
// encoding the change again; nil for a change that came otherwise, and nil
// altogether for a chunk not read by the canonical decoder. The bytes are
// part of the message and must not be changed.
func (c *Chunk) Logged() []json.RawMessage { return c.logged }

// NewRawChunk returns a chunk of changes that are JSON already, as a
// store logged them, so that the sender does not decode and encode each
// again; the receiver decodes it as any chunk.
func NewRawChunk(from sbsync.NodeID, index uint64, last bool, total uint64, changes []json.RawMessage) *Chunk {
	return &Chunk{From: from, Index: index, Last: last, Total: total, raw: changes}
}

// Count returns the number of changes in the chunk.
func (c *Chunk) Count() int { return len(c.Changes) + len(c.raw) }

// appendRaw writes the JSON of a chunk made by NewRawChunk.
func (c *Chunk) appendRaw() ([]byte, error) {
	head, err := json.Marshal(Chunk{From: c.From, Index: c.Index, Last: c.Last, Total: c.Total})
	if err != nil {
		return nil, err
	}
	size := len(head) + 2
	for _, r := range c.raw {
		size += len(r) + 1
	}
	body := make([]byte, 0, size)
	body = append(body, head[:bytes.LastIndex(head, []byte(`"changes"`))]...)
	body = append(body, `"changes":[`...)
	for i, r := range c.raw {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, r...)
	}
	return append(body, "]}"...), nil
}

// Hello opens a session, sent in the clear by both sides before anything
// else: the network, the sender's node id and public key, a fresh nonce
// and a fresh X25519 key for the session's encryption.
type Hello struct {
	Version   int               `json:"v"`
	Network   string            `json:"net"`
	Node      sbsync.NodeID     `json:"node"`
	Office    string            `json:"office,omitempty"`
	Key       ed25519.PublicKey `json:"key"`
	Nonce     []byte            `json:"nonce"`
	Ephemeral []byte            `json:"eph"`
	// Dial is set by the dialling side: when it dialled (Unix
	// nanoseconds). Of two sessions one node dialled to the same peer,
	// both sides keep the later.
	Dial int64 `json:"dial,omitempty"`
	// Cert is the sender's certificate, so that a peer that has not heard
	// of a new member yet can check it.
	Cert *trust.Member `json:"cert,omitempty"`
}

// Auth is the sender's ed25519 signature over the session transcript
// (both hellos as sent, and the sender's role).
type Auth struct {
	Sig []byte `json:"sig"`
}

// Status is a session peer's vector and status, sent after the handshake,
// when it changes and as the keepalive.
type Status struct {
	Office    string        `json:"office,omitempty"`
	Vector    sbsync.Vector `json:"vector"`
	Conflicts int           `json:"conflicts"`
	// Exclude lists origins the sender gets from another session: the
	// receiver must not stream their changes on this one.
	Exclude []sbsync.NodeID `json:"exclude,omitempty"`
	// Trust is set when the sender's notices changed since it last sent
	// them on this session.
	Trust *trust.Notices `json:"trust,omitempty"`
	// Peers are the nodes the sender holds sessions with, so that the
	// receiver can show them as reachable through it.
	Peers []PeerInfo `json:"peers,omitempty"`
}

// PeerInfo is what a node tells its session peers about another peer.
type PeerInfo struct {
	Node        sbsync.NodeID `json:"node"`
	Office      string        `json:"office,omitempty"`
	Vector      sbsync.Vector `json:"vector"`
	Conflicts   int           `json:"conflicts"`
	LastContact time.Time     `json:"last"`
}

// Ack acknowledges chunk Index, applied; Vector is the receiver's vector
// after applying it.
type Ack struct {
	Index  uint64        `json:"index"`
	Vector sbsync.Vector `json:"vector"`
}

// Notice carries signed network notices outside push/pull, so revocations
// and key rotations spread at gossip speed.
type Notice struct {
	From    sbsync.NodeID `json:"from"`
	Notices trust.Notices `json:"notices"`
}

// Type implements Message.
func (*Hint) Type() Type { return TypeHint }

// Type implements Message.
func (*State) Type() Type { return TypeState }

// Type implements Message.
func (*Hello) Type() Type { return TypeHello }

// Type implements Message.
func (*Auth) Type() Type { return TypeAuth }

// Type implements Message.
func (*Status) Type() Type { return TypeStatus }

// Type implements Message.
func (*Ack) Type() Type { return TypeAck }

// Type implements Message.
func (*Chunk) Type() Type { return TypeChunk }

// Type implements Message.
func (*Notice) Type() Type { return TypeNotice }

var (
	encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedFastest))
	decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxBody), zstd.WithDecoderMaxWindow(MaxBody))
)

// Encode returns the wire form of m: its type byte and compressed body.
func Encode(m Message) ([]byte, error) {
	var body []byte
	var err error
	if c, ok := m.(*Chunk); ok && c.raw != nil {
		body, err = c.appendRaw()
	} else {
		body, err = json.Marshal(m)
	}
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", m.Type(), err)
	}
	out := make([]byte, 1, 1+len(body)/3)
	out[0] = byte(m.Type())
	return encoder.EncodeAll(body, out), nil
}

// Compress returns the zstd compression of b with the settings Encode uses,
// for comparing transfer sizes against.
func Compress(b []byte) []byte { return encoder.EncodeAll(b, nil) }

// Decode parses one message. It never panics on any input: should the
// JSON decoder panic on a crafted body, that is a malformed message too.
func Decode(b []byte) (m Message, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("%w: %v", ErrMalformed, p)
		}
	}()
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: %d bytes", ErrMalformed, len(b))
	}
	switch Type(b[0]) {
	case TypeHint:
		m = &Hint{}
	case TypeState:
		m = &State{}
	case TypeHello:
		m = &Hello{}
	case TypeAuth:
		m = &Auth{}
	case TypeStatus:
		m = &Status{}
	case TypeAck:
		m = &Ack{}
	case TypeChunk:
		m = &Chunk{}
	case TypeNotice:
		m = &Notice{}
	default:
		return nil, fmt.Errorf("%w: unknown type %d", ErrMalformed, b[0])
	}
	body, err := decoder.DecodeAll(b[1:], nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, m.Type(), err)
	}
	if len(body) > MaxBody {
		return nil, fmt.Errorf("%w: %s body of %d bytes", ErrMalformed, m.Type(), len(body))
	}
	if m.Type() == TypeChunk {
		if c, ok := decodeChunk(body); ok {
			return c, nil
		}
	}
	if err := json.Unmarshal(body, m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, m.Type(), err)
	}
	return m, nil
}

// MaxFrame bounds one session frame on the wire.
const MaxFrame = 16 << 20

// ErrFrameTooBig is returned by ReadFrame for a frame above MaxFrame.
var ErrFrameTooBig = errors.New("session frame too big")

// WriteFrame writes p as one session frame: its length as 4 bytes, big
// endian, then p.
func WriteFrame(w io.Writer, p []byte) error {
	if len(p) > MaxFrame {
		return fmt.Errorf("%w: %d bytes", ErrFrameTooBig, len(p))
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(p)))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.Write(p)
	return err
}

// ReadFrame reads one session frame written by WriteFrame.
func ReadFrame(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(hdr[:])
	if size > MaxFrame {
		return nil, fmt.Errorf("%w: %d bytes", ErrFrameTooBig, size)
	}
	p := make([]byte, size)
	if _, err := io.ReadFull(r, p); err != nil {
		return nil, err
	}
	return p, nil
}
