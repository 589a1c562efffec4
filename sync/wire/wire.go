package wire

import (
	"encoding/json"
	"errors"
	"fmt"

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
	TypeHint Type = iota + 1
	// TypeState is the push/pull state: vector and node status.
	TypeState
	// TypeWant asks a peer for every change the sender's vector lacks.
	TypeWant
	// TypeChunk carries one bounded part of a catch-up transfer.
	TypeChunk
	// TypeNotice carries signed network notices (members, revocations,
	// key rotations).
	TypeNotice
)

var typeNames = [...]string{TypeHint: "hint", TypeState: "state", TypeWant: "want", TypeChunk: "chunk", TypeNotice: "notice"}

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

// Want asks for every change the sender lacks: the receiver answers with
// chunks of exactly vector(receiver).Lacks(Vector).
type Want struct {
	From   sbsync.NodeID `json:"from"`
	Req    uint64        `json:"req"`
	Vector sbsync.Vector `json:"vector"`
}

// Chunk is one part of the answer to a Want, applied by the receiver in one
// transaction.
type Chunk struct {
	From  sbsync.NodeID `json:"from"`
	Req   uint64        `json:"req"`
	Index int           `json:"index"`
	Last  bool          `json:"last"`
	// Total is the number of changes in the whole transfer.
	Total   uint64          `json:"total"`
	Changes []sbsync.Change `json:"changes"`
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
func (*Want) Type() Type { return TypeWant }

// Type implements Message.
func (*Chunk) Type() Type { return TypeChunk }

// Type implements Message.
func (*Notice) Type() Type { return TypeNotice }

var (
	encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault))
	decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxBody), zstd.WithDecoderMaxWindow(MaxBody))
)

// Encode returns the wire form of m: its type byte and compressed body.
func Encode(m Message) ([]byte, error) {
	body, err := json.Marshal(m)
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

// Decode parses one message. It never panics on any input.
func Decode(b []byte) (Message, error) {
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: %d bytes", ErrMalformed, len(b))
	}
	var m Message
	switch Type(b[0]) {
	case TypeHint:
		m = &Hint{}
	case TypeState:
		m = &State{}
	case TypeWant:
		m = &Want{}
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
	if err := json.Unmarshal(body, m); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, m.Type(), err)
	}
	return m, nil
}
