package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"github.com/klauspost/compress/zstd"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// FormatName and Version identify the file format in its header. Version
// 2 files carry chained changes (sbsync.Change.Prev); a version-1 reader
// refuses them as made by a newer sbcc, and this reader reads both.
const (
	FormatName = "sbcc-sync"
	Version    = 2
)

// magic starts every sync file.
const magic = "sbcc-sync\n"

// Limits of a reader: a crafted file cannot make it allocate more.
const (
	// MaxFrame bounds one frame as stored in the file.
	MaxFrame = 16 << 20
	// MaxHeader bounds the decompressed header.
	MaxHeader = 16 << 20
	// MaxChunk bounds one decompressed chunk.
	MaxChunk = 32 << 20
	// maxEnd bounds the end frame.
	maxEnd = 4 << 10
)

// ChunkBytes is the uncompressed JSON size at which a writer closes a
// chunk: big enough that chunking costs little compression, small enough
// for one quick transaction.
const ChunkBytes = 4 << 20

// Frame kinds.
const (
	frameHeader = 'H'
	frameSig    = 'S'
	frameChunk  = 'C'
	frameEnd    = 'E'
)

// Errors of reading a file. Each is also ErrBadFile (errors.Is).
var (
	// ErrBadFile matches every reading failure.
	ErrBadFile = errors.New("the sync file cannot be used")
	// ErrNotSyncFile is returned for a file of another kind.
	ErrNotSyncFile error = &fileError{"this is not an sbcc sync file"}
	// ErrTruncated is returned for a file that ends early: copied or
	// downloaded only in part.
	ErrTruncated error = &fileError{"the file is incomplete (it ends early): copy it again"}
	// ErrDamaged is returned for a file whose bytes were changed.
	ErrDamaged error = &fileError{"the file is damaged"}
	// ErrTooLarge is returned for a part of the file over the limits,
	// such as a compressed chunk that would inflate beyond MaxChunk.
	ErrTooLarge error = &fileError{"a part of the file is larger than allowed"}
	// ErrNewerFormat is returned for a file written by a newer sbcc.
	ErrNewerFormat error = &fileError{"the file was written by a newer version of sbcc: update this one"}
)

// fileError is a reading failure: its own message, and ErrBadFile.
type fileError struct{ msg string }

func (e *fileError) Error() string        { return e.msg }
func (e *fileError) Is(target error) bool { return target == ErrBadFile }

// Header describes a sync file.
type Header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Network is the id of the network the changes belong to.
	Network string `json:"network"`
	// Writer is the node that wrote the file, Office its office name.
	Writer sbsync.NodeID `json:"writer"`
	Office string        `json:"office,omitempty"`
	// Created is when the file was written.
	Created time.Time `json:"created"`
	// From is the vector the file starts from: the changes are exactly
	// those Vector holds and From does not.
	From sbsync.Vector `json:"from"`
	// Vector is the writer's vector when it wrote the file.
	Vector sbsync.Vector `json:"vector"`
	// Changes is the number of changes in the file.
	Changes uint64 `json:"changes"`
	// Notices are the network notices the writer knew.
	Notices trust.Notices `json:"notices"`
}

// end is the last frame.
type end struct {
	Chunks  int    `json:"chunks"`
	Changes uint64 `json:"changes"`
	SHA256  string `json:"sha256"`
}

var (
	encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedFastest))
	// headerDec and chunkDec refuse to inflate beyond their limit.
	headerDec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxHeader), zstd.WithDecoderMaxWindow(MaxHeader))
	chunkDec, _  = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxChunk), zstd.WithDecoderMaxWindow(MaxChunk))
)

// Writer writes one sync file. Make it with NewWriter, Add the changes in
// origin and sequence order, then Close.
type Writer struct {
	w       io.Writer
	sum     hash.Hash
	buf     bytes.Buffer
	pending int
	chunks  int
	changes uint64
	closed  bool
}

// NewWriter writes the file's start, header h (Format and Version are
// filled in) and the header's signature by id, whose node must be
// h.Writer, to w.
func NewWriter(w io.Writer, h Header, id trust.Identity) (*Writer, error) {
	h.Format, h.Version = FormatName, Version
	if id.Node != h.Writer || len(id.Key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("write the sync file: the header of %s cannot be signed with the key of %q", h.Writer, id.Node)
	}
	raw, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("write the sync file header: %w", err)
	}
	bw := &Writer{w: w, sum: sha256.New()}
	if err := bw.write([]byte(magic)); err != nil {
		return nil, err
	}
	if err := bw.frame(frameHeader, encoder.EncodeAll(raw, nil)); err != nil {
		return nil, err
	}
	if err := bw.frame(frameSig, ed25519.Sign(id.Key, headerDigest(raw))); err != nil {
		return nil, err
	}
	return bw, nil
}

// headerDigest is what the writer signs: its header exactly as stored.
func headerDigest(raw []byte) []byte {
	sum := sha256.Sum256(append([]byte("sbcc sync header v1\x00"), raw...))
	return sum[:]
}

func (bw *Writer) write(b []byte) error {
	bw.sum.Write(b)
	if _, err := bw.w.Write(b); err != nil {
		return fmt.Errorf("write the sync file: %w", err)
	}
	return nil
}

func (bw *Writer) frame(kind byte, payload []byte) error {
	var head [5]byte
	head[0] = kind
	binary.BigEndian.PutUint32(head[1:], uint32(len(payload)))
	if err := bw.write(head[:]); err != nil {
		return err
	}
	return bw.write(payload)
}

// Add appends c to the file.
func (bw *Writer) Add(c sbsync.Change) error {
	raw, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("write change %s/%d: %w", c.Origin, c.Seq, err)
	}
	if bw.pending > 0 && bw.buf.Len()+len(raw)+2 > ChunkBytes {
		if err := bw.flush(); err != nil {
			return err
		}
	}
	if bw.pending == 0 {
		bw.buf.WriteByte('[')
	} else {
		bw.buf.WriteByte(',')
	}
	bw.buf.Write(raw)
	bw.pending++
	bw.changes++
	return nil
}

func (bw *Writer) flush() error {
	if bw.pending == 0 {
		return nil
	}
	bw.buf.WriteByte(']')
	z := encoder.EncodeAll(bw.buf.Bytes(), nil)
	bw.buf.Reset()
	bw.pending = 0
	bw.chunks++
	if len(z) > MaxFrame {
		return fmt.Errorf("write the sync file: a chunk of %d bytes is too large", len(z))
	}
	return bw.frame(frameChunk, z)
}

// Close writes the last chunk and the end of the file. It does not close
// the underlying writer.
func (bw *Writer) Close() error {
	if bw.closed {
		return nil
	}
	bw.closed = true
	if err := bw.flush(); err != nil {
		return err
	}
	raw, _ := json.Marshal(end{Chunks: bw.chunks, Changes: bw.changes, SHA256: hex.EncodeToString(bw.sum.Sum(nil))})
	return bw.frame(frameEnd, raw)
}

// Reader reads one sync file: its header at once, then chunk by chunk.
type Reader struct {
	r       io.Reader
	sum     hash.Hash
	header  Header
	digest  []byte // what the header's signature covers
	sig     []byte
	chunks  int
	changes uint64
	done    bool
	buf     []byte
	// checkOnly makes Next decompress chunks without decoding them.
	checkOnly bool
}

// NewReader reads the start and the header of a sync file.
func NewReader(r io.Reader) (*Reader, error) {
	br := &Reader{r: r, sum: sha256.New()}
	start := make([]byte, len(magic))
	if _, err := io.ReadFull(r, start); err != nil || string(start) != magic {
		return nil, ErrNotSyncFile
	}
	br.sum.Write(start)
	kind, payload, err := br.frame()
	if err != nil {
		return nil, err
	}
	if kind != frameHeader {
		return nil, fmt.Errorf("%w: it has no header", ErrDamaged)
	}
	raw, err := headerDec.DecodeAll(payload, nil)
	if err != nil {
		return nil, decodeErr("header", err)
	}
	if err := json.Unmarshal(raw, &br.header); err != nil {
		return nil, fmt.Errorf("%w: its header cannot be read: %v", ErrDamaged, err)
	}
	br.digest = headerDigest(raw)
	kind, payload, err = br.frame()
	if err != nil {
		return nil, err
	}
	if kind != frameSig || len(payload) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: its header is not signed", ErrDamaged)
	}
	br.sig = bytes.Clone(payload)
	h := br.header
	switch {
	case h.Format != FormatName:
		return nil, ErrNotSyncFile
	case h.Version > Version:
		return nil, ErrNewerFormat
	case h.Version < 1 || !h.Writer.Valid() || h.Network == "":
		return nil, fmt.Errorf("%w: its header is incomplete", ErrDamaged)
	}
	return br, nil
}

func decodeErr(what string, err error) error {
	if errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded) {
		return fmt.Errorf("%w (its %s inflates beyond %d MiB)", ErrTooLarge, what, MaxChunk>>20)
	}
	return fmt.Errorf("%w: its %s cannot be decompressed: %v", ErrDamaged, what, err)
}

// Header returns the file's header.
func (br *Reader) Header() Header { return br.header }

// Signed reports whether the header was signed with key: then it was
// written by the holder of that key as it stands (the writer's node id,
// office and vectors are true).
func (br *Reader) Signed(key ed25519.PublicKey) bool {
	return len(key) == ed25519.PublicKeySize && ed25519.Verify(key, br.digest, br.sig)
}

// frame reads one frame into br.buf (reused) and returns its kind.
func (br *Reader) frame() (byte, []byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(br.r, head[:]); err != nil {
		return 0, nil, readErr(err)
	}
	n := binary.BigEndian.Uint32(head[1:])
	if n > MaxFrame {
		return 0, nil, fmt.Errorf("%w (a part of %d MiB; at most %d MiB)", ErrTooLarge, n>>20, MaxFrame>>20)
	}
	// Grow with what actually arrives, not with what the length claims.
	var b bytes.Buffer
	b.Grow(min(int(n), 1<<20))
	if m, err := io.CopyN(&b, br.r, int64(n)); err != nil || m != int64(n) {
		return 0, nil, readErr(err)
	}
	br.sum.Write(head[:])
	br.sum.Write(b.Bytes())
	return head[0], b.Bytes(), nil
}

func readErr(err error) error {
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrTruncated
	}
	return fmt.Errorf("read the sync file: %w", err)
}

// Next returns the changes of the next chunk, or io.EOF after the end of
// the file was read and checked. Any other error means the file cannot
// be trusted from this point on.
func (br *Reader) Next() ([]sbsync.Change, error) {
	if br.done {
		return nil, io.EOF
	}
	before := br.sum.Sum(nil)
	kind, payload, err := br.frame()
	if err != nil {
		return nil, err
	}
	switch kind {
	case frameChunk:
		raw, err := chunkDec.DecodeAll(payload, br.buf[:0])
		if err != nil {
			return nil, decodeErr("chunk", err)
		}
		br.buf = raw[:0]
		if br.checkOnly {
			br.chunks++
			br.changes += countChanges(raw)
			return nil, nil
		}
		var cs []sbsync.Change
		if err := json.Unmarshal(raw, &cs); err != nil {
			return nil, fmt.Errorf("%w: chunk %d cannot be read: %v", ErrDamaged, br.chunks+1, err)
		}
		br.chunks++
		br.changes += uint64(len(cs))
		return cs, nil
	case frameEnd:
		var e end
		if len(payload) > maxEnd || json.Unmarshal(payload, &e) != nil {
			return nil, fmt.Errorf("%w: its end cannot be read", ErrDamaged)
		}
		if e.SHA256 != hex.EncodeToString(before) || e.Chunks != br.chunks || e.Changes != br.changes || e.Changes != br.header.Changes {
			return nil, ErrDamaged
		}
		br.done = true
		return nil, io.EOF
	default:
		return nil, fmt.Errorf("%w: unknown part %q", ErrDamaged, kind)
	}
}

// countChanges counts the top-level elements of a JSON array written by a
// Writer (the elements are objects, so top-level commas separate them);
// the end frame's count catches any difference.
func countChanges(raw []byte) uint64 {
	var n uint64
	depth := 0
	inString, escaped := false, false
	for _, b := range raw {
		switch {
		case escaped:
			escaped = false
		case inString:
			switch b {
			case '\\':
				escaped = true
			case '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == '{' || b == '[':
			if depth == 1 && b == '{' {
				n++
			}
			depth++
		case b == '}' || b == ']':
			depth--
		}
	}
	return n
}

// Check reads the whole file from r and returns its header when it is
// complete and undamaged; it keeps no more than one chunk in memory.
func Check(r io.Reader) (Header, error) {
	br, err := check(r)
	if err != nil {
		return Header{}, err
	}
	return br.Header(), nil
}

func check(r io.Reader) (*Reader, error) {
	br, err := NewReader(r)
	if err != nil {
		return nil, err
	}
	br.checkOnly = true
	for {
		if _, err := br.Next(); errors.Is(err, io.EOF) {
			return br, nil
		} else if err != nil {
			return nil, err
		}
	}
}
