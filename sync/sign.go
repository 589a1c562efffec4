package sync

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"sort"
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
	// Only a list or an object can hold whitespace outside its strings
	// (a string's own spaces are its value); scalars are hashed as they are.
	if len(value) > 0 && (value[0] == '[' || value[0] == '{') && bytes.ContainsAny(value, " \t\r\n") {
		var buf bytes.Buffer
		if json.Compact(&buf, value) == nil {
			value = buf.Bytes()
		}
	}
	h := sha256.New()
	writeBytes(h, []byte(name))
	writeBytes(h, salt)
	writeBytes(h, value)
	return h.Sum(nil)
}

type byteWriter interface{ Write([]byte) (int, error) }

func writeBytes(w byteWriter, b []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	w.Write(n[:])
	w.Write(b)
}

// SigningBytes returns the digest an origin signs for c: the change's
// identity, clock, record, operation, Seen vector and Prev link, and per
// field its salted hash — computed from Fields and Salt, or taken from Hashes for a
// field an erase removed. Redaction therefore leaves the digest unchanged.
// Every field in Fields must have a salt.
func (c *Change) SigningBytes() ([]byte, error) {
	hashes := make(map[string][]byte, len(c.Fields)+len(c.Hashes))
	for name, v := range c.Fields {
		s, ok := c.Salt[name]
		if !ok || len(s) != SaltBytes {
			return nil, ErrUnsignable
		}
		hashes[name] = FieldHash(name, s, v)
	}
	for name, h := range c.Hashes {
		if _, dup := hashes[name]; dup || len(h) != sha256.Size {
			return nil, ErrUnsignable
		}
		hashes[name] = h
	}
	if len(c.Salt) > len(c.Fields) {
		return nil, ErrUnsignable
	}
	names := make([]string, 0, len(hashes))
	for name := range hashes {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	writeBytes(h, []byte("sbcc change v1"))
	writeBytes(h, []byte(c.Origin))
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], c.Seq)
	h.Write(n[:])
	binary.BigEndian.PutUint64(n[:], uint64(c.HLC))
	h.Write(n[:])
	writeBytes(h, []byte(c.Kind))
	writeBytes(h, []byte(c.ID))
	h.Write([]byte{byte(c.Op)})
	binary.BigEndian.PutUint64(n[:], uint64(len(names)))
	h.Write(n[:])
	for _, name := range names {
		writeBytes(h, []byte(name))
		h.Write(hashes[name])
	}
	origins := c.Seen.Origins()
	binary.BigEndian.PutUint64(n[:], uint64(len(origins)))
	h.Write(n[:])
	for _, o := range origins {
		writeBytes(h, []byte(o))
		binary.BigEndian.PutUint64(n[:], c.Seen[o])
		h.Write(n[:])
	}
	if len(c.Prev) > 0 {
		// Appended only when set, so a change made before chaining keeps
		// the digest it was signed with.
		writeBytes(h, []byte("prev"))
		writeBytes(h, c.Prev)
	}
	return h.Sum(nil), nil
}
