package boltfile

import (
	"encoding/binary"
	"hash/fnv"
	"io"
)

// Meta is what a bbolt meta page (one of the file's two headers) says.
type Meta struct {
	PageSize uint32 // bytes in a page
	Root     uint64 // the page of the root bucket
	PGID     uint64 // the high-water page id: the file holds at least PGID pages
	TxID     uint64 // the transaction that wrote this header
}

// bbolt's meta page: a 16-byte page header, then magic, version, page size,
// flags (4 bytes each), root bucket (16), freelist, high-water page id,
// transaction id and the FNV-64a checksum of what precedes it (8 each), in
// the machine's byte order.
const (
	pageHeader  = 16
	metaMagic   = 0xED0CDAED
	metaVersion = 2
	metaSumOff  = 56
)

// readMeta reads and validates the meta page at off.
func readMeta(f io.ReaderAt, off int64) (Meta, bool) {
	buf := make([]byte, pageHeader+metaSumOff+8)
	if _, err := f.ReadAt(buf, off); err != nil {
		return Meta{}, false
	}
	b := buf[pageHeader:]
	le := binary.NativeEndian
	h := fnv.New64a()
	h.Write(b[:metaSumOff])
	if le.Uint32(b[0:]) != metaMagic || le.Uint32(b[4:]) != metaVersion || le.Uint64(b[metaSumOff:]) != h.Sum64() {
		return Meta{}, false
	}
	return Meta{PageSize: le.Uint32(b[8:]), Root: le.Uint64(b[16:]), PGID: le.Uint64(b[40:]), TxID: le.Uint64(b[48:])}, true
}

// NewestMeta returns the valid meta page with the highest transaction id,
// as bbolt chooses it, and false when neither header is valid.
func NewestMeta(f io.ReaderAt) (Meta, bool) {
	m0, ok0 := readMeta(f, 0)
	sizes := []int64{4096, 8192, 16384, 32768, 65536}
	if ok0 {
		sizes = []int64{int64(m0.PageSize)}
	}
	for _, sz := range sizes {
		if m1, ok1 := readMeta(f, sz); ok1 && (!ok0 || m1.TxID > m0.TxID) {
			return m1, true
		}
	}
	return m0, ok0
}
