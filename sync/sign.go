package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"strings"
)

// SaltBytes is the length of a field's salt.
const SaltBytes = 16

// ErrUnsignable is returned by SigningBytes for a change whose fields and
// salts do not match, so that no signature can cover it.
var ErrUnsignable = errors.New("change fields and salts do not match")

// FieldHash returns the salted SHA-256 hash of one field value, as covered
// by a change's signature. Without the salt the hash of a short personal
// value (a phone number) cannot be reversed by trying candidates. The value
// is hashed in compact JSON, so a file that re-indented it (an archive
// written for people to read) still verifies.
func FieldHash(name string, salt []byte, value []byte) []byte {
	var buf [256]byte
	h := fieldHash(buf[:0], name, salt, value)
	return h[:]
}

// fieldHash is FieldHash, with buf as room for the hashed bytes.
func fieldHash(buf []byte, name string, salt []byte, value []byte) [sha256.Size]byte {
	// Only a list or an object can hold whitespace outside its strings
	// (a string's own spaces are its value); scalars are hashed as they are.
	if len(value) > 0 && (value[0] == '[' || value[0] == '{') && bytes.ContainsAny(value, " \t\r\n") {
		var compact bytes.Buffer
		if json.Compact(&compact, value) == nil {
			value = compact.Bytes()
		}
	}
	buf = appendBytes(buf, name)
	buf = appendBytes(buf, salt)
	buf = appendBytes(buf, value)
	return sha256.Sum256(buf)
}

// appendBytes appends b to buf behind its length (8 bytes, big-endian), as
// every variable-length part of a signed digest is written.
func appendBytes[T ~string | ~[]byte](buf []byte, b T) []byte {
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(b)))
	return append(buf, b...)
}

// SigningBytes returns the digest an origin signs for c: the change's
// identity, clock, record, operation, Seen vector and Prev link, and per
// field its salted hash — computed from Fields and Salt, or taken from Hashes for a
// field an erase removed. Redaction therefore leaves the digest unchanged.
// Every field in Fields must have a salt.
func (c *Change) SigningBytes() ([]byte, error) {
	type hashed struct {
		name string
		hash [sha256.Size]byte
	}
	if len(c.Salt) > len(c.Fields) {
		return nil, ErrUnsignable
	}
	var room [512]byte
	fields := make([]hashed, 0, len(c.Fields)+len(c.Hashes))
	for name, v := range c.Fields {
		s, ok := c.Salt[name]
		if !ok || len(s) != SaltBytes {
			return nil, ErrUnsignable
		}
		fields = append(fields, hashed{name, fieldHash(room[:0], name, s, v)})
	}
	for name, h := range c.Hashes {
		if _, dup := c.Fields[name]; dup || len(h) != sha256.Size {
			return nil, ErrUnsignable
		}
		fields = append(fields, hashed{name: name, hash: [sha256.Size]byte(h)})
	}
	slices.SortFunc(fields, func(a, b hashed) int { return strings.Compare(a.name, b.name) })
	buf := appendBytes(room[:0], "sbcc change v1")
	buf = appendBytes(buf, c.Origin)
	buf = binary.BigEndian.AppendUint64(buf, c.Seq)
	buf = binary.BigEndian.AppendUint64(buf, uint64(c.HLC))
	buf = appendBytes(buf, c.Kind)
	buf = appendBytes(buf, c.ID)
	buf = append(buf, byte(c.Op))
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(fields)))
	for _, f := range fields {
		buf = appendBytes(buf, f.name)
		buf = append(buf, f.hash[:]...)
	}
	origins := c.Seen.Origins()
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(origins)))
	for _, o := range origins {
		buf = appendBytes(buf, o)
		buf = binary.BigEndian.AppendUint64(buf, c.Seen[o])
	}
	if len(c.Prev) > 0 {
		// Appended only when set, so a change made before chaining keeps
		// the digest it was signed with.
		buf = appendBytes(buf, "prev")
		buf = appendBytes(buf, c.Prev)
	}
	sum := sha256.Sum256(buf)
	return sum[:], nil
}
