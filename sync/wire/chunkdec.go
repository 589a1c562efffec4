package wire

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	sbsync "sbcc/sync"
)

// Decoding chunks is a receiver's largest cost after writing them: a first
// sync of the 100k demo brings 340,000 changes of sixteen fields, salts
// and signatures. Honest nodes send a chunk's changes as their logs keep
// them, in the one form encoding/json writes, so decodeChunk reads exactly
// that form — keys in their order, no white space, ids and names without
// escapes, field values strict JSON — and gives up on anything else, which
// Decode then hands to the general decoder. Where it does not give up it
// returns what the general decoder would (TestChunkFastPath,
// FuzzChunkFastPath). It interns the strings that repeat in every change
// (origins, field names), keeps field values as slices of the body, which
// Decode allocates for each message, and decodes salts and signatures into
// shared slabs.
//
// It also notes which changes came exactly as encoding/json writes them —
// map keys sorted, nothing escaped that encoding/json would escape, no empty
// value it would omit, base64 as it writes it — and hands their bytes on
// (Chunk.Logged), so that the store logs them without encoding each change
// again. TestChunkFastPath and FuzzChunkFastPath hold those bytes to
// encoding/json.Marshal of the change read.

// chunkReader reads the canonical JSON of one chunk.
type chunkReader struct {
	b      []byte
	i      int
	names  map[string]string // interned strings
	fields int               // the last change's number of fields: the next map's size
	slab   []byte            // where decoded byte strings go, many to an allocation
	canon  bool              // the change read so far is as encoding/json writes it
}

// decodeChunk reads body as a chunk in canonical form; ok is false when
// body is not in that form.
func decodeChunk(body []byte) (c *Chunk, ok bool) {
	r := &chunkReader{b: body, names: map[string]string{}}
	c = &Chunk{}
	if !r.lit(`{"from":`) || !r.str((*string)(&c.From)) || !r.lit(`,"index":`) || !r.uint(&c.Index) ||
		!r.lit(`,"last":`) || !r.bool(&c.Last) || !r.lit(`,"total":`) || !r.uint(&c.Total) ||
		!r.lit(`,"changes":`) {
		return nil, false
	}
	if r.lit("null") {
		return c, r.lit("}") && r.i == len(r.b)
	}
	if !r.lit("[") {
		return nil, false
	}
	c.Changes = make([]sbsync.Change, 0, len(body)/1024+1) // a demo change is ~1.4 KB
	c.logged = make([]json.RawMessage, 0, cap(c.Changes))
	for !r.lit("]") {
		if len(c.Changes) > 0 && !r.lit(",") {
			return nil, false
		}
		c.Changes = append(c.Changes, sbsync.Change{})
		start := r.i
		r.canon = true
		if !r.change(&c.Changes[len(c.Changes)-1]) {
			return nil, false
		}
		var logged json.RawMessage
		if r.canon {
			logged = body[start:r.i:r.i]
		}
		c.logged = append(c.logged, logged)
	}
	return c, r.lit("}") && r.i == len(r.b)
}

// change reads one change.
func (r *chunkReader) change(c *sbsync.Change) bool {
	var op uint64
	if !r.lit(`{"origin":`) || !r.str((*string)(&c.Origin)) || !r.lit(`,"seq":`) || !r.uint(&c.Seq) ||
		!r.lit(`,"hlc":`) || !r.uint((*uint64)(&c.HLC)) || !r.lit(`,"kind":`) || !r.str(&c.Kind) ||
		!r.lit(`,"id":`) || !r.str(&c.ID) || !r.lit(`,"op":`) || !r.uint(&op) || op > 255 {
		return false
	}
	c.Op = sbsync.Op(op)
	if r.lit(`,"fields":`) && !r.rawMap(&c.Fields) {
		return false
	}
	if r.lit(`,"seen":`) && !r.vector(&c.Seen) {
		return false
	}
	if r.lit(`,"redacted":true`) {
		c.Redacted = true
	}
	if r.lit(`,"salt":`) && !r.bytesMap(&c.Salt) {
		return false
	}
	if r.lit(`,"hashes":`) && !r.bytesMap(&c.Hashes) {
		return false
	}
	if r.lit(`,"prev":`) && !r.bytes(&c.Prev) {
		return false
	}
	if r.lit(`,"sig":`) && !r.bytes(&c.Sig) {
		return false
	}
	if c.Prev != nil && len(c.Prev) == 0 || c.Sig != nil && len(c.Sig) == 0 {
		r.canon = false // encoding/json omits them empty
	}
	return r.lit("}")
}

// lit reads s if it comes next.
func (r *chunkReader) lit(s string) bool {
	if len(r.b)-r.i < len(s) || string(r.b[r.i:r.i+len(s)]) != s {
		return false
	}
	r.i += len(s)
	return true
}

// plain reads a string of printable ASCII without escapes and returns its
// bytes, nil when the next value is not one.
func (r *chunkReader) plain() []byte {
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		return nil
	}
	for j := r.i + 1; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			s := r.b[r.i+1 : j : j]
			r.i = j + 1
			return s
		case c < 0x20 || c > 0x7e || c == '\\':
			return nil
		case c == '<' || c == '>' || c == '&':
			r.canon = false // encoding/json writes them as \u003c, \u003e, \u0026
		}
	}
	return nil
}

// str reads a plain string into s, interned.
func (r *chunkReader) str(s *string) bool {
	b := r.plain()
	if b == nil {
		return false
	}
	*s = r.intern(b)
	return true
}

// intern returns b as a string, the same string for the same bytes.
func (r *chunkReader) intern(b []byte) string {
	if s, ok := r.names[string(b)]; ok {
		return s
	}
	if len(b) > 64 { // ids and values seldom repeat
		return string(b)
	}
	s := string(b)
	r.names[s] = s
	return s
}

// uint reads a number in the form encoding/json writes an unsigned integer.
func (r *chunkReader) uint(n *uint64) bool {
	j := r.i
	for j < len(r.b) && r.b[j] >= '0' && r.b[j] <= '9' {
		j++
	}
	if j == r.i || r.b[r.i] == '0' && j > r.i+1 {
		return false
	}
	v, err := strconv.ParseUint(string(r.b[r.i:j]), 10, 64)
	if err != nil {
		return false
	}
	*n, r.i = v, j
	return true
}

// bool reads true or false.
func (r *chunkReader) bool(v *bool) bool {
	switch {
	case r.lit("true"):
		*v = true
	case r.lit("false"):
		*v = false
	default:
		return false
	}
	return true
}

// object reads a non-null JSON object whose keys are plain strings, calling
// member for each key with the reader at its value.
func (r *chunkReader) object(member func(key []byte) bool) bool {
	if !r.lit("{") {
		return false
	}
	var last []byte
	n := 0
	for ; !r.lit("}"); n++ {
		if n > 0 && !r.lit(",") {
			return false
		}
		k := r.plain()
		if k == nil || !r.lit(":") || !member(k) {
			return false
		}
		if n > 0 && string(k) <= string(last) {
			r.canon = false // encoding/json writes keys sorted, once
		}
		last = k
	}
	if n == 0 {
		r.canon = false // encoding/json omits an empty map here
	}
	return true
}

// rawMap reads an object of JSON values, kept as slices of the body.
func (r *chunkReader) rawMap(m *map[string]json.RawMessage) bool {
	*m = make(map[string]json.RawMessage, max(r.fields, 8))
	ok := r.object(func(k []byte) bool {
		start := r.i
		if !r.value(0) {
			return false
		}
		(*m)[r.intern(k)] = json.RawMessage(r.b[start:r.i:r.i])
		return true
	})
	r.fields = len(*m)
	return ok
}

// vector reads an object of sequence numbers.
func (r *chunkReader) vector(v *sbsync.Vector) bool {
	*v = sbsync.Vector{}
	return r.object(func(k []byte) bool {
		var n uint64
		if !r.uint(&n) {
			return false
		}
		(*v)[sbsync.NodeID(r.intern(k))] = n
		return true
	})
}

// bytesMap reads an object of base64 strings.
func (r *chunkReader) bytesMap(m *map[string][]byte) bool {
	*m = make(map[string][]byte, max(r.fields, 8))
	return r.object(func(k []byte) bool {
		var p []byte
		if !r.bytes(&p) {
			return false
		}
		(*m)[r.intern(k)] = p
		return true
	})
}

// bytes reads a base64 string as encoding/json decodes a []byte.
func (r *chunkReader) bytes(p *[]byte) bool {
	s := r.plain()
	if s == nil {
		return false
	}
	if len(s) == 0 {
		*p = []byte{} // as the general decoder reads "": empty, not nil
		return true
	}
	need := base64.StdEncoding.DecodedLen(len(s))
	if cap(r.slab)-len(r.slab) < need {
		r.slab = make([]byte, 0, max(64<<10, need))
	}
	out := r.slab[len(r.slab) : len(r.slab)+need]
	n, err := base64.StdEncoding.Decode(out, s)
	if err != nil {
		return false
	}
	if r.canon && !canonicalBase64(s) {
		r.canon = false
	}
	*p = out[:n:n]
	r.slab = r.slab[:len(r.slab)+n]
	return true
}

// maxDepth bounds the nesting of a field value the fast path reads; deeper
// ones go to the general decoder.
const maxDepth = 32

// value reads one valid JSON value without white space, strictly: it
// returns false for anything that is not valid JSON (or is nested deeper
// than maxDepth).
func (r *chunkReader) value(depth int) bool {
	if r.i >= len(r.b) || depth > maxDepth {
		return false
	}
	switch c := r.b[r.i]; {
	case c == '"':
		return r.jsonString()
	case c == '{' || c == '[':
		return r.composite(depth)
	case c == 't':
		return r.lit("true")
	case c == 'f':
		return r.lit("false")
	case c == 'n':
		return r.lit("null")
	default:
		return r.number()
	}
}

// composite reads an object or an array.
func (r *chunkReader) composite(depth int) bool {
	end := byte(']')
	if r.b[r.i] == '{' {
		end = '}'
	}
	r.i++
	for n := 0; r.i < len(r.b); n++ {
		if r.b[r.i] == end {
			r.i++
			return true
		}
		if n > 0 && !r.lit(",") {
			return false
		}
		if end == '}' && (!r.jsonString() || !r.lit(":")) {
			return false
		}
		if !r.value(depth + 1) {
			return false
		}
	}
	return false
}

// jsonString reads a valid JSON string: no control characters, only the
// escapes JSON has. (Invalid UTF-8 is kept as it is, as json.RawMessage
// keeps it.)
func (r *chunkReader) jsonString() bool {
	if r.i >= len(r.b) || r.b[r.i] != '"' {
		return false
	}
	for j := r.i + 1; j < len(r.b); j++ {
		c := r.b[j]
		if plainByte[c] {
			continue
		}
		switch {
		case c == '"':
			r.i = j + 1
			return true
		case c < 0x20:
			return false
		case c == '<' || c == '>' || c == '&':
			r.canon = false // encoding/json writes them escaped
		case c == 0xe2: // U+2028 and U+2029 are e2 80 a8 and e2 80 a9, which it escapes too
			if j+2 < len(r.b) && r.b[j+1] == 0x80 && (r.b[j+2] == 0xa8 || r.b[j+2] == 0xa9) {
				r.canon = false
			}
		case c == '\\':
			j++
			if j >= len(r.b) {
				return false
			}
			switch r.b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(r.b) || !isHex(r.b[j+1]) || !isHex(r.b[j+2]) || !isHex(r.b[j+3]) || !isHex(r.b[j+4]) {
					return false
				}
				j += 4
			default:
				return false
			}
		}
	}
	return false
}

// plainByte marks the bytes jsonString passes over without a look.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x100; c++ {
		t[c] = true
	}
	for _, c := range []byte("\"\\<>&\xe2") {
		t[c] = false
	}
	return t
}()

// canonicalBase64 reports whether s, which base64.StdEncoding decoded
// without error, is what it encodes the bytes to: padded to a whole
// quantum, the bits the padding leaves unused zero.
func canonicalBase64(s []byte) bool {
	if len(s)%4 != 0 {
		return false
	}
	var unused byte // the low bits of the last symbol that carry no data
	switch {
	case len(s) >= 2 && s[len(s)-2] == '=':
		unused = 0x0f
	case len(s) >= 1 && s[len(s)-1] == '=':
		unused = 0x03
	default:
		return true
	}
	last := s[len(s)-2]
	if unused == 0x0f {
		last = s[len(s)-3]
	}
	return strings.IndexByte(base64Alphabet, last)&int(unused) == 0
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// number reads a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (r *chunkReader) number() bool {
	j := r.i
	digits := func() int {
		k := j
		for j < len(r.b) && r.b[j] >= '0' && r.b[j] <= '9' {
			j++
		}
		return j - k
	}
	if j < len(r.b) && r.b[j] == '-' {
		j++
	}
	if j < len(r.b) && r.b[j] == '0' {
		j++
	} else if digits() == 0 {
		return false
	}
	if j < len(r.b) && r.b[j] == '.' {
		j++
		if digits() == 0 {
			return false
		}
	}
	if j < len(r.b) && (r.b[j] == 'e' || r.b[j] == 'E') {
		j++
		if j < len(r.b) && (r.b[j] == '+' || r.b[j] == '-') {
			j++
		}
		if digits() == 0 {
			return false
		}
	}
	r.i = j
	return true
}
