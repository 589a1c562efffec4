package index

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	stdsync "sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// Facet names, in the order they are kept per document. The first len(FacetNames) are
// reported in results; the rest are internal filters.
const (
	facSector = iota
	facCountry
	facLocality
	facKind
	facLanguage
	facOffers
	facNeeds
	facType // Doc.Kind: actor, event, post
	facTag
	numFacets
)

// FacetNames are the facets counted on every result page, as keys of [Result.Facets].
var FacetNames = []string{"sector", "country", "locality", "kind", "language", "offers", "needs"}

// docRec is what the index keeps in memory for one document: enough to filter, facet, sort
// and show a hit without touching Bleve.
type docRec struct {
	id, kind, name string
	sortKey        string // folded name
	updated        int64  // unix nanoseconds
	lat, lon       float64
	hasGeo, live   bool
	vals           []uint32              // value ids of every facet, facet after facet
	off            [numFacets + 1]uint16 // facet f's ids are vals[off[f]:off[f+1]]
}

// setSortKey sets document n's sortKey and sortPre from its name.
func (m *mem) setSortKey(n uint32) {
	r := &m.docs[n]
	r.sortKey = Fold(r.name)
	var b [8]byte
	copy(b[:], r.sortKey)
	m.sortPre[n] = binary.BigEndian.Uint64(b[:])
}

// facet returns the document's value ids of facet f.
func (r *docRec) facet(f int) []uint32 { return r.vals[r.off[f]:r.off[f+1]] }

// facet is one facet's dictionary of values and their posting bitmaps.
type facet struct {
	display []string          // value id → value as first seen
	byKey   map[string]uint32 // folded value → value id
	bms     []*roaring.Bitmap // value id → document numbers
}

func (f *facet) intern(v string) uint32 {
	k := Fold(strings.TrimSpace(v))
	if id, ok := f.byKey[k]; ok {
		return id
	}
	id := uint32(len(f.display))
	f.display = append(f.display, v)
	f.byKey[k] = id
	f.bms = append(f.bms, roaring.New())
	return id
}

// mem is the in-memory table of documents and facet bitmaps.
type mem struct {
	docs    []docRec
	sortPre []uint64 // per document, its sortKey's first 8 bytes big-endian: ties by name mostly compare these
	byID    map[string]uint32
	live    *roaring.Bitmap
	facets  [numFacets]*facet
	orderMu stdsync.Mutex // guards byName, built lazily by concurrent searches
	byName  []uint32      // live doc numbers sorted by name; nil when stale
	byLat   []geoEnt      // live documents with coordinates sorted by latitude; nil when stale
	cols    *facetCols    // facet columns for counting; nil when stale
}

type geoEnt struct {
	lat, lon float64
	n        uint32
}

// latOrder returns the live documents with coordinates sorted by latitude.
func (m *mem) latOrder() []geoEnt {
	m.orderMu.Lock()
	defer m.orderMu.Unlock()
	if m.byLat == nil {
		o := make([]geoEnt, 0, m.live.GetCardinality())
		it := m.live.Iterator()
		for it.HasNext() {
			n := it.Next()
			if d := &m.docs[n]; d.hasGeo {
				o = append(o, geoEnt{d.lat, d.lon, n})
			}
		}
		slices.SortFunc(o, func(a, b geoEnt) int { return cmp.Compare(a.lat, b.lat) })
		m.byLat = o
	}
	return m.byLat
}

func newMem() *mem {
	m := &mem{byID: map[string]uint32{}, live: roaring.New()}
	for i := range m.facets {
		m.facets[i] = &facet{byKey: map[string]uint32{}}
	}
	return m
}

// valuesOf returns the display values of d's facets, by facet name.
func (m *mem) valuesOf(d *docRec) map[string][]string {
	out := make(map[string][]string, numFacets)
	for f, name := range FacetNames {
		ids := d.facet(f)
		if len(ids) == 0 {
			continue
		}
		vs := make([]string, len(ids))
		for i, v := range ids {
			vs[i] = m.facets[f].display[v]
		}
		out[name] = vs
	}
	return out
}

// facetValues lists a Doc's raw values per facet.
func facetValues(d *Doc) [numFacets][]string {
	var v [numFacets][]string
	v[facSector] = d.Sectors
	if d.Country != "" {
		v[facCountry] = []string{strings.ToUpper(d.Country)}
	}
	loc := d.LocalityName
	if loc == "" {
		loc = d.Locality
	}
	if loc != "" {
		v[facLocality] = []string{loc}
	}
	k := d.Kind
	if d.ActorKind != "" {
		k = d.ActorKind
	}
	if k != "" {
		v[facKind] = []string{k}
	}
	v[facLanguage] = d.Languages
	v[facOffers] = d.Offers
	v[facNeeds] = d.Needs
	if d.Kind != "" {
		v[facType] = []string{d.Kind}
	}
	v[facTag] = d.Tags
	return v
}

// put inserts or replaces the document described by r (vals given as raw strings).
func (m *mem) put(id, kind, name string, updated int64, lat, lon *float64, raw [numFacets][]string) uint32 {
	n, ok := m.byID[id]
	if ok {
		m.unlink(n)
	} else {
		n = uint32(len(m.docs))
		m.docs = append(m.docs, docRec{})
		m.sortPre = append(m.sortPre, 0)
		m.byID[id] = n
	}
	r := &m.docs[n]
	*r = docRec{id: id, kind: kind, name: name, updated: updated, live: true}
	m.setSortKey(n)
	if lat != nil && lon != nil {
		r.lat, r.lon, r.hasGeo = *lat, *lon, true
	}
	for f, vs := range raw {
		r.off[f] = uint16(len(r.vals))
		for _, v := range vs {
			if strings.TrimSpace(v) == "" || len(r.vals) >= math.MaxUint16 {
				continue
			}
			vid := m.facets[f].intern(v)
			if slices.Contains(r.vals[r.off[f]:], vid) {
				continue
			}
			r.vals = append(r.vals, vid)
			m.facets[f].bms[vid].Add(n)
		}
	}
	r.off[numFacets] = uint16(len(r.vals))
	r.vals = slices.Clip(r.vals)
	m.live.Add(n)
	m.byName, m.byLat, m.cols = nil, nil, nil
	return n
}

// unlink removes document n from every bitmap.
func (m *mem) unlink(n uint32) {
	r := &m.docs[n]
	for f := range numFacets {
		for _, vid := range r.facet(f) {
			m.facets[f].bms[vid].Remove(n)
		}
	}
	r.vals, r.off = nil, [numFacets + 1]uint16{}
	r.live = false
	m.live.Remove(n)
	m.byName, m.byLat, m.cols = nil, nil, nil
}

func (m *mem) remove(id string) {
	if n, ok := m.byID[id]; ok && m.docs[n].live {
		m.unlink(n)
	}
}

// nameOrder returns live document numbers sorted by folded name, then id.
func (m *mem) nameOrder() []uint32 {
	m.orderMu.Lock()
	defer m.orderMu.Unlock()
	if m.byName == nil {
		o := m.live.ToArray()
		slices.SortFunc(o, func(a, b uint32) int {
			if c := cmp.Compare(m.sortPre[a], m.sortPre[b]); c != 0 {
				return c
			}
			if c := strings.Compare(m.docs[a].sortKey, m.docs[b].sortKey); c != 0 {
				return c
			}
			return strings.Compare(m.docs[a].id, m.docs[b].id)
		})
		m.byName = o
	}
	return m.byName
}

// ---- encoding of one record (the _m stored field and the side file) ----

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// encodeRec encodes what put needs to rebuild a document.
func encodeRec(b []byte, id, kind, name string, updated int64, lat, lon *float64, raw *[numFacets][]string) []byte {
	b = appendStr(b, id)
	b = appendStr(b, kind)
	b = appendStr(b, name)
	b = binary.AppendVarint(b, updated)
	if lat != nil && lon != nil {
		b = append(b, 1)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(*lat))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(*lon))
	} else {
		b = append(b, 0)
	}
	for _, vs := range raw {
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			b = appendStr(b, v)
		}
	}
	return b
}

var errCorrupt = errors.New("corrupt record")

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.err = errCorrupt
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string { return string(d.bytes(int(d.uvarint()))) }

// decodeRec decodes one record and puts it into m.
func (m *mem) decodeRec(d *decoder) {
	id, kind, name := d.str(), d.str(), d.str()
	updated := d.varint()
	var lat, lon *float64
	if g := d.bytes(1); d.err == nil && g[0] == 1 {
		b := d.bytes(16)
		if d.err == nil {
			la := math.Float64frombits(binary.LittleEndian.Uint64(b))
			lo := math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))
			lat, lon = &la, &lo
		}
	}
	var raw [numFacets][]string
	for f := range raw {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			d.err = errCorrupt
		}
		if d.err != nil {
			return
		}
		raw[f] = make([]string, n)
		for i := range raw[f] {
			raw[f][i] = d.str()
		}
	}
	if d.err == nil {
		m.put(id, kind, name, updated, lat, lon, raw)
	}
}

// ---- side file: the whole table, so that opening does not read every stored document ----

const (
	sideFile  = "sbcc-facets.bin"
	sideMagic = "SBCCMEM2"
)

// save writes the table, tagged with gen, atomically into dir. Layout: magic, mapping
// version, gen, then per facet its values, then per live document its fields and value ids.
func (m *mem) save(dir string, gen uint64) error {
	tmp, err := os.CreateTemp(dir, sideFile+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	b := []byte(sideMagic)
	b = binary.AppendUvarint(b, MappingVersion)
	b = binary.AppendUvarint(b, gen)
	for _, f := range m.facets {
		b = binary.AppendUvarint(b, uint64(len(f.display)))
		for _, v := range f.display {
			b = appendStr(b, v)
		}
	}
	b = binary.AppendUvarint(b, m.live.GetCardinality())
	w.Write(b)
	it := m.live.Iterator()
	for it.HasNext() {
		r := &m.docs[it.Next()]
		b = appendStr(b[:0], r.id)
		b = appendStr(b, r.kind)
		b = appendStr(b, r.name)
		b = binary.AppendVarint(b, r.updated)
		if r.hasGeo {
			b = append(b, 1)
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.lat))
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.lon))
		} else {
			b = append(b, 0)
		}
		for f := range numFacets {
			vids := r.facet(f)
			b = binary.AppendUvarint(b, uint64(len(vids)))
			for _, v := range vids {
				b = binary.AppendUvarint(b, uint64(v))
			}
		}
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, sideFile))
}

// loadSide reads the side file of dir if it was written at generation gen.
func loadSide(dir string, gen uint64) (*mem, error) {
	b, err := os.ReadFile(filepath.Join(dir, sideFile))
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(string(b), sideMagic) {
		return nil, errCorrupt
	}
	d := &decoder{b: b[len(sideMagic):]}
	ver, g := d.uvarint(), d.uvarint()
	if d.err != nil || ver != MappingVersion || g != gen {
		return nil, fmt.Errorf("side file is stale (generation %d, index %d)", g, gen)
	}
	m := newMem()
	var lists [numFacets][][]uint32
	if err := m.readFacetValues(d, &lists); err != nil {
		return nil, err
	}
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		return nil, errCorrupt
	}
	m.docs = make([]docRec, n)
	m.sortPre = make([]uint64, n)
	m.byID = make(map[string]uint32, n)
	arena := make([]uint32, 0, 12*n)
	for i := range m.docs {
		if arena, err = m.readDoc(d, uint32(i), &lists, arena); err != nil {
			return nil, err
		}
	}
	for f := range lists {
		m.facets[f].bms = make([]*roaring.Bitmap, len(lists[f]))
		for v, l := range lists[f] {
			bm := roaring.New()
			bm.AddMany(l)
			m.facets[f].bms[v] = bm
		}
	}
	m.live.AddRange(0, n)
	return m, nil
}

// readFacetValues reads the values of every facet from d into m, and makes lists one
// (empty) list of documents per value.
func (m *mem) readFacetValues(d *decoder, lists *[numFacets][][]uint32) error {
	for fi, f := range m.facets {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			return errCorrupt
		}
		for range n {
			v := d.str()
			f.byKey[Fold(strings.TrimSpace(v))] = uint32(len(f.display))
			f.display = append(f.display, v)
		}
		lists[fi] = make([][]uint32, n)
	}
	return nil
}

// readDoc reads document i from d into m.docs[i]: its facet values are appended to arena,
// which it returns, and i to the lists of those values.
func (m *mem) readDoc(d *decoder, i uint32, lists *[numFacets][][]uint32, arena []uint32) ([]uint32, error) {
	r := &m.docs[i]
	r.id, r.kind, r.name = d.str(), d.str(), d.str()
	m.setSortKey(i)
	r.updated = d.varint()
	r.live = true
	if g := d.bytes(1); d.err == nil && g[0] == 1 {
		if c := d.bytes(16); d.err == nil {
			r.hasGeo = true
			r.lat = math.Float64frombits(binary.LittleEndian.Uint64(c))
			r.lon = math.Float64frombits(binary.LittleEndian.Uint64(c[8:]))
		}
	}
	start := len(arena)
	for f := range numFacets {
		r.off[f] = uint16(len(arena) - start)
		k := d.uvarint()
		if k > uint64(len(d.b)) {
			d.err = errCorrupt
		}
		if d.err != nil {
			return nil, d.err
		}
		for range k {
			v := d.uvarint()
			if v >= uint64(len(lists[f])) {
				return nil, errCorrupt
			}
			arena = append(arena, uint32(v))
			lists[f][v] = append(lists[f][v], i)
		}
	}
	if len(arena)-start > math.MaxUint16 {
		return nil, errCorrupt
	}
	r.off[numFacets] = uint16(len(arena) - start)
	r.vals = arena[start:len(arena):len(arena)]
	if d.err != nil {
		return nil, d.err
	}
	m.byID[r.id] = i
	return arena, nil
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
