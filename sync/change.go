package sync

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Op says what a change does to its record.
type Op uint8

// The operations a change can carry.
const (
	// OpSet sets the fields named in Change.Fields; a JSON null clears one.
	OpSet Op = iota + 1
	// OpDelete marks the record deleted. Deletes win over concurrent edits.
	OpDelete
	// OpRestore undoes the deletes its author had seen.
	OpRestore
	// OpErase erases the record for good: personal fields are stripped from
	// its state and from every change of it, on every replica.
	OpErase
)

var opNames = [...]string{OpSet: "set", OpDelete: "delete", OpRestore: "restore", OpErase: "erase"}

// String returns the lower-case name of op.
func (op Op) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return fmt.Sprintf("op(%d)", uint8(op))
}

// Change is one edit of one record, as made at its origin node and
// replicated unchanged to every other node.
type Change struct {
	Origin NodeID                     `json:"origin"`
	Seq    uint64                     `json:"seq"`
	HLC    HLC                        `json:"hlc"`
	Kind   string                     `json:"kind"`
	ID     string                     `json:"id"`
	Op     Op                         `json:"op"`
	Fields map[string]json.RawMessage `json:"fields,omitempty"`
	// Seen is, per origin, the highest sequence number of that origin's
	// changes to this record that the author had applied before this one.
	// It is how merges tell a knowing overwrite from a conflict.
	Seen Vector `json:"seen,omitempty"`
	// Redacted is set when an erase stripped personal fields from Fields
	// after the change was made.
	Redacted bool `json:"redacted,omitempty"`
	// Salt holds, per field in Fields, the random salt of its hash in the
	// signature (see [Change.SigningBytes]); set by the signer.
	Salt map[string][]byte `json:"salt,omitempty"`
	// Hashes holds, per field an erase removed, the salted hash the
	// signature covered, so that a redacted change still verifies without
	// keeping the personal value (or its salt) anywhere.
	Hashes map[string][]byte `json:"hashes,omitempty"`
	// Prev is the signing digest (see [Change.SigningBytes]) of the same
	// origin's change Seq-1, when that change was signed: the origin's
	// changes form a hash chain, so that one checked signature vouches for
	// the changes before it in a batch (see the trust package's
	// VerifyBatch). Empty for an origin's first signed change and for
	// changes made before chaining.
	Prev []byte `json:"prev,omitempty"`
	// Sig is the origin's signature over the change (see the network layer).
	Sig []byte `json:"sig,omitempty"`
}

// Stamp returns the (HLC, origin) ordering key of c.
func (c *Change) Stamp() Stamp { return Stamp{HLC: c.HLC, Origin: c.Origin} }

// Errors returned by Change.Validate.
var (
	// ErrBadChange is wrapped by every validation failure of a change.
	ErrBadChange = errors.New("invalid change")
)

// MaxFieldBytes bounds one field value in a change.
const MaxFieldBytes = 1 << 20

// Validate checks the shape of c: what any replica must refuse before it
// merges a change from a peer.
func (c *Change) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w %s/%d: %s", ErrBadChange, c.Origin, c.Seq, fmt.Sprintf(format, a...))
	}
	switch {
	case !c.Origin.Valid():
		return bad("origin %q is not a node id", c.Origin)
	case c.Seq == 0:
		return bad("sequence number is 0")
	case c.HLC == 0:
		return bad("clock is 0")
	case c.Kind == "" || len(c.Kind) > 32 || strings.ContainsAny(c.Kind, "/\x00"):
		return bad("kind %q is not valid", c.Kind)
	case c.ID == "" || len(c.ID) > 64 || strings.ContainsAny(c.ID, "/\x00"):
		return bad("record id %q is not valid", c.ID)
	case c.Op < OpSet || c.Op > OpErase:
		return bad("unknown operation %d", c.Op)
	case c.Op != OpSet && len(c.Fields) > 0:
		return bad("a %s carries fields", c.Op)
	case c.Seen[c.Origin] >= c.Seq:
		return bad("claims to have seen itself")
	case len(c.Prev) != 0 && (len(c.Prev) != sha256.Size || c.Seq == 1):
		return bad("its link to the change before it is not a digest")
	}
	for name, v := range c.Fields {
		if name == "" || strings.HasPrefix(name, "_") {
			return bad("field name %q is reserved", name)
		}
		if len(v) > MaxFieldBytes {
			return bad("field %q is %d bytes, more than %d", name, len(v), MaxFieldBytes)
		}
		if !json.Valid(v) {
			return bad("field %q is not valid JSON", name)
		}
	}
	return nil
}

// Redact returns c with the fields for which personal reports true removed,
// marked Redacted when anything was removed. A removed field that had a salt
// leaves its salted hash in Hashes, so the origin's signature still verifies;
// its value and salt are gone. c itself is not modified.
func (c Change) Redact(personal func(field string) bool) Change {
	var kept map[string]json.RawMessage
	var salt, hashes map[string][]byte
	removed := false
	for name, v := range c.Fields {
		if personal(name) {
			removed = true
			if s, ok := c.Salt[name]; ok {
				if hashes == nil {
					hashes = make(map[string][]byte, len(c.Fields)+len(c.Hashes))
				}
				hashes[name] = FieldHash(name, s, v)
			}
			continue
		}
		if kept == nil {
			kept = make(map[string]json.RawMessage, len(c.Fields))
		}
		kept[name] = v
		if s, ok := c.Salt[name]; ok {
			if salt == nil {
				salt = make(map[string][]byte, len(c.Salt))
			}
			salt[name] = s
		}
	}
	if !removed {
		return c
	}
	for name, h := range c.Hashes {
		if hashes == nil {
			hashes = make(map[string][]byte, len(c.Hashes))
		}
		hashes[name] = h
	}
	c.Fields, c.Salt, c.Hashes = kept, salt, hashes
	c.Redacted = true
	return c
}
