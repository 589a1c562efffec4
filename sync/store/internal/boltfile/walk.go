package boltfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
)

// Walk checks the page structure of the bbolt file at path by reading
// it, without mapping it and without bbolt: every page reachable from the
// newest valid header has the type it should, names itself, stays inside
// the file, and its keys are in order and inside the page. bbolt's own
// check assumes pages are sane and crashes the process (in a goroutine of
// its own, where it cannot be caught) when they are not; this walk runs
// first and never panics. visit, when not nil, is called with every
// key and value found in an intact page, and the names of the buckets
// they are in: what a repair salvages. It returns what it found wrong, in
// plain words, at most limit problems.
func Walk(path string, limit int, visit func(path []string, k, v []byte)) []string {
	f, err := os.Open(path)
	if err != nil {
		return []string{fmt.Sprintf("the file cannot be opened: %v", err)}
	}
	defer f.Close()
	m, ok := NewestMeta(f)
	if !ok {
		return []string{"both headers of the file are unreadable"}
	}
	w := &walker{f: f, size: int64(m.PageSize), high: m.PGID, limit: limit, seen: map[uint64]bool{}, visit: visit}
	w.page(m.Root, "the store", nil, 0)
	return w.problems
}

type walker struct {
	f        *os.File
	size     int64
	high     uint64
	limit    int
	seen     map[uint64]bool
	problems []string
	visit    func(path []string, k, v []byte)
}

func (w *walker) problem(format string, args ...any) {
	if len(w.problems) < w.limit {
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	}
}

const (
	flagBranch = 0x01
	flagLeaf   = 0x02
	elemSize   = 16
	leafBucket = 0x01
)

// page reads page id (of bucket where) and walks what it points at.
func (w *walker) page(id uint64, where string, path []string, depth int) {
	if depth > 64 {
		w.problem("%s: the pages nest too deep (a loop)", where)
		return
	}
	if id < 2 || id >= w.high {
		w.problem("%s: points at page %d, outside the file's %d pages", where, id, w.high)
		return
	}
	if w.seen[id] {
		w.problem("%s: page %d is used twice", where, id)
		return
	}
	w.seen[id] = true
	head := make([]byte, pageHeader)
	if _, err := w.f.ReadAt(head, int64(id)*w.size); err != nil {
		w.problem("%s: page %d cannot be read: %v", where, id, err)
		return
	}
	ne := binary.NativeEndian
	if got := ne.Uint64(head); got != id {
		w.problem("%s: page %d is damaged (it calls itself page %d)", where, id, got)
		return
	}
	flags, overflow := ne.Uint16(head[8:]), uint64(ne.Uint32(head[12:]))
	if id+overflow >= w.high {
		w.problem("%s: page %d runs past the end of the file", where, id)
		return
	}
	buf := make([]byte, (overflow+1)*uint64(w.size))
	if _, err := w.f.ReadAt(buf, int64(id)*w.size); err != nil {
		w.problem("%s: page %d cannot be read: %v", where, id, err)
		return
	}
	w.node(buf, id, flags, where, path, depth)
}

// node checks the elements of one page (or inline bucket) in buf.
func (w *walker) node(buf []byte, id uint64, flags uint16, where string, path []string, depth int) {
	ne := binary.NativeEndian
	count := int(ne.Uint16(buf[10:]))
	if flags != flagBranch && flags != flagLeaf {
		w.problem("%s: page %d is damaged (unknown page type %#x)", where, id, flags)
		return
	}
	if pageHeader+count*elemSize > len(buf) {
		w.problem("%s: page %d is damaged (%d entries do not fit)", where, id, count)
		return
	}
	var prev []byte
	for i := range count {
		at := pageHeader + i*elemSize
		e := buf[at : at+elemSize]
		var key, val []byte
		var child uint64
		var eflags uint32
		if flags == flagBranch {
			pos, ksize := int(ne.Uint32(e)), int(ne.Uint32(e[4:]))
			child = ne.Uint64(e[8:])
			if at+pos+ksize > len(buf) || pos < 0 {
				w.problem("%s: page %d is damaged (entry %d lies outside it)", where, id, i)
				return
			}
			key = buf[at+pos : at+pos+ksize]
		} else {
			eflags = ne.Uint32(e)
			pos, ksize, vsize := int(ne.Uint32(e[4:])), int(ne.Uint32(e[8:])), int(ne.Uint32(e[12:]))
			if pos < 0 || at+pos+ksize+vsize > len(buf) {
				w.problem("%s: page %d is damaged (entry %d lies outside it)", where, id, i)
				return
			}
			key, val = buf[at+pos:at+pos+ksize], buf[at+pos+ksize:at+pos+ksize+vsize]
		}
		if prev != nil && bytes.Compare(prev, key) >= 0 {
			w.problem("%s: page %d is damaged (its keys are out of order)", where, id)
			return
		}
		prev = key
		switch {
		case flags == flagBranch:
			w.page(child, where, path, depth+1)
		case eflags&leafBucket != 0:
			w.bucket(val, fmt.Sprintf("bucket %q", key), append(path[:len(path):len(path)], string(key)), depth+1)
		case w.visit != nil:
			w.visit(path, key, val)
		}
	}
}

// bucket walks a bucket whose header is val: a root page, or inline.
func (w *walker) bucket(val []byte, where string, path []string, depth int) {
	if len(val) < 16 {
		w.problem("%s: its header is damaged", where)
		return
	}
	root := binary.NativeEndian.Uint64(val)
	if root != 0 {
		w.page(root, where, path, depth)
		return
	}
	inline := val[16:]
	if len(inline) < pageHeader {
		w.problem("%s: its inline page is damaged", where)
		return
	}
	w.node(inline, 0, binary.NativeEndian.Uint16(inline[8:]), where, path, depth)
}

// ScanLeaves reads every page of the bbolt file at path in order, without
// following the tree, and calls visit with each key and value of every page
// that reads as an intact leaf. Free pages are read too: a repair must
// recognise what it takes from them.
func ScanLeaves(path string, visit func(k, v []byte)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	m, ok := NewestMeta(f)
	if !ok {
		return
	}
	ne := binary.NativeEndian
	size := int64(m.PageSize)
	buf := make([]byte, size)
	for id := uint64(2); id < m.PGID; id++ {
		if _, err := f.ReadAt(buf[:size], int64(id)*size); err != nil {
			return
		}
		if ne.Uint64(buf) != id || ne.Uint16(buf[8:]) != flagLeaf {
			continue
		}
		page := buf[:size]
		if overflow := uint64(ne.Uint32(buf[12:])); overflow > 0 {
			if id+overflow >= m.PGID {
				continue
			}
			page = make([]byte, (overflow+1)*uint64(size))
			if _, err := f.ReadAt(page, int64(id)*size); err != nil {
				continue
			}
		}
		count := int(ne.Uint16(page[10:]))
		for i := range count {
			at := pageHeader + i*elemSize
			if at+elemSize > len(page) {
				break
			}
			e := page[at : at+elemSize]
			pos, ksize, vsize := int(ne.Uint32(e[4:])), int(ne.Uint32(e[8:])), int(ne.Uint32(e[12:]))
			if ne.Uint32(e)&leafBucket != 0 || pos < 0 || ksize < 0 || vsize < 0 || at+pos+ksize+vsize > len(page) {
				continue
			}
			visit(page[at+pos:at+pos+ksize], page[at+pos+ksize:at+pos+ksize+vsize])
		}
	}
}
