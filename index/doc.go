// Package index is sbcc's full-text search: a Bleve v2 (scorch) index of Docs, the
// analyzers, the query language, ranking, facets and highlighting.
//
// # Ownership and imports
//
// index owns the search index folder inside the data folder and nothing else. It imports
// neither sbcc/app nor sbcc/sync, and must not: the app converts its records into [Doc]
// values, feeds them with [Index.Apply] together with the store feed position they reach,
// and asks [Index.Search]. The store is the truth; the index can always be rebuilt from it.
//
// # Basics
//
//   - [Open] creates or opens the index; a damaged, foreign or older-[MappingVersion] folder
//     gives [ErrNeedsRebuild], after which [Reset] gives an empty index to refill.
//   - [Index.Apply] writes one batch of documents and deletes and records the feed position
//     in the same Bleve batch, so [Index.FeedPos] says exactly what the index holds after a
//     crash: catch up from there.
//   - [Index.Search] takes a query in the language described at [ParseQuery].
//
// # How it is fast
//
// Text is analysed once into lean fields (no _all, no doc values, no term vectors): the
// folded name, edge n-grams of the name for search-as-you-type, a folded text field with
// every description, tag, offer and need, and stemmed descriptions for en, de, pl, sv.
// Folding ([Fold]) lowercases and strips diacritics, including ł, ß, ø, æ, and treats NFC
// and NFD alike; query words go through the same analyzers, also for prefix and fuzzy terms.
// Each text of a document is tokenized once (analyze.go): the name's tokens feed the name
// and n-gram fields, a description's tokens the text field and, through a per-language
// stem cache, its stemmed field. Words with ä, ö, ü also get their German spelling (Köln:
// koeln beside koln) as extra terms that do not count in the field length.
//
// Filters, facets, sorting and near: never touch Bleve: the index keeps, in memory, one
// record per document (id, kind, name, updated, coordinates, facet value ids) and a roaring
// bitmap per facet value. The memory table is saved to a side file (sbcc-facets.bin) tagged
// with a batch generation; a missing or stale side file is rebuilt from a small stored
// field of every document.
//
// Text does not go through Bleve's searchers either (see engine.go): each query word
// becomes clauses (exact name, name edge n-gram for the word being typed, folded text,
// stemmed descriptions, and typo expansions found with Bleve's Levenshtein automaton over
// the name and text dictionaries, capped to the 8 closest and most frequent terms per
// field). The word being typed, from three letters, also matches the words of the texts
// it begins (the 64 most frequent), so results do not vanish while "des" is on its way to
// "design"; those expansions score together as one flat weight, without reading
// frequencies. A word's clauses are ORed straight from the segments' postings lists as bitmaps,
// words are ANDed, negations subtracted, deleted entries removed, and the result is mapped
// to our document numbers through per-segment tables and intersected with the filters.
// Totals and facet counts come from that bitmap; facets are counted in one pass over the
// hits through dense per-facet columns (facetcols.go). Only the surviving documents are
// scored, with BM25 from the postings' frequencies and norms, heaviest clauses first while
// a budget of postings lasts (lighter clauses still decide what matches); after each
// clause, documents that can no longer reach the page are dropped (MaxScore pruning), so
// the long postings of common words are mostly jumped through, not read. A query of one or
// two typed letters matches name prefixes only and is ordered by name.
//
// # Caveats
//
//   - Scorch persists batches asynchronously: after a crash the newest batches may be
//     missing, and FeedPos reflects that.
//   - Phrases are checked against the stored texts of candidate documents (there are no term
//     vectors), which is slower for phrases of very common words.
//   - Highlights are HTML-escaped text with <mark> around matched words.
//   - "koeln" finds Köln through the German spelling, but highlighting marks only the
//     folded spelling (a query "koeln" does not mark Köln).
//   - BM25's average field length is, as in Bleve, the field's distinct terms per
//     document, far below the real average, so length normalisation weighs heavily.
package index
