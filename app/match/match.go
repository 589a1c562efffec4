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

// Suggest ranks candidates from other countries than target's by how well
// offers meet needs both ways, with a bonus for a shared sector. Candidates
// with no offer–need match are left out. At most limit are returned.
func Suggest(target Profile, candidates []Profile, limit int) []Suggestion {
	idf := weights(target, candidates)
	var out []Suggestion
	for _, c := range candidates {
		if c.ID == target.ID || c.Country == "" || c.Country == target.Country {
			continue
		}
		s := Suggestion{ID: c.ID, Name: c.Name, Country: c.Country}
		s.Score += pairs(target.Offers, c.Needs, "offer-meets-need", idf, &s.Reasons)
		s.Score += pairs(target.Needs, c.Offers, "need-met-by-offer", idf, &s.Reasons)
		if s.Score == 0 {
			continue
		}
		for _, sec := range target.Sectors {
			if contains(c.Sectors, sec) {
				s.Score += 0.25
				s.Reasons = append(s.Reasons, Reason{Kind: "same-sector", Mine: sec, Theirs: sec})
				break
			}
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
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

// pairs adds the best similarity of each of mine against theirs.
func pairs(mine, theirs []string, kind string, idf map[string]float64, reasons *[]Reason) float64 {
	total := 0.0
	for _, m := range mine {
		best, bestText := 0.0, ""
		for _, t := range theirs {
			if sim := similarity(terms(m), terms(t), idf); sim > best {
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

// weights gives rare terms more weight than common ones (inverse document
// frequency over every offer and need text).
func weights(target Profile, candidates []Profile) map[string]float64 {
	df := map[string]int{}
	n := 0
	count := func(texts []string) {
		for _, s := range texts {
			n++
			seen := map[string]bool{}
			for _, t := range terms(s) {
				if !seen[t] {
					seen[t] = true
					df[t]++
				}
			}
		}
	}
	count(target.Offers)
	count(target.Needs)
	for _, c := range candidates {
		count(c.Offers)
		count(c.Needs)
	}
	idf := make(map[string]float64, len(df))
	for t, k := range df {
		idf[t] = math.Log(1 + float64(n)/float64(k))
	}
	return idf
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
