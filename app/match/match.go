// Package match suggests matchmaking pairs: actors in other countries
// whose offers meet an actor's needs, or whose needs its offers meet, with
// the reasons shown to staff preparing a speed-dating round. It is pure:
// callers pass the candidate profiles in (the app narrows them with the
// search index first).
package match

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"sbcc/index"
)

// Profile is what matchmaking knows of an actor.
type Profile struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Country string   `json:"country"`
	Sectors []string `json:"sectors"`
	Offers  []string `json:"offers"`
	Needs   []string `json:"needs"`
}

// Reason explains one part of a suggestion.
type Reason struct {
	// Kind is "offer-meets-need" (the actor offers what the other needs),
	// "need-met-by-offer" (the other offers what the actor needs) or
	// "same-sector".
	Kind   string `json:"kind"`
	Mine   string `json:"mine"`
	Theirs string `json:"theirs"`
}

// Suggestion is one proposed pair.
type Suggestion struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Country string   `json:"country"`
	Score   float64  `json:"score"`
	Reasons []Reason `json:"reasons"`
}

// Corpus is the set of candidate profiles prepared for matching: their
// terms, the weight of each term and which profiles offer or need it. Build
// it once and ask it for many actors.
type Corpus struct {
	profiles        []Profile
	offers, needs   [][][]string // per profile, per text, its terms
	idf             map[string]float64
	byOffer, byNeed map[string][]int32
}

// NewCorpus prepares candidates for matching.
func NewCorpus(candidates []Profile) *Corpus {
	c := &Corpus{profiles: candidates, offers: make([][][]string, len(candidates)), needs: make([][][]string, len(candidates)),
		byOffer: map[string][]int32{}, byNeed: map[string][]int32{}}
	df := map[string]int{}
	texts := 0
	index := func(list []string, by map[string][]int32, i int) [][]string {
		out := make([][]string, len(list))
		seen := map[string]bool{}
		for j, s := range list {
			out[j] = terms(s)
			texts++
			for _, t := range dedupe(out[j]) {
				df[t]++
				if !seen[t] {
					seen[t] = true
					by[t] = append(by[t], int32(i))
				}
			}
		}
		return out
	}
	for i, p := range candidates {
		c.offers[i] = index(p.Offers, c.byOffer, i)
		c.needs[i] = index(p.Needs, c.byNeed, i)
	}
	c.idf = make(map[string]float64, len(df))
	for t, k := range df {
		c.idf[t] = math.Log(1 + float64(texts)/float64(k))
	}
	return c
}

// Suggest ranks the corpus's profiles from other countries than target's by
// how well offers meet needs both ways, with a bonus for a shared sector.
// Profiles with no offer–need match are left out. At most limit are
// returned (all when limit ≤ 0).
func (c *Corpus) Suggest(target Profile, limit int) []Suggestion {
	mineOffers, mineNeeds := termsOf(target.Offers), termsOf(target.Needs)
	cands := map[int32]bool{}
	for _, ts := range mineOffers {
		for _, t := range ts {
			for _, i := range c.byNeed[t] {
				cands[i] = true
			}
		}
	}
	for _, ts := range mineNeeds {
		for _, t := range ts {
			for _, i := range c.byOffer[t] {
				cands[i] = true
			}
		}
	}
	var out []Suggestion
	for i := range cands {
		p := c.profiles[i]
		if p.ID == target.ID || p.Country == "" || p.Country == target.Country {
			continue
		}
		s := Suggestion{ID: p.ID, Name: p.Name, Country: p.Country}
		s.Score += c.pairs(target.Offers, mineOffers, p.Needs, c.needs[i], "offer-meets-need", &s.Reasons)
		s.Score += c.pairs(target.Needs, mineNeeds, p.Offers, c.offers[i], "need-met-by-offer", &s.Reasons)
		if s.Score == 0 {
			continue
		}
		for _, sec := range target.Sectors {
			if contains(p.Sectors, sec) {
				s.Score += 0.25
				s.Reasons = append(s.Reasons, Reason{Kind: "same-sector", Mine: sec, Theirs: sec})
				break
			}
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Suggest is NewCorpus(candidates).Suggest(target, limit), for one-off use.
func Suggest(target Profile, candidates []Profile, limit int) []Suggestion {
	return NewCorpus(candidates).Suggest(target, limit)
}

func termsOf(texts []string) [][]string {
	out := make([][]string, len(texts))
	for i, s := range texts {
		out[i] = terms(s)
	}
	return out
}

func dedupe(ts []string) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		if !contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// pairs adds the best similarity of each of mine against theirs.
func (c *Corpus) pairs(mine []string, mineTerms [][]string, theirs []string, theirTerms [][]string, kind string, reasons *[]Reason) float64 {
	total := 0.0
	for i, m := range mine {
		best, bestText := 0.0, ""
		for j, t := range theirs {
			if sim := similarity(mineTerms[i], theirTerms[j], c.idf); sim > best {
				best, bestText = sim, t
			}
		}
		if best > 0 {
			total += best
			*reasons = append(*reasons, Reason{Kind: kind, Mine: m, Theirs: bestText})
		}
	}
	return total
}

// similarity is the cosine of two term sets weighted by idf.
func similarity(a, b []string, idf map[string]float64) float64 {
	var dot, na, nb float64
	inB := map[string]bool{}
	for _, t := range b {
		inB[t] = true
		nb += idf[t] * idf[t]
	}
	for _, t := range a {
		w := idf[t] * idf[t]
		na += w
		if inB[t] {
			dot += w
		}
	}
	if dot == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// stop are words too common to say anything about a match.
var stop = map[string]bool{"and": true, "for": true, "the": true, "with": true, "of": true, "in": true, "a": true, "an": true,
	"ir": true, "su": true, "i": true, "oraz": true, "dla": true, "und": true, "fur": true, "mit": true, "och": true, "for ": true, "med": true}

// terms folds diacritics, lower-cases and crudely stems s's words, so that
// "recording" meets "record" and "Übersetzung" meets "ubersetzungen".
func terms(s string) []string {
	words := strings.FieldsFunc(index.Fold(strings.ToLower(s)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for _, w := range words {
		if stop[w] || len(w) < 2 {
			continue
		}
		if len(w) > 6 {
			w = w[:6]
		}
		out = append(out, w)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
