package index

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrBadQuery is wrapped by every [*QueryError]: test for it with errors.Is.
var ErrBadQuery = errors.New("bad query")

// QueryError is returned for a query that cannot be parsed. Pos is the byte offset in the
// query where the problem was found.
type QueryError struct {
	Pos int
	Msg string
}

func (e *QueryError) Error() string { return fmt.Sprintf("query at %d: %s", e.Pos, e.Msg) }

// Unwrap makes errors.Is(err, ErrBadQuery) true.
func (e *QueryError) Unwrap() error { return ErrBadQuery }

// Sort orders accepted by [Request.Sort] and the sort: filter.
const (
	SortRelevance = "relevance"
	SortName      = "name"
	SortUpdated   = "updated" // newest first
)

// Limits on a query, so that no query can make the index do unbounded work.
const (
	MaxQueryBytes = 1000
	MaxQueryItems = 32
)

// filterKeys maps a filter word of the query language to a facet.
var filterKeys = map[string]int{
	"sector": facSector, "country": facCountry, "town": facLocality, "locality": facLocality,
	"lang": facLanguage, "language": facLanguage, "kind": facKind, "offers": facOffers,
	"needs": facNeeds, "tag": facTag, "type": facType,
}

// Query is a parsed query. Words and phrases keep the user's spelling (NFC); analysis
// (folding, stemming) happens when the query runs.
type Query struct {
	Words      []Word   // all must match
	Phrases    []string // each must match as consecutive words
	NotWords   []string // none may match
	NotPhrases []string // none may match
	Filters    []Filter // all must hold
	Near       *Near    // optional distance limit
	Sort       string   // "" or one of the Sort constants
}

// Word is one word of a query. Prefix is set on the last word while the user is still
// typing it (the query does not end with a space).
type Word struct {
	Text   string
	Prefix bool
}

// Filter restricts results to documents whose facet Field has one of Values (or, with Not,
// none of them): the values of one filter are alternatives (country:PL,LT), several filters
// must all hold. Field is a facet name ("sector", "country", "locality", "kind", "language",
// "offers", "needs"), "tag", or "type" (the document's type: actor, event, post; "kind"
// matches it too).
type Filter struct {
	Field  string
	Values []string
	Not    bool
}

// Near restricts results to documents within Km of a point, given either as coordinates or
// as a place name resolved by [Options.Locate].
type Near struct {
	Place    string
	Lat, Lon float64
	HasPoint bool
	Km       float64
}

// DefaultNearKm is the radius of near: when none is given.
const DefaultNearKm = 25

// IsEmpty reports whether q has no words, phrases or negated words (only filters or nothing).
func (q *Query) IsEmpty() bool {
	return len(q.Words) == 0 && len(q.Phrases) == 0
}

// ParseQuery parses the sbcc query language:
//
//	kaunas design              both words must match (the last one as a prefix while typing)
//	"visual arts"              a phrase
//	sector:design country:LT   filters (sector country town lang kind offers needs tag)
//	sector:"visual arts"       a filter value with spaces
//	country:PL,LT              either value (a comma separates alternatives)
//	-word -"a phrase" -sector:x   negation
//	near:Rietavas:30km         within 30 km of a locality; near:55.72,21.93:30km for a point
//	sort:name                  sort by relevance (default), name or updated
//
// A query that cannot be parsed gives a [*QueryError]; ParseQuery never panics.
func ParseQuery(s string) (*Query, error) {
	if len(s) > MaxQueryBytes {
		return nil, &QueryError{MaxQueryBytes, fmt.Sprintf("query is longer than %d bytes", MaxQueryBytes)}
	}
	if !utf8.ValidString(s) {
		return nil, &QueryError{0, "query is not valid UTF-8"}
	}
	s = norm.NFC.String(s)
	p := &parser{s: s}
	q := &Query{}
	items := 0
	lastWord := -1
	for {
		p.skipSpace()
		if p.i >= len(s) {
			break
		}
		items++
		if items > MaxQueryItems {
			return nil, &QueryError{p.i, fmt.Sprintf("query has more than %d parts", MaxQueryItems)}
		}
		lastWord = -1
		start := p.i
		neg := false
		if s[p.i] == '-' {
			neg = true
			p.i++
			if p.i >= len(s) || isSpace(p.peek()) {
				continue // a lone "-" is ignored
			}
		}
		if s[p.i] == '"' {
			ph, err := p.quoted()
			if err != nil {
				return nil, err
			}
			if strings.TrimSpace(ph) == "" {
				continue
			}
			if neg {
				q.NotPhrases = append(q.NotPhrases, ph)
			} else {
				q.Phrases = append(q.Phrases, ph)
			}
			continue
		}
		run := p.run()
		if p.i < len(s) && s[p.i] == ':' && isKey(run) {
			key := strings.ToLower(run)
			p.i++ // ':'
			if err := p.filter(q, key, neg, start); err != nil {
				return nil, err
			}
			continue
		}
		// a plain word: take the rest up to whitespace or a quote
		for p.i < len(s) && !isSpace(p.peek()) && s[p.i] != '"' {
			p.i++
		}
		w := s[start:p.i]
		if neg {
			w = w[1:]
			q.NotWords = append(q.NotWords, w)
			continue
		}
		q.Words = append(q.Words, Word{Text: w})
		lastWord = len(q.Words) - 1
	}
	if lastWord >= 0 && len(s) > 0 && !isSpace(rune(s[len(s)-1])) {
		q.Words[lastWord].Prefix = true
	}
	return q, nil
}

type parser struct {
	s string
	i int
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

func (p *parser) peek() rune {
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return r
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if !isSpace(r) {
			return
		}
		p.i += n
	}
}

// run reads up to whitespace, ':' or '"'.
func (p *parser) run() string {
	start := p.i
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if isSpace(r) || r == ':' || r == '"' {
			break
		}
		p.i += n
	}
	return p.s[start:p.i]
}

// quoted reads a "..." string starting at p.i.
func (p *parser) quoted() (string, error) {
	start := p.i
	end := strings.IndexByte(p.s[p.i+1:], '"')
	if end < 0 {
		return "", &QueryError{start, "missing closing quote"}
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, nil
}

// value reads a filter value: quoted, or up to whitespace.
func (p *parser) value() (string, error) { return p.valueUpTo(0) }

// valueUpTo reads a filter value: quoted, or up to whitespace or the byte stop
// (0 for none).
func (p *parser) valueUpTo(stop byte) (string, error) {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		return p.quoted()
	}
	start := p.i
	for p.i < len(p.s) && !isSpace(p.peek()) && p.s[p.i] != '"' && (stop == 0 || p.s[p.i] != stop) {
		p.i++
	}
	return p.s[start:p.i], nil
}

// isKey reports whether run looks like a filter name (letters only).
func isKey(run string) bool {
	if run == "" {
		return false
	}
	for _, r := range run {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func (p *parser) filter(q *Query, key string, neg bool, start int) error {
	vpos := p.i
	switch key {
	case "sort":
		v, _ := p.value()
		v = strings.ToLower(v)
		switch v {
		case SortRelevance, SortName, SortUpdated:
		default:
			return &QueryError{vpos, fmt.Sprintf("sort:%s: want sort:relevance, sort:name or sort:updated", v)}
		}
		if neg {
			return &QueryError{start, "sort: cannot be negated"}
		}
		q.Sort = v
		return nil
	case "near":
		if neg {
			return &QueryError{start, "near: cannot be negated"}
		}
		if q.Near != nil {
			return &QueryError{start, "only one near: allowed"}
		}
		n, err := p.near()
		if err != nil {
			return err
		}
		q.Near = n
		return nil
	}
	f, ok := filterKeys[key]
	if !ok {
		return &QueryError{start, fmt.Sprintf("unknown filter %q (use sector, country, town, lang, kind, offers, needs, tag, near or sort)", key+":")}
	}
	var vs []string
	for {
		v, err := p.valueUpTo(',')
		if err != nil {
			return err
		}
		v = strings.TrimSpace(v)
		if v == "" {
			return &QueryError{vpos, fmt.Sprintf("%s: needs a value", key)}
		}
		vs = append(vs, v)
		if p.i >= len(p.s) || p.s[p.i] != ',' {
			break
		}
		p.i++
		vpos = p.i
	}
	name := "tag"
	switch {
	case f == facType:
		name = "type"
	case f < len(FacetNames):
		name = FacetNames[f]
	}
	q.Filters = append(q.Filters, Filter{Field: name, Values: vs, Not: neg})
	return nil
}

// near parses place[:distance] after "near:".
func (p *parser) near() (*Near, error) {
	pos := p.i
	n := &Near{Km: DefaultNearKm}
	var place, dist string
	if p.i < len(p.s) && p.s[p.i] == '"' {
		v, err := p.quoted()
		if err != nil {
			return nil, err
		}
		place = v
		if p.i < len(p.s) && p.s[p.i] == ':' {
			p.i++
			dist, _ = p.value()
		}
	} else {
		v, _ := p.value()
		place = v
		if k := strings.LastIndexByte(v, ':'); k >= 0 {
			place, dist = v[:k], v[k+1:]
		}
	}
	place = strings.TrimSpace(place)
	if place == "" {
		return nil, &QueryError{pos, "near: needs a place, e.g. near:Rietavas:30km or near:55.72,21.93:30km"}
	}
	if dist != "" {
		km, err := parseDistance(dist)
		if err != nil {
			return nil, &QueryError{pos, err.Error()}
		}
		n.Km = km
	}
	if lat, lon, ok, err := parsePoint(place); err != nil {
		return nil, &QueryError{pos, err.Error()}
	} else if ok {
		n.Lat, n.Lon, n.HasPoint = lat, lon, true
	} else {
		n.Place = place
	}
	return n, nil
}

func parseDistance(s string) (float64, error) {
	ls := strings.ToLower(s)
	mult := 1.0
	switch {
	case strings.HasSuffix(ls, "km"):
		ls = ls[:len(ls)-2]
	case strings.HasSuffix(ls, "m"):
		ls, mult = ls[:len(ls)-1], 0.001
	}
	v, err := strconv.ParseFloat(ls, 64)
	if err != nil || math.IsNaN(v) || v <= 0 || v*mult > 20000 {
		return 0, fmt.Errorf("near: bad distance %q (want e.g. 30km or 500m)", s)
	}
	return v * mult, nil
}

// parsePoint parses "lat,lon". ok is false when s is not numeric (a place name).
func parsePoint(s string) (lat, lon float64, ok bool, err error) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false, nil
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false, nil
	}
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return 0, 0, false, fmt.Errorf("near: %q is not a valid latitude,longitude", s)
	}
	return lat, lon, true, nil
}
