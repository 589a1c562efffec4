package index

import (
	"sort"
	"strings"
	stdsync "sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/unicode/norm"
)

// Single-pass analysis of a document. Bleve analyses every field on its own, so the name
// was tokenized twice (name, name_ng) and every description twice (text, desc_<lang>). Here
// a document's fields share one docAnalysis: the first field Bleve asks to analyse runs
// the fold analyzer once over the name and once over each text, and every field takes its
// terms from those tokens (edge n-grams built from the name's tokens, stems from copies of
// a description's tokens). The terms and lengths are exactly those of the analyzers in the
// mapping, which query analysis still uses. Bleve analyses all fields of one document in
// one goroutine, so the lazy run needs no lock.

// preField is a Bleve document field whose terms come from its document's docAnalysis.
type preField struct {
	name  string
	value []byte
	opts  bindex.FieldIndexingOptions
	an    *docAnalysis
	slot  int // index into an.out; -1 for a stored-only field

	length int
	freqs  bindex.TokenFrequencies
}

func (f *preField) Name() string                                      { return f.name }
func (f *preField) Value() []byte                                     { return f.value }
func (f *preField) ArrayPositions() []uint64                          { return nil }
func (f *preField) Options() bindex.FieldIndexingOptions              { return f.opts }
func (f *preField) EncodedFieldType() byte                            { return 't' }
func (f *preField) AnalyzedLength() int                               { return f.length }
func (f *preField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }
func (f *preField) NumPlainTextBytes() uint64                         { return uint64(len(f.value)) }
func (f *preField) Size() int {
	n := 64 + len(f.name) + len(f.value)
	for k, tf := range f.freqs {
		n += 48 + len(k) + len(tf.Term)
	}
	return n
}

func (f *preField) Analyze() {
	if f.slot < 0 {
		return
	}
	f.an.run()
	toks := f.an.out[f.slot]
	f.length = f.an.lens[f.slot]
	f.freqs = tokenFreqs(toks)
}

// tokenFreqs is analysis.TokenFrequency for fields without term vectors, with the
// frequencies allocated in one block instead of one by one.
func tokenFreqs(toks analysis.TokenStream) bindex.TokenFrequencies {
	rv := make(bindex.TokenFrequencies, len(toks))
	slab := make([]bindex.TokenFreq, 0, len(toks)) // never grows: pointers stay valid
	for _, t := range toks {
		if tf, ok := rv[string(t.Term)]; ok {
			tf.SetFrequency(tf.Frequency() + 1)
			continue
		}
		slab = append(slab, bindex.TokenFreq{Term: t.Term})
		tf := &slab[len(slab)-1]
		tf.SetFrequency(1)
		rv[string(t.Term)] = tf
	}
	return rv
}

// docAnalysis holds one document's texts until the first field is analysed, then the
// tokens of every indexed field.
type docAnalysis struct {
	x     *Index
	name  string
	descs []descText // in language order
	extra []string   // tags, offers, needs, sectors, locality name, Also: text field only
	done  bool
	out   []analysis.TokenStream // per slot: name, name_ng, text, then one per stemmed desc
	lens  []int                  // per slot: the field's length (German extras excluded)
}

type descText struct {
	lang, text string
	stem       *stemCache // nil: stored only
}

const (
	slotName = iota
	slotNameNG
	slotText
	slotDesc // first stemmed description
)

func (a *docAnalysis) run() {
	if a.done {
		return
	}
	a.done = true
	fold := a.x.fold
	nameToks := fold.Analyze([]byte(a.name))
	nameDE := a.x.germanExtra(a.name, nameToks)
	a.out[slotName] = joinToks(nameToks, nameDE)
	a.lens[slotName] = len(nameToks)
	ng := edgeNgrams(nameToks, 1, maxGram)
	a.lens[slotNameNG] = len(ng)
	if len(nameDE) > 0 {
		seen := make(map[string]bool, len(ng))
		for _, t := range ng {
			seen[string(t.Term)] = true
		}
		for _, t := range edgeNgrams(nameDE, 1, maxGram) {
			if !seen[string(t.Term)] {
				seen[string(t.Term)] = true
				ng = append(ng, t)
			}
		}
	}
	a.out[slotNameNG] = ng
	var text, textDE analysis.TokenStream
	slot := slotDesc
	for _, d := range a.descs {
		toks := fold.Analyze([]byte(d.text))
		text = append(text, toks...)
		textDE = append(textDE, a.x.germanExtra(d.text, toks)...)
		if d.stem == nil {
			continue
		}
		a.out[slot] = d.stem.stem(toks)
		a.lens[slot] = len(a.out[slot])
		slot++
	}
	for _, e := range a.extra {
		toks := fold.Analyze([]byte(e))
		text = append(text, toks...)
		textDE = append(textDE, a.x.germanExtra(e, toks)...)
	}
	a.lens[slotText] = len(text)
	a.out[slotText] = append(text, textDE...)
}

func joinToks(a, b analysis.TokenStream) analysis.TokenStream {
	if len(b) == 0 {
		return a
	}
	return append(a[:len(a):len(a)], b...)
}

// germanUmlauts spells ä, ö, ü the German way when letters lack them: Köln as Koeln,
// Müller as Mueller.
var germanUmlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue")

// germanExtra returns the German transliterations of the words of text (NFC) that have
// an umlaut (Köln → koeln), beside their folded forms (koln) in toks, so that koeln, koln
// and Köln all find Köln. They are indexed as extra terms that do not count in the
// field's length.
func (x *Index) germanExtra(text string, toks analysis.TokenStream) analysis.TokenStream {
	if !strings.ContainsAny(text, "äöüÄÖÜ") {
		return nil
	}
	have := make(map[string]bool, len(toks))
	for _, t := range toks {
		have[string(t.Term)] = true
	}
	var out analysis.TokenStream
	for _, t := range x.fold.Analyze([]byte(germanUmlauts.Replace(text))) {
		if !have[string(t.Term)] {
			have[string(t.Term)] = true
			out = append(out, t)
		}
	}
	return out
}

// edgeNgrams is Bleve's front edge n-gram filter (min..max runes of each token).
func edgeNgrams(toks analysis.TokenStream, minLen, maxLen int) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(toks)*6)
	for _, t := range toks {
		n := utf8.RuneCount(t.Term)
		end := 0
		for size := 1; size <= maxLen && size <= n; size++ {
			_, w := utf8.DecodeRune(t.Term[end:])
			end += w
			if size < minLen {
				continue
			}
			out = append(out, &analysis.Token{Position: t.Position, Start: t.Start, End: t.End,
				Type: t.Type, Term: t.Term[:end:end]})
		}
	}
	return out
}

// stemCache remembers the stem of every term met, per language: stemming a word costs
// about a microsecond (Snowball English, the Polish Stempel tables), a lookup a few dozen
// nanoseconds, and a directory's vocabulary is small next to its word count. Bleve's
// analysis workers run in parallel, hence the lock.
type stemCache struct {
	filters []analysis.TokenFilter
	mu      stdsync.RWMutex
	m       map[string][]byte
}

// stemCacheMax bounds a language's cache; terms met after it is full are stemmed each time.
const stemCacheMax = 200_000

func newStemCache(filters []analysis.TokenFilter) *stemCache {
	return &stemCache{filters: filters, m: map[string][]byte{}}
}

// stem returns new tokens holding the stems of toks (which are left as they are).
func (c *stemCache) stem(toks analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(toks))
	buf := make([]analysis.Token, len(toks))
	var miss []int
	c.mu.RLock()
	for i, t := range toks {
		buf[i] = *t
		if st, ok := c.m[string(t.Term)]; ok {
			buf[i].Term = st
		} else {
			miss = append(miss, i)
		}
	}
	c.mu.RUnlock()
	if len(miss) == 0 {
		for i := range buf {
			out = append(out, &buf[i])
		}
		return out
	}
	type learnt struct {
		term string
		stem []byte
	}
	var learn []learnt
	missAt := 0
	for i := range buf {
		if missAt < len(miss) && miss[missAt] == i {
			missAt++
			term := string(toks[i].Term)
			one := buf[i]
			one.Term = []byte(term)
			st := analysis.TokenStream{&one}
			for _, f := range c.filters {
				st = f.Filter(st)
			}
			if len(st) == 1 {
				learn = append(learn, learnt{term, st[0].Term})
			}
			out = append(out, st...)
			continue
		}
		out = append(out, &buf[i])
	}
	c.mu.Lock()
	for _, l := range learn {
		if len(c.m) < stemCacheMax {
			c.m[l.term] = l.stem
		}
	}
	c.mu.Unlock()
	return out
}

// stemFilters returns the token filters of a stemming analyzer after lowercasing.
func stemFilters(a analysis.Analyzer) []analysis.TokenFilter {
	if da, ok := a.(*analysis.DefaultAnalyzer); ok && len(da.TokenFilters) > 1 {
		return da.TokenFilters[1:]
	}
	return nil
}

// document builds the Bleve document for d.
func (x *Index) document(d *Doc, meta []byte) *document.Document {
	doc := document.NewDocument(d.ID)
	idx := bindex.IndexField
	stored := bindex.IndexField | bindex.StoreField
	an := &docAnalysis{x: x, name: norm.NFC.String(d.Name)}
	field := func(name, value string, opts bindex.FieldIndexingOptions, slot int) {
		doc.AddField(&preField{name: name, value: []byte(value), opts: opts, an: an, slot: slot})
	}
	field(fName, an.name, stored, slotName)
	field(fNameNG, "", idx, slotNameNG)
	langs := make([]string, 0, len(d.Text))
	for lang := range d.Text {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	slot := slotDesc
	for _, lang := range langs {
		t := norm.NFC.String(d.Text[lang])
		if t == "" {
			continue
		}
		l := strings.ToLower(lang)
		f := descPfx + l
		if st := x.stemC[l]; st != nil {
			an.descs = append(an.descs, descText{lang: l, text: t, stem: st})
			field(f, t, stored, slot)
			slot++
		} else {
			an.descs = append(an.descs, descText{lang: l, text: t})
			field(f, t, bindex.StoreField, -1)
		}
	}
	for _, list := range [][]string{d.Tags, d.Offers, d.Needs, d.Sectors, d.Also} {
		for _, v := range list {
			an.extra = append(an.extra, norm.NFC.String(v))
		}
	}
	if d.LocalityName != "" {
		an.extra = append(an.extra, norm.NFC.String(d.LocalityName))
	}
	an.out = make([]analysis.TokenStream, slot)
	an.lens = make([]int, slot)
	field(fText, "", idx, slotText)
	doc.AddField(&preField{name: fMeta, value: append([]byte(nil), meta...), opts: bindex.StoreField, slot: -1})
	return doc
}
