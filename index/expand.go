package index

import (
	"slices"
	"strings"
	stdsync "sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
)

// maxExpansionScan bounds the dictionary entries read for one expansion (a prefix of
// three letters in a large vocabulary has thousands).
const maxExpansionScan = 4096

// termCand is a dictionary term a word may stand for: its edit distance from the word
// and, once counted, how many documents have it.
type termCand struct {
	term string
	dist uint8
	df   uint64
}

// expand adds the typo and prefix expansions of w, looked up in the dictionaries.
func (e *engine) expand(w *wordSpec) {
	if w.fuzzy != "" {
		if dfa := e.x.typoAutomaton(w.fuzzy, w.fz); dfa != nil {
			_, n := firstRune(w.fuzzy)
			for _, f := range []struct {
				field string
				boost float64
			}{{fName, boostNameFuzzy}, {fText, boostTextFuzzy}} {
				cs := e.automatonTerms(f.field, dfa, w.fuzzy[:n], w.fuzzy)
				w.clauses = append(w.clauses, e.topTerms(f.field, cs, f.boost, maxFuzzyTerms)...)
			}
		}
		w.fuzzy = ""
	}
	if w.long != "" {
		cs := e.automatonTerms(fName, nil, w.long, "")
		w.clauses = append(w.clauses, e.topTerms(fName, cs, boostNameNG, maxPrefixTerms)...)
		w.long = ""
	}
	if w.textPre != "" {
		cs := e.automatonTerms(fText, nil, w.textPre, w.textPre)
		for _, c := range e.topTerms(fText, cs, boostTextPre, maxPrefixTerms) {
			c.flat = true
			w.clauses = append(w.clauses, c)
		}
		w.textPre = ""
	}
}

// automatonTerms lists the terms of field, in every segment, that begin with prefix
// and, when dfa is set, that it accepts (with their edit distance); skip is left out.
func (e *engine) automatonTerms(field string, dfa *levenshtein.DFA, prefix, skip string) []termCand {
	var a segment.Automaton = anything{}
	if dfa != nil {
		a = dfa
	}
	beg := []byte(prefix)
	end := prefixEnd(beg)
	var cs []termCand
	seen := map[string]bool{}
	for seg := range e.ss {
		d := e.dict(seg, field)
		if d == nil {
			continue
		}
		it := d.AutomatonIterator(a, beg, end)
		for de, err := it.Next(); err == nil && de != nil && len(cs) < maxExpansionScan; de, err = it.Next() {
			if de.Term == skip || seen[de.Term] {
				continue
			}
			seen[de.Term] = true
			c := termCand{term: de.Term}
			if dfa != nil {
				_, c.dist = dfa.MatchAndDistance(de.Term)
			}
			cs = append(cs, c)
		}
	}
	return cs
}

// topTerms returns clauses for at most max of cs: the closest by edit distance, then
// the most frequent.
func (e *engine) topTerms(field string, cs []termCand, boost float64, max int) []clause {
	if len(cs) > max {
		for i := range cs {
			for s := range e.ss {
				if pl := e.postings(s, clause{field: field, term: cs[i].term}); pl != nil {
					cs[i].df += pl.Count()
				}
			}
		}
		slices.SortFunc(cs, func(a, b termCand) int {
			if a.dist != b.dist {
				return int(a.dist) - int(b.dist)
			}
			if a.df != b.df {
				if a.df > b.df {
					return -1
				}
				return 1
			}
			return strings.Compare(a.term, b.term)
		})
		cs = cs[:max]
	}
	out := make([]clause, len(cs))
	for i, c := range cs {
		out[i] = clause{field: field, term: c.term, boost: boost}
	}
	return out
}

// prefixEnd is the smallest key after every key beginning with p; nil when there is
// none (p is empty or all 0xff).
func prefixEnd(p []byte) []byte {
	end := slices.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// anything is the automaton that accepts every key (a prefix range does the rest).
type anything struct{}

func (anything) Start() int               { return 0 }
func (anything) IsMatch(int) bool         { return true }
func (anything) CanMatch(int) bool        { return true }
func (anything) WillAlwaysMatch(int) bool { return true }
func (anything) Accept(int, byte) int     { return 0 }

// Typo automata (Levenshtein DFAs with transpositions, as Bleve's) take a few hundred
// KB to build; the last few are kept, since a facet click, paging or re-typing runs the
// same words again, and each word is looked up in two fields.
var (
	levBuilders = stdsync.OnceValues(func() ([3]*levenshtein.LevenshteinAutomatonBuilder, error) {
		var b [3]*levenshtein.LevenshteinAutomatonBuilder
		for d := uint8(1); d <= 2; d++ {
			lb, err := levenshtein.NewLevenshteinAutomatonBuilder(d, true)
			if err != nil {
				return b, err
			}
			b[d] = lb
		}
		return b, nil
	})
)

// maxTypoAutomata is how many typo automata an index keeps (each some 100–200 KB).
const maxTypoAutomata = 8

// typoCache keeps recently built typo automata.
type typoCache struct {
	mu    stdsync.Mutex
	dfas  map[string]*levenshtein.DFA
	order []string
}

// typoAutomaton returns the DFA accepting the words within fz edits of term, or nil.
func (x *Index) typoAutomaton(term string, fz int) *levenshtein.DFA {
	if fz < 1 || fz > 2 {
		return nil
	}
	key := string(rune('0'+fz)) + term
	c := &x.typos
	c.mu.Lock()
	if d, ok := c.dfas[key]; ok {
		c.mu.Unlock()
		return d
	}
	c.mu.Unlock()
	lbs, err := levBuilders()
	if err != nil {
		return nil
	}
	d, err := lbs[fz].BuildDfa(term, uint8(fz))
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dfas == nil {
		c.dfas = map[string]*levenshtein.DFA{}
	}
	if _, ok := c.dfas[key]; !ok {
		if len(c.order) == maxTypoAutomata {
			delete(c.dfas, c.order[0])
			c.order = c.order[1:]
		}
		c.dfas[key] = d
		c.order = append(c.order, key)
	}
	return d
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 0
}
