package index

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
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
	// Fast path: plain ASCII.
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // combining mark left by decomposition
		}
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldCharFilter is a Bleve char filter running Fold.
type foldCharFilter struct{}

func (foldCharFilter) Filter(input []byte) []byte { return []byte(Fold(string(input))) }

var registerOnce sync.Once

// register adds sbcc's analysis components to Bleve's registry. Bleve's registry is global
// and refuses duplicates, so it runs once per process, on the first Open.
func register() {
	registerOnce.Do(func() {
		_ = registry.RegisterCharFilter(foldCharFilterName,
			func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) {
				return foldCharFilter{}, nil
			})
	})
}
