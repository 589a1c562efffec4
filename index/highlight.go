package index

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// snippetRunes is about how long a description snippet is.
const snippetRunes = 160

// highlight fills hits[i].Highlights from the stored name and descriptions of page[i].
// A word is marked when its folded form equals a query word or starts with one (so stemmed
// and prefix matches are marked too).
func (x *Index) highlight(snap *scorch.IndexSnapshot, q *Query, page []ranked, hits []Hit, lang string) {
	p := x.plan(q)
	marks := append([]string(nil), p.marks...)
	if p.prefix != "" {
		marks = append(marks, p.prefix)
	}
	if len(marks) == 0 {
		return
	}
	segs := x.segs.forSnapshot(snap, x.m)
	for i, r := range page {
		seg, local, ok := segs.position(snap, r)
		if !ok {
			continue
		}
		h := map[string][]string{}
		_ = snap.Segments()[seg].VisitDocument(local, func(field string, _ byte, value []byte, _ []uint64) bool {
			if field != fName && !strings.HasPrefix(field, descPfx) {
				return true
			}
			s, found := x.mark(string(value), marks, field != fName)
			if found {
				h[field] = []string{s}
			}
			return true
		})
		if len(h) > 0 {
			hits[i].Highlights = h
		}
	}
	_ = lang // every matching description is returned; the UI picks by Lang
}

// position finds the Bleve segment and local number of a ranked hit.
func (s *snapSegs) position(snap *scorch.IndexSnapshot, r ranked) (int, uint64, bool) {
	if r.scanned {
		if r.seg < len(s.nums) {
			l := r.global - s.offsets[r.seg]
			if l < uint64(len(s.nums[r.seg])) && s.nums[r.seg][l] == r.num {
				return r.seg, l, true
			}
		}
	}
	// Not from a scan (sorted by name or date): the reverse table.
	g, ok := s.globalOf(snap, r.num)
	if !ok {
		return 0, 0, false
	}
	i := s.find(g, 0)
	return i, g - s.offsets[i], true
}

// mark returns text with marked words, HTML-escaped, cut to a snippet around the first mark
// when snippet is set.
func (x *Index) mark(text string, marks []string, snippet bool) (string, bool) {
	type span struct{ a, b int }
	var spans []span
	var first [256]bool
	for _, m := range marks {
		if m != "" {
			first[m[0]] = true
		}
	}
	limit := len(text)
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				break
			}
			j += n
		}
		if snippet && len(spans) > 0 && i >= limit {
			break // past the snippet window
		}
		// cheap test on the first letter before folding the whole word
		r0, _ := utf8.DecodeRuneInString(text[i:])
		var c0 byte
		if r0 < utf8.RuneSelf {
			c0 = byte(unicode.ToLower(r0))
		} else if f := foldRune(r0); f != "" {
			c0 = f[0]
		}
		if first[c0] || c0 == 0 {
			w := Fold(text[i:j])
			for _, m := range marks {
				if w == m || (len(m) >= 2 && strings.HasPrefix(w, m)) {
					if len(spans) == 0 {
						limit = fwdRunes(text, backRunes(text, i, snippetRunes/4), snippetRunes)
					}
					spans = append(spans, span{i, j})
					break
				}
			}
		}
		i = j
	}
	if len(spans) == 0 {
		return "", false
	}
	from, to := 0, len(text)
	if snippet && utf8.RuneCountInString(text) > snippetRunes {
		from = backRunes(text, spans[0].a, snippetRunes/4)
		to = fwdRunes(text, from, snippetRunes)
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].a < spans[b].a })
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, s := range spans {
		if s.a < pos || s.b > to {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s.a]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.a:s.b]))
		b.WriteString("</mark>")
		pos = s.b
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String(), true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// backRunes moves back n runes from byte offset i, stopping after a space if one is near.
func backRunes(s string, i, n int) int {
	for k := 0; k < n && i > 0; k++ {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	if i > 0 {
		if sp := strings.IndexByte(s[i:], ' '); sp >= 0 && sp < 20 {
			i += sp + 1
		}
	}
	return i
}

// fwdRunes moves forward n runes from byte offset i.
func fwdRunes(s string, i, n int) int {
	for k := 0; k < n && i < len(s); k++ {
		_, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
	}
	return i
}
