package index

import (
	"strings"
	stdsync "sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/pl"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// foldCharFilterName is the Bleve char filter that applies [Fold] to text before tokenizing.
const foldCharFilterName = "sbcc_fold"

// special maps letters that Unicode decomposition does not reduce to ASCII.
var special = map[rune]string{
	'ł': "l", 'Ł': "l", 'ß': "ss", 'ẞ': "ss", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ĸ': "k",
	'‘': "'", '’': "'", '‚': "'", '“': "\"", '”': "\"", '„': "\"", '–': "-", '—': "-",
}

// Fold returns s lowercased with diacritics removed, the form in which every searchable
// text is indexed: "Łódź" → "lodz", "Straße" → "strasse", "Malmö" → "malmo",
// "Žemaitija" → "zemaitija", "Ærø" → "aero". Composed (NFC) and decomposed (NFD) input
// fold to the same string. Characters without an ASCII form (Cyrillic, Greek, ...) are
// kept, lowercased.
func Fold(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s // already folded ASCII
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		b.WriteString(foldRune(r))
	}
	return b.String()
}

// foldTable caches foldRune for U+0080..U+04FF (Latin, Greek, Cyrillic).
var (
	foldTable     [0x500]string
	foldTableOnce stdsync.Once
)

// foldRune folds one non-ASCII rune: combining marks vanish, letters lose their marks.
func foldRune(r rune) string {
	if r < 0x500 {
		foldTableOnce.Do(func() {
			for c := rune(0x80); c < 0x500; c++ {
				foldTable[c] = foldRuneSlow(c)
			}
		})
		return foldTable[r]
	}
	return foldRuneSlow(r)
}

func foldRuneSlow(r rune) string {
	if rep, ok := special[r]; ok {
		return rep
	}
	if unicode.Is(unicode.Mn, r) {
		return ""
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		if rep, ok := special[d]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(unicode.ToLower(d))
	}
	return b.String()
}

// foldCharFilter is a Bleve char filter running Fold.
type foldCharFilter struct{}

func (foldCharFilter) Filter(input []byte) []byte { return []byte(Fold(string(input))) }

var registerOnce stdsync.Once

// register adds sbcc's analysis components to Bleve's registry. Bleve's registry is global
// and refuses duplicates, so it runs once per process, on the first Open.
func register() {
	registerOnce.Do(func() {
		_ = registry.RegisterTokenFilter(plStemmerName,
			func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
				return lazyPL{}, nil
			})
		_ = registry.RegisterCharFilter(foldCharFilterName,
			func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
				return foldCharFilter{}, nil
			})
	})
}

// plStemmerName is Bleve's Polish stemmer behind a process-wide, lazily loaded instance:
// loading its tables takes 100-200 ms, which Open starts in the background instead of
// paying it on every Open before the first result.
const plStemmerName = "sbcc_stem_pl"

var (
	plOnce   stdsync.Once
	plFilter *pl.PolishStemmerFilter
)

func loadPL() {
	plOnce.Do(func() {
		f, err := pl.NewPolishStemmerFilter()
		if err == nil {
			plFilter = f
		}
	})
}

type lazyPL struct{}

func (lazyPL) Filter(in analysis.TokenStream) analysis.TokenStream {
	loadPL()
	if plFilter == nil {
		return in
	}
	return plFilter.Filter(in)
}
