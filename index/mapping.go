package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/token/edgengram"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// MappingVersion identifies the analyzers, fields and side-file layout. An index written
// with another version is reported as [ErrNeedsRebuild]. Bump it whenever anything that
// changes what is indexed changes.
const MappingVersion = 3

// Field names in the Bleve index.
const (
	fName   = "name"    // folded name words; stored for display and highlighting
	fNameNG = "name_ng" // edge n-grams (1..maxGram) of folded name words: search-as-you-type
	fText   = "text"    // every description, tag, offer and need, folded, not stemmed
	fMeta   = "_m"      // stored only: the docRec encoding used to rebuild memory state
	descPfx = "desc_"   // desc_<lang>: description stemmed in its language; stored
)

// Analyzer names.
const (
	aFold   = "sbcc_fold"  // unicode words, folded, lowercased
	aNG     = "sbcc_ngram" // aFold plus edge n-grams
	maxGram = 20
)

// stemmers lists the languages with a Bleve stemmer; their descriptions get a stemmed
// field. Other languages (lt, ...) are searchable through the folded text field only.
var stemmers = map[string]string{
	"en": en.SnowballStemmerName,
	"de": de.LightStemmerName,
	"pl": plStemmerName,
	"sv": sv.SnowballStemmerName,
}

func stemAnalyzer(lang string) string { return "sbcc_" + lang }

// newMapping builds the index mapping. Documents are indexed with IndexAdvanced, field by
// field, so the mapping mostly serves query analysis and documents the layout: no dynamic
// fields, no _all, no doc values, no term vectors.
func newMapping() (*mapping.IndexMappingImpl, error) {
	register()
	im := mapping.NewIndexMapping()
	im.ScoringModel = bindex.BM25Scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	if err := im.AddCustomTokenFilter("sbcc_edge", map[string]interface{}{
		"type": edgengram.Name, "min": 1.0, "max": float64(maxGram), "back": false,
	}); err != nil {
		return nil, err
	}
	add := func(name string, filters ...string) error {
		return im.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          custom.Name,
			"char_filters":  []string{foldCharFilterName},
			"tokenizer":     unicode.Name,
			"token_filters": append([]string{lowercase.Name}, filters...),
		})
	}
	if err := add(aFold); err != nil {
		return nil, err
	}
	if err := add(aNG, "sbcc_edge"); err != nil {
		return nil, err
	}
	for lang, stem := range stemmers {
		if err := add(stemAnalyzer(lang), stem); err != nil {
			return nil, err
		}
	}
	im.DefaultAnalyzer = aFold

	dm := mapping.NewDocumentStaticMapping()
	text := func(analyzer string, store bool) *mapping.FieldMapping {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = analyzer
		fm.Store = store
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	dm.AddFieldMappingsAt(fName, text(aFold, true))
	dm.AddFieldMappingsAt(fNameNG, text(aNG, false))
	dm.AddFieldMappingsAt(fText, text(aFold, false))
	for lang := range stemmers {
		dm.AddFieldMappingsAt(descPfx+lang, text(stemAnalyzer(lang), true))
	}
	meta := text(keyword.Name, true)
	meta.Index = false
	dm.AddFieldMappingsAt(fMeta, meta)
	im.DefaultMapping = dm
	return im, nil
}
